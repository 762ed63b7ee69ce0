"""Demo pact: Dutch texts around the chapters, and the demo's approved proposals placed as actions.

Whatever approved proposals exist (the proposals demo creates some) are placed in their sector's
chapter, under the objectives below, so the demo's draft is a real, readable document.
Idempotent: a proposal already placed is left alone.
"""

from proposals.models import Proposal
from streekpact.partners.models import Organisation

from . import services
from .models import Chapter, ChapterPlacement, OperationalObjective

FOREWORD = """\
Voor u ligt het ontwerp van het Streekpact 2014-2020 voor het arrondissement Mechelen.

Met dit pact engageren de sociale partners, de lokale besturen, het onderwijs en de
overheidsdiensten van de regio zich om samen te werken aan **talentontwikkeling** en
**economische groei**, met **duurzaamheid** als fundament. Het pact is geen tekst van RESOC
alleen: elke actie komt voort uit een voorstel van een partner of uit een inspiratieatelier.

We danken iedereen die de voorbije maanden heeft meegedacht.

*De voorzitter van RESOC Mechelen*
"""

PROCESS = """\
Het pact werd in drie stappen opgebouwd:

1. In **inspiratieateliers** per speerpuntsector gingen bedrijven, vakbonden, scholen en
   overheden samen op zoek naar de uitdagingen van hun sector.
2. Partners dienden daarop **voorstellen** in via het portaal. Andere organisaties konden die
   voorstellen steunen of er bezwaar tegen aantekenen.
3. Het RESOC-secretariaat verwerkte de goedgekeurde voorstellen tot **acties**, met een trekker,
   partners, timing, indicatoren en budget.
"""

VISION = """\
Het arrondissement Mechelen is in 2020 een regio waar iedereen die kan werken, ook aan het werk
is, en waar bedrijven het talent vinden dat ze nodig hebben. Onderwijs en bedrijfsleven kennen
elkaar en werken samen.
"""

MISSION = """\
RESOC Mechelen brengt de partners samen rond **talentontwikkeling** en **economische groei**,
met **duurzaamheid** als fundament: in de economie, op de arbeidsmarkt en in de open ruimte.
"""

STAFF_CHAPTERS = [
    (
        "Inleiding",
        ChapterPlacement.BEFORE,
        "Dit hoofdstuk schetst de sociaal-economische context van het arrondissement Mechelen: "
        "een sterke chemische en farmaceutische industrie, een logistiek knooppunt tussen "
        "Antwerpen en Brussel en een levendige land- en tuinbouw.",
    ),
    (
        "Opvolging en governance",
        ChapterPlacement.AFTER,
        "De RESOC-raad volgt het pact jaarlijks op. Per actie rapporteert de trekker over de "
        "indicatoren; het secretariaat bundelt die rapporten in een voortgangsverslag.",
    ),
]

# Per sector slug: chapter introduction, strategic objective, operational objective.
SECTOR_TEXTS = {
    "chemie-en-farma": (
        "De chemie en farma zijn de grootste industriële werkgevers van de regio. Ze zoeken "
        "technisch geschoolde mensen en investeren in innovatie.",
        "Voldoende technisch talent voor chemie en farma",
        "Meer jongeren en werkzoekenden kiezen voor een technische opleiding",
    ),
    "land-en-tuinbouw": (
        "De land- en tuinbouw rond Mechelen staat voor een generatiewissel en voor de "
        "uitdaging om duurzaam te produceren.",
        "Een toekomst voor jonge land- en tuinbouwers",
        "Opleiding en begeleiding van starters",
    ),
    "logistiek-en-transport": (
        "Tussen Antwerpen en Brussel is logistiek een groeisector met veel openstaande vacatures.",
        "Knelpuntvacatures in de logistiek invullen",
        "Opleiden op de werkvloer",
    ),
}


def _objective_for(chapter: Chapter) -> OperationalObjective:
    _intro, strategic_title, operational_title = SECTOR_TEXTS.get(
        chapter.sector.slug if chapter.sector else "",
        ("", f"Sterke arbeidsmarkt in {chapter.title.lower()}", "Acties uit het werkveld"),
    )
    strategic = chapter.objectives.filter(title=strategic_title).first()
    if strategic is None:
        strategic = services.strategic_objective_create(chapter=chapter, title=strategic_title)
    operational = strategic.operational_objectives.filter(title=operational_title).first()
    if operational is None:
        operational = services.operational_objective_create(
            strategic_objective=strategic, title=operational_title
        )
    return operational


def seed(*, password: str) -> list[str]:
    pact = services.pact_prepare()
    if not pact.foreword:
        services.pact_update(
            pact=pact,
            title="Streekpact arrondissement Mechelen",
            period="2014-2020",
            foreword=FOREWORD,
            process=PROCESS,
            vision=VISION,
            mission=MISSION,
        )
    for title, placement, introduction in STAFF_CHAPTERS:
        if not Chapter.objects.filter(pact=pact, title=title).exists():
            services.chapter_create(
                pact=pact, title=title, introduction=introduction, placement=placement
            )
    for chapter in Chapter.objects.filter(pact=pact, sector__isnull=False).select_related("sector"):
        if not chapter.introduction:
            intro = SECTOR_TEXTS.get(chapter.sector.slug, (chapter.sector.description,))[0]
            services.chapter_update(chapter=chapter, introduction=intro)
    placed = 0
    for proposal in services.unplaced_approved_proposals():
        chapter = Chapter.objects.filter(sector=proposal.sector).first()
        if chapter is None:
            continue
        initial = services.action_initial_from_proposal(proposal)
        services.action_place(
            proposal=proposal,
            operational_objective=_objective_for(chapter),
            title=initial["title"],
            description=initial["description"],
            trekker=Organisation.objects.filter(pk=initial["trekker"]).first(),
            partners=initial["partners"],
            timing_start=initial["timing_start"],
            timing_end=initial["timing_end"],
            indicators=initial["indicators"],
            budget=initial["budget"],
        )
        placed += 1
    total = Proposal.objects.approved().filter(pact_actions__isnull=False).distinct().count()
    return [f"Pact: {total} approved proposals placed as actions ({placed} new)."]

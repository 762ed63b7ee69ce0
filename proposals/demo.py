"""Demo proposals: a dozen ideas from the demo partners, in every state of the lifecycle.

Built on the organisations and accounts of `streekpact/partners/demo.py`, the sectors and themes
of `sectors/demo.py` and, when present, the ateliers of `ateliers/demo.py`. Everything goes
through the services (so history, revisions and supports are real), with e-mails muted.
Idempotent: a proposal that already exists (same title and organisation) is left alone.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import F
from django.utils import timezone, translation

from ateliers.models import Atelier
from sectors.models import Sector, Theme
from streekpact.core.mail import render_text
from streekpact.core.models import Delivery, Notification
from streekpact.partners.models import Organisation, Role, User

from . import services
from .models import (
    Comment,
    Proposal,
    ProposalStatus,
    ReviewNote,
    Revision,
    StatusChange,
    Support,
)

S = ProposalStatus

# Each proposal: organisation, author e-mail (or None), sector slug, theme slugs, title, summary,
# body, pact fields, final status, and what happened along the way.
PROPOSALS = [
    {
        "org": "Voka",
        "author": "voka@demo.streekpact.be",
        "sector": "chemie-en-farma",
        "themes": ["talentontwikkeling", "onderwijs-en-bedrijfsleven"],
        "from_atelier": True,
        "title": "Stagebank voor de chemie- en farmasector",
        "summary": "Eén gedeelde stagebank waar bedrijven uit de chemie en farma rond Mechelen "
        "stageplaatsen aanbieden aan leerlingen en studenten uit de regio.",
        "body": "De bedrijven vinden moeilijk technisch geschoolde mensen, terwijl leerlingen de "
        "sector nauwelijks kennen.\n\n"
        "**Voorstel**: een online stagebank, beheerd door Voka, met:\n\n"
        "- stageplaatsen voor het secundair onderwijs (procestechniek, chemie)\n"
        "- stages en bachelorproeven voor Thomas More\n"
        "- een vast aanspreekpunt per bedrijf\n",
        "proposed_actions": "Stagebank opzetten en bekendmaken bij alle scholen van het "
        "arrondissement; jaarlijkse stagebeurs.",
        "lead": "Voka",
        "partners": ["VDAB", "Thomas More"],
        "timing": (dt.date(2015, 1, 1), dt.date(2016, 12, 31)),
        "indicators": "Aantal stageplaatsen per jaar (doel: 120); aantal deelnemende bedrijven.",
        "budget": Decimal("45000"),
        "status": S.APPROVED,
        "answer": "Goedgekeurd. Dit voorstel wordt een actie in het hoofdstuk Chemie en farma. "
        "RESOC bekijkt met Voka hoe de stagebank aansluit bij het bestaande aanbod van VDAB.",
        "supports": [("VDAB", "support", ""), ("Thomas More", "support", ""),
                     ("ACV", "support", ""), ("Unizo", "abstention", "")],
        "comments": [
            ("vdab@demo.streekpact.be",
             "VDAB kan de stagebank koppelen aan onze vacaturedatabank."),
            ("staff@demo.streekpact.be", "Goed idee; neem ook het volwassenenonderwijs mee."),
        ],
    },
    {
        "org": "Voka",
        "author": "voka@demo.streekpact.be",
        "sector": "chemie-en-farma",
        "themes": ["imago-van-de-sector"],
        "from_atelier": True,
        "title": "Imagocampagne ‘Chemie werkt’ voor het secundair onderwijs",
        "summary": "Een campagne met bedrijfsbezoeken en getuigenissen van jonge werknemers om "
        "het imago van de chemie bij jongeren en ouders te verbeteren.",
        "body": "Uit het inspiratieatelier bleek dat ouders de sector vaak als vuil en gevaarlijk "
        "zien. We willen **jonge werknemers** laten vertellen over hun job.",
        "proposed_actions": "Tien bedrijfsbezoeken per schooljaar; video's met getuigenissen.",
        "lead": "Voka",
        "partners": ["Stad Mechelen"],
        "timing": (dt.date(2015, 9, 1), dt.date(2017, 6, 30)),
        "indicators": "Aantal leerlingen dat een bedrijf bezoekt.",
        "budget": Decimal("30000"),
        "status": S.SUBMITTED,
        "supports": [("Stad Mechelen", "support", ""), ("VDAB", "support", "")],
        "comments": [("boerenbond@demo.streekpact.be", "Kunnen we dit ook voor de tuinbouw doen?")],
    },
    {
        "org": "Voka",
        "author": "voka@demo.streekpact.be",
        "sector": "chemie-en-farma",
        "themes": ["talentontwikkeling"],
        "title": "Duaal leren voor procesoperatoren",
        "summary": "Leerlingen uit het zevende jaar leren het beroep van procesoperator half op "
        "school, half in het bedrijf.",
        "body": "Nog uit te werken met de scholen.",
        "status": S.DRAFT,
    },
    {
        "org": "Voka",
        "author": "voka@demo.streekpact.be",
        "sector": "chemie-en-farma",
        "themes": ["innovatie", "economische-groei"],
        "title": "Innovatiehub farma in Mechelen-Noord",
        "summary": "Een gedeelde labo- en kantoorruimte voor starters in de farma.",
        "body": "",
        "status": S.DRAFT,
    },
    {
        "org": "VDAB",
        "author": "vdab@demo.streekpact.be",
        "sector": "logistiek-en-transport",
        "themes": ["talentontwikkeling"],
        "title": "Opleidingstraject heftruckchauffeur voor werkzoekenden",
        "summary": "Een opleiding van acht weken met stage bij logistieke bedrijven langs de "
        "E19, met jobgarantie bij succes.",
        "body": "De logistieke bedrijven rond Mechelen hebben **honderden vacatures** voor "
        "heftruckchauffeurs en magazijniers.",
        "proposed_actions": "Vier opleidingsgroepen per jaar van twaalf cursisten.",
        "lead": "VDAB",
        "partners": ["Voka", "ABVV"],
        "timing": (dt.date(2015, 3, 1), dt.date(2018, 12, 31)),
        "indicators": "Uitstroom naar werk na zes maanden (doel: 75 %).",
        "budget": Decimal("120000"),
        "status": S.APPROVED,
        "answer": "Goedgekeurd als actie in het hoofdstuk Logistiek en transport.",
        "supports": [("Voka", "support", ""), ("ABVV", "support", ""), ("ACLVB", "support", ""),
                     ("Unizo", "support", "")],
        "comments": [("voka@demo.streekpact.be", "Voka-leden bieden graag stageplaatsen aan.")],
    },
    {
        "org": "VDAB",
        "author": "vdab@demo.streekpact.be",
        "sector": "logistiek-en-transport",
        "themes": ["talentontwikkeling"],
        "title": "Taalcoaching op de werkvloer in de logistiek",
        "summary": "Anderstalige werknemers krijgen Nederlands op de werkvloer, tijdens de "
        "werkuren.",
        "body": "Veiligheid en doorgroei hangen af van taal.",
        "proposed_actions": "Taalcoaches in twintig bedrijven.",
        "lead": "VDAB",
        "status": S.UNDER_REVIEW,
        "note": "Navragen bij CVO Mechelen of dit overlapt met hun aanbod.",
        "supports": [("ACV", "support", ""), ("CVO Mechelen", "support", "")],
    },
    {
        "org": "VDAB",
        "author": "vdab@demo.streekpact.be",
        "sector": "logistiek-en-transport",
        "themes": ["economische-groei"],
        "title": "Jobbeurs logistiek Mechelen",
        "summary": "Een jaarlijkse jobbeurs voor de logistiek.",
        "body": "Eén dag, alle bedrijven.",
        "status": S.CHANGES_REQUESTED,
        "change_reason": "Voeg toe wie de beurs organiseert en hoeveel ze kost.",
    },
    {
        "org": "Boerenbond",
        "author": "boerenbond@demo.streekpact.be",
        "sector": "land-en-tuinbouw",
        "themes": ["duurzaamheid", "economische-groei"],
        "title": "Korte keten: gezamenlijk distributieplatform voor groenten en fruit",
        "summary": "Tuinbouwers uit de regio leveren samen aan scholen, woonzorgcentra en "
        "restaurants in Mechelen.",
        "body": "Eén platform voor bestellingen en één ophaalpunt per gemeente.",
        "proposed_actions": "Haalbaarheidsstudie en proefproject met vijf telers.",
        "lead": "Boerenbond",
        "partners": ["Landelijke Gilden", "Stad Mechelen", "Provincie Antwerpen"],
        "timing": (dt.date(2015, 6, 1), dt.date(2017, 5, 31)),
        "indicators": "Aantal deelnemende telers en afnemers.",
        "budget": Decimal("60000"),
        "status": S.APPROVED,
        "answer": "Goedgekeurd. De provincie onderzoekt cofinanciering.",
        "supports": [("Landelijke Gilden", "support", ""), ("Stad Mechelen", "support", ""),
                     ("Provincie Antwerpen", "support", ""), ("Unizo", "support", "")],
    },
    {
        "org": "Boerenbond",
        "author": "boerenbond@demo.streekpact.be",
        "sector": "land-en-tuinbouw",
        "themes": ["talentontwikkeling"],
        "title": "Starterscoaching voor jonge land- en tuinbouwers",
        "summary": "Jonge boeren krijgen de eerste drie jaar een coach voor bedrijfsbeheer.",
        "body": "Overname van een bedrijf is zwaar; coaching verkleint het risico.",
        "proposed_actions": "Coachingtraject van drie jaar, 25 starters.",
        "lead": "Boerenbond",
        "status": S.SUBMITTED,
        "supports": [("Landelijke Gilden", "support", "")],
    },
    {
        "org": "Boerenbond",
        "author": "boerenbond@demo.streekpact.be",
        "sector": "land-en-tuinbouw",
        "themes": ["economische-groei"],
        "title": "Huisvesting voor seizoenarbeiders op het bedrijf",
        "summary": "Versoepelde regels voor tijdelijke huisvesting van seizoenarbeiders.",
        "body": "Telers vinden moeilijk huisvesting voor plukkers.",
        "status": S.REJECTED,
        "answer": "Afgewezen: ruimtelijke ordening is geen bevoegdheid van het streekpact. "
        "RESOC brengt de vraag wel over aan de provincie.",
        "supports": [("ABVV", "objection", "Huisvesting moet kwaliteitsvol blijven; "
                      "we vrezen voor de woonomstandigheden.")],
    },
    {
        "org": "Thomas More",
        "author": None,
        "sector": "chemie-en-farma",
        "themes": ["onderwijs-en-bedrijfsleven"],
        "title": "Techniekdag voor leerlingen in de chemie",
        "summary": "Een dag waarop leerlingen van de derde graad proeven in het labo van de "
        "hogeschool en een bedrijf bezoeken.",
        "body": "Sluit aan bij de imagocampagne.",
        "status": S.MERGED,
        "merge_into": "Imagocampagne ‘Chemie werkt’ voor het secundair onderwijs",
        "answer": "Samengevoegd met de imagocampagne van Voka: de techniekdag wordt er een "
        "onderdeel van.",
    },
    {
        "org": "CVO Mechelen",
        "author": None,
        "sector": "onderwijs-en-arbeidsmarkt",
        "themes": ["talentontwikkeling"],
        "title": "Werkplekleren voor volwassenen",
        "summary": "Volwassenen combineren een opleiding in het CVO met werkplekleren.",
        "body": "",
        "status": S.WITHDRAWN,
        "change_reason": "Wordt opgenomen in het bestaande aanbod van VDAB.",
    },
    {
        "org": "ACV",
        "author": None,
        "sector": "logistiek-en-transport",
        "themes": ["talentontwikkeling", "duurzaamheid"],
        "title": "Werkbaar werk in de logistiek",
        "summary": "Een charter over werkroosters, ergonomie en opleiding in de "
        "logistieke bedrijven.",
        "body": "Werkbaar werk houdt mensen langer aan de slag.",
        "status": S.SUBMITTED,
        "supports": [("ABVV", "support", ""), ("ACLVB", "support", ""),
                     ("Voka", "objection", "Een charter voegt regels toe; we verkiezen "
                      "vrijwillige goede praktijken per bedrijf.")],
    },
]  # fmt: skip


def seed(*, password: str) -> list[str]:
    if not Sector.objects.exists():
        return []
    orgs = {o.short_name: o for o in Organisation.objects.all()}
    users = {u.email: u for u in User.objects.all()}
    staff = User.objects.filter(role=Role.STAFF).order_by("pk").first()
    themes = {t.slug: t for t in Theme.objects.all()}
    created = 0
    now = timezone.now()
    with services.notifications_muted():
        for index, spec in enumerate(PROPOSALS):
            organisation = orgs.get(spec["org"])
            sector = Sector.objects.filter(slug=spec["sector"]).first()
            if organisation is None or sector is None:
                continue
            if Proposal.objects.filter(title=spec["title"], organisation=organisation).exists():
                continue
            _create(spec, index, organisation, sector, orgs, users, staff, themes, now)
            created += 1
    total = Proposal.objects.count()
    listed = _demo_notifications()
    return [
        f"Proposals: {created} demo proposals added ({total} in total).",
        f"Notifications: {listed} demo entries under “What's new”.",
    ]


def _demo_notifications() -> int:
    """What staff and sector leads would have been told of the demo's submissions (the demo
    mutes mails): entries in their in-portal list, as `send_templated_mail` writes them."""
    if Notification.objects.filter(kind="proposals.submitted").exists():
        return 0
    entries = []
    submitted = (
        Proposal.objects.exclude(submitted_at=None)
        .select_related("sector", "organisation")
        .order_by("-submitted_at")[:5]
    )
    for proposal in submitted:
        leads = User.objects.filter(organisation__in=proposal.sector.lead_organisations.all())
        people = (User.objects.filter(role=Role.STAFF) | leads).exclude(
            organisation_id=proposal.organisation_id
        )
        for user in people.distinct():
            with translation.override(user.language):
                subject = render_text(
                    "proposals/email/submitted_subject.txt", {"proposal": proposal}
                ).strip()
            entries.append(
                Notification(
                    user=user,
                    kind="proposals.submitted",
                    subject=subject,
                    link=proposal.get_absolute_url(),
                    delivery=Delivery.IMMEDIATE,
                )
            )
    Notification.objects.bulk_create(entries)
    return len(entries)


def _create(spec, index, organisation, sector, orgs, users, staff, themes, now):
    author = users.get(spec["author"]) if spec.get("author") else None
    atelier = None
    if spec.get("from_atelier"):
        atelier = Atelier.objects.filter(sector=sector).held().order_by("starts_at").first()
    start, end = spec.get("timing", (None, None))
    proposal = services.proposal_create(
        by=author,
        organisation=organisation,
        sector=sector,
        title=spec["title"],
        summary=spec["summary"],
        body=spec["body"],
        themes=[themes[s] for s in spec.get("themes", []) if s in themes],
        atelier=atelier,
        partner_organisations=[orgs[s] for s in spec.get("partners", []) if s in orgs],
        proposed_actions=spec.get("proposed_actions", ""),
        lead_organisation=orgs.get(spec.get("lead", "")),
        timing_start=start,
        timing_end=end,
        indicators=spec.get("indicators", ""),
        budget_estimate=spec.get("budget"),
    )
    status = spec["status"]
    reviewer = staff
    if status != S.DRAFT:
        if status == S.WITHDRAWN:
            services.proposal_submit(proposal=proposal, by=author)
            services.proposal_withdraw(
                proposal=proposal, by=author, reason=spec.get("change_reason", "")
            )
        else:
            services.proposal_submit(proposal=proposal, by=author)
        for org_name, stance, reason in spec.get("supports", []):
            if org_name in orgs and status != S.WITHDRAWN:
                services.support_declare(
                    proposal=proposal, organisation=orgs[org_name], stance=stance,
                    reason=reason, by=None,
                )  # fmt: skip
        for email, text in spec.get("comments", []):
            if email in users:
                services.comment_add(proposal=proposal, author=users[email], text=text)
        if reviewer is not None:
            if spec.get("note"):
                services.proposal_assign_reviewers(proposal=proposal, reviewers=[reviewer],
                                                   by=reviewer)  # fmt: skip
                services.review_note_add(proposal=proposal, by=reviewer, text=spec["note"])
            if status == S.UNDER_REVIEW:
                services.proposal_decide(proposal=proposal, by=reviewer, decision=status)
            elif status == S.CHANGES_REQUESTED:
                services.proposal_decide(
                    proposal=proposal, by=reviewer, decision=status, reason=spec["change_reason"]
                )
            elif status in (S.APPROVED, S.REJECTED):
                services.proposal_decide(proposal=proposal, by=reviewer, decision=S.UNDER_REVIEW)
                services.proposal_decide(
                    proposal=proposal, by=reviewer, decision=status, answer=spec["answer"],
                    reason=spec["answer"] if status == S.REJECTED else "",
                )  # fmt: skip
            elif status == S.MERGED:
                target = Proposal.objects.filter(title=spec["merge_into"]).first()
                if target is not None:
                    services.proposal_decide(
                        proposal=proposal, by=reviewer, decision=S.MERGED, merged_into=target,
                        answer=spec["answer"],
                    )  # fmt: skip
    # Spread the demo over the last weeks so the lists and histories look lived-in.
    age = dt.timedelta(days=40 - 3 * index, hours=index)
    if atelier is not None and now - atelier.ends_at > dt.timedelta(days=1, hours=12):
        # A proposal that came out of the atelier was written after it.
        age = min(age, now - atelier.ends_at - dt.timedelta(hours=6 - index % 6))
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=now - age,
        submitted_at=(now - age + dt.timedelta(days=1)) if status != S.DRAFT else None,
        decided_at=F("decided_at") - (age - dt.timedelta(days=1)),
    )
    later = age - dt.timedelta(days=1)
    StatusChange.objects.filter(proposal=proposal).update(at=F("at") - later)
    Revision.objects.filter(proposal=proposal).update(created_at=F("created_at") - later)
    Comment.objects.filter(proposal=proposal).update(created_at=F("created_at") - later)
    ReviewNote.objects.filter(proposal=proposal).update(created_at=F("created_at") - later)
    Support.objects.filter(proposal=proposal).update(created_at=F("created_at") - later)

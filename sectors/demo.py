"""Demo sectors and themes of the Streekpact arrondissement Mechelen 2014-2020."""

from streekpact.partners.models import Organisation

from .models import Sector, SectorKind, Theme

SECTORS = [
    (
        "Chemie en farma",
        "chemie-en-farma",
        SectorKind.SPEARHEAD,
        ["Voka"],
        "De chemische en farmaceutische bedrijven van het arrondissement: talent aantrekken, "
        "opleiden en innoveren.",
    ),
    (
        "Land- en tuinbouw",
        "land-en-tuinbouw",
        SectorKind.SPEARHEAD,
        ["Boerenbond", "Landelijke Gilden"],
        "Groenten, fruit en sierteelt rond Mechelen: jonge boeren, korte keten en duurzame teelt.",
    ),
    (
        "Logistiek en transport",
        "logistiek-en-transport",
        SectorKind.SPEARHEAD,
        ["VDAB"],
        "Knooppunt tussen Antwerpen en Brussel: vacatures invullen en opleiden op de werkvloer.",
    ),
    (
        "Onderwijs en arbeidsmarkt",
        "onderwijs-en-arbeidsmarkt",
        SectorKind.WORKING_GROUP,
        [],
        "Transversale werkgroep over de aansluiting tussen onderwijs en arbeidsmarkt.",
    ),
]

THEMES = [
    ("Talentontwikkeling", "talentontwikkeling", True),
    ("Economische groei", "economische-groei", True),
    ("Duurzaamheid", "duurzaamheid", True),
    ("Onderwijs en bedrijfsleven", "onderwijs-en-bedrijfsleven", False),
    ("Imago van de sector", "imago-van-de-sector", False),
    ("Innovatie", "innovatie", False),
]


def seed(*, password: str) -> list[str]:
    for position, (name, slug, kind, leads, description) in enumerate(SECTORS, start=1):
        sector, _ = Sector.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "position": position, "description": description},
        )
        sector.lead_organisations.set(Organisation.objects.filter(short_name__in=leads))
    for position, (name, slug, is_core) in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "is_core": is_core, "position": position}
        )
    return []

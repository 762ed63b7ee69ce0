"""Demo ateliers of this Streekpact round: one held last Friday, three in the coming weeks."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sectors.models import Sector, Theme
from streekpact.partners.models import Organisation, User

from .models import Atelier, AtelierStatus, Conclusion, GuestRole, Registration, RegistrationStatus

REPORT = """\
Een dertigtal deelnemers uit bedrijven, onderwijs, vakbonden en overheid bespraken hoe de
chemie en farma in het arrondissement Mechelen aan talent blijft komen.

**Vaststellingen**

- Bedrijven vinden moeilijk operatoren en labotechnici; de instroom uit het technisch en
  beroepsonderwijs daalt.
- Jongeren en ouders kennen de sector slecht en associëren hem met risico's.
- Kleine bedrijven missen tijd en middelen om samen te innoveren.

De presentaties staan in de bijlagen. Met dank aan Thomas More voor de gastvrijheid.
"""

CONCLUSIONS = [
    ("Bedrijfsleven en onderwijs op elkaar afstemmen", "onderwijs-en-bedrijfsleven"),
    ("Werken aan het imago van de sector", "imago-van-de-sector"),
    ("Innoveren", "innovatie"),
]

# (sector slug, title, weeks from now, weekday, location, description)
PLANNED = [
    (
        "land-en-tuinbouw",
        "Inspiratieatelier Land- en tuinbouw",
        1,
        "Proefcentrum Sint-Katelijne-Waver, Leuvensestraat 4, 2860 Sint-Katelijne-Waver",
        "Jonge boeren, korte keten en duurzame teelt: wat heeft de sector nodig?",
    ),
    (
        "logistiek-en-transport",
        "Inspiratieatelier Logistiek en transport",
        2,
        "VDAB Competentiecentrum, Zandvoortstraat 13, 2800 Mechelen",
        "Vacatures invullen en opleiden op de werkvloer in het knooppunt Mechelen.",
    ),
    (
        "onderwijs-en-arbeidsmarkt",
        "Inspiratieatelier Onderwijs en arbeidsmarkt",
        3,
        "Stadhuis Mechelen, Grote Markt 21, 2800 Mechelen",
        "Hoe sluiten onderwijs en arbeidsmarkt beter op elkaar aan?",
    ),
]

# Guests of the held atelier: (name, e-mail, organisation short name or None, free text, role)
GUESTS = [
    ("An De Smet", "an.desmet@thomasmore.demo", "Thomas More", "", GuestRole.SPECIALIST),
    ("Bart Claes", "bart.claes@acv.demo", "ACV", "", ""),
    ("Nathalie Verhoeven", "nathalie.verhoeven@stad.demo", "Stad Mechelen", "", ""),
    ("Koen Mertens", "koen.mertens@genzyme.demo", None, "Genzyme Geel", GuestRole.BUSINESS_LEADER),
    ("Ilse Jacobs", "ilse.jacobs@abvv.demo", "ABVV", "", ""),
]


def _last_friday(today: date) -> date:
    days = (today.weekday() - 4) % 7 or 7
    return today - timedelta(days=days)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(*, password: str) -> list[str]:
    today = timezone.localdate()
    staff = User.objects.filter(email="staff@demo.streekpact.be").first()
    voka_member = User.objects.filter(email="voka@demo.streekpact.be").first()
    lines = []

    chemie = Sector.objects.filter(slug="chemie-en-farma").first()
    if chemie is not None:
        friday = _last_friday(today)
        atelier, created = Atelier.objects.get_or_create(
            sector=chemie,
            title="Inspiratieatelier Chemie en farma",
            defaults={
                "starts_at": _at(friday, 14),
                "ends_at": _at(friday, 17),
                "location": "Thomas More, Zandpoortvest 60, 2800 Mechelen",
                "description": "Hoe blijft de chemie en farma in de regio aan talent komen?",
                "agenda": "1. Welkom door Voka\n2. Drie pitches uit de sector\n"
                "3. Tafelgesprekken\n4. Conclusies",
                "capacity": 40,
                "facilitator": voka_member or staff,
                "created_by": staff,
                "status": AtelierStatus.REPORT_PUBLISHED,
                "report_summary": REPORT,
                "report_published_at": _at(friday, 18) + timedelta(days=2),
            },
        )
        if created:
            atelier.lead_organisations.set(chemie.lead_organisations.all())
            for i, (text, theme_slug) in enumerate(CONCLUSIONS, start=1):
                Conclusion.objects.create(
                    atelier=atelier,
                    text=text,
                    theme=Theme.objects.filter(slug=theme_slug).first(),
                    position=i,
                )
            for email in ("voka@demo.streekpact.be", "vdab@demo.streekpact.be",
                          "staff@demo.streekpact.be"):  # fmt: skip
                user = User.objects.filter(email=email).first()
                if user:
                    Registration.objects.get_or_create(
                        atelier=atelier,
                        user=user,
                        defaults={"organisation": user.organisation, "attended": True},
                    )
            for name, email, org, free_text, role in GUESTS:
                Registration.objects.get_or_create(
                    atelier=atelier,
                    guest_email=email,
                    defaults={
                        "guest_name": name,
                        "guest_organisation": free_text,
                        "organisation": Organisation.objects.filter(short_name=org).first()
                        if org
                        else None,
                        "guest_role": role,
                        "attended": True,
                        "status": RegistrationStatus.REGISTERED,
                    },
                )
        lines.append(f"Ateliers: {atelier.title} ({timezone.localtime(atelier.starts_at):%d/%m})")

    for slug, title, weeks, location, description in PLANNED:
        sector = Sector.objects.filter(slug=slug).first()
        if sector is None:
            continue
        # A Thursday afternoon, `weeks` weeks from now.
        day = today + timedelta(days=(3 - today.weekday()) % 7 + 7 * weeks)
        atelier, created = Atelier.objects.get_or_create(
            sector=sector,
            title=title,
            defaults={
                "starts_at": _at(day, 14),
                "ends_at": _at(day, 17),
                "registration_deadline": _at(day - timedelta(days=2), 12),
                "location": location,
                "description": description,
                "capacity": 30,
                "facilitator": staff,
                "created_by": staff,
            },
        )
        if created:
            atelier.lead_organisations.set(sector.lead_organisations.all())
        lines.append(f"Ateliers: {atelier.title} ({timezone.localtime(atelier.starts_at):%d/%m})")
    return lines

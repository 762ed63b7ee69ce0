"""Demo partnership: RESOC's partner organisations and the demo accounts."""

from .models import Organisation, OrganisationKind, Role, User

K = OrganisationKind
ORGANISATIONS = [
    ("RESOC Mechelen", "RESOC", K.PUBLIC_SERVICE),
    ("Voka – Kamer van Koophandel Mechelen", "Voka", K.EMPLOYERS),
    ("Boerenbond", "Boerenbond", K.SECTOR),
    ("Landelijke Gilden", "Landelijke Gilden", K.SECTOR),
    ("VDAB", "VDAB", K.PUBLIC_SERVICE),
    ("Unizo", "Unizo", K.EMPLOYERS),
    ("ACV", "ACV", K.UNION),
    ("ABVV", "ABVV", K.UNION),
    ("ACLVB", "ACLVB", K.UNION),
    ("Provincie Antwerpen", "Provincie Antwerpen", K.LOCAL_GOVERNMENT),
    ("Stad Mechelen", "Stad Mechelen", K.LOCAL_GOVERNMENT),
    ("Thomas More Mechelen-Antwerpen", "Thomas More", K.EDUCATION),
    ("Centrum voor Volwassenenonderwijs Mechelen", "CVO Mechelen", K.EDUCATION),
]

# (e-mail, name, role, organisation short name)
DEMO_ACCOUNTS = [
    ("staff@demo.streekpact.be", "Sara Staes", Role.STAFF, "RESOC"),
    ("voorzitter@demo.streekpact.be", "Marc Van den Bosch", Role.CHAIR, None),
    ("voka@demo.streekpact.be", "Katrien Peeters", Role.PARTNER, "Voka"),
    ("vdab@demo.streekpact.be", "Tom Janssens", Role.PARTNER, "VDAB"),
    ("boerenbond@demo.streekpact.be", "Els Wouters", Role.PARTNER, "Boerenbond"),
]


def seed(*, password: str) -> list[str]:
    for name, short_name, kind in ORGANISATIONS:
        Organisation.objects.update_or_create(
            short_name=short_name, defaults={"name": name, "kind": kind}
        )
    lines = [f"Demo accounts (password: {password}):"]
    for email, name, role, org in DEMO_ACCOUNTS:
        organisation = Organisation.objects.get(short_name=org) if org else None
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "role": role, "organisation": organisation}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        lines.append(f"  {email:32} {user.get_role_display()}{f' ({org})' if org else ''}")
    return lines

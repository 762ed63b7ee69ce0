import pytest
from django.core.management import CommandError, call_command

from sectors.models import Sector
from streekpact.partners.models import Organisation, Role, User


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_builds_the_partnership_and_is_idempotent(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    counts = (User.objects.count(), Organisation.objects.count(), Sector.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organisation.objects.count(), Sector.objects.count()) == counts

    assert list(Sector.objects.values_list("name", flat=True)) == [
        "Chemie en farma",
        "Land- en tuinbouw",
        "Logistiek en transport",
        "Onderwijs en arbeidsmarkt",
    ]
    chemie = Sector.objects.get(slug="chemie-en-farma")
    assert [o.name for o in chemie.lead_organisations.all()] == [
        "Voka – Kamer van Koophandel Mechelen"
    ]
    tuinbouw = Sector.objects.get(slug="land-en-tuinbouw")
    assert {o.short_name for o in tuinbouw.lead_organisations.all()} == {
        "Boerenbond",
        "Landelijke Gilden",
    }
    for short in ("ACV", "ABVV", "ACLVB", "Unizo", "Provincie Antwerpen", "Stad Mechelen", "VDAB"):
        assert Organisation.objects.filter(short_name=short).exists()

    staff = User.objects.get(email="staff@demo.streekpact.be")
    assert staff.role == Role.STAFF and staff.check_password("streekpact-demo")
    assert User.objects.get(email="voorzitter@demo.streekpact.be").role == Role.CHAIR
    assert User.objects.get(email="voka@demo.streekpact.be").organisation.short_name == "Voka"
    for email in ("staff", "voorzitter", "voka", "vdab", "boerenbond"):
        assert f"{email}@demo.streekpact.be" in out


def test_seed_demo_uses_demo_password(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "ander-demo-wachtwoord")
    call_command("seed_demo")
    assert User.objects.get(email="vdab@demo.streekpact.be").check_password("ander-demo-wachtwoord")

"""The atelier pages pass axe-core's serious and critical checks, in real Chromium."""

import pytest

from ateliers import demo as ateliers_demo
from ateliers.models import Atelier
from sectors import demo as sectors_demo
from streekpact.partners import demo as partners_demo
from tests.browser import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_atelier_pages_are_accessible(page):
    for part in (partners_demo, sectors_demo, ateliers_demo):
        part.seed(password="streekpact-demo")
    held = Atelier.objects.get(sector__slug="chemie-en-farma")
    planned = Atelier.objects.get(sector__slug="logistiek-en-transport")
    login(page, "staff@demo.streekpact.be", "streekpact-demo")
    for path in [
        "/ateliers/",
        "/ateliers/?when=past",
        held.get_absolute_url(),
        planned.get_absolute_url(),
        "/ateliers/new/",
        f"/ateliers/{planned.pk}/edit/",
        f"/ateliers/{planned.pk}/invite/",
        f"/ateliers/{planned.pk}/cancel/",
        f"/ateliers/{held.pk}/attendance/",
        f"/ateliers/{held.pk}/report/",
        "/sectors/chemie-en-farma/",
        "/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path

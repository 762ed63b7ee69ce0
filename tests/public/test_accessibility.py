"""The public pages and the signing pages pass axe-core's serious and critical checks."""

import pytest

from adoption import services
from tests.browser import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_and_signing_pages_are_accessible(page, adopted, signatories, lead):
    services.signature_sign(adoption=adopted, by=lead)
    for path in [
        "/pact/2014-2020/",
        "/pact/2014-2020/hoofdstukken/chemie-en-farma/",
        "/pact/2014-2020/acties/1.1.1.1/",
        "/pact/2014-2020/ondertekenaars/",
        "/pact/2014-2020/proces/",
        "/privacy/",
        "/toegankelijkheid/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
    login(page, "partner@vdab.test")
    for path in [f"/adoption/{adopted.pk}/", f"/adoption/{adopted.pk}/sign/", "/mijn-gegevens/"]:
        page.goto(path)
        assert axe_violations(page) == [], path


def test_staff_adoption_pages_are_accessible(page, adopted, signatories, staff):
    login(page, staff.email)
    for path in [
        "/adoption/",
        f"/adoption/{adopted.pk}/overview/",
        "/adoption/signing-rights/",
        "/mijn-gegevens/verzoeken/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path

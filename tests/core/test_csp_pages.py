"""The pages of the portal, the admin and allauth's included, run under the CSP without a
single violation (the `page` fixture fails the test on any)."""

import pytest

from pact.services import pact_prepare
from tests.browser import login
from tests.factories import (
    AtelierFactory,
    OrganisationFactory,
    ProposalFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_walk_through_the_portal_and_the_admin_without_a_violation(page):
    pact_prepare()  # the transactional flush removed the pact the migration made
    staff = StaffFactory(is_staff=True, is_superuser=True)
    organisation = OrganisationFactory()
    sector = SectorFactory(slug="csp", leads=[organisation])
    atelier = AtelierFactory(sector=sector)
    proposal = ProposalFactory(
        sector=sector, created_by=UserFactory(organisation=organisation), status="submitted"
    )
    login(page, staff.email)
    paths = [
        "/",
        "/sectors/",
        f"/sectors/{sector.slug}/",
        "/ateliers/",
        atelier.get_absolute_url(),
        "/proposals/",
        "/proposals/review/",
        proposal.get_absolute_url(),
        "/pact/",
        "/monitoring/",
        "/monitoring/periods/new/",
        "/partners/",
        organisation.get_absolute_url(),  # with the insight app's involvement chart
        "/insight/",
        "/partners/profile/",
        "/partners/notifications/",
        "/accounts/password/change/",
        "/admin/",
        f"/admin/partners/user/{staff.pk}/change/",
        "/admin/partners/organisation/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
        # Opening the navigation's dropdown runs Bootstrap (and Popper) under the policy.
        if not path.startswith("/admin/"):
            page.locator("#mainnav .dropdown-toggle").first.click()


def test_anonymous_pages_without_a_violation(page):
    for path in ("/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"):
        response = page.goto(path)
        assert response.status == 200, path

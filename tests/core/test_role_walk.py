"""The role walk: every page each role reaches, at 1280 px and at 390 px (a phone), passes
axe-core's serious and critical checks; on a phone no page scrolls sideways."""

import pytest
from django.urls import reverse

from adoption import demo as adoption_demo
from ateliers import demo as ateliers_demo
from ateliers.models import Atelier
from monitoring import demo as monitoring_demo
from monitoring.models import ProgressReport, ReportingPeriod
from pact import demo as pact_demo
from pact.models import Chapter
from proposals import demo as proposals_demo
from proposals.models import Proposal, ProposalStatus
from sectors import demo as sectors_demo
from streekpact.partners import demo as partners_demo
from tests.browser import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "streekpact-demo"
#: The innermost elements that stick out on the right (to say what scrolls sideways).
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 3)
  .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30))"""


def _paths(role: str) -> list[str]:
    atelier = Atelier.objects.order_by("pk").first()
    proposal = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).order_by("pk").first()
    approved = Proposal.objects.filter(status=ProposalStatus.APPROVED).order_by("pk").first()
    chapter = Chapter.objects.exclude(sector=None).order_by("pk").first()
    period = ReportingPeriod.objects.get(title="2015")
    report = ProgressReport.objects.filter(period=period, action__trekker__short_name="VDAB").get()
    common = [
        "/",
        reverse("sectors:list"),
        reverse("ateliers:list"),
        atelier.get_absolute_url(),
        reverse("proposals:list"),
        proposal.get_absolute_url(),
        approved.get_absolute_url(),
        reverse("pact:detail"),
        reverse("pact:draft_list"),
        reverse("partners:profile"),
        reverse("monitoring:period_list"),
        period.get_absolute_url(),
        report.get_absolute_url(),
        reverse("partners:notifications"),
    ]
    if role == "staff":
        return [
            *common,
            reverse("proposals:review_queue"),
            reverse("proposals:decide", args=[proposal.pk]),
            reverse("ateliers:invite", args=[atelier.pk]),
            reverse("ateliers:create"),
            chapter.get_absolute_url(),
            reverse("pact:action_place", args=[approved.pk]),
            reverse("partners:organisation_list"),
            reverse("partners:invitation_list"),
            reverse("proposals:theme_list"),
            reverse("monitoring:period_create"),
            reverse("monitoring:action_indicators", args=[report.action_id]),
            reverse("insight:index"),
            reverse("core:design"),
        ]
    if role == "chair":
        return [*common, chapter.get_absolute_url(), reverse("insight:index")]
    return [*common, reverse("proposals:create"), reverse("proposals:drafts")]


@pytest.mark.parametrize(
    ("role", "email"),
    [
        ("staff", "staff@demo.streekpact.be"),
        ("chair", "voorzitter@demo.streekpact.be"),
        ("partner", "vdab@demo.streekpact.be"),
    ],
)
def test_role_walk_is_accessible_at_desktop_and_phone_width(page, role, email):
    parts = (partners_demo, sectors_demo, ateliers_demo, proposals_demo, pact_demo)
    for part in (*parts, adoption_demo, monitoring_demo):
        part.seed(password=PASSWORD)
    login(page, email, PASSWORD)
    failures = []
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for path in _paths(role):
            page.goto(path)
            violations = axe_violations(page)
            if violations:
                failures.append((width, path, violations))
            if width == 390:
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                if overflow > 1:
                    culprits = page.evaluate(WIDE_ELEMENTS)
                    failures.append((width, path, f"scrolls sideways by {overflow} px", culprits))
    assert failures == [], "\n".join(map(str, failures))

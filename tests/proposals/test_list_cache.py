"""What the list keeps between requests (proposals.rows, SharedChoices, the unread count loaded
with the user) never shows one person's page to another, and never lags behind a change."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from proposals.filters import CHOICES, ProposalFilter
from proposals.models import Proposal, ProposalStatus, Stance
from proposals.services import (
    proposal_assign_reviewers,
    proposal_transition,
    proposal_update,
    support_declare,
)
from sectors.services import theme_update
from streekpact.core.models import Notification
from streekpact.core.services import notifications_mark_read
from streekpact.partners.services import organisation_update
from tests.factories import OrganisationFactory, ProposalFactory, SectorFactory, UserFactory

LIST = reverse("proposals:list")


def _row(page, proposal) -> str:
    """The list row of one proposal, as the page shows it ("" when it is not listed)."""
    rows = re.findall(r'<li class="list-group-item">.*?</li>', page.content.decode(), re.S)
    return next((row for row in rows if proposal.get_absolute_url() + '"' in row), "")


def _nl(label) -> str:
    with translation.override("nl-be"):
        return str(label)


def test_a_status_change_shows_on_the_list_at_once(client, staff, submitted):
    client.force_login(staff)
    assert _nl(ProposalStatus.SUBMITTED.label) in _row(client.get(LIST), submitted)
    proposal_transition(proposal=submitted, to_status=ProposalStatus.UNDER_REVIEW, by=staff)
    row = _row(client.get(LIST), submitted)
    assert _nl(ProposalStatus.UNDER_REVIEW.label) in row
    assert _nl(ProposalStatus.SUBMITTED.label) not in row


def test_support_and_renamed_names_show_at_once(client, staff, submitted, themes):
    submitted.themes.set(themes[:1])
    client.force_login(staff)
    row = _row(client.get(LIST), submitted)
    assert "Voka" in row and "Talentontwikkeling" in row
    assert '<span aria-hidden="true">0</span>' in row

    support_declare(
        proposal=submitted, organisation=OrganisationFactory(), stance=Stance.SUPPORT, by=staff
    )
    organisation_update(organisation=submitted.organisation, by=staff, short_name="Voka MN")
    theme_update(theme=themes[0], by=staff, name="Talent")
    row = _row(client.get(LIST), submitted)
    assert '<span aria-hidden="true">1</span>' in row
    assert "Voka MN" in row
    assert "Talent<" in row and "Talentontwikkeling" not in row


def test_each_language_gets_its_own_row(client, staff, submitted):
    client.force_login(staff)
    assert _nl(ProposalStatus.SUBMITTED.label) in _row(client.get(LIST), submitted)
    client.cookies["django_language"] = "en"
    row = _row(client.get(LIST), submitted)
    assert "Submitted" in row and _nl(ProposalStatus.SUBMITTED.label) not in row


def test_cached_rows_show_nobody_what_they_may_not_see(client, lead, partner, draft, submitted):
    """The lead (Voka) sees Voka's draft; its row is then in the cache. The partner (VDAB)
    still does not get it, and the rows both see are the same: nothing of the viewer in them."""
    client.force_login(lead)
    lead_page = client.get(LIST)
    assert _row(lead_page, draft)
    client.force_login(partner)
    partner_page = client.get(LIST)
    assert not _row(partner_page, draft)
    assert draft.title not in partner_page.content.decode()
    assert _row(partner_page, submitted) == _row(lead_page, submitted)
    assert lead.name not in _row(partner_page, submitted)


def test_the_rows_are_read_from_the_cache_the_second_time(client, staff, submitted, monkeypatch):
    from proposals import rows

    rows._format_version(rows.ROW_TEMPLATE)
    rendered = []
    real = rows.get_template
    monkeypatch.setattr(rows, "get_template", lambda name: rendered.append(name) or real(name))
    client.force_login(staff)
    caches["rows"].clear()
    first = client.get(LIST)
    assert rendered == [rows.ROW_TEMPLATE]
    second = client.get(LIST)
    assert rendered == [rows.ROW_TEMPLATE]
    assert _row(second, submitted) == _row(first, submitted)


def test_the_unread_count_is_each_persons_own_and_current(client, lead, partner, submitted):
    for subject in ("Een", "Twee"):
        Notification.objects.create(
            user=lead, kind="proposals.decision", subject=subject, link="/", delivery="immediate"
        )
    badge = re.compile(r'<span class="badge text-bg-light">(\d+)<span class="visually-hidden">')
    client.force_login(lead)
    assert badge.findall(client.get(LIST).content.decode()) == ["2"]
    client.force_login(partner)
    assert badge.findall(client.get(LIST).content.decode()) == []
    client.force_login(lead)
    notifications_mark_read(user=lead)
    assert badge.findall(client.get(LIST).content.decode()) == []


def _filter_html(shared: bool, data=None) -> str:
    filterset = ProposalFilter(data or {}, queryset=Proposal.objects.all())
    if not shared:  # Django's own choices: a query per field
        for name in CHOICES.fields:
            field = filterset.form.fields[name]
            field.widget.choices = field.choices
    return "".join(str(field) for field in filterset.form)


def test_shared_choices_render_as_django_does(db, chemie, logistiek, themes, atelier):
    assert _filter_html(True) == _filter_html(False)
    chosen = {"sector": logistiek.pk, "theme": themes[1].pk, "atelier": atelier.pk}
    assert _filter_html(True, chosen) == _filter_html(False, chosen)
    assert f'<option value="{logistiek.pk}" selected>' in _filter_html(True, chosen)


def test_a_new_sector_is_offered_at_once(client, staff, chemie):
    client.force_login(staff)
    assert "Zorg en welzijn" not in client.get(LIST).content.decode()
    SectorFactory(name="Zorg en welzijn", slug="zorg")
    assert "Zorg en welzijn" in client.get(LIST).content.decode()


QUEUE = reverse("proposals:review_queue")


def _queue_row(page, proposal) -> str:
    rows = re.findall(r"<tr>.*?</tr>", page.content.decode(), re.S)
    return next((row for row in rows if proposal.get_absolute_url() + '"' in row), "")


def test_queue_rows_carry_the_checkbox_only_for_staff(client, staff, lead, vdab_submitted):
    """Staff's rows (with the bulk form's checkbox) are cached first; the lead organisation's
    reviewer then gets the same proposal without a checkbox, and staff still get theirs."""
    checkbox = f'name="proposals" value="{vdab_submitted.pk}"'
    client.force_login(staff)
    assert checkbox in _queue_row(client.get(QUEUE), vdab_submitted)
    client.force_login(lead)
    row = _queue_row(client.get(QUEUE), vdab_submitted)
    assert row and checkbox not in row
    client.force_login(staff)
    assert checkbox in _queue_row(client.get(QUEUE), vdab_submitted)


def test_queue_rows_show_reviewers_and_status_at_once(client, staff, lead, vdab_submitted):
    client.force_login(staff)
    assert lead.name not in _queue_row(client.get(QUEUE), vdab_submitted)
    proposal_assign_reviewers(proposal=vdab_submitted, reviewers=[lead], by=staff)
    proposal_transition(proposal=vdab_submitted, to_status=ProposalStatus.UNDER_REVIEW, by=staff)
    row = _queue_row(client.get(QUEUE), vdab_submitted)
    assert lead.name in row
    assert _nl(ProposalStatus.UNDER_REVIEW.label) in row


def test_rows_live_in_a_cache_of_their_own(client, staff, submitted):
    """Browsing must not push the login rate limits out of the default cache."""
    from proposals import rows

    client.force_login(staff)
    client.get(LIST)
    proposal = Proposal.objects.for_list().get(pk=submitted.pk)
    proposal.theme_names = []
    with translation.override("nl-be"):
        key = rows.row_key(proposal)
    assert caches["rows"].get(key)
    assert caches["default"].get(key) is None


# --- Whole pages from the shared cache (proposals.listing) ------------------------------------


@pytest.fixture
def shared_cache(settings):
    """The list caches its pages as with Redis; the test's memory cache stands in for it (one
    process: it is shared by everything the test runs)."""
    settings.SHARED_CACHE = True
    caches["rows"].clear()
    yield
    caches["rows"].clear()


def _get(client, data=None):
    """The list, and how many of its queries read the proposals table."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, data or {})
    assert response.status_code == 200
    reads = [q for q in captured.captured_queries if '"proposals_proposal"' in q["sql"]]
    return response, len(reads)


def _count(page) -> str:
    return re.search(r"(\d+) (?:voorstel|proposal)", page.content.decode()).group(1)


def test_a_page_seen_before_reads_no_proposal(client, staff, submitted, shared_cache):
    client.force_login(staff)
    first, reads = _get(client)
    assert reads >= 2  # the count and the page
    second, reads = _get(client)
    assert reads == 0
    assert _row(second, submitted) == _row(first, submitted)
    assert _count(second) == _count(first) == "1"
    # Someone asking for the proposals of the page still gets them.
    assert [p.pk for p in second.context["proposals"]] == [submitted.pk]


def test_without_a_shared_cache_no_page_is_kept(client, staff, submitted, settings):
    settings.SHARED_CACHE = False  # the per-process memory cache cannot share a data version
    client.force_login(staff)
    _get(client)
    assert _get(client)[1] >= 2


def test_the_page_cache_can_be_switched_off(client, staff, submitted, shared_cache, settings):
    settings.PROPOSALS_LIST_CACHE = False  # the benchmark's cold case
    client.force_login(staff)
    _get(client)
    assert _get(client)[1] >= 2


def test_new_changed_and_deleted_proposals_show_at_once(
    client, staff, lead, submitted, chemie, shared_cache
):
    client.force_login(staff)
    _get(client)
    new = ProposalFactory(title="Nieuw voorstel", sector=chemie, status=ProposalStatus.SUBMITTED)
    page = _get(client)[0]
    assert _row(page, new) and _count(page) == "2"

    proposal_transition(
        proposal=submitted, to_status=ProposalStatus.CHANGES_REQUESTED, by=staff, reason="Meer"
    )
    proposal_update(proposal=submitted, by=lead, title="Chemie op school, herwerkt")
    assert "Chemie op school, herwerkt" in _row(_get(client)[0], submitted)

    url = new.get_absolute_url()
    new.delete()
    page = _get(client)[0]
    assert url + '"' not in page.content.decode()
    assert "Nieuw voorstel" not in page.content.decode()
    assert _count(page) == "1"


def test_support_and_status_show_at_once_in_rows_order_and_filters(
    client, staff, submitted, vdab_submitted, shared_cache
):
    client.force_login(staff)
    by_support = {"order": "support"}
    assert _get(client, {"min_support": 1})[0].context["paginator"].count == 0
    _get(client, by_support)
    support_declare(
        proposal=submitted, organisation=OrganisationFactory(), stance=Stance.SUPPORT, by=staff
    )
    page = _get(client, by_support)[0]
    assert '<span aria-hidden="true">1</span>' in _row(page, submitted)
    assert page.content.decode().index(submitted.title) < page.content.decode().index(
        vdab_submitted.title
    )
    assert _row(_get(client, {"min_support": 1})[0], submitted)

    status = {"status": ProposalStatus.UNDER_REVIEW}
    assert not _row(_get(client, status)[0], submitted)
    proposal_transition(proposal=submitted, to_status=ProposalStatus.UNDER_REVIEW, by=staff)
    assert _nl(ProposalStatus.UNDER_REVIEW.label) in _row(_get(client, status)[0], submitted)
    assert _nl(ProposalStatus.UNDER_REVIEW.label) in _row(_get(client)[0], submitted)


def test_themes_and_names_show_at_once(client, staff, submitted, themes, shared_cache):
    client.force_login(staff)
    by_theme = {"theme": themes[0].pk}
    assert not _row(_get(client, by_theme)[0], submitted)
    _get(client)
    submitted.themes.add(themes[0])
    assert _row(_get(client, by_theme)[0], submitted)
    theme_update(theme=themes[0], by=staff, name="Talent")
    organisation_update(organisation=submitted.organisation, by=staff, short_name="Voka MN")
    row = _row(_get(client)[0], submitted)
    assert "Talent<" in row and "Voka MN" in row


def test_a_cached_page_never_shows_a_draft_to_someone_who_may_not_see_it(
    client, lead, partner, staff, draft, submitted, shared_cache
):
    """The lead (Voka) sees Voka's draft and their page is cached first; the partner (VDAB)
    and staff, asking for the very same page, filters and language, do not get it."""
    for data in ({}, {"status": ProposalStatus.DRAFT}, {"q": "Stagebank"}):
        client.force_login(lead)
        assert _row(_get(client, data)[0], draft)
        assert _get(client, data)[1] == 0  # from the cache
        for other in (partner, staff):
            client.force_login(other)
            page = _get(client, data)[0]
            assert draft.title not in page.content.decode()
            assert draft not in list(page.context["proposals"])


def test_a_new_author_and_a_move_between_organisations_show_at_once(
    client, lead, partner, draft, shared_cache
):
    client.force_login(partner)
    assert draft.title not in _get(client)[0].content.decode()
    proposal_update(proposal=draft, by=lead, co_authors=[partner])
    assert _row(_get(client)[0], draft)

    colleague = UserFactory(organisation=draft.organisation)  # sees the draft as a member
    client.force_login(colleague)
    assert _row(_get(client)[0], draft)
    colleague.organisation = partner.organisation
    colleague.save()
    assert draft.title not in _get(client)[0].content.decode()


def test_each_language_gets_its_own_page(client, staff, submitted, shared_cache):
    client.force_login(staff)
    assert _nl(ProposalStatus.SUBMITTED.label) in _row(_get(client)[0], submitted)
    client.cookies["django_language"] = "en"
    page, reads = _get(client)
    assert reads  # not the Dutch page
    assert "Submitted" in _row(page, submitted) and "1 proposal found" in page.content.decode()
    client.cookies["django_language"] = "nl-be"
    assert _nl(ProposalStatus.SUBMITTED.label) in _row(_get(client)[0], submitted)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"page": "2"},
        {"page": "last"},
        {"order": "title", "page": "2"},
        {"status": "submitted", "order": "support"},
        {"status": "onbekend", "min_support": "x"},
        {"q": "procesoperator"},
    ],
)
def test_a_cached_page_is_the_page(client, staff, chemie, settings, data):
    """Every filter, order and page number: the same count, rows and pagination as without the
    cache, read from the database and then from the cache."""
    settings.PROPOSALS_PER_PAGE = 2
    for i in range(5):
        ProposalFactory(title=f"Procesoperator {i}", sector=chemie, status="submitted")

    def content(response) -> str:
        html = response.content.decode()
        return html[html.index('<div class="col-lg-9">') :]

    client.force_login(staff)
    settings.SHARED_CACHE = False
    caches["rows"].clear()
    expected = content(_get(client, data)[0])
    settings.SHARED_CACHE = True
    first, _reads = _get(client, data)
    second, reads = _get(client, data)
    assert reads == 0
    assert content(first) == content(second) == expected


def test_a_page_number_beyond_the_last_is_not_found(client, staff, submitted, shared_cache):
    client.force_login(staff)
    assert client.get(LIST, {"page": 5}).status_code == 404
    assert client.get(LIST, {"page": 5}).status_code == 404


def test_the_data_version_changes_again_after_the_commit(
    db, chemie, shared_cache, django_capture_on_commit_callbacks
):
    """A request reading between a write and its commit must not keep the old data under the
    new version: the version changes at the write, and again once the data is committed."""
    from proposals import listing

    before = listing.lookup("x")[1]
    with django_capture_on_commit_callbacks() as callbacks:
        ProposalFactory(sector=chemie, status="submitted")
    during = listing.lookup("x")[1]
    assert during != before
    assert callbacks
    for callback in callbacks:
        callback()
    assert listing.lookup("x")[1] != during


def test_a_write_does_not_fail_when_the_cache_is_out_of_reach(
    client, staff, submitted, shared_cache, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(caches["rows"], "set", unreachable)
    proposal_transition(proposal=submitted, to_status=ProposalStatus.UNDER_REVIEW, by=staff)
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.UNDER_REVIEW

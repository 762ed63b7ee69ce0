"""What the list keeps between requests (proposals.rows, SharedChoices, the unread count loaded
with the user) never shows one person's page to another, and never lags behind a change."""

import re

from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from proposals.filters import CHOICES, ProposalFilter
from proposals.models import Proposal, ProposalStatus, Stance
from proposals.services import proposal_assign_reviewers, proposal_transition, support_declare
from sectors.services import theme_update
from streekpact.core.models import Notification
from streekpact.core.services import notifications_mark_read
from streekpact.partners.services import organisation_update
from tests.factories import OrganisationFactory, SectorFactory

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

"""Overview, detail, sector and home panels: content, filters, visible proposals, query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from ateliers.models import AtelierStatus
from tests.factories import ProposalFactory

from .factories import (
    AtelierFactory,
    ConclusionFactory,
    GuestRegistrationFactory,
    RegistrationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _past(sector, **kwargs):
    return AtelierFactory(
        sector=sector, starts_at=timezone.now() - dt.timedelta(days=10),
        status=AtelierStatus.HELD, **kwargs,
    )  # fmt: skip


def test_overview_upcoming_by_default_then_past(client_for, chemie, logistiek):
    soon = AtelierFactory(sector=chemie, title="Binnenkort")
    held = _past(logistiek, title="Voorbij")
    client = client_for("partner")
    assert list(client.get("/ateliers/").context["ateliers"]) == [soon]
    assert list(client.get("/ateliers/?when=past").context["ateliers"]) == [held]


def test_overview_filters_by_sector_and_status(client_for, chemie, logistiek):
    a = AtelierFactory(sector=chemie)
    AtelierFactory(sector=logistiek)
    cancelled = AtelierFactory(sector=chemie, status=AtelierStatus.CANCELLED)
    client = client_for("partner")
    assert set(client.get(f"/ateliers/?sector={chemie.pk}").context["ateliers"]) == {a, cancelled}
    assert list(client.get("/ateliers/?status=cancelled").context["ateliers"]) == [cancelled]


def test_overview_shows_counts(client_for, atelier):
    RegistrationFactory.create_batch(2, atelier=atelier)
    content = client_for("partner").get("/ateliers/").content.decode()
    assert "2 / 10" in content


def _populate(sector, n):
    theme = ThemeFactory()
    for _ in range(n):
        atelier = AtelierFactory(sector=sector)
        RegistrationFactory.create_batch(2, atelier=atelier)
        ConclusionFactory(atelier=atelier, theme=theme)


def test_overview_query_count_is_constant(client_for, chemie, django_assert_max_num_queries):
    client = client_for("partner")
    _populate(chemie, 1)
    # 10: the navigation asks once whether the user's organisation leads a sector.
    with django_assert_max_num_queries(10) as one:
        assert client.get("/ateliers/").status_code == 200
    _populate(chemie, 8)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/ateliers/")
    assert response.status_code == 200


def _fill_detail(atelier, n):
    theme = ThemeFactory()
    for _ in range(n):
        RegistrationFactory(atelier=atelier, attended=True)
        GuestRegistrationFactory(atelier=atelier, attended=True)
        ConclusionFactory(atelier=atelier, theme=theme)
        ProposalFactory(atelier=atelier, sector=atelier.sector, status="submitted")


def test_detail_query_count_is_constant(client_for, held_atelier, django_assert_max_num_queries):
    client = client_for("lead")
    _fill_detail(held_atelier, 1)
    url = f"/ateliers/{held_atelier.pk}/"
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    _fill_detail(held_atelier, 10)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["registered"]) == 22


def test_detail_lists_visible_proposals_only(client_for, held_atelier, vdab, acv, partner):
    submitted = ProposalFactory(atelier=held_atelier, sector=held_atelier.sector,
                                status="submitted", title="Ingediend voorstel")  # fmt: skip
    own_draft = ProposalFactory(atelier=held_atelier, sector=held_atelier.sector,
                                created_by=partner, title="Ontwerp van VDAB")  # fmt: skip
    other_draft = ProposalFactory(
        atelier=held_atelier,
        sector=held_atelier.sector,
        created_by__organisation=acv,
        title="Ontwerp van ACV",
    )
    response = client_for("partner").get(f"/ateliers/{held_atelier.pk}/")
    content = response.content.decode()
    for shown in (submitted, own_draft):
        assert shown.get_absolute_url() in content
    assert "Ingediend voorstel" in content and "Ontwerp van VDAB" in content
    assert other_draft.get_absolute_url() not in content and "Ontwerp van ACV" not in content


def test_capture_buttons_only_for_those_who_may_capture(client_for, held_atelier):
    from django.urls import NoReverseMatch, reverse

    ConclusionFactory(atelier=held_atelier, theme=ThemeFactory())
    try:
        reverse("proposals:capture", args=[held_atelier.pk])
    except NoReverseMatch:
        pytest.skip("the proposals app's capture view is not merged yet")
    lead_page = client_for("lead").get(f"/ateliers/{held_atelier.pk}/").content.decode()
    partner_page = client_for("partner").get(f"/ateliers/{held_atelier.pk}/").content.decode()
    assert "Bijdrage vastleggen" in lead_page and "Omzetten in voorstel" in lead_page
    assert "Bijdrage vastleggen" not in partner_page


def test_detail_page_in_english(client_for, atelier):
    client = client_for("partner")
    response = client.get(f"/ateliers/{atelier.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Participants" in response.content.decode()
    response = client.get(f"/ateliers/{atelier.pk}/", HTTP_ACCEPT_LANGUAGE="nl-be")
    assert "Deelnemers" in response.content.decode()


def test_manager_sees_email_addresses_partners_do_not(client_for, atelier):
    registration = RegistrationFactory(atelier=atelier)
    assert (
        registration.user.email
        in client_for("lead").get(atelier.get_absolute_url()).content.decode()
    )
    assert (
        registration.user.email
        not in client_for("outsider").get(atelier.get_absolute_url()).content.decode()
    )


def test_sector_page_lists_its_ateliers(
    client_for, chemie, logistiek, django_assert_max_num_queries
):
    AtelierFactory(sector=chemie, title="Chemie straks")
    _past(chemie, title="Chemie voorbij")
    AtelierFactory(sector=logistiek, title="Logistiek straks")
    response = client_for("lead").get(chemie.get_absolute_url())
    content = response.content.decode()
    assert "Chemie straks" in content and "Chemie voorbij" in content
    assert "Logistiek straks" not in content
    assert "/ateliers/new/?sector=chemie-en-farma" in content  # Voka leads it


def test_home_panel_shows_upcoming_and_marks_mine(client_for, atelier, partner):
    RegistrationFactory(atelier=atelier, user=partner, organisation=partner.organisation)
    content = client_for("partner").get("/").content.decode()
    assert atelier.title in content
    assert "Je bent ingeschreven" in content


def test_the_sector_page_shows_the_next_and_latest_five_ateliers(client_for, chemie):
    now = timezone.now()
    for i in range(7):
        AtelierFactory(sector=chemie, title=f"Komend {i}", starts_at=now + dt.timedelta(days=i + 1))
    AtelierFactory(sector=chemie, title="Voorbij", starts_at=now - dt.timedelta(days=3))
    text = client_for("partner").get(f"/sectors/{chemie.slug}/").content.decode()
    assert [f"Komend {i}" in text for i in range(7)] == [True] * 5 + [False] * 2
    assert "Voorbij" in text
    assert f"?when=upcoming&amp;sector={chemie.pk}" in text  # more: a link to all of them
    assert "when=past" not in text

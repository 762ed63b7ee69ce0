"""Pickers of people and organisations search on the server: the JSON endpoints (who may ask,
what they answer, bounded) and the <select> that carries only the chosen record."""

from datetime import timedelta

import pytest
from django.urls import reverse

from streekpact.core.forms import SEARCH_LIMIT
from streekpact.partners.models import Organisation

from ..factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGGED_IN = ["staff", "chair", "lead", "partner", "outsider"]


@pytest.mark.parametrize("role", LOGGED_IN)
def test_everyone_logged_in_finds_people_by_name_without_their_address(client_for, role, cast):
    response = client_for(role).get(reverse("partners:person_search"), {"q": "Lien"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results == [{"value": cast["lead"].pk, "text": "Lien Leider (Voka)"}]
    assert "@" not in response.content.decode()


@pytest.mark.parametrize("role", LOGGED_IN)
def test_everyone_logged_in_finds_organisations(client_for, role, voka):
    response = client_for(role).get(reverse("partners:organisation_search"), {"q": "vok"})
    assert [r["value"] for r in response.json()["results"]] == [voka.pk]


@pytest.mark.parametrize("name", ["partners:person_search", "partners:organisation_search"])
def test_anonymous_visitors_find_nothing(client, name, cast):
    response = client.get(reverse(name), {"q": "a"})
    assert response.status_code == 302
    assert "results" not in response.content.decode()


def test_a_search_answers_one_bounded_page_at_a_time(client_for):
    for i in range(SEARCH_LIMIT + 5):
        OrganisationFactory(name=f"Gemeente {i}", short_name=f"Gemeente {i}")
    url = reverse("partners:organisation_search")
    first = client_for("staff").get(url, {"q": "gemeente"}).json()
    second = client_for("staff").get(url, {"q": "gemeente", "page": 2}).json()
    assert len(first["results"]) == SEARCH_LIMIT and first["more"] is True
    assert len(second["results"]) == 5 and second["more"] is False
    assert not {r["value"] for r in first["results"]} & {r["value"] for r in second["results"]}


@pytest.mark.parametrize("query", ["", "   ", "x" * 500, "%", "'; drop", "\x00"])
def test_odd_queries_answer_an_empty_or_plain_list(client_for, query, cast):
    response = client_for("staff").get(
        reverse("partners:person_search"), {"q": query, "page": "zz"}
    )
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_the_list_filter_carries_only_the_chosen_organisation(client_for, voka, vdab, acv):
    extra = OrganisationFactory.create_batch(5)
    page = client_for("staff").get(reverse("proposals:list"), {"organisation": vdab.pk})
    html = page.content.decode()
    assert f'<option value="{vdab.pk}" selected>' in html
    assert reverse("partners:organisation_search") in html
    for organisation in [voka, acv, *extra]:
        assert f'<option value="{organisation.pk}"' not in html
    assert Organisation.objects.count() >= 8


def test_people_are_not_listed_on_the_atelier_form(client_for, cast):
    UserFactory.create_batch(5)
    html = client_for("staff").get(reverse("ateliers:create")).content.decode()
    assert reverse("partners:person_search") in html
    assert cast["outsider"].name not in html


def test_the_co_author_search_offers_partners_only(client_for, cast):
    url = reverse("partners:person_search")
    found = client_for("lead").get(url, {"q": "o", "partners": "1"}).json()["results"]
    values = {r["value"] for r in found}
    assert cast["outsider"].pk in values
    assert not values & {cast["staff"].pk, cast["chair"].pk}


def test_the_proposal_form_lists_no_one_but_the_chosen_co_authors(client_for, cast):
    UserFactory.create_batch(3)
    html = client_for("lead").get(reverse("proposals:create")).content.decode()
    assert reverse("partners:person_search") + "?partners=1" in html
    assert cast["outsider"].name not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_filters_the_list_by_typing_an_organisation(page, lead, vdab, acv):
    from proposals.models import ProposalStatus
    from tests.browser import login

    from ..factories import ProposalFactory

    ProposalFactory(title="Voorstel van VDAB", organisation=vdab, status=ProposalStatus.SUBMITTED)
    ProposalFactory(title="Voorstel van ACV", organisation=acv, status=ProposalStatus.SUBMITTED)
    login(page, lead.email)
    page.goto(reverse("proposals:list"))
    page.locator(".ts-control input").first.fill("VDA")
    page.locator(".ts-dropdown .option", has_text="VDAB").click()
    page.get_by_role("button", name="Toepassen").click()
    page.wait_for_url(f"**organisation={vdab.pk}**")
    assert page.get_by_text("Voorstel van VDAB").is_visible()
    assert page.get_by_text("Voorstel van ACV").count() == 0


def test_the_atelier_picker_finds_ateliers_by_title_the_latest_first(client_for, chemie):
    from tests.factories import AtelierFactory

    older = AtelierFactory(sector=chemie, title="Talent voor chemie")
    newer = AtelierFactory(
        sector=chemie, title="Talent voor farma", starts_at=older.starts_at + timedelta(days=7)
    )
    response = client_for("partner").get(reverse("ateliers:search"), {"q": "talent"})
    assert response.status_code == 200
    assert [r["value"] for r in response.json()["results"]] == [newer.pk, older.pk]
    assert response.json()["results"][0]["text"].startswith("Talent voor farma (")


def test_the_proposal_form_lists_no_atelier_and_no_organisation_in_advance(app_for, cast, chemie):
    from tests.factories import AtelierFactory

    AtelierFactory(sector=chemie, title="Talent voor chemie")
    page = app_for("partner").get(reverse("proposals:create"))
    form = next(f for f in page.forms.values() if "lead_organisation" in f.fields)
    assert [value for value, *_ in form["atelier"].options] == [""]
    own = str(cast["partner"].organisation_id)  # preselected: the only one rendered
    assert {value for value, *_ in form["lead_organisation"].options} <= {"", own}
    assert form["partner_organisations"].options == []
    assert "Talent voor chemie" not in page.text

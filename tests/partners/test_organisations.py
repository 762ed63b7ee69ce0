import pytest
from django.urls import reverse

from streekpact.partners.models import Organisation
from tests.factories import OrganisationFactory, UserFactory


def test_organisation_list_is_grouped_by_kind_with_leads(client_for, cast, chemie):
    html = client_for("outsider").get(reverse("partners:organisation_list")).text
    assert "Voka – Kamer van Koophandel Mechelen" in html
    assert "Chemie en farma" in html  # Voka leads it


def test_organisation_page_lists_active_members(client_for, cast, voka):
    UserFactory(name="Gewezen Lid", organisation=voka, is_active=False)
    html = client_for("partner").get(reverse("partners:organisation_detail", args=[voka.pk])).text
    assert "Lien Leider" in html
    assert "Gewezen Lid" not in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "short_name": "X", "kind": "other"}, "name"),
        ({"name": "Nog een Voka", "short_name": "Voka", "kind": "employers"}, "short_name"),
        ({"name": "Y", "short_name": "Y", "kind": "other", "website": "geen url"}, "website"),
    ],
)
def test_bad_organisation_input(client_for, cast, voka, data, field):
    response = client_for("staff").post(reverse("partners:organisation_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Organisation.objects.filter(name=data["name"]).exclude(pk=voka.pk).exists()


def test_organisation_list_query_count_does_not_grow(
    client_for, cast, django_assert_max_num_queries
):
    client = client_for("lead")
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("partners:organisation_list")).status_code == 200
    for _ in range(20):
        UserFactory(organisation=OrganisationFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("partners:organisation_list"))
    assert response.status_code == 200


def test_staff_cannot_lock_themselves_out(client_for, cast):
    staff = cast["staff"]
    response = client_for("staff").post(
        reverse("partners:person_update", args=[staff.pk]),
        {"name": staff.name, "organisation": "", "role": "partner"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    staff.refresh_from_db()
    assert staff.role == "staff" and staff.is_active


def test_a_partner_member_needs_an_organisation(client_for, cast):
    person = cast["outsider"]
    response = client_for("staff").post(
        reverse("partners:person_update", args=[person.pk]),
        {"name": person.name, "organisation": "", "role": "partner", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "hoort bij een organisatie" in response.text
    person.refresh_from_db()
    assert person.organisation is not None


def test_the_organisation_list_shows_25_per_page(client_for, cast):
    for i in range(30):
        OrganisationFactory(name=f"Gemeente {i:02}", short_name=f"Gem {i:02}")
    total = Organisation.objects.count()
    client = client_for("partner")
    first = client.get(reverse("partners:organisation_list"))
    assert len(first.context["organisations"]) == 25
    assert "Pagina 1 van 2" in first.content.decode()
    second = client.get(reverse("partners:organisation_list"), {"page": 2})
    assert len(second.context["organisations"]) == total - 25
    shown = {o.pk for o in first.context["organisations"]} | {
        o.pk for o in second.context["organisations"]
    }
    assert len(shown) == total  # every organisation on exactly one page

"""Staff manage sectors in the portal: create, edit, reorder; bad input is explained."""

import pytest
from django.urls import reverse

from sectors.models import Sector
from sectors.services import sector_move


def test_new_sector_goes_last_with_a_slug_from_its_name(client_for, cast, chemie, logistiek, voka):
    response = client_for("staff").post(
        reverse("sectors:create"),
        {
            "name": "Zorg en welzijn",
            "slug": "",
            "kind": "spearhead",
            "lead_organisations": [voka.pk],
        },
    )
    sector = Sector.objects.get(name="Zorg en welzijn")
    assert response["Location"] == sector.get_absolute_url()
    assert sector.slug == "zorg-en-welzijn"
    assert sector.position > logistiek.position
    assert list(sector.lead_organisations.all()) == [voka]


def test_editing_keeps_the_position_and_changes_the_leads(client_for, cast, chemie, vdab):
    position = chemie.position
    response = client_for("staff").post(
        reverse("sectors:update", args=[chemie.slug]),
        {"name": "Chemie, farma en life sciences", "slug": chemie.slug, "kind": "spearhead",
         "description": "Nieuw", "lead_organisations": [vdab.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    chemie.refresh_from_db()
    assert chemie.name == "Chemie, farma en life sciences"
    assert chemie.position == position
    assert list(chemie.lead_organisations.all()) == [vdab]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "slug": "", "kind": "spearhead"}, "name"),
        ({"name": "Chemie bis", "slug": "chemie-en-farma", "kind": "spearhead"}, "slug"),
        ({"name": "Nieuw", "slug": "new", "kind": "spearhead"}, "slug"),
        ({"name": "X", "slug": "", "kind": "onbekend"}, "kind"),
        ({"name": "Chemie en farma", "slug": "iets", "kind": "spearhead"}, "name"),
    ],
)
def test_bad_input_is_explained_and_nothing_changes(client_for, cast, chemie, data, field):
    count = Sector.objects.count()
    response = client_for("staff").post(reverse("sectors:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Sector.objects.count() == count


def test_move_renumbers_and_stops_at_the_ends(chemie, logistiek):
    sector_move(sector=chemie, direction="up")  # already first: nothing changes
    assert list(Sector.objects.values_list("slug", flat=True)) == [chemie.slug, logistiek.slug]
    sector_move(sector=chemie, direction="down")
    assert list(Sector.objects.values_list("slug", flat=True)) == [logistiek.slug, chemie.slug]
    assert list(Sector.objects.values_list("position", flat=True)) == [1, 2]
    sector_move(sector=chemie, direction="down")
    assert list(Sector.objects.values_list("slug", flat=True)) == [logistiek.slug, chemie.slug]


def test_sector_list_query_count_does_not_grow(client_for, cast, django_assert_max_num_queries):
    from tests.factories import OrganisationFactory, SectorFactory

    client = client_for("partner")
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("sectors:list")).status_code == 200
    for i in range(15):
        SectorFactory(name=f"Sector extra {i}", leads=[OrganisationFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("sectors:list"))
    assert response.status_code == 200
    assert "Sector extra 14" in response.text

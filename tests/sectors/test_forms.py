"""The sector pages' forms, filled as rendered and submitted with the button a person presses."""

from django.urls import reverse

from sectors.models import Sector
from tests.webforms import choose, form_for, form_with_button


def test_sector_create_edit_and_move(app_for, chemie, logistiek, voka, vdab):
    app = app_for("staff")
    form = form_with_button(app.get(reverse("sectors:create")), "submit")
    form["name"] = "Bouw"
    form["slug"] = "bouw"
    choose(form, "lead_organisations", vdab.pk)
    form.submit("submit").follow()
    bouw = Sector.objects.get(slug="bouw")
    assert list(bouw.lead_organisations.all()) == [vdab]

    form = form_with_button(app.get(reverse("sectors:update", args=["bouw"])), "submit")
    # The picker renders the chosen lead organisation, and no other.
    assert form["lead_organisations"].value == [str(vdab.pk)]
    assert len(form["lead_organisations"].options) == 1
    form["description"] = "Bouw en renovatie."
    choose(form, "lead_organisations", voka.pk, vdab.pk)
    form.submit("submit").follow()
    bouw.refresh_from_db()
    assert bouw.description == "Bouw en renovatie."
    assert set(bouw.lead_organisations.all()) == {voka, vdab}

    before = list(Sector.objects.values_list("slug", flat=True))
    page = app.get(reverse("sectors:list"))
    form_for(page, reverse("sectors:move", args=["bouw", "up"])).submit().follow()
    after = list(Sector.objects.values_list("slug", flat=True))
    assert after.index("bouw") == before.index("bouw") - 1

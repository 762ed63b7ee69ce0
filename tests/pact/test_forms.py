"""The pact pages' forms, filled as rendered and submitted with the button a person presses."""

import pytest
from django.urls import reverse

from pact.models import Action, Chapter, Draft, OperationalObjective, StrategicObjective
from tests.webforms import choose, form_for, form_with_button, form_with_field

from .test_views import make_draft

pytestmark = pytest.mark.django_db


def test_edit_the_pact_and_add_and_edit_a_chapter(app_for, pact):
    app = app_for("staff")
    form = form_with_button(app.get(reverse("pact:edit")), "submit")
    form["foreword"] = "Een woord vooraf."
    form.submit("submit").follow()
    pact.refresh_from_db()
    assert pact.foreword == "Een woord vooraf."

    form = form_with_button(app.get(reverse("pact:chapter_create")), "submit")
    form["title"] = "Horizontale acties"
    form["introduction"] = "Acties over de sectoren heen."
    form.submit("submit").follow()
    chapter = Chapter.objects.get(title="Horizontale acties")

    form = form_with_button(app.get(reverse("pact:chapter_edit", args=[chapter.slug])), "submit")
    form["introduction"] = "Over alle sectoren heen."
    form.submit("submit").follow()
    chapter.refresh_from_db()
    assert chapter.introduction == "Over alle sectoren heen."


def test_objectives_create_edit_move_and_delete(app_for, chemie_chapter):
    app = app_for("staff")
    url = reverse("pact:strategic_create", args=[chemie_chapter.slug])
    for title in ("Talent", "Innovatie"):
        form = form_with_button(app.get(url), "submit")
        form["title"] = title
        form.submit("submit").follow()
    talent = StrategicObjective.objects.get(title="Talent")

    form = form_with_button(app.get(reverse("pact:operational_create", args=[talent.pk])), "submit")
    form["title"] = "Meer STEM"
    form.submit("submit").follow()
    operational = OperationalObjective.objects.get(title="Meer STEM")

    edit = reverse("pact:objective_edit", args=["operational", operational.pk])
    form = form_with_button(app.get(edit), "submit")
    form["title"] = "Meer jongeren in STEM"
    form.submit("submit").follow()
    operational.refresh_from_db()
    assert operational.title == "Meer jongeren in STEM"

    page = app.get(chemie_chapter.get_absolute_url())
    form_for(page, reverse("pact:move", args=["strategic", talent.pk, "down"])).submit().follow()
    titles = list(chemie_chapter.objectives.order_by("position").values_list("title", flat=True))
    assert titles == ["Innovatie", "Talent"]

    innovatie = StrategicObjective.objects.get(title="Innovatie")
    page = app.get(chemie_chapter.get_absolute_url())
    delete = reverse("pact:objective_delete", args=["strategic", innovatie.pk])
    form_for(page, delete).submit().follow()
    assert not StrategicObjective.objects.filter(title="Innovatie").exists()


def test_place_edit_and_remove_an_action(app_for, approved, chemie_objective, acv, vdab):
    app = app_for("staff")
    proposal = approved["first"]
    page = app.get(reverse("pact:action_place", args=[proposal.pk]))
    form = form_with_button(page, "submit")
    form["title"] = "Een stagebank voor de chemie"
    form.submit("submit").follow()
    action = Action.objects.get()
    assert (action.proposal, action.operational_objective) == (proposal, chemie_objective)

    # The trekker and partners pickers search on the server: the page renders the chosen ones.
    form = form_with_button(app.get(reverse("pact:action_edit", args=[action.pk])), "submit")
    assert form["trekker"].value == str(action.trekker_id)
    rendered = {value for value, *_ in form["partners"].options}
    assert rendered == {str(pk) for pk in action.partners.values_list("pk", flat=True)}
    choose(form, "partners", acv.pk, vdab.pk)
    form["budget"] = "-1"  # refused: the form comes back with the partners chosen
    page = form.submit("submit")
    assert page.status_code == 200
    form = form_with_button(page, "submit")
    assert sorted(form["partners"].value) == sorted([str(acv.pk), str(vdab.pk)])
    form["budget"] = "30000"
    form.submit("submit").follow()
    action.refresh_from_db()
    assert action.budget == 30000
    assert set(action.partners.all()) == {acv, vdab}

    page = app.get(reverse("pact:action_remove", args=[action.pk]))
    form_for(page, reverse("pact:action_remove", args=[action.pk])).submit().follow()
    assert not Action.objects.exists()


def test_place_with_a_new_objective_in_one_step(app_for, approved, chemie_chapter):
    page = app_for("staff").get(reverse("pact:action_place", args=[approved["first"].pk]))
    form = form_with_button(page, "submit")
    assert page.html.select_one("#id_chapter option[selected]")["value"] == str(chemie_chapter.pk)
    form = form_with_button(page, "submit")
    form["objective"] = "Innovatie › Samenwerking met kennisinstellingen"
    form["title"] = "Innovatiecluster"
    form.submit("submit").follow()
    objective = OperationalObjective.objects.get()
    assert objective.strategic_objective.chapter == chemie_chapter
    assert objective.strategic_objective.title == "Innovatie"
    assert objective.actions.get().title == "Innovatiecluster"

    # The same words again pick the objective just made: nothing is created twice.
    page = app_for("staff").get(reverse("pact:action_place", args=[approved["second"].pk]))
    form = form_with_button(page, "submit")
    form["objective"] = "innovatie > samenwerking met kennisinstellingen"
    form.submit("submit").follow()
    assert OperationalObjective.objects.get().actions.count() == 2


def test_place_with_a_malformed_objective_explains_the_form(app_for, approved, chemie_chapter):
    page = app_for("staff").get(reverse("pact:action_place", args=[approved["first"].pk]))
    form = form_with_button(page, "submit")
    form["objective"] = "Alleen een titel"
    page = form.submit("submit")
    assert "strategische doelstelling › operationele doelstelling" in page.text
    assert not OperationalObjective.objects.exists()


def test_request_a_draft_from_the_list_and_from_a_chapter(app_for, placed, chemie_chapter):
    app = app_for("chair")
    form = form_with_field(app.get(reverse("pact:draft_list")), "chapter")
    page = form.submit().follow()
    draft = Draft.objects.get()
    assert draft.chapter is None
    assert "wordt voorbereid" not in page.text  # one status: the one the draft has

    form = form_for(app.get(chemie_chapter.get_absolute_url()), reverse("pact:draft_request"))
    form.submit().follow()
    assert Draft.objects.get(chapter=chemie_chapter).scope == "chapter"


def test_share_and_unshare_a_draft(app_for, pact, staff):
    draft = make_draft(pact, staff)
    app = app_for("staff")
    share = reverse("pact:draft_share", args=[draft.pk])
    form_for(app.get(draft.get_absolute_url()), share).submit().follow()
    draft.refresh_from_db()
    assert draft.shared_with_partners
    form_for(app.get(draft.get_absolute_url()), share).submit().follow()
    draft.refresh_from_db()
    assert not draft.shared_with_partners


def test_a_partner_is_told_no_draft_was_shared_yet(app_for, pact, staff):
    make_draft(pact, staff)
    for url in (reverse("pact:detail"), reverse("pact:draft_list")):
        assert "Er is nog geen ontwerp met je gedeeld." in app_for("partner").get(url).text


def test_draft_page_tucks_the_checksum_away(app_for, pact, staff):
    draft = make_draft(pact, staff)
    page = app_for("staff").get(draft.get_absolute_url())
    assert page.html.select_one("details code").text == draft.checksum
    assert not [dd for dd in page.html.select("dd") if draft.checksum in dd.text]

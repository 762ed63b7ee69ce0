"""The proposal pages' forms, filled as rendered and submitted with the button a person presses."""

from django.urls import reverse
from webtest import Upload

from ateliers.models import AtelierInvitation
from proposals.models import Attachment, Comment, Proposal, ProposalStatus, Support
from sectors.models import Theme
from tests.factories import AtelierFactory, ProposalFactory
from tests.webforms import choose, form_for, form_with_button, form_with_field, tick

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"x" * 200


def _write(form, *, title, sector):
    form["title"] = title
    form["summary"] = "Bedrijven en scholen delen stageplaatsen."
    form["body"] = "## Waarom\nTe weinig stages."
    form["sector"] = str(sector.pk)


def test_write_save_as_draft_then_submit(app_for, chemie, themes, acv, vdab):
    atelier = AtelierFactory(sector=chemie)
    app = app_for("lead")
    form = form_with_button(app.get(reverse("proposals:create")), "save")
    _write(form, title="Stagebank chemie", sector=chemie)
    tick(form, "themes", themes[0].pk)
    form["attachment"] = Upload("plan.pdf", PDF, "application/pdf")
    form.submit("save").follow()
    proposal = Proposal.objects.get(title="Stagebank chemie")
    assert proposal.status == ProposalStatus.DRAFT
    assert list(proposal.themes.all()) == [themes[0]]
    assert proposal.attachments.count() == 1

    # The organisation and atelier pickers search on the server; a form shown again with
    # errors keeps what was chosen.
    form = form_with_button(app.get(reverse("proposals:update", args=[proposal.pk])), "submit")
    form["title"] = "Stagebank chemie en farma"
    choose(form, "lead_organisation", acv.pk)
    choose(form, "partner_organisations", acv.pk, vdab.pk)
    choose(form, "atelier", atelier.pk)
    form["summary"] = ""  # refused
    page = form.submit("submit")
    assert page.status_code == 200
    form = form_with_button(page, "submit")
    assert form["lead_organisation"].value == str(acv.pk)
    assert sorted(form["partner_organisations"].value) == sorted([str(acv.pk), str(vdab.pk)])
    assert form["atelier"].value == str(atelier.pk)
    form["summary"] = "Bedrijven en scholen delen stageplaatsen."
    form.submit("submit").follow()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("Stagebank chemie en farma", "submitted")
    assert (proposal.lead_organisation, proposal.atelier) == (acv, atelier)
    assert set(proposal.partner_organisations.all()) == {acv, vdab}


def test_submit_from_the_proposal_page(app_for, draft):
    page = app_for("lead").get(draft.get_absolute_url())
    form_for(page, reverse("proposals:submit", args=[draft.pk])).submit().follow()
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED


def test_withdraw(app_for, submitted):
    page = app_for("lead").get(reverse("proposals:withdraw", args=[submitted.pk]))
    form = form_with_button(page, "withdraw")
    form["reason"] = "Dubbel met een ander voorstel."
    form.submit("withdraw").follow()
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.WITHDRAWN


def test_attachment_upload_and_delete(app_for, draft):
    app = app_for("lead")
    upload = reverse("proposals:attachment_upload", args=[draft.pk])
    form = form_for(app.get(draft.get_absolute_url()), upload)
    form["file"] = Upload("plan.pdf", PDF, "application/pdf")
    form.submit().follow()
    attachment = Attachment.objects.get(proposal=draft)
    delete = reverse("proposals:attachment_delete", args=[draft.pk, attachment.pk])
    form_for(app.get(draft.get_absolute_url()), delete).submit().follow()
    assert not Attachment.objects.filter(proposal=draft).exists()


def test_support_change_and_remove(app_for, submitted, partner):
    app = app_for("partner")
    support = reverse("proposals:support", args=[submitted.pk])
    form = form_for(app.get(submitted.get_absolute_url()), support)
    form["stance"] = "support"
    form["reason"] = "Past bij onze opleidingen."
    form.submit().follow()
    assert Support.objects.get(proposal=submitted).stance == "support"
    form = form_for(app.get(submitted.get_absolute_url()), support)
    form.submit("remove").follow()
    assert not Support.objects.filter(proposal=submitted).exists()


def test_comment_reply_edit_and_remove(app_for, submitted):
    app = app_for("partner")
    create = reverse("proposals:comment_create", args=[submitted.pk])
    page = app.get(submitted.get_absolute_url())
    form = [f for k, f in page.forms.items() if isinstance(k, int) and f.action == create][-1]
    form["text"] = "Hoe groot is de stagebank?"
    form.submit().follow()
    comment = Comment.objects.get(proposal=submitted)

    page = app.get(submitted.get_absolute_url())
    reply = [
        f
        for k, f in page.forms.items()
        if isinstance(k, int) and f.action == create and "parent" in f.fields
    ]
    reply[0]["text"] = "Twintig plaatsen."
    reply[0].submit().follow()
    assert Comment.objects.get(parent=comment).text == "Twintig plaatsen."

    page = app.get(reverse("proposals:comment_update", args=[submitted.pk, comment.pk]))
    form = form_with_button(page, "save")
    form["text"] = "Hoe groot wordt de stagebank?"
    form.submit("save").follow()
    comment.refresh_from_db()
    assert comment.text == "Hoe groot wordt de stagebank?"

    page = app_for("staff").get(submitted.get_absolute_url())
    remove = reverse("proposals:comment_remove", args=[submitted.pk, comment.pk])
    form_for(page, remove).submit().follow()
    comment.refresh_from_db()
    assert comment.removed_at is not None


def test_decision_starts_empty_and_is_required(app_for, submitted):
    app = app_for("staff")
    form = form_for(
        app.get(submitted.get_absolute_url()), reverse("proposals:decide", args=[submitted.pk])
    )
    assert form["decision"].value == ""
    page = form.submit()
    assert "Kies een beslissing." in page.text
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED

    form = form_for(
        app.get(submitted.get_absolute_url()), reverse("proposals:decide", args=[submitted.pk])
    )
    form["decision"] = ProposalStatus.APPROVED
    form["answer"] = "Goedgekeurd: past in het pact."
    form.submit().follow()
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.APPROVED


def test_decision_page_and_answer_page(app_for, submitted):
    app = app_for("staff")
    form = form_with_button(app.get(reverse("proposals:decide", args=[submitted.pk])), "decide")
    form["decision"] = ProposalStatus.REJECTED
    form["reason"] = "Valt buiten het pact."
    form.submit("decide").follow()
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.REJECTED

    form = form_with_button(
        app.get(reverse("proposals:answer", args=[submitted.pk])), "answer_submit"
    )
    form["answer"] = "Dit hoort bij het lokale beleid."
    form.submit("answer_submit").follow()
    submitted.refresh_from_db()
    assert submitted.answer == "Dit hoort bij het lokale beleid."


def test_merge_into_another_proposal(app_for, submitted, vdab_submitted):
    form = form_with_button(
        app_for("staff").get(reverse("proposals:decide", args=[vdab_submitted.pk])), "decide"
    )
    form["decision"] = ProposalStatus.MERGED
    form["merged_into"].force_value(str(submitted.pk))  # what the search field selects
    form.submit("decide").follow()
    vdab_submitted.refresh_from_db()
    assert vdab_submitted.merged_into == submitted


def test_note_and_reviewers(app_for, vdab_submitted, lead, partner, staff):
    app = app_for("staff")
    page = app.get(vdab_submitted.get_absolute_url())
    form = form_for(page, reverse("proposals:note_create", args=[vdab_submitted.pk]))
    form["text"] = "Navragen bij de sectorfondsen."
    form.submit().follow()
    assert vdab_submitted.review_notes.get().text == "Navragen bij de sectorfondsen."

    page = app.get(vdab_submitted.get_absolute_url())
    form = form_for(page, reverse("proposals:reviewers", args=[vdab_submitted.pk]))
    offered = {box._value for box in form.fields["reviewers"]}
    assert str(partner.pk) not in offered  # the author's own organisation (VDAB)
    assert {str(lead.pk), str(staff.pk)} <= offered
    tick(form, "reviewers", lead.pk)
    form.submit().follow()
    assert list(vdab_submitted.reviewers.all()) == [lead]


def test_bulk_action_in_the_review_queue(app_for, submitted, vdab_submitted):
    page = app_for("staff").get(reverse("proposals:review_queue"))
    form = page.forms["bulk-form"]
    tick(form, "proposals", submitted.pk, vdab_submitted.pk)
    form["action"] = ProposalStatus.UNDER_REVIEW
    form.submit().follow()
    assert set(Proposal.objects.values_list("status", flat=True)) == {"under_review"}


def test_review_queue_and_list_filters(app_for, submitted, vdab_submitted, logistiek):
    other = ProposalFactory(title="Vrachtwagenchauffeurs", sector=logistiek, status="submitted")
    page = app_for("staff").get(reverse("proposals:review_queue"))
    form = form_with_field(page, "sector")
    form["sector"] = str(logistiek.pk)
    page = form.submit()
    assert other.title in page.text and submitted.title not in page.text

    page = app_for("partner").get(reverse("proposals:list"))
    form = page.forms[[k for k, f in page.forms.items() if f.method.lower() == "get"][0]]
    form["q"] = "Vrachtwagenchauffeurs"
    page = form.submit()
    assert other.title in page.text and submitted.title not in page.text


def test_capture_during_an_atelier(app_for, atelier, acv):
    AtelierInvitation.objects.create(atelier=atelier, organisation=acv)  # ACV takes part
    app = app_for("lead")
    form = form_with_button(app.get(reverse("proposals:capture", args=[atelier.pk])), "another")
    form["organisation"] = str(acv.pk)
    form["title"] = "Werkplekleren"
    form["text"] = "Meer werkplekleren in de chemie.\n\nMet de vakbonden."
    page = form.submit("another").follow()
    assert Proposal.objects.get(title="Werkplekleren").organisation == acv
    form = form_with_button(page, "capture")
    form["organisation"] = str(acv.pk)
    form["title"] = "Duaal leren"
    form["text"] = "Duaal leren uitbreiden."
    form.submit("capture").follow()
    assert Proposal.objects.get(title="Duaal leren").status == ProposalStatus.DRAFT


def test_themes_create_and_update(app_for):
    app = app_for("staff")
    form = form_with_button(app.get(reverse("proposals:theme_create")), "save")
    form["name"] = "Digitalisering"
    form["slug"] = "digitalisering"
    form.submit("save").follow()
    theme = Theme.objects.get(slug="digitalisering")
    form = form_with_button(app.get(reverse("proposals:theme_update", args=[theme.pk])), "save")
    form["name"] = "Digitale vaardigheden"
    form.submit("save").follow()
    theme.refresh_from_db()
    assert theme.name == "Digitale vaardigheden"


def test_the_bulk_action_menu_preselects_nothing(app_for, submitted, vdab_submitted):
    """Pressing Apply without choosing an action changes nothing."""
    page = app_for("staff").get(reverse("proposals:review_queue"))
    form = page.forms["bulk-form"]
    assert form["action"].value == ""
    tick(form, "proposals", submitted.pk, vdab_submitted.pk)
    page = form.submit().follow()
    assert set(Proposal.objects.values_list("status", flat=True)) == {"submitted"}


def test_bulk_reviewers_skip_the_authors_organisation(
    app_for, submitted, vdab_submitted, lead, partner
):
    """Lead (Voka) reviews VDAB's proposal but not Voka's own; the page says why."""
    page = app_for("staff").get(reverse("proposals:review_queue"))
    form = page.forms["bulk-form"]
    tick(form, "proposals", submitted.pk, vdab_submitted.pk)
    form["action"] = "assign"
    form["reviewers"] = [str(lead.pk)]
    page = form.submit().follow()
    assert list(vdab_submitted.reviewers.all()) == [lead]
    assert list(submitted.reviewers.all()) == []
    assert "niet toegewezen" in page.text

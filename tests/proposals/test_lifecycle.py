"""The lifecycle: status changes with who/when/why, revisions, decisions, merge, withdraw."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from proposals import services
from proposals.models import Proposal, ProposalStatus, StatusChange
from streekpact.core.diff import word_diff
from streekpact.core.models import NotificationPreference
from tests.factories import ProposalFactory, UserFactory

S = ProposalStatus


def test_submit_records_the_change_and_a_first_revision(draft, lead):
    services.proposal_submit(proposal=draft, by=lead)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED and draft.submitted_at is not None
    change = StatusChange.objects.get(proposal=draft)
    assert (change.from_status, change.to_status, change.by) == (S.DRAFT, S.SUBMITTED, lead)
    assert draft.revisions.count() == 1


def test_edits_after_changes_requested_keep_revisions_and_a_readable_diff(
    client, draft, lead, staff
):
    services.proposal_submit(proposal=draft, by=lead)
    services.proposal_decide(
        proposal=draft, by=staff, decision=S.CHANGES_REQUESTED, reason="Voeg cijfers toe"
    )
    draft.refresh_from_db()
    assert draft.status == S.CHANGES_REQUESTED
    services.proposal_update(proposal=draft, by=lead, summary="Twintig stageplaatsen per jaar.")
    assert draft.revisions.count() == 2
    services.proposal_submit(proposal=draft, by=lead)
    assert draft.revisions.count() == 2  # nothing changed since the last revision
    client.force_login(UserFactory())  # anyone who sees the proposal sees what changed
    response = client.get(reverse("proposals:revisions", args=[draft.pk]))
    assert '<ins class="diff-ins">Twintig' in response.text
    assert '<del class="diff-del">Meer' in response.text


def test_word_diff_marks_insertions_and_deletions():
    parts = word_diff("meer stages in de chemie", "meer betaalde stages in de farma")
    assert ("insert", " betaalde") in parts
    assert ("delete", "chemie") in parts and ("insert", "farma") in parts


def test_no_edit_once_submitted(submitted, lead):
    with pytest.raises(ValidationError):
        services.proposal_update(proposal=submitted, by=lead, title="Anders")


def test_rejection_needs_a_reason(submitted, staff):
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal=submitted, by=staff, decision=S.REJECTED)
    services.proposal_decide(
        proposal=submitted, by=staff, decision=S.REJECTED, reason="Valt buiten het pact"
    )
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED and submitted.answer == "Valt buiten het pact"
    assert submitted.status_changes.last().reason == "Valt buiten het pact"


def test_database_refuses_a_rejection_without_answer(submitted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=submitted.pk).update(status=S.REJECTED, answer="")


def test_rejection_form_without_reason_shows_an_error(client, submitted, staff):
    client.force_login(staff)
    response = client.post(
        reverse("proposals:decide", args=[submitted.pk]), {"decision": "rejected"}
    )
    assert response.status_code == 200
    assert "A rejection needs a reason" in response.content.decode() or "reden" in response.text
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_closed_proposals_cannot_change(submitted, staff):
    services.proposal_decide(proposal=submitted, by=staff, decision=S.APPROVED, answer="Ja")
    with pytest.raises(ValidationError):
        services.proposal_transition(proposal=submitted, to_status=S.SUBMITTED, by=staff)


def test_merge_keeps_the_provenance_of_both(submitted, vdab_submitted, staff, vdab):
    services.support_declare(proposal=vdab_submitted, organisation=vdab, stance="support", by=None)
    services.proposal_decide(
        proposal=vdab_submitted, by=staff, decision=S.MERGED, merged_into=submitted,
        answer="Samengevoegd met de stagebank.",
    )  # fmt: skip
    vdab_submitted.refresh_from_db()
    assert vdab_submitted.status == S.MERGED and vdab_submitted.merged_into == submitted
    assert vdab_submitted.supports.count() == 1  # its own supports and authors stay
    assert [p.pk for p in submitted.provenance()] == sorted([submitted.pk, vdab_submitted.pk])
    with pytest.raises(ValidationError):
        services.proposal_decide(
            proposal=submitted, by=staff, decision=S.MERGED, merged_into=submitted
        )


def test_withdraw_by_author(client, submitted, lead):
    client.force_login(lead)
    response = client.post(reverse("proposals:withdraw", args=[submitted.pk]), {"reason": "Dubbel"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.WITHDRAWN
    assert submitted.status_changes.last().reason == "Dubbel"


def test_support_is_once_per_organisation_and_changeable(submitted, vdab, partner):
    services.support_declare(proposal=submitted, organisation=vdab, stance="support", by=partner)
    with pytest.raises(ValidationError):
        services.support_declare(
            proposal=submitted, organisation=vdab, stance="objection", by=partner
        )
    services.support_declare(
        proposal=submitted, organisation=vdab, stance="objection", reason="Te duur", by=partner
    )
    assert submitted.supports.get().stance == "objection"
    assert submitted.supports.count() == 1


def test_objection_without_reason_via_the_page_is_refused(client, submitted, partner):
    client.force_login(partner)
    response = client.post(
        reverse("proposals:support", args=[submitted.pk]), {"stance": "objection"}, follow=True
    )
    assert "bezwaar" in response.text.lower() or "objection" in response.text.lower()
    assert submitted.supports.count() == 0


def test_comments_thread_one_level_and_moderation_leaves_a_trace(client, submitted, partner, staff):
    top = services.comment_add(proposal=submitted, author=partner, text="Eerste")
    reply = services.comment_add(proposal=submitted, author=staff, text="Antwoord", parent=top)
    deeper = services.comment_add(proposal=submitted, author=partner, text="Nog", parent=reply)
    assert reply.parent == top and deeper.parent == top
    services.comment_remove(comment=top, by=staff)
    client.force_login(partner)
    response = client.get(submitted.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl-be")
    assert "verwijderd door moderator" in response.text
    assert "Eerste" not in response.text
    assert "Antwoord" in response.text


def test_comment_edit_window(submitted, partner, settings):
    comment = services.comment_add(proposal=submitted, author=partner, text="Eerste")
    services.comment_edit(comment=comment, by=partner, text="Verbeterd")
    assert comment.edited_at is not None
    settings.COMMENT_EDIT_MINUTES = 0
    with pytest.raises(ValidationError):
        services.comment_edit(comment=comment, by=partner, text="Te laat")
    assert not partner.has_perm("proposals.change_comment", comment)


def test_notifications_on_submit_and_decision(
    draft, lead, staff, chemie, voka, django_capture_on_commit_callbacks
):
    other_lead = UserFactory(organisation=voka, email="trekker@voka.test")
    vdab_author = UserFactory(email="auteur@vdab.test")
    proposal = ProposalFactory(sector=chemie, created_by=vdab_author, status=S.DRAFT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=proposal, by=vdab_author)
    # Sector leads (Voka members) and RESOC staff are told about the submission; not the submitter.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [lead.email, other_lead.email, staff.email]
    )
    mail.outbox.clear()
    NotificationPreference.objects.create(user=lead, kind="proposals.decision", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(
            proposal=proposal, by=staff, decision=S.APPROVED, answer="Top idee"
        )
    assert [m.to for m in mail.outbox] == [[vdab_author.email]]
    assert "Top idee" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=draft, by=lead)  # Voka's own: Voka leads not told
    # Staff hear of it; leads of the author's own organisation are not told.
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_no_mail_when_the_transaction_rolls_back(draft, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                services.proposal_submit(proposal=draft, by=lead)
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert callbacks == []
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_bulk_actions_skip_what_the_lifecycle_forbids(submitted, vdab_submitted, draft, staff):
    changed, skipped = services.proposals_bulk_update(
        proposals=[submitted, vdab_submitted], by=staff, to_status=S.UNDER_REVIEW
    )
    assert changed == 2 and skipped == []
    changed, skipped = services.proposals_bulk_update(
        proposals=[submitted, draft], by=staff, to_status=S.APPROVED
    )
    assert changed == 1 and len(skipped) == 1


def test_bulk_view(client, submitted, vdab_submitted, staff):
    client.force_login(staff)
    response = client.post(
        reverse("proposals:bulk"),
        {
            "proposals": [submitted.pk, vdab_submitted.pk],
            "action": "assign",
            "reviewers": [staff.pk],
        },
    )
    assert response.status_code == 302
    assert list(submitted.reviewers.all()) == [staff]
    client.post(
        reverse("proposals:bulk"),
        {"proposals": [submitted.pk], "action": "rejected", "reason": "Buiten scope"},
    )
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED and submitted.answer == "Buiten scope"


def test_review_queue_per_role_and_sector(
    client, lead, staff, submitted, vdab_submitted, logistiek
):
    other = ProposalFactory(title="Chauffeurs", sector=logistiek, status="submitted")
    client.force_login(lead)  # Voka leads chemie: sees VDAB's chemie proposal, not its own
    titles = [p.title for p in client.get(reverse("proposals:review_queue")).context["proposals"]]
    assert titles == ["Opleiding procesoperator"]
    client.force_login(staff)
    response = client.get(reverse("proposals:review_queue"), {"sector": logistiek.pk})
    assert [p.title for p in response.context["proposals"]] == [other.title]


def test_opted_out_author_gets_no_mail_and_answer_updates_notify(
    submitted, lead, staff, django_capture_on_commit_callbacks
):
    co_author = UserFactory(email="co@voka.test", organisation=lead.organisation)
    submitted.authors.add(co_author)
    NotificationPreference.objects.create(user=lead, kind="proposals.decision", delivery="off")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(proposal=submitted, by=staff, decision=S.UNDER_REVIEW)
    assert [m.to for m in mail.outbox] == [["co@voka.test"]]
    assert "In behandeling" in mail.outbox[0].subject  # in the recipient's language (nl-be)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(proposal=submitted, by=staff, answer="We bekijken dit in mei.")
    assert [m.to for m in mail.outbox] == [["co@voka.test"]]
    assert "We bekijken dit in mei." in mail.outbox[0].body

"""Who is told what about a proposal (called by the tasks in tasks.py)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from streekpact.core.mail import send_templated_mail
from streekpact.partners.models import Role

from .models import Comment, Proposal, StatusChange


def _authors(proposal: Proposal):
    return list(proposal.authors.filter(is_active=True))


def notify_status_change_now(status_change_pk: int) -> int:
    change = (
        StatusChange.objects.select_related("proposal__sector", "proposal__organisation", "by")
        .filter(pk=status_change_pk)
        .first()
    )
    if change is None:
        return 0
    proposal = change.proposal
    recipients = [u for u in _authors(proposal) if u.pk != change.by_id]
    return send_templated_mail(
        recipients=recipients,
        kind="proposals.decision",
        template_prefix="proposals/email/status_changed",
        context={"proposal": proposal, "change": change},
        link=proposal.get_absolute_url(),
    )


def notify_submission_now(proposal_pk: int) -> int:
    proposal = (
        Proposal.objects.select_related("sector", "organisation").filter(pk=proposal_pk).first()
    )
    if proposal is None:
        return 0
    User = get_user_model()  # noqa: N806
    leads = Q(organisation__in=proposal.sector.lead_organisations.all())
    recipients = (
        User.objects.filter(leads | Q(role=Role.STAFF), is_active=True)
        # Never tell the author's own organisation (or the authors) of their own proposal.
        .exclude(organisation_id=proposal.organisation_id)
        .exclude(pk__in=proposal.authors.values("pk"))
        .distinct()
    )
    return send_templated_mail(
        kind="proposals.submitted",
        recipients=recipients,
        template_prefix="proposals/email/submitted",
        context={"proposal": proposal},
        link=proposal.get_absolute_url(),
    )


def notify_answer_now(proposal_pk: int) -> int:
    proposal = (
        Proposal.objects.select_related("sector", "organisation").filter(pk=proposal_pk).first()
    )
    if proposal is None or not proposal.answer:
        return 0
    return send_templated_mail(
        recipients=[u for u in _authors(proposal) if u.pk != proposal.answered_by_id],
        kind="proposals.decision",
        template_prefix="proposals/email/answered",
        context={"proposal": proposal},
        link=proposal.get_absolute_url(),
    )


def notify_comment_now(comment_pk: int) -> int:
    comment = (
        Comment.objects.select_related("proposal__sector", "author", "parent__author")
        .filter(pk=comment_pk)
        .first()
    )
    if comment is None:
        return 0
    proposal = comment.proposal
    recipients = {u.pk: u for u in _authors(proposal)}
    if comment.parent_id and comment.parent.author is not None:
        recipients.setdefault(comment.parent.author.pk, comment.parent.author)
    recipients.pop(comment.author_id, None)
    return send_templated_mail(
        kind="proposals.comment",
        recipients=recipients.values(),
        template_prefix="proposals/email/comment",
        context={"proposal": proposal, "comment": comment},
        link=proposal.get_absolute_url() + "#discussion",
    )

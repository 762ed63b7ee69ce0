"""E-mail notifications about proposals, sent by a Celery worker after the change committed.

Each task takes a primary key, re-fetches the row, and sends; a row that disappeared in the
meantime is skipped. Retries on transient SMTP errors follow `taskpolicy.MAIL`; a message the
outbox hands over twice still sends one mail.
"""

from celery import shared_task

from streekpact.core.taskpolicy import MAIL

from .notifications import (
    notify_answer_now,
    notify_comment_now,
    notify_status_change_now,
    notify_submission_now,
)


@shared_task(**MAIL)
def notify_status_change(status_change_pk: int) -> int:
    """Tell the authors their proposal changed status (with the answer, if any)."""
    return notify_status_change_now(status_change_pk)


@shared_task(**MAIL)
def notify_submission(proposal_pk: int) -> int:
    """Tell the sector's lead organisations that a proposal was submitted in their sector."""
    return notify_submission_now(proposal_pk)


@shared_task(**MAIL)
def notify_answer(proposal_pk: int) -> int:
    """Tell the authors that the official answer to their proposal was published or changed."""
    return notify_answer_now(proposal_pk)


@shared_task(**MAIL)
def notify_comment(comment_pk: int) -> int:
    """Tell the authors (and, for a reply, the one replied to) about a new comment."""
    return notify_comment_now(comment_pk)

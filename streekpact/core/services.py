"""Writes of the core: the one-time tokens of create forms, digests and read marks of
notifications."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Digest, Notification, SentForm

#: How long a sent form's token is remembered (a double post comes within seconds).
SENT_FORM_KEPT = timedelta(days=2)


def form_token_claim(*, token: str, user) -> SentForm | None:
    """Take `token` for this post; returns the earlier post's record when it was taken already.

    Call inside the transaction that creates the form's result: the claim is undone with it. On
    PostgreSQL a simultaneous second post waits on the unique index until the first commits.
    """
    owner = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            SentForm.objects.create(token=token, user=owner)
    except IntegrityError:
        earlier = SentForm.objects.filter(token=token).first()
        if earlier is None or earlier.user_id != getattr(owner, "pk", None):
            # Someone else's token (or one just released): never show another's result.
            return SentForm(token=token, result_url="")
        return earlier
    SentForm.objects.filter(created_at__lt=timezone.now() - SENT_FORM_KEPT).delete()
    return None


def form_token_record(*, token: str, result_url: str) -> None:
    """Remember where the post with this token led (within the same transaction)."""
    SentForm.objects.filter(token=token).update(result_url=result_url[:500])


# --- The daily digest -------------------------------------------------------------------------


def digests_prepare(*, day: date | None = None) -> list[int]:
    """Beat, once a day: one digest per person with notifications waiting for it.

    Each digest is created with its notifications and its mail (an outbox message) in one
    transaction; the unique (person, day) row makes a second run, a restart or a second beat a
    no-op for that day. What arrives after today's digest waits for tomorrow's. Returns the
    new digests' primary keys.
    """
    from . import outbox
    from .models import OutboxKind

    day = day or timezone.localdate()
    created = []
    waiting = Notification.objects.awaiting_digest().values_list("user_id", flat=True)
    for user_id in sorted(set(waiting)):
        with transaction.atomic():
            digest, new = Digest.objects.get_or_create(user_id=user_id, day=day)
            if not new:
                continue
            Notification.objects.awaiting_digest().filter(user_id=user_id).update(digest=digest)
            outbox.enqueue("core.send_digest_mail", digest.pk, kind=OutboxKind.MAIL)
            created.append(digest.pk)
    return created


def digest_send(*, digest_pk: int) -> int:
    """Send one digest, once: it is locked while sent and stamped in the same transaction."""
    from .mail import send_templated_mail

    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update()
            .select_related("user")
            .filter(pk=digest_pk, sent_at__isnull=True)
            .first()
        )
        if digest is None:
            return 0
        items = list(digest.notifications.order_by("created_at", "pk"))
        sent = 0
        if items:
            sent = send_templated_mail(
                kind="core.digest",
                recipients=[digest.user],
                template_prefix="core/email/digest",
                context={"digest": digest, "items": items, "count": len(items)},
            )
        digest.sent_at = timezone.now()
        digest.save(update_fields=["sent_at"])
        return sent


# --- The in-portal list -----------------------------------------------------------------------


def notifications_mark_read(*, user, pks: list[int] | None = None) -> int:
    """Mark the person's own notifications read (all, or those in `pks`); returns how many.

    A person's read marks are their own bookkeeping, not a change to the partnership: no audit
    entry (the logboek would drown in them).
    """
    unread = Notification.objects.for_user(user).unread()
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())

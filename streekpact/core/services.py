"""Writes of the core: the one-time tokens of create forms."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SentForm

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

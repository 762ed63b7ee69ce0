"""E-mail to people of the portal, each in their own language.

Apps call `send_templated_mail` from their Celery tasks (after the transaction committed). A
message is rendered from `<template_prefix>_subject.txt` and `<template_prefix>_body.txt`, in
the recipient's language, with `recipient` and `site_url` added to the context.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    *,
    recipients: Iterable,
    template_prefix: str,
    context: dict,
    respect_opt_out: bool = True,
) -> int:
    """Send one message per recipient (a user); returns how many were sent.

    People who switched notifications off are skipped unless `respect_opt_out` is False (for
    mails they asked for themselves, such as an invitation or a password reset).
    """
    messages = []
    for user in recipients:
        if not user.email or not user.is_active:
            continue
        if respect_opt_out and not user.email_notifications:
            continue
        with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
            ctx = {**context, "recipient": user, "site_url": settings.SITE_URL}
            subject = render_to_string(f"{template_prefix}_subject.txt", ctx).strip()
            body = render_to_string(f"{template_prefix}_body.txt", ctx)
        messages.append(
            EmailMessage(
                subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.splitlines()),
                body=body,
                to=[user.email],
            )
        )
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0

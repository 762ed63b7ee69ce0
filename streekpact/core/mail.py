"""E-mail to people of the portal, each in their own language.

Apps call `send_templated_mail` from their Celery tasks (after the transaction committed). A
message is rendered from `<template_prefix>_subject.txt` and `<template_prefix>_body.txt`, in
the recipient's language, with `recipient` and `site_url` added to the context.

A plain-text mail is not a web page: its templates are rendered with autoescaping off (here, once
for all of them), so a title like `<Chemie & farma>` arrives as written, not as `&lt;…&amp;…`.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template import Context, Engine
from django.utils import translation


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template (a mail), without HTML escaping, includes too."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


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
            subject = render_text(f"{template_prefix}_subject.txt", ctx).strip()
            body = render_text(f"{template_prefix}_body.txt", ctx)
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

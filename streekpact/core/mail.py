"""E-mail to people of the portal, each in their own language, each a notification of a kind.

Apps call `send_templated_mail` from their Celery tasks (after the transaction committed), naming
a registered kind (`streekpact.core.notifications`). Per recipient it:

1. renders `<template_prefix>_subject.txt` and `<template_prefix>_body.txt` in the recipient's
   language, with `recipient` and `site_url` added to the context;
2. leaves an entry in the recipient's in-portal list (saved accounts, listed kinds);
3. mails it now, or leaves it for the daily digest, or not at all, as the person chose for the
   kind (kinds that are not choosable always go out now).

Every mail has a text part and an HTML part from one source: the text body is the template; the
HTML part is that same text, escaped, with links made clickable, inside the mail layout
`core/email/base.html` (a simple identity whose colours are `MAIL_THEME` below). A mail that
needs richer HTML may add `<template_prefix>_body.html` (rendered with autoescaping, extending
the layout); none does yet. Why one source: a second hand-written HTML template per mail drifts
from the text one, and the text one is what most mail clients quote in a reply.

A plain-text mail is not a web page: its templates are rendered with autoescaping off (here, once
for all of them), so a title like `<Chemie & farma>` arrives as written, not as `&lt;…&amp;…`.
User Markdown goes in through `|plain` (`markdown_to_text`).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .design import PALETTE
from .models import Delivery, Notification
from .notifications import deliveries_for, get_kind

#: The mail layout's colours: names for the layout, values from the one palette (core/design.py).
MAIL_THEME = {
    "brand": PALETTE["primary"],  # header band and links
    "brand_text": PALETTE["paper"],
    "text": PALETTE["ink"],
    "muted": PALETTE["muted"],
    "background": PALETTE["surface"],
    "surface": PALETTE["paper"],
    "border": PALETTE["border"],
}


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template (a mail), without HTML escaping, includes too."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_html(template_prefix: str, context: dict, *, subject: str, text: str) -> str:
    """The HTML part: `<prefix>_body.html` if the mail has one, else the text in the layout."""
    ctx = {**context, "subject": subject, "text": text, "theme": MAIL_THEME}
    try:
        return render_to_string(f"{template_prefix}_body.html", ctx)
    except TemplateDoesNotExist:
        return render_to_string("core/email/base.html", ctx)


def build_message(
    *,
    subject: str,
    text: str,
    html: str,
    to: str,
    reply_to: Iterable[str] | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.splitlines()),
        body=text,
        to=[to],
        reply_to=list(reply_to or ()),
    )
    message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(
    *,
    kind: str,
    recipients: Iterable,
    template_prefix: str,
    context: dict,
    link: str = "",
    reply_to: Iterable[str] | None = None,
) -> int:
    """Notify each recipient (a user, or a user-like guest) of `kind`; returns mails sent.

    `link` is the portal path the in-portal entry opens (the object the mail is about).
    `reply_to` is for mails that invite an answer (to the organiser or the secretariat).
    """
    the_kind = get_kind(kind)
    recipients = [u for u in recipients if u.email and u.is_active]
    deliveries = deliveries_for(recipients, the_kind)
    messages = []
    entries = []
    for user in recipients:
        saved = bool(getattr(user, "pk", None))
        delivery = deliveries.get(user.pk, Delivery.IMMEDIATE) if saved else Delivery.IMMEDIATE
        with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
            ctx = {**context, "recipient": user, "site_url": settings.SITE_URL}
            subject = " ".join(render_text(f"{template_prefix}_subject.txt", ctx).split())
            if saved and the_kind.listed:
                entries.append(
                    Notification(
                        user=user,
                        kind=kind,
                        subject=subject[:300],
                        link=link[:500],
                        delivery=delivery,
                    )
                )
            if delivery != Delivery.IMMEDIATE:
                continue
            text = render_text(f"{template_prefix}_body.txt", ctx)
            html = render_html(template_prefix, ctx, subject=subject, text=text)
        messages.append(
            build_message(subject=subject, text=text, html=html, to=user.email, reply_to=reply_to)
        )
    if entries:
        Notification.objects.bulk_create(entries)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0

"""allauth adapter: no open sign-up; people join through an invitation from RESOC staff.

allauth's mails (a password reset, an unknown address) are written in our templates
(templates/account/email/) and get the same HTML layout as the portal's other mails.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from streekpact.core.mail import render_html


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's message with our layout as its HTML part (from the same text)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            html = render_html(
                template_prefix,
                {**context, "site_url": settings.SITE_URL},
                subject=message.subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX),
                text=message.body,
            )
            message.attach_alternative(html, "text/html")
        return message

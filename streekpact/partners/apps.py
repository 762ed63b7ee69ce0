from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "streekpact.partners"
    label = "partners"
    verbose_name = _("Partnership")

    def ready(self) -> None:
        # Its kinds of notification (core.notifications). An invitation goes to someone who has
        # no account yet: always sent, never listed.
        from streekpact.core.notifications import register_kind

        register_kind(
            "partners.invitation", _("Invitations to the portal"), choosable=False, listed=False
        )

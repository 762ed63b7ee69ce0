from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "streekpact.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks

        # The digest is the mail of the other kinds' "daily digest" choice: always sent, not listed.
        from .notifications import register_kind

        register_kind("core.digest", _("Daily digest"), choosable=False, listed=False)

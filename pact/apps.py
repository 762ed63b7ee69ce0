from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PactConfig(AppConfig):
    name = "pact"
    label = "pact"
    verbose_name = _("The pact")

    def ready(self) -> None:
        # What this app shows on lower pages (core.slots): they never name it.
        from streekpact.core import slots

        slots.register("home", "pact/includes/home_panel.html", order=10)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "insight"
    label = "insight"
    verbose_name = _("Insight")

    def ready(self) -> None:
        # What this app shows on lower pages (core.slots): they never name it.
        from streekpact.core import slots

        slots.register("home", "insight/includes/home_panel.html", order=60)
        slots.register("organisation_detail", "insight/includes/organisation_involvement.html")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # What this app shows on lower pages (core.slots): they never name it.
        from streekpact.core import slots

        slots.register("home", "monitoring/includes/home_panel.html", order=40)
        slots.register("pact_action", "monitoring/includes/action_indicators_link.html", order=10)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # What this app shows on lower pages (core.slots): they never name it.
        from streekpact.core import journey, slots
        from streekpact.core.notifications import register_kind

        register_kind("monitoring.reminder", _("Reminders to report on my actions"))
        register_kind("monitoring.report_returned", _("Progress reports sent back to me"))
        register_kind("monitoring.deadline_passed", _("Reporting deadlines that passed (staff)"))

        slots.register("home", "monitoring/includes/home_panel.html", order=40)
        # The public site's action page (context `monitoring_status`: the latest published report).
        slots.register("public_action", "monitoring/includes/public_action.html", order=10)
        slots.register("pact_action", "monitoring/includes/action_indicators_link.html", order=10)
        from . import journey as monitoring_journey

        journey.register(
            "monitoring",
            order=journey.ORDER["monitoring"],
            title=journey.TITLES["monitoring"],
            status=monitoring_journey.step,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AteliersConfig(AppConfig):
    name = "ateliers"
    verbose_name = _("Inspiration workshops")

    def ready(self) -> None:
        # What this app shows on lower pages (core.slots): they never name it.
        from streekpact.core import slots

        slots.register("home", "ateliers/includes/home_panel.html", order=30)
        slots.register("sector_detail", "ateliers/includes/sector_ateliers.html", order=10)

        # Its kinds of notification (core.notifications): what each person can tune.
        from streekpact.core.notifications import register_kind

        register_kind("ateliers.invitation", _("Invitations to ateliers"))
        register_kind("ateliers.reminder", _("Reminders of ateliers I registered for"))
        register_kind("ateliers.report", _("Reports of ateliers I took part in"))
        # Confirmations of what someone asked, and changes people must know: always sent.
        register_kind("ateliers.registration", _("My atelier registrations"), choosable=False)
        register_kind("ateliers.change", _("Changed or cancelled ateliers"), choosable=False)
        # Its step in the pact's journey on the home and sector pages (core.journey).
        from streekpact.core import journey

        from . import journey as ateliers_journey

        journey.register(
            "ateliers",
            order=journey.ORDER["ateliers"],
            title=journey.TITLES["ateliers"],
            status=ateliers_journey.step,
        )

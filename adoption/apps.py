from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "adoption"
    label = "adoption"
    verbose_name = _("Adoption and signing")

    def ready(self) -> None:
        from streekpact.core import journey, slots
        from streekpact.core.notifications import register_kind

        # The request to sign is always sent; reminders can be tuned like any other mail.
        register_kind(
            "adoption.invitation", _("Requests to sign the adopted pact"), choosable=False
        )
        register_kind("adoption.reminder", _("Reminders to sign the adopted pact"))

        slots.register("home", "adoption/includes/home_panel.html", order=5)
        slots.register("draft_detail", "adoption/includes/draft_propose.html", order=20)
        from . import journey as adoption_journey

        journey.register(
            "adoption",
            order=journey.ORDER["adoption"],
            title=journey.TITLES["adoption"],
            status=adoption_journey.step,
        )

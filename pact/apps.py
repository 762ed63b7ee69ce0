from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PactConfig(AppConfig):
    name = "pact"
    label = "pact"
    verbose_name = _("The pact")

    def ready(self) -> None:
        from sectors.signals import sector_created

        from .services import chapter_for_new_sector

        # The pact is above sectors: it registers here what a new sector means for it.
        sector_created.connect(chapter_for_new_sector, dispatch_uid="pact.chapter_for_new_sector")

        # What this app shows on lower pages (core.slots): they never name it.
        from streekpact.core import slots

        slots.register("home", "pact/includes/home_panel.html", order=10)

        # Its kinds of notification (core.notifications): what each person can tune.
        from streekpact.core.notifications import register_kind

        register_kind("pact.draft_ready", _("Drafts of the pact ready to download"))
        # Its step in the pact's journey on the home and sector pages (core.journey).
        from streekpact.core import journey

        from . import journey as pact_journey

        journey.register(
            "drafts",
            order=journey.ORDER["drafts"],
            title=journey.TITLES["drafts"],
            status=pact_journey.step,
        )

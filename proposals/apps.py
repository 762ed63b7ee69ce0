from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        # A cached page of the list is outdated by every write that changes it (listing.py).
        from . import listing

        listing.connect()

        # What this app shows on lower pages (core.slots): they never name it.
        from streekpact.core import slots

        slots.register("home", "proposals/includes/home_panel.html", order=20)
        slots.register("sector_detail", "proposals/includes/sector_proposals.html", order=20)
        slots.register("atelier_detail", "proposals/includes/atelier_section.html")
        slots.register("atelier_conclusion", "proposals/includes/conclusion_capture.html")

        # Its kinds of notification (core.notifications): what each person can tune.
        from streekpact.core.models import Delivery
        from streekpact.core.notifications import register_kind

        register_kind(
            "proposals.submitted",
            _("New proposals (in the sectors my organisation leads; all of them for RESOC staff)"),
        )
        register_kind("proposals.decision", _("Decisions and answers on my proposals"))
        register_kind(
            "proposals.comment",
            _("Comments on my proposals and replies to my comments"),
            default=Delivery.DIGEST,  # a lively discussion must not flood a mailbox
        )
        # Its step in the pact's journey on the home and sector pages (core.journey).
        from streekpact.core import journey

        from . import journey as proposals_journey

        journey.register(
            "proposals",
            order=journey.ORDER["proposals"],
            title=journey.TITLES["proposals"],
            status=proposals_journey.step,
        )

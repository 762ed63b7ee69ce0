from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    label = "consultation"
    verbose_name = _("Consultation rounds")

    def ready(self) -> None:
        # What this app contributes to lower pages and documents: they never name it.
        from pact import provenance
        from streekpact.core import journey, slots
        from streekpact.core.notifications import register_kind

        from .note import notes_as_annexes
        from .services import amendments_applied_to

        register_kind("consultation.round_opened", _("Consultation rounds I am invited to"))
        register_kind(
            "consultation.round_notice", _("Changes to consultation rounds (extended, closed)")
        )
        register_kind(
            "consultation.round_reminder", _("Reminders before a consultation round closes")
        )
        register_kind("consultation.note_ready", _("Answer notes of consultation rounds"))
        slots.register("home", "consultation/includes/home_panel.html", order=50)
        slots.register("draft_detail", "consultation/includes/draft_rounds.html", order=10)
        provenance.register(amendments_applied_to)
        provenance.register_annexes(notes_as_annexes)
        from . import journey as consultation_journey

        journey.register(
            "consultation",
            order=journey.ORDER["consultation"],
            title=journey.TITLES["consultation"],
            status=consultation_journey.step,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    label = "consultation"
    verbose_name = _("Consultation rounds")

    def ready(self) -> None:
        # What this app contributes to lower pages and documents: they never name it.
        from pact import provenance
        from streekpact.core import slots

        from .note import notes_as_annexes
        from .services import amendments_applied_to

        slots.register("home", "consultation/includes/home_panel.html", order=50)
        slots.register("draft_detail", "consultation/includes/draft_rounds.html", order=10)
        provenance.register(amendments_applied_to)
        provenance.register_annexes(notes_as_annexes)

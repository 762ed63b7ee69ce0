from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "adoption"
    label = "adoption"
    verbose_name = _("Adoption and signing")

    def ready(self) -> None:
        from streekpact.core import slots

        slots.register("home", "adoption/includes/home_panel.html", order=5)
        slots.register("draft_detail", "adoption/includes/draft_propose.html", order=10)

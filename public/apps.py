from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    label = "public"
    verbose_name = _("Public site and legal pages")

    def ready(self) -> None:
        from streekpact.core import slots

        slots.register("footer", "public/includes/footer_links.html", order=10)

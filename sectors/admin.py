from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin

from .models import Sector, Theme


@admin.register(Sector)
class SectorAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "kind", "position"]
    filter_horizontal = ["lead_organisations"]


@admin.register(Theme)
class ThemeAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "is_core", "position"]

from django.contrib import admin

from .models import Sector, Theme


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["lead_organisations"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_core", "position"]
    prepopulated_fields = {"slug": ["name"]}

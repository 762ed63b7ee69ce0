from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin

from .models import ErasureRequest


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyModelAdmin):
    list_display = ["user_repr", "status", "created_at", "carried_out_at"]

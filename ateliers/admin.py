from django.contrib import admin

from .models import Atelier, AtelierInvitation, Attachment, Conclusion, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "guest_name", "guest_email", "organisation", "status", "attended", "walk_in"]
    raw_id_fields = ["user"]


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    extra = 0


@admin.register(Atelier)
class AtelierAdmin(admin.ModelAdmin):
    list_display = ["title", "sector", "starts_at", "status"]
    list_filter = ["status", "sector"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["lead_organisations"]
    inlines = [RegistrationInline, ConclusionInline]


@admin.register(AtelierInvitation)
class AtelierInvitationAdmin(admin.ModelAdmin):
    list_display = ["atelier", "organisation", "registration", "sent_at"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "atelier", "content_type", "size"]

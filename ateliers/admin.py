from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Atelier, AtelierInvitation, Attachment, Conclusion, Registration


class RegistrationInline(ReadOnlyTabularInline):
    model = Registration
    extra = 0
    fields = ["user", "guest_name", "guest_email", "organisation", "status", "attended", "walk_in"]
    raw_id_fields = ["user"]


class ConclusionInline(ReadOnlyTabularInline):
    model = Conclusion
    extra = 0


@admin.register(Atelier)
class AtelierAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "sector", "starts_at", "status"]
    list_filter = ["status", "sector"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["lead_organisations"]
    inlines = [RegistrationInline, ConclusionInline]


@admin.register(AtelierInvitation)
class AtelierInvitationAdmin(ReadOnlyModelAdmin):
    list_display = ["atelier", "organisation", "registration", "sent_at"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyModelAdmin):
    list_display = ["original_name", "atelier", "content_type", "size"]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from streekpact.core.admin import ReadOnlyModelAdmin

from .models import AuditEntry, Invitation, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyModelAdmin):
    list_display = ["short_name", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Superusers set a person's technical flags (admin access, password) here; who belongs
    where, the role and portal access change in the portal (`person_update`, audited)."""

    readonly_fields = ["email", "name", "job_title", "organisation", "role", "language",
                       "is_active", "last_login", "date_joined"]  # fmt: skip
    ordering = ["email"]
    list_display = ["email", "name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "job_title", "organisation", "role", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )

    def has_add_permission(self, request, obj=None):
        return False  # people join through an invitation (or `createsuperuser`)

    def has_delete_permission(self, request, obj=None):
        return False  # switch access off in the portal instead; history keeps its people


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "name"]
    readonly_fields = ["token_hash"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "actor_repr", "verb", "target_type", "target_repr", "organisation"]
    list_filter = ["verb", "target_type"]
    search_fields = ["actor_repr", "target_repr", "request_id"]
    list_select_related = ["target_type", "organisation"]
    date_hierarchy = "at"

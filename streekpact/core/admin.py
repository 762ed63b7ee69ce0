"""The technical admin shows the portal's stateful models read-only.

Every change to them goes through a service (capacity checks, mails, invariants and the audit
log live there); the admin is for superusers to look, not a second way to write.
"""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """View only: no add, change or delete (also for inlines)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyModelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0

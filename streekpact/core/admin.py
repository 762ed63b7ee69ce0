"""The technical admin shows the portal's stateful models read-only.

Every change to them goes through a service (capacity checks, mails, invariants and the audit
log live there); the admin is for superusers to look, not a second way to write. The outbox is
read-only too: the relay is its only writer.
"""

from django.contrib import admin

from .models import Digest, OutboxMessage


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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyModelAdmin):
    list_display = ("task_name", "args", "kind", "created_at", "sent_at", "done_at", "attempts")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), "task_name")
    search_fields = ("task_id", "task_name", "last_error")
    date_hierarchy = "created_at"


@admin.register(Digest)
class DigestAdmin(ReadOnlyModelAdmin):
    """Which daily digests were prepared and sent (the record that each went out once)."""

    list_display = ("user", "day", "created_at", "sent_at")
    list_filter = (("sent_at", admin.EmptyFieldListFilter), "day")
    search_fields = ("user__email",)
    list_select_related = ("user",)

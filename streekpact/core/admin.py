"""The technical admin of core: the outbox, read-only (the relay is the only writer)."""

from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("task_name", "args", "kind", "created_at", "sent_at", "done_at", "attempts")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), "task_name")
    search_fields = ("task_id", "task_name", "last_error")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

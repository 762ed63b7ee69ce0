from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin

from .models import (
    Action,
    Chapter,
    ChapterRendering,
    Draft,
    OperationalObjective,
    Pact,
    StrategicObjective,
)


@admin.register(Pact)
class PactAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "period"]


@admin.register(Chapter)
class ChapterAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "sector", "placement", "position"]


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "chapter", "position"]
    list_select_related = ["chapter"]


@admin.register(OperationalObjective)
class OperationalObjectiveAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "strategic_objective", "position"]
    list_select_related = ["strategic_objective"]


@admin.register(Action)
class ActionAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "proposal", "trekker", "position"]
    list_select_related = ["proposal", "trekker"]
    raw_id_fields = ["proposal", "operational_objective"]
    filter_horizontal = ["partners"]


@admin.register(Draft)
class DraftAdmin(ReadOnlyModelAdmin):
    list_display = ["version", "scope", "status", "requested_by", "created_at", "size"]
    list_filter = ["status", "scope", "shared_with_partners"]
    readonly_fields = [
        "version", "scope", "chapter", "requested_by", "previous", "snapshot", "checksum",
        "pdf", "size", "page_count", "task_id", "attempts", "started_at", "heartbeat_at",
        "finished_at", "failure_reason",
    ]  # fmt: skip


@admin.register(ChapterRendering)
class ChapterRenderingAdmin(ReadOnlyModelAdmin):
    list_display = ["key", "created_at"]

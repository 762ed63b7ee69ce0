from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Attachment, Comment, Proposal, ReviewNote, Revision, StatusChange, Support


class SupportInline(ReadOnlyTabularInline):
    model = Support
    extra = 0
    raw_id_fields = ["organisation"]
    readonly_fields = ["declared_by"]


class StatusChangeInline(ReadOnlyTabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "reason", "at"]

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(ReadOnlyTabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyModelAdmin):
    list_display = ["reference", "title", "sector", "organisation", "status", "created_at"]
    list_filter = ["status", "sector", "themes"]
    search_fields = ["title", "summary", "organisation__short_name"]
    list_select_related = ["sector", "organisation"]
    raw_id_fields = ["atelier", "conclusion", "merged_into", "created_by", "answered_by"]
    filter_horizontal = ["themes", "authors", "partner_organisations", "reviewers"]
    inlines = [SupportInline, AttachmentInline, StatusChangeInline]
    readonly_fields = ["status"]  # the lifecycle goes through the portal, which records history


@admin.register(Comment)
class CommentAdmin(ReadOnlyModelAdmin):
    list_display = ["proposal", "author", "created_at", "removed_at"]
    list_select_related = ["proposal", "author"]
    raw_id_fields = ["proposal", "parent", "author", "removed_by"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(ReadOnlyModelAdmin):
    list_display = ["proposal", "author", "created_at"]
    raw_id_fields = ["proposal", "author"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyModelAdmin):
    list_display = ["proposal", "number", "created_by", "created_at"]
    raw_id_fields = ["proposal", "created_by"]

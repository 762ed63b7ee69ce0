from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin

from .models import AnswerNote, Reaction, Round


@admin.register(Round)
class RoundAdmin(ReadOnlyModelAdmin):
    list_display = ("title", "status", "closes_on")


@admin.register(Reaction)
class ReactionAdmin(ReadOnlyModelAdmin):
    list_display = ("reference", "organisation", "kind", "section_number", "answer")


@admin.register(AnswerNote)
class AnswerNoteAdmin(ReadOnlyModelAdmin):
    list_display = ("round", "status")

"""The answer note (antwoordnota) as frozen JSON: per section, every reaction and its answer.

Built once, when staff finish the round; the PDF is rendered from this snapshot only. Labels
and dates are Dutch (the document's language); texts are stored as entered and escaped by the
template, Markdown as stored (sanitised when saved).
"""

from django.utils import timezone, translation
from django.utils.formats import date_format

from pact.snapshot import DOCUMENT_LANGUAGE, content_checksum
from streekpact.core.money import format_money

from .models import Reaction, Round
from .sections import iter_sections
from .wording import amendment_changes


def reaction_dict(reaction: Reaction, section_data: dict | None) -> dict:
    hidden = reaction.is_hidden
    return {
        "reference": reaction.reference,
        "organisation": reaction.organisation.name,
        "kind": str(reaction.get_kind_display()),
        "stance": str(reaction.get_stance_display()) if reaction.stance else "",
        "body_html": "" if hidden else reaction.body_html,
        "hidden_reason": reaction.hidden_reason if hidden else "",
        "changes": [] if hidden else amendment_changes(reaction, section_data or {}),
        "new_title": ""
        if hidden
        else reaction.proposed_title
        if reaction.kind == "new_action"
        else "",
        "budget": format_money(reaction.proposed_budget) if reaction.proposed_budget else "",
        "answer": str(reaction.get_answer_display()) if reaction.answer else "",
        "answer_text": reaction.answer_text,
        "applied": reaction.applied_at is not None,
    }


def build_note(consultation: Round) -> dict:
    reactions = list(
        consultation.reactions.select_related("organisation", "proposed_trekker").order_by("pk")
    )
    by_section: dict[str, list[Reaction]] = {}
    for reaction in reactions:
        by_section.setdefault(reaction.section_key, []).append(reaction)
    with translation.override(DOCUMENT_LANGUAGE):
        sections = []
        for section in iter_sections(consultation.content):
            found = by_section.get(section.key)
            if not found:
                continue
            sections.append(
                {
                    "number": section.number,
                    "title": section.title,
                    "level": section.level,
                    "reactions": [reaction_dict(r, section.data) for r in found],
                }
            )
        invitations = consultation.invitations.select_related("organisation").order_by(
            "organisation__name"
        )
        reacted = {r.organisation_id for r in reactions}
        draft = consultation.draft
        meta = {
            "title": f"Antwoordnota: {consultation.title}",
            "round": consultation.title,
            "draft_version": draft.version,
            "draft_scope": draft.scope_label,
            "closes_on": date_format(consultation.closes_on, "j F Y"),
            "date_display": date_format(timezone.localdate(), "j F Y"),
            "organisations": [
                {"name": i.organisation.name, "reacted": i.organisation_id in reacted}
                for i in invitations
            ],
            "reaction_count": len(reactions),
        }
    body = {"meta": meta, "sections": sections}
    body["meta"]["checksum"] = content_checksum(body)
    return body


def notes_as_annexes(since) -> list[dict]:
    """For pact.provenance: the answer notes of the rounds finished since the previous draft,
    as annexes of the next draft (plain data, in the pact's own annex format)."""
    from .models import AnswerNote

    notes = AnswerNote.objects.filter(round__status="finished").select_related("round")
    if since is not None:
        notes = notes.filter(round__finished_at__gte=since)
    annexes = []
    for note in notes.order_by("round__finished_at", "pk"):
        meta = note.snapshot.get("meta") or {}
        blocks = []
        for section in note.snapshot.get("sections") or []:
            entries = []
            for r in section["reactions"]:
                head = f"{r['reference']} — {r['kind']} van {r['organisation']}"
                if r.get("stance"):
                    head += f": {r['stance']}"
                lines = []
                if r.get("hidden_reason"):
                    lines.append(f"Deze reactie werd verborgen: {r['hidden_reason']}")
                if r.get("new_title"):
                    lines.append(f"Voorgestelde nieuwe actie: {r['new_title']}")
                lines.extend(f"{c['label']}: {c['new']}" for c in r.get("changes") or [])
                answer = f"Antwoord: {r.get('answer') or '—'}"
                if r.get("applied"):
                    answer += " (verwerkt in de tekst van het pact)"
                lines.append(answer)
                if r.get("answer_text"):
                    lines.append(r["answer_text"])
                entries.append({"head": head, "html": r.get("body_html", ""), "lines": lines})
            blocks.append(
                {"heading": f"{section['number']}. {section['title']}", "entries": entries}
            )
        annexes.append(
            {
                "title": meta.get("title", "Antwoordnota"),
                "intro": (
                    f"Bij ontwerp versie {meta.get('draft_version')}: elke reactie van de "
                    f"partners en het antwoord erop ({meta.get('reaction_count', 0)} reacties)."
                ),
                "blocks": blocks,
            }
        )
    return annexes

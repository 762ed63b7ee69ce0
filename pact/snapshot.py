"""Freezing the pact: everything a draft is rendered from, as plain JSON with a checksum.

The renderer only ever reads a snapshot (never the live tables), so a draft can be rendered again
later and gives the same text, and two drafts can be compared action by action. Texts are stored
as entered (Markdown is rendered, sanitised, at render time); labels, dates and amounts are
stored already formatted in Dutch, the language of the document.
"""

import hashlib
import json
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import translation
from django.utils.formats import date_format

from ateliers.models import Atelier, Conclusion, Registration
from proposals.models import Stance, Support, merged_sources
from streekpact.core.diff import word_diff
from streekpact.core.money import format_money
from streekpact.partners.models import Organisation, OrganisationKind

from .models import Action, Chapter, OperationalObjective, Pact, StrategicObjective

DOCUMENT_LANGUAGE = "nl-be"
AUTHOR = "RESOC Mechelen"
SNAPSHOT_FORMAT = 2  # 2: the Markdown texts carry their stored HTML (`*_html`)

#: The document is Dutch whatever the portal's catalogue holds: its own labels, fixed here.
KIND_LABELS = {
    OrganisationKind.EMPLOYERS: "Werkgeversorganisatie",
    OrganisationKind.UNION: "Vakbond",
    OrganisationKind.LOCAL_GOVERNMENT: "Lokaal bestuur",
    OrganisationKind.EDUCATION: "Onderwijs",
    OrganisationKind.SECTOR: "Sectororganisatie",
    OrganisationKind.PUBLIC_SERVICE: "Openbare dienst",
    OrganisationKind.OTHER: "Andere",
}


def content_checksum(content: dict) -> str:
    """SHA-256 of the content in a canonical JSON form (sorted keys, no whitespace)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def format_timing(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"
    if start:
        return f"vanaf {date_format(start, 'j F Y')}"
    if end:
        return f"tot {date_format(end, 'j F Y')}"
    return ""


def _chapters_queryset(pact: Pact, chapter: Chapter | None):
    supports = Support.objects.filter(stance=Stance.SUPPORT).select_related("organisation")
    actions = (
        Action.objects.select_related("trekker", "proposal__atelier", "proposal__organisation")
        .prefetch_related(
            "partners",
            "proposal__authors",
            Prefetch("proposal__supports", queryset=supports, to_attr="supporting"),
        )
        .order_by("position", "pk")
    )
    operational = OperationalObjective.objects.prefetch_related(
        Prefetch("actions", queryset=actions)
    ).order_by("position", "pk")
    strategic = StrategicObjective.objects.prefetch_related(
        Prefetch("operational_objectives", queryset=operational)
    ).order_by("position", "pk")
    chapters = Chapter.objects.filter(pact=pact).in_pact_order()
    if chapter is not None:
        chapters = chapters.filter(pk=chapter.pk)
    return chapters.prefetch_related(Prefetch("objectives", queryset=strategic))


def _conclusions_by_sector(sector_ids: list[int]) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = {}
    conclusions = (
        Conclusion.objects.filter(atelier__sector_id__in=sector_ids)
        .filter(atelier__in=Atelier.objects.held())
        .select_related("atelier", "theme")
        .order_by("atelier__starts_at", "atelier_id", "position", "pk")
    )
    for conclusion in conclusions:
        result.setdefault(conclusion.atelier.sector_id, []).append(
            {
                "atelier": conclusion.atelier.title,
                "theme": conclusion.theme.name if conclusion.theme else "",
                "text": conclusion.text,
            }
        )
    return result


def _source_dict(proposal) -> dict:
    atelier = proposal.atelier
    return {
        "id": proposal.pk,
        "reference": proposal.reference,
        "title": proposal.title,
        "organisation": proposal.organisation.name if proposal.organisation_id else "",
        "authors": [author.name for author in proposal.authors.all()],
        "atelier": atelier.title if atelier else "",
        "atelier_date": date_format(atelier.starts_at.date(), "j F Y") if atelier else "",
    }


def _action_dict(action: Action, number: str, merged: list) -> dict:
    """An action with its source proposal and every proposal merged into it (all credited)."""
    proposal = action.proposal
    supporters = {s.organisation.name for p in (proposal, *merged) for s in p.supporting}
    return {
        "id": action.pk,
        "number": number,
        "title": action.title,
        "description": action.description,
        "description_html": action.description_html,
        "trekker": action.trekker.name if action.trekker else "",
        "partners": sorted(org.name for org in action.partners.all()),
        "timing": format_timing(action.timing_start, action.timing_end),
        "indicators": action.indicators,
        "budget": format_money(action.budget),
        "supporters": sorted(supporters),
        "proposal": _source_dict(proposal),
        "merged": [_source_dict(p) for p in merged],
    }


def _chapters(pact: Pact, chapter: Chapter | None) -> list[dict]:
    chapters = list(_chapters_queryset(pact, chapter))
    conclusions = _conclusions_by_sector([c.sector_id for c in chapters if c.sector_id])
    merged = merged_sources(
        action.proposal_id
        for ch in chapters
        for so in ch.objectives.all()
        for oo in so.operational_objectives.all()
        for action in oo.actions.all()
    )
    result = []
    for n, ch in enumerate(chapters, start=1):
        objectives = []
        for i, so in enumerate(ch.objectives.all(), start=1):
            operational = []
            for j, oo in enumerate(so.operational_objectives.all(), start=1):
                actions = [
                    _action_dict(action, f"{n}.{i}.{j}.{k}", merged[action.proposal_id])
                    for k, action in enumerate(oo.actions.all(), start=1)
                ]
                operational.append(
                    {"id": oo.pk, "number": f"{n}.{i}.{j}", "title": oo.title, "actions": actions}
                )
            objectives.append(
                {
                    "id": so.pk,
                    "number": f"{n}.{i}",
                    "title": so.title,
                    "description": so.description,
                    "description_html": so.description_html,
                    "operational": operational,
                }
            )
        result.append(
            {
                "id": ch.pk,
                "number": n,
                "slug": ch.slug,
                "title": ch.title,
                "sector": ch.sector.name if ch.sector else "",
                "introduction": ch.introduction,
                "introduction_html": ch.introduction_html,
                "conclusions": conclusions.get(ch.sector_id, []) if ch.sector_id else [],
                "objectives": objectives,
            }
        )
    return result


def _ateliers(sector_ids: list[int] | None) -> list[dict]:
    ateliers = Atelier.objects.held().select_related("sector")
    if sector_ids is not None:
        ateliers = ateliers.filter(sector_id__in=sector_ids)
    ateliers = ateliers.annotate(
        attended=Count("registrations", filter=Q(registrations__attended=True)),
    ).order_by("starts_at", "pk")
    return [
        {
            "title": a.title,
            "sector": a.sector.name,
            "date": date_format(a.starts_at.date(), "j F Y"),
            "location": a.location,
            "attended": a.attended,
        }
        for a in ateliers
    ]


def _participants_by_kind(sector_ids: list[int] | None) -> list[dict]:
    """Attendance at held ateliers per organisation kind, counted as the atelier page counts."""
    registrations = Registration.objects.filter(atelier__in=Atelier.objects.held())
    if sector_ids is not None:
        registrations = registrations.filter(atelier__sector_id__in=sector_ids)
    return [
        {"kind": str(label), "count": count} for label, count in registrations.attendance_by_kind()
    ]


def _organisations() -> list[dict]:
    return [
        {"name": org.name, "short_name": org.short_name, "kind": KIND_LABELS.get(org.kind, "")}
        for org in Organisation.objects.active().order_by("name")
    ]


def build_content(*, pact: Pact, chapter: Chapter | None = None) -> dict:
    """The content of the pact (or of one chapter), as JSON-ready data, in Dutch."""
    with translation.override(DOCUMENT_LANGUAGE):
        chapters = _chapters(pact, chapter)
        sector_ids = None
        if chapter is not None:
            sector_ids = [chapter.sector_id] if chapter.sector_id else []
        ateliers = _ateliers(sector_ids)
        participants = _participants_by_kind(sector_ids)
        return {
            "format": SNAPSHOT_FORMAT,
            "pact": {
                "title": pact.title,
                "period": pact.period,
                "foreword": pact.foreword,
                "process": pact.process,
                "vision": pact.vision,
                "mission": pact.mission,
                # Markdown as rendered when it was saved: the PDF never parses Markdown.
                "foreword_html": pact.foreword_html,
                "process_html": pact.process_html,
                "vision_html": pact.vision_html,
                "mission_html": pact.mission_html,
            },
            "process": {
                "ateliers": ateliers,
                "participants_by_kind": participants,
                "participants_total": sum(row["count"] for row in participants),
            },
            "chapters": chapters,
            "organisations": _organisations(),
        }


def iter_actions(content: dict):
    for chapter in content.get("chapters", []):
        for so in chapter["objectives"]:
            for oo in so["operational"]:
                for action in oo["actions"]:
                    yield chapter, action


def _word_diff(old: str, new: str) -> list[dict]:
    """The core word diff as JSON: [{"op": ..., "text": ...}], words only (the document joins
    them with single spaces, as drafts frozen before kept them)."""
    segments = []
    for op, text in word_diff(old, new):
        if text.strip():
            segments.append({"op": op, "text": " ".join(text.split())})
    return segments


def compare(previous: dict | None, current: dict) -> dict:
    """The change list between two snapshots' content: actions added, removed and reworded."""
    if previous is None:
        return {"previous_version": None, "added": [], "removed": [], "reworded": []}
    old = {action["id"]: (ch, action) for ch, action in iter_actions(previous)}
    new = {action["id"]: (ch, action) for ch, action in iter_actions(current)}

    def brief(ch, action):
        return {
            "action_id": action["id"],
            "number": action["number"],
            "title": action["title"],
            "chapter": ch["title"],
            "reference": action["proposal"]["reference"],
        }

    added = [brief(*new[pk]) for pk in new if pk not in old]
    removed = [brief(*old[pk]) for pk in old if pk not in new]
    reworded = []
    for pk in new:
        if pk not in old:
            continue
        (_, before), (ch, after) = old[pk], new[pk]
        old_text = f"{before['title']}\n{before['description']}".strip()
        new_text = f"{after['title']}\n{after['description']}".strip()
        if old_text != new_text:
            reworded.append(
                {
                    **brief(ch, after),
                    "old_title": before["title"],
                    "diff": _word_diff(old_text, new_text),
                }
            )
    return {"added": added, "removed": removed, "reworded": reworded}

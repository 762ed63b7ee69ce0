"""Freezing the pact: everything a draft is rendered from, as plain JSON with a checksum.

The renderer only ever reads a snapshot (never the live tables), so a draft can be rendered again
later and gives the same text, and two drafts can be compared action by action. Texts are stored
as entered (Markdown is rendered, sanitised, at render time); labels, dates and amounts are
stored already formatted in Dutch, the language of the document.
"""

import functools
import hashlib
import json
from datetime import date

from django.db.models import Count, Q
from django.utils import translation
from django.utils.formats import date_format

from ateliers.models import Atelier, Conclusion, Registration
from proposals.models import Proposal, Stance, Support, merged_sources, reference
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


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def format_timing(start: date | None, end: date | None, day=_day) -> str:
    """An action's timing in words; `day` formats one date (a memo of `_day` in a freeze)."""
    if start and end:
        return f"{day(start)} – {day(end)}"
    if start:
        return f"vanaf {day(start)}"
    if end:
        return f"tot {day(end)}"
    return ""


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
        "atelier_date": _day(atelier.starts_at.date()) if atelier else "",
    }


def _grouped(rows, key: str) -> dict[int, list[dict]]:
    """Rows (dicts, in order) grouped by one of their fields, order kept."""
    groups: dict[int, list[dict]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def _names(pairs) -> dict[int, list[str]]:
    """(id, name) pairs, in order, as {id: [names]}."""
    result: dict[int, list[str]] = {}
    for pk, name in pairs:
        result.setdefault(pk, []).append(name)
    return result


def _chapters(pact: Pact, chapter: Chapter | None) -> list[dict]:
    """The chapters with their objectives and actions, read as plain values.

    Read row by row as values, not as model instances: a pact of 500 actions is ~10,000
    rows, and instantiating them was most of the freeze, which a person waits for when they
    ask for a draft (issue 13). The same JSON as a walk over the models gives (tested)."""
    chapters = list(Chapter.objects.filter(pact=pact).in_pact_order())
    if chapter is not None:
        chapters = [ch for ch in chapters if ch.pk == chapter.pk]
    chapter_ids = [ch.pk for ch in chapters]
    strategic = _grouped(
        StrategicObjective.objects.filter(chapter_id__in=chapter_ids)
        .order_by("position", "pk")
        .values("id", "chapter_id", "title", "description", "description_html"),
        "chapter_id",
    )
    operational = _grouped(
        OperationalObjective.objects.filter(strategic_objective__chapter_id__in=chapter_ids)
        .order_by("position", "pk")
        .values("id", "strategic_objective_id", "title"),
        "strategic_objective_id",
    )
    in_chapters = Q(operational_objective__strategic_objective__chapter_id__in=chapter_ids)
    action_rows = list(
        Action.objects.filter(in_chapters)
        .order_by("position", "pk")
        .values(
            "id",
            "operational_objective_id",
            "title",
            "description",
            "description_html",
            "trekker__name",
            "timing_start",
            "timing_end",
            "indicators",
            "budget",
            "proposal_id",
            "proposal__title",
            "proposal__organisation__name",
            "proposal__atelier__title",
            "proposal__atelier__starts_at",
        )  # fmt: skip
    )
    actions = _grouped(action_rows, "operational_objective_id")
    partners = _names(
        Action.partners.through.objects.filter(
            action__operational_objective__strategic_objective__chapter_id__in=chapter_ids
        ).values_list("action_id", "organisation__name")
    )
    source_ids = Action.objects.filter(in_chapters).values("proposal_id")
    authors = _names(
        Proposal.authors.through.objects.filter(proposal_id__in=source_ids)
        .order_by("user__name")
        .values_list("proposal_id", "user__name")
    )
    supporting = _names(
        Support.objects.filter(stance=Stance.SUPPORT, proposal_id__in=source_ids).values_list(
            "proposal_id", "organisation__name"
        )
    )
    merged = merged_sources(row["proposal_id"] for row in action_rows)
    conclusions = _conclusions_by_sector([c.sector_id for c in chapters if c.sector_id])
    day = functools.cache(_day)  # a pact has few distinct dates

    def action_dict(row: dict, number: str) -> dict:
        sources = merged[row["proposal_id"]]
        supporters = set(supporting.get(row["proposal_id"], ()))
        supporters.update(s.organisation.name for p in sources for s in p.supporting)
        starts_at = row["proposal__atelier__starts_at"]
        return {
            "id": row["id"],
            "number": number,
            "title": row["title"],
            "description": row["description"],
            "description_html": row["description_html"],
            "trekker": row["trekker__name"] or "",
            "partners": sorted(partners.get(row["id"], ())),
            "timing": format_timing(row["timing_start"], row["timing_end"], day),
            "indicators": row["indicators"],
            "budget": format_money(row["budget"]),
            "supporters": sorted(supporters),
            "proposal": {
                "id": row["proposal_id"],
                "reference": reference(row["proposal_id"]),
                "title": row["proposal__title"],
                "organisation": row["proposal__organisation__name"] or "",
                "authors": authors.get(row["proposal_id"], []),
                "atelier": row["proposal__atelier__title"] or "",
                "atelier_date": day(starts_at.date()) if starts_at else "",
            },
            "merged": [_source_dict(p) for p in sources],
        }

    result = []
    for n, ch in enumerate(chapters, start=1):
        objectives = []
        for i, so in enumerate(strategic.get(ch.pk, ()), start=1):
            operational_list = []
            for j, oo in enumerate(operational.get(so["id"], ()), start=1):
                operational_list.append(
                    {
                        "id": oo["id"],
                        "number": f"{n}.{i}.{j}",
                        "title": oo["title"],
                        "actions": [
                            action_dict(row, f"{n}.{i}.{j}.{k}")
                            for k, row in enumerate(actions.get(oo["id"], ()), start=1)
                        ],
                    }
                )
            objectives.append(
                {
                    "id": so["id"],
                    "number": f"{n}.{i}",
                    "title": so["title"],
                    "description": so["description"],
                    "description_html": so["description_html"],
                    "operational": operational_list,
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
            "date": _day(a.starts_at.date()),
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

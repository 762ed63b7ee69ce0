"""A readable diff between two revisions of a proposal: per field, word by word (core.diff)."""

from streekpact.core.diff import word_diff

from .models import REVISED_FIELDS, Revision


def revision_diff(previous: Revision | None, current: Revision) -> list[dict]:
    """One entry per field: its label, whether it changed, and the word diff."""
    result = []
    for field in REVISED_FIELDS:
        old = getattr(previous, field) if previous else ""
        new = getattr(current, field)
        result.append(
            {
                "field": field,
                "label": Revision._meta.get_field(field).verbose_name,
                "changed": (old or "") != (new or ""),
                "parts": word_diff(old, new),
            }
        )
    return result

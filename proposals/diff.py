"""A readable diff between two revisions of a proposal: per field, word by word (difflib)."""

import re
from difflib import SequenceMatcher

from .models import REVISED_FIELDS, Revision

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in 'equal', 'insert', 'delete'; whitespace kept so lines survive."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                parts.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                parts.append(("insert", "".join(b[j1:j2])))
    return parts


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

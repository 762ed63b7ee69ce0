"""The one word diff of the portal: proposal revisions and pact drafts both compare text with it."""

import re
from difflib import SequenceMatcher
from typing import NamedTuple

# A word or a run of whitespace: whitespace is kept so that line breaks survive the diff.
_TOKENS = re.compile(r"\s+|[^\s]+")


class DiffPart(NamedTuple):
    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The parts of `new` against `old`, word by word; a replacement is a delete then an insert.

    Joining the "equal" and "delete" texts gives `old` back; "equal" and "insert" give `new`.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("delete", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("insert", "".join(b[j1:j2])))
    return parts

"""An amendment against the draft, field by field, with the core word diff for texts."""

from streekpact.core.diff import word_diff
from streekpact.core.money import format_money

from .models import Reaction

#: The fields an amendment may change, their Dutch label, and how the snapshot holds them.
FIELD_LABELS = (
    ("proposed_title", "title", "Formulering"),
    ("proposed_description", "description", "Beschrijving"),
    ("proposed_trekker", "trekker", "Trekker"),
    ("proposed_timing_start", "timing", "Timing (van)"),
    ("proposed_timing_end", "timing", "Timing (tot)"),
    ("proposed_indicators", "indicators", "Indicatoren"),
    ("proposed_budget", "budget", "Budget"),
)


def _diff(old: str, new: str) -> list[dict]:
    return [{"op": op, "text": text} for op, text in word_diff(old, new)]


def amendment_changes(reaction: Reaction, section: dict) -> list[dict]:
    """[{"label", "old", "new", "diff"}] for every field the amendment proposes."""
    if reaction.kind != "amendment":
        return []
    changes = []
    for name, key, label in FIELD_LABELS:
        value = getattr(reaction, name)
        if value in ("", None):
            continue
        old = str(section.get(key) or "")
        if name == "proposed_budget":
            new = format_money(value)
        elif name in ("proposed_timing_start", "proposed_timing_end"):
            new = value.strftime("%d/%m/%Y")
        else:
            new = str(value)
        changes.append({"label": label, "old": old, "new": new, "diff": _diff(old, new)})
    return changes

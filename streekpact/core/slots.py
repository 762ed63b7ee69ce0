"""Template slots: how a lower page shows what a higher app contributes, without naming it.

A page of a lower app marks a place with `{% slot "sector_detail" %}`; a higher app fills it in
its AppConfig.ready() with `slots.register("sector_detail", "proposals/includes/….html")`.
The page renders whatever is registered, with its own context; with nothing registered the
slot is empty. So the sector page lists ateliers and proposals, but sectors never names them.

Slots in use (the context each template receives is the page's):
- "draft_detail": sections below a draft's status (`draft`).
- "home": panels on the home page (`user`, `request`).
- "sector_detail": sections below a sector (`sector`).
- "atelier_detail": sections below an atelier's report (`atelier`, `can_capture`).
- "atelier_conclusion": actions beside one conclusion of a report (`atelier`, `conclusion`,
  `can_capture`: the user may capture contributions of this atelier).
- "organisation_detail": sections below an organisation's members (`organisation`, `user`).
- "footer": links in every page's footer (`request`): the legal pages.
- "public_action": below an action on the public site (`action`, `adoption`,
  `monitoring_status`): monitoring shows the action's latest published status there.
"""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class _Entry:
    order: int
    template_name: str


_registry: dict[str, list[_Entry]] = {}


def register(slot: str, template_name: str, *, order: int = 100) -> None:
    """Render `template_name` in `slot`, before entries with a higher `order`. Idempotent."""
    entries = _registry.setdefault(slot, [])
    entry = _Entry(order, template_name)
    if entry not in entries:
        entries.append(entry)
        entries.sort()


def templates(slot: str) -> list[str]:
    """The templates registered for `slot`, in order."""
    return [entry.template_name for entry in _registry.get(slot, [])]

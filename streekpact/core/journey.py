"""The pact's journey: the steps of the process, where the pact is now, and what the signed-in
person can do next (docs/design.md, "The journey registry").

Each app registers its step in `AppConfig.ready()`::

    from streekpact.core import journey
    journey.register("proposals", order=20, title=_("Proposals"), status=proposals_step)

`status(user, sector)` returns a `StepStatus`: the step's state ("done", "current" or
"upcoming"), a one-line summary and up to a few `NextAction`s for that user (a label with a
link, e.g. "2 proposals of your organisation wait for submission"). `sector` is None on the
home page and a Sector on a sector's page: the function then counts only that sector.

The process has six steps. Core registers a placeholder for each (`upcoming`, no actions); an
app that registers the same key replaces it. So the timeline is whole from the start, and
consultation, adoption and monitoring appear with their real state once their apps register.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext_lazy as _

State = Literal["done", "current", "upcoming"]
STATES = ("done", "current", "upcoming")


@dataclass(frozen=True)
class NextAction:
    """Something the user can do now: `label` (translated text) and where (`url`)."""

    label: str
    url: str
    primary: bool = False


@dataclass(frozen=True)
class StepStatus:
    state: State
    summary: str = ""
    actions: tuple[NextAction, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.state not in STATES:
            raise ValueError(f"unknown journey state {self.state!r}")


@dataclass(frozen=True)
class Step:
    key: str
    order: int
    title: str
    status: Callable[..., StepStatus]


@dataclass(frozen=True)
class ShownStep:
    """One step as the timeline shows it to one user."""

    key: str
    title: str
    state: State
    summary: str
    actions: tuple[NextAction, ...]
    is_now: bool = False


_registry: dict[str, Step] = {}


def register(key: str, *, order: int, title, status: Callable[..., StepStatus]) -> None:
    """Add (or replace) the step `key` at `order` (10, 20, ... in the process's order)."""
    _registry[key] = Step(key=key, order=order, title=title, status=status)


def steps() -> list[Step]:
    return sorted(_registry.values(), key=lambda step: step.order)


def journey_for(user, sector=None) -> list[ShownStep]:
    """Every step with its state and the user's next actions; the pact is "now" at the last
    step that is current (or, with none current, at the first that is not done)."""
    shown = []
    for step in steps():
        status = step.status(user, sector)
        shown.append(
            ShownStep(
                key=step.key,
                title=step.title,
                state=status.state,
                summary=status.summary,
                actions=tuple(status.actions),
            )
        )
    current = [i for i, s in enumerate(shown) if s.state == "current"]
    if current:
        now = current[-1]
    else:
        now = next((i for i, s in enumerate(shown) if s.state != "done"), len(shown) - 1)
    if shown:
        shown[now] = ShownStep(**{**shown[now].__dict__, "is_now": True})
    return shown


def _later(user, sector=None) -> StepStatus:
    return StepStatus("upcoming", str(_("Follows later in the process.")))


#: The process's steps before any app registers its own (placeholders, replaced by the apps).
PROCESS = (
    ("ateliers", 10, _("Inspiration workshops")),
    ("proposals", 20, _("Proposals")),
    ("drafts", 30, _("Drafts of the pact")),
    ("consultation", 40, _("Consultation")),
    ("adoption", 50, _("Adoption")),
    ("monitoring", 60, _("Monitoring")),
)
ORDER = {key: order for key, order, _title in PROCESS}
TITLES = {key: title for key, _order, title in PROCESS}
for _key, _order, _title in PROCESS:
    register(_key, order=_order, title=_title, status=_later)

"""Why an action changed between two drafts, as told by the apps above the pact.

The pact does not know who asked for a change; a higher app does (an applied amendment of a
consultation round). It registers a function in its `AppConfig.ready()`; when a draft is
frozen, every reworded action of the change list gets the labels those functions give it
("gewijzigd na amendement van Voka, A-0007"). With nothing registered the list is unchanged.

The same apps may add annexes to the next draft (the answer note of a finished consultation
round): plain data, frozen in the draft's snapshot, rendered by the pact's own template:
{"title": str, "intro": str, "blocks": [{"heading": str, "entries": [{"head": str,
"html": stored sanitised HTML, "lines": [str]}]}]}.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

#: fn(action_ids, since) -> {action_id: [label, ...]}: labels in Dutch (the document's language).
Explainer = Callable[[Iterable[int], datetime | None], dict[int, list[str]]]

_explainers: list[Explainer] = []


def register(explainer: Explainer) -> None:
    """Add an explainer (idempotent)."""
    if explainer not in _explainers:
        _explainers.append(explainer)


def explain(action_ids: list[int], since: datetime | None) -> dict[int, list[str]]:
    """Every registered explainer's labels for the given actions, changed after `since`."""
    labels: dict[int, list[str]] = {}
    if not action_ids:
        return labels
    for explainer in _explainers:
        for pk, found in explainer(action_ids, since).items():
            labels.setdefault(pk, []).extend(found)
    return labels


#: fn(since) -> [annex, ...]: what a higher app adds to a draft frozen after `since`.
AnnexProvider = Callable[[datetime | None], list[dict]]

_annex_providers: list[AnnexProvider] = []


def register_annexes(provider: AnnexProvider) -> None:
    """Add an annex provider (idempotent)."""
    if provider not in _annex_providers:
        _annex_providers.append(provider)


def annexes(since: datetime | None) -> list[dict]:
    """The annexes every registered provider gives for a draft frozen now."""
    return [annex for provider in _annex_providers for annex in provider(since)]

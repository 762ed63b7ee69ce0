"""Why an action changed between two drafts, as told by the apps above the pact.

The pact does not know who asked for a change; a higher app does (an applied amendment of a
consultation round). It registers a function in its `AppConfig.ready()`; when a draft is
frozen, every reworded action of the change list gets the labels those functions give it
("gewijzigd na amendement van Voka, A-0007"). With nothing registered the list is unchanged.
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

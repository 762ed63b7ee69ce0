"""Kinds of notification: every mail of the portal is one, and each person tunes them.

An app registers its kinds in its `AppConfig.ready()`, one line each:

    register_kind("proposals.submitted", _("New proposals in my sectors"))
    register_kind("ateliers.registration", _("My atelier registrations"), choosable=False)

and names the kind when it sends (`send_templated_mail(kind="proposals.submitted", ...)`).
Sending with a kind nobody registered raises `UnknownKind`: there is no mail outside the registry.

- `choosable` kinds appear on the profile; each person picks immediately / daily digest / off
  (no row = the kind's `default`). Kinds that are not choosable (confirmations of what the person
  asked, a cancelled atelier, a password reset) always go out immediately.
- `listed` kinds also leave an entry in the person's in-portal list ("what is new for me"),
  whatever they chose for e-mail, so nobody depends on mail. Only saved accounts have a list:
  guests without an account and invitees just get the mail.

See docs/notifications.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from .models import Delivery, NotificationPreference


class UnknownKind(LookupError):
    """A mail was sent with a kind that no app registered."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str | Promise
    choosable: bool = True
    default: str = Delivery.IMMEDIATE
    listed: bool = True


_KINDS: dict[str, Kind] = {}


def register_kind(
    name: str,
    label: str | Promise,
    *,
    choosable: bool = True,
    default: str = Delivery.IMMEDIATE,
    listed: bool = True,
) -> Kind:
    """Register a kind of notification (call from `AppConfig.ready()`); idempotent."""
    if default not in Delivery.values:
        raise ValueError(f"unknown delivery {default!r}")
    if not choosable and default != Delivery.IMMEDIATE:
        raise ValueError("a kind nobody can choose is sent immediately")
    if choosable and not listed:
        raise ValueError("a choosable kind is listed (its digest and 'off' rely on the list)")
    kind = Kind(name=name, label=label, choosable=choosable, default=default, listed=listed)
    _KINDS[name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownKind(
            f"notification kind {name!r} is not registered (register_kind in the app's ready())"
        ) from None


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)


def choosable_kinds() -> list[Kind]:
    """The kinds a person sets on their profile, in a stable order."""
    return [k for k in all_kinds() if k.choosable]


def deliveries_for(users, kind: Kind) -> dict[int, str]:
    """How each of `users` (saved accounts) receives `kind`: one query for all of them."""
    pks = [u.pk for u in users if getattr(u, "pk", None)]
    if not kind.choosable:
        return dict.fromkeys(pks, Delivery.IMMEDIATE)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=pks, kind=kind.name).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, kind.default) for pk in pks}


def preferences_of(user) -> dict[str, str]:
    """Every choosable kind with this person's delivery (their choice or the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {k.name: chosen.get(k.name, k.default) for k in choosable_kinds()}


def preferences_set(*, user, choices: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Store `choices` (kind name → delivery) for `user`; returns what changed (old, new).

    Callers (the profile service) run this inside their transaction and record the audit entry.
    """
    before = preferences_of(user)
    changed = {}
    for name, delivery in choices.items():
        kind = get_kind(name)
        if not kind.choosable or delivery not in Delivery.values:
            raise ValueError(f"cannot set {name!r} to {delivery!r}")
        if before.get(name) != delivery:
            changed[name] = (before.get(name), delivery)
        NotificationPreference.objects.update_or_create(
            user=user, kind=name, defaults={"delivery": delivery}
        )
    return changed

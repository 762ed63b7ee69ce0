"""The audit log: every service that changes state records who did what, to which object.

Services call `audit_record(by=..., verb=..., target=...)` inside their transaction, so an entry
is committed together with the change (or rolled back with it). The request (its id and the
client's IP) is taken from `AuditRequestMiddleware` through a context variable, so services
keep their signatures; outside a request (beat, worker, commands) these stay empty and the
actor is whoever the service was told acted (`by`), or nobody ("the system").
"""

import contextvars
import datetime as dt
import decimal
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, Organisation, User


@dataclass(frozen=True)
class RequestInfo:
    request_id: str
    ip: str | None
    user: object | None  # the request's (lazy) user


_current_request: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "streekpact_audit_request", default=None
)


class AuditRequestMiddleware:
    """Tags the request with an id (kept from `X-Request-ID` when a proxy sets one) and its IP,
    for the audit entries its services write; answers carry the id in `X-Request-ID`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:32] or uuid.uuid4().hex
        info = RequestInfo(
            request_id=request_id,
            ip=request.META.get("REMOTE_ADDR") or None,
            user=getattr(request, "user", None),
        )
        token = _current_request.set(info)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response.setdefault("X-Request-ID", request_id)
        return response


def _plain(value):
    """A JSON-safe rendering of a field value for the `changes` record."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.Manager):  # a many-to-many field
        return sorted(str(item) for item in value.all())
    if isinstance(value, list | tuple | set | frozenset) or hasattr(value, "__iter__"):
        return sorted(str(item) for item in value)
    return str(value)


def _change(value):
    """A change as stored: a tuple `(old, new)` becomes `{"from": old, "to": new}`; any other
    value (a new object's field, a list of names) is stored as it is."""
    if isinstance(value, tuple) and len(value) == 2:
        return {"from": _plain(value[0]), "to": _plain(value[1])}
    return _plain(value)


def snapshot(instance: models.Model, fields) -> dict:
    """The current values of `fields` of `instance`, for `changes_since`."""
    return {name: _plain(getattr(instance, name, None)) for name in fields}


def changes_since(before: dict, instance: models.Model) -> dict:
    """`{field: (old, new)}` for the fields of `before` whose value changed."""
    after = snapshot(instance, before)
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}


def organisation_of(target) -> Organisation | None:
    """The organisation whose members may read entries about `target`."""
    if isinstance(target, Organisation):
        return target
    if isinstance(target, User):
        return target.organisation
    organisation_id = getattr(target, "organisation_id", None)
    if organisation_id is not None:
        return Organisation(pk=organisation_id)
    return None


def audit_record(
    *,
    by,
    verb: str,
    target: models.Model,
    changes: dict | None = None,  # {field: (old, new)} for a change, {field: value} otherwise
    organisation: Organisation | None = None,
    action: str = "",
) -> AuditEntry:
    """Record a state change. `by` is the acting person (None: the request's user, or the
    system); `organisation` defaults to the target's own (see `organisation_of`)."""
    info = _current_request.get()
    actor = by
    if actor is None and info is not None and getattr(info.user, "is_authenticated", False):
        actor = info.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if organisation is None:
        organisation = organisation_of(target)
    return AuditEntry.objects.create(
        actor=actor,
        actor_repr=str(actor)[:200] if actor is not None else "",
        organisation_id=getattr(organisation, "pk", None),
        verb=verb,
        action=action[:60] or verb,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes={name: _change(value) for name, value in (changes or {}).items()},
        request_id=info.request_id if info else "",
        ip=info.ip if info else None,
    )

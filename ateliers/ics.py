"""iCalendar (RFC 5545) for ateliers: one event per atelier, and a feed of upcoming ones.

Written with the `icalendar` package (escaping, line folding at 75 octets, CRLF). Times are
written in UTC ("Z"), so no VTIMEZONE is needed and every calendar client converts them to
its own zone.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from streekpact.core.markdown import markdown_to_text

from .models import Atelier, AtelierStatus

PRODID = "-//RESOC Mechelen//Streekpact ateliers//NL"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "streekpact.local"


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def event(atelier: Atelier, *, now: datetime) -> icalendar.Event:
    """The VEVENT of one atelier; a cancelled atelier stays in, marked CANCELLED."""
    description = markdown_to_text(atelier.description)
    if atelier.online_url:
        description = f"{description}\n\n{atelier.online_url}".strip()
    location = atelier.location or atelier.online_url
    vevent = icalendar.Event()
    vevent.add("uid", f"atelier-{atelier.pk}@{_host()}")
    vevent.add("dtstamp", _utc(now))
    vevent.add("dtstart", _utc(atelier.starts_at))
    vevent.add("dtend", _utc(atelier.ends_at))
    vevent.add("sequence", atelier.sequence)
    vevent.add("summary", atelier.title)
    vevent.add("url", settings.SITE_URL.rstrip("/") + atelier.get_absolute_url())
    cancelled = atelier.status == AtelierStatus.CANCELLED
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if location:
        vevent.add("location", location)
    if description:
        vevent.add("description", description)
    vevent.add("categories", [atelier.sector.name])
    vevent.add("last-modified", _utc(atelier.updated_at))
    return vevent


def calendar(ateliers: Iterable[Atelier], *, name: str, now: datetime | None = None) -> str:
    """A VCALENDAR with one VEVENT per atelier, as a string with CRLF line endings."""
    now = now or timezone.now()
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for atelier in ateliers:
        cal.add_component(event(atelier, now=now))
    return cal.to_ical().decode("utf-8")


def calendar_response(body: str, filename: str) -> HttpResponse:
    """The calendar as a download calendar apps recognise."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

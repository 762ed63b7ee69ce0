"""iCalendar (RFC 5545) for ateliers: one event per atelier, and a feed of upcoming ones.

Small enough to write by hand rather than add a dependency: text values are escaped
(backslash, semicolon, comma, newline), content lines are folded at 75 octets without splitting
a UTF-8 character, lines end in CRLF, and times are written in UTC ("Z"), so no VTIMEZONE is
needed and every calendar client converts them to its own zone.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from .models import Atelier, AtelierStatus

PRODID = "-//RESOC Mechelen//Streekpact ateliers//NL"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 §3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = 74  # continuation lines start with one space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def format_utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "streekpact.local"


def event_lines(atelier: Atelier, *, now: datetime) -> list[str]:
    url = settings.SITE_URL.rstrip("/") + atelier.get_absolute_url()
    description = atelier.description
    if atelier.online_url:
        description = f"{description}\n\n{atelier.online_url}".strip()
    location = atelier.location or atelier.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:atelier-{atelier.pk}@{_host()}",
        f"DTSTAMP:{format_utc(now)}",
        f"DTSTART:{format_utc(atelier.starts_at)}",
        f"DTEND:{format_utc(atelier.ends_at)}",
        f"SEQUENCE:{atelier.sequence}",
        f"SUMMARY:{escape_text(atelier.title)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if atelier.status == AtelierStatus.CANCELLED else 'CONFIRMED'}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append(f"CATEGORIES:{escape_text(atelier.sector.name)}")
    lines.append(f"LAST-MODIFIED:{format_utc(atelier.updated_at)}")
    lines.append("END:VEVENT")
    return lines


def calendar(ateliers: Iterable[Atelier], *, name: str, now: datetime | None = None) -> str:
    """A VCALENDAR with one VEVENT per atelier, as a string with CRLF line endings."""
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for atelier in ateliers:
        lines.extend(event_lines(atelier, now=now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

"""iCalendar output (RFC 5545): escaping, folding, UTC times, the feed and its token."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ateliers import ics
from ateliers.models import AtelierStatus
from ateliers.views.common import feed_token

from .factories import AtelierFactory

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_text_is_escaped(chemie):
    # Was a unit test of the hand-written escape_text(); icalendar escapes now, same result.
    atelier = AtelierFactory(sector=chemie, title="a,b;c\\d\ne")
    assert "SUMMARY:a\\,b\\;c\\\\d\\ne" in unfold(ics.calendar([atelier], name="Test"))


def test_fold_keeps_lines_within_75_octets_and_utf8_intact(chemie):
    # Was a unit test of the hand-written fold(); icalendar folds now, same guarantees.
    description = "é" * 100 + "x" * 50
    atelier = AtelierFactory(sector=chemie, description=description, online_url="")
    body = ics.calendar([atelier], name="Test")
    for part in body.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert f"DESCRIPTION:{description}" in unfold(body)


def test_event_times_in_utc_summer_and_winter(chemie):
    summer = AtelierFactory(
        sector=chemie,
        starts_at=dt.datetime(2026, 6, 12, 14, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2026, 6, 12, 17, 0, tzinfo=BRUSSELS),
    )
    winter = AtelierFactory(
        sector=chemie,
        starts_at=dt.datetime(2026, 12, 11, 14, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2026, 12, 11, 17, 0, tzinfo=BRUSSELS),
    )
    lines = unfold(ics.calendar([summer, winter], name="Test"))
    assert "DTSTART:20260612T120000Z" in lines
    assert "DTEND:20260612T150000Z" in lines
    assert "DTSTART:20261211T130000Z" in lines


def test_the_ics_download(client_for, chemie):
    atelier = AtelierFactory(
        sector=chemie,
        title="Chemie, farma; en meer",
        description="Regel een\nRegel twee, met komma. " + "Lang " * 40,
        location="Lamot, Van Beethovenstraat 8, 2800 Mechelen",
    )
    response = client_for("partner").get(f"/ateliers/{atelier.pk}/atelier.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert all(len(raw.encode()) <= 75 for raw in body.split("\r\n"))
    lines = unfold(body)
    assert "SUMMARY:Chemie\\, farma\\; en meer" in lines
    assert any(
        line.startswith("DESCRIPTION:Regel een\\nRegel twee\\, met komma.") for line in lines
    )
    assert "LOCATION:Lamot\\, Van Beethovenstraat 8\\, 2800 Mechelen" in lines
    assert f"UID:atelier-{atelier.pk}@127.0.0.1" in lines
    assert "STATUS:CONFIRMED" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)


def test_cancelled_atelier_is_marked_cancelled_with_a_higher_sequence(client_for, atelier, staff):
    from ateliers import services

    services.atelier_cancel(atelier=atelier, by=staff, message="Sorry")
    lines = unfold(
        client_for("partner").get(f"/ateliers/{atelier.pk}/atelier.ics").content.decode()
    )
    assert "STATUS:CANCELLED" in lines
    assert "SEQUENCE:1" in lines


def test_feed_lists_upcoming_ateliers(client_for, chemie):
    upcoming = AtelierFactory(sector=chemie, title="Straks")
    AtelierFactory(
        sector=chemie,
        title="Lang geleden",
        starts_at=timezone.now() - dt.timedelta(days=90),
        status=AtelierStatus.REPORT_PUBLISHED,
        report_published_at=timezone.now(),
    )
    body = client_for("partner").get("/ateliers/calendar.ics").content.decode()
    assert f"UID:atelier-{upcoming.pk}@" in body
    assert "Lang geleden" not in body


def test_feed_with_a_personal_token_works_without_a_session(client, partner, chemie):
    AtelierFactory(sector=chemie, title="Straks")
    response = client.get(f"/ateliers/calendar/{feed_token(partner)}.ics")
    assert response.status_code == 200
    assert "SUMMARY:Straks" in response.content.decode()


def test_feed_with_a_forged_token_is_404(client, partner):
    token = feed_token(partner)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/ateliers/calendar/{forged}.ics").status_code == 404
    # The signed links of before (user pk + signature) answer 404 as well.
    assert client.get(f"/ateliers/calendar/{partner.pk}.abcdefgh.ics").status_code == 404


def test_feed_without_session_or_token_asks_to_log_in(client):
    response = client.get("/ateliers/calendar.ics")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_feed_token_of_a_deactivated_user_stops_working(client, partner):
    token = feed_token(partner)
    partner.is_active = False
    partner.save()
    assert client.get(f"/ateliers/calendar/{token}.ics").status_code == 404


def test_the_description_is_text_not_markdown(chemie):
    atelier = AtelierFactory(sector=chemie, description="**Welkom** bij het atelier.\n\n- koffie")
    lines = unfold(ics.calendar([atelier], name="Test"))
    assert "DESCRIPTION:Welkom bij het atelier.\\n\\n- koffie" in lines

"""A broker outage loses nothing: the journey with a real worker (issue 15, "What to build" 3).

The web process (this test) is pointed at a closed port while people submit a proposal,
approve it, register for an atelier and request a draft of the pact, all through the pages
as rendered. Every page succeeds and says the mail or PDF will follow. Then the broker is
back: the relay hands the work to the real worker, every mail arrives once and the draft
renders. Handing everything over a second time (as after a relay crash) changes nothing.
"""

import time

import pytest
from django.urls import reverse

from ateliers.models import Registration, RegistrationStatus
from pact.models import Draft, DraftStatus
from proposals.models import ProposalStatus
from streekpact.core import outbox
from streekpact.core.models import OutboxKind, OutboxMessage
from tests.factories import AtelierFactory, ProposalFactory, UserFactory
from tests.outbox import CLOSED_BROKER, broker_at, wait_until_idle

pytestmark = pytest.mark.worker

MAIL_NOTE = "De e-mail wordt verstuurd zodra de taakdienst weer bereikbaar is."
PDF_NOTE = "De pdf wordt gemaakt zodra de taakdienst weer bereikbaar is."
SEPARATOR = "\n" + "-" * 79 + "\n"


def _mails(directory) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the worker's file backend wrote."""
    found = []
    for path in sorted(directory.glob("*.log")):
        for message in path.read_text().split(SEPARATOR):
            headers = dict(
                line.split(": ", 1)
                for line in message.split("\n\n", 1)[0].splitlines()
                if ": " in line
            )
            if "To" in headers:
                found.append((headers["To"], headers.get("Subject", "")))
    return found


def _poll(condition, timeout: float = 90, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout} s: {what}")


def _form(page, action: str):
    return next(f for f in page.forms.values() if f.action == action)


def test_nothing_is_lost_when_the_broker_is_down(
    celery_worker, django_app, settings, placed, chemie, lead, partner, staff, chair
):
    settings.MEDIA_ROOT = celery_worker.media_root
    wait_until_idle(celery_worker)
    for old in celery_worker.mail_dir.glob("*.log"):
        old.unlink()
    author = UserFactory(email="auteur@vdab.test", organisation=partner.organisation)
    proposal = ProposalFactory(sector=chemie, created_by=author, status=ProposalStatus.DRAFT)
    atelier = AtelierFactory(sector=chemie, capacity=10)

    with broker_at(CLOSED_BROKER):
        # A VDAB member submits; the page succeeds and says the mail follows.
        page = django_app.get(proposal.get_absolute_url(), user=author)
        page = _form(page, reverse("proposals:submit", args=[proposal.pk])).submit().follow()
        assert MAIL_NOTE in page.text
        # Staff approve it.
        page = django_app.get(proposal.get_absolute_url(), user=staff)
        form = _form(page, reverse("proposals:decide", args=[proposal.pk]))
        form["decision"] = ProposalStatus.APPROVED
        form["answer"] = "Goedgekeurd: een actie in het pact."
        page = form.submit().follow()
        assert MAIL_NOTE in page.text
        # A partner registers for an atelier.
        page = django_app.get(atelier.get_absolute_url(), user=partner)
        page = _form(page, reverse("ateliers:register", args=[atelier.pk])).submit().follow()
        assert MAIL_NOTE in page.text
        # The chair requests a draft of the pact.
        page = django_app.get(reverse("pact:draft_request"), user=chair)
        page = _form(page, reverse("pact:draft_request")).submit().follow()
        assert PDF_NOTE in page.text

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert Registration.objects.get(atelier=atelier, user=partner).status == (
        RegistrationStatus.REGISTERED
    )
    draft = Draft.objects.get()
    assert draft.status == DraftStatus.QUEUED
    pending = OutboxMessage.objects.pending()
    assert sorted(pending.values_list("task_name", flat=True)) == [
        "ateliers.tasks.send_registration_mail",
        "pact.tasks.render_draft",
        "proposals.tasks.notify_status_change",
        "proposals.tasks.notify_submission",
    ]
    assert _mails(celery_worker.mail_dir) == []

    # The broker is back (broker_at restored it): the relay hands everything over.
    assert outbox.relay_pending() == (4, 0)
    assert not OutboxMessage.objects.pending().exists()

    def rendered():
        draft.refresh_from_db()
        return draft.status in (DraftStatus.READY, DraftStatus.FAILED)

    _poll(rendered, what="the draft renders")
    assert draft.status == DraftStatus.READY, draft.failure_reason
    assert draft.attempts == 1
    expected = {
        lead.email,  # the submission, to the sector's lead organisation (Voka)
        author.email,  # the decision, to the author
        partner.email,  # the registration
        chair.email,  # the draft is ready
    }
    _poll(
        lambda: expected <= {to for to, _subject in _mails(celery_worker.mail_dir)},
        what=f"mails to {expected}",
    )
    mails = _mails(celery_worker.mail_dir)
    assert len(mails) == len(set(mails)), mails  # every mail once

    # A relay that crashed after the broker took the work hands it all over again.
    assert OutboxMessage.objects.filter(task_name="pact.tasks.send_draft_ready_mail").exists()
    OutboxMessage.objects.update(sent_at=None)
    assert outbox.relay_pending() == (5, 0)
    mail_messages = OutboxMessage.objects.filter(kind=OutboxKind.MAIL).count()
    _poll(
        lambda: celery_worker.log.read_text().count("was already done: skipped") >= mail_messages,
        what="the worker to skip the second delivery of each mail",
    )
    _poll(
        lambda: "is not queued (any more): nothing to do" in celery_worker.log.read_text(),
        what="the worker to skip the second render",
    )
    assert sorted(_mails(celery_worker.mail_dir)) == sorted(mails)
    draft.refresh_from_db()
    assert draft.attempts == 1

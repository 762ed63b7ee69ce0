"""Notifications through a real Celery worker and Redis, sent after the commit."""

import time

import pytest

from proposals import services
from tests.factories import ProposalFactory, UserFactory
from tests.outbox import wait_until_idle

pytestmark = pytest.mark.worker


def _wait_for_mail(directory, count: int, timeout: float = 30) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(directory.glob("*.log"))
        if len(files) >= count:
            return [f.read_text() for f in files]
        time.sleep(0.2)
    return [f.read_text() for f in sorted(directory.glob("*.log"))]


def test_decision_mail_is_sent_by_the_worker(celery_worker, chemie, staff):
    wait_until_idle(celery_worker)  # a late mail of an earlier test must not count here
    for old in celery_worker.mail_dir.glob("*.log"):
        old.unlink()
    author = UserFactory(email="auteur@vdab.test", language="en")
    proposal = ProposalFactory(sector=chemie, created_by=author, status="submitted")
    services.proposal_decide(
        proposal=proposal, by=staff, decision="approved", answer="Approved: a pact action."
    )
    mails = _wait_for_mail(celery_worker.mail_dir, 1)
    assert len(mails) == 1
    assert "auteur@vdab.test" in mails[0]
    assert "Approved: a pact action." in mails[0]

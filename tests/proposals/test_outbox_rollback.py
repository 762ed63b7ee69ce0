"""Every proposals service that queues a mail queues it only when its transaction commits."""

import pytest

from proposals import services
from proposals.models import ProposalStatus as S
from tests.factories import ProposalFactory, UserFactory
from tests.outbox import assert_enqueued_only_on_commit

pytestmark = pytest.mark.django_db

CASES = {
    "submit": (
        "proposals.tasks.notify_submission",
        lambda p, staff: services.proposal_submit(proposal=p, by=p.created_by),
        S.DRAFT,
    ),
    "withdraw": (
        "proposals.tasks.notify_status_change",
        lambda p, staff: services.proposal_withdraw(proposal=p, by=p.created_by, reason="Dubbel"),
        S.SUBMITTED,
    ),
    "transition": (
        "proposals.tasks.notify_status_change",
        lambda p, staff: services.proposal_transition(
            proposal=p, to_status=S.UNDER_REVIEW, by=staff
        ),
        S.SUBMITTED,
    ),
    "decide": (
        "proposals.tasks.notify_status_change",
        lambda p, staff: services.proposal_decide(
            proposal=p, by=staff, decision=S.APPROVED, answer="Goed idee"
        ),
        S.SUBMITTED,
    ),
    "answer": (
        "proposals.tasks.notify_answer",
        lambda p, staff: services.proposal_answer(proposal=p, by=staff, answer="Ons antwoord"),
        S.APPROVED,
    ),
    "bulk_update": (
        "proposals.tasks.notify_status_change",
        lambda p, staff: services.proposals_bulk_update(
            proposals=[p], by=staff, to_status=S.UNDER_REVIEW
        ),
        S.SUBMITTED,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_nothing_is_queued_when_the_transaction_rolls_back(
    case, chemie, lead, staff, mailoutbox, django_capture_on_commit_callbacks
):
    task_name, call, status = CASES[case]
    author = UserFactory(email="auteur@vdab.test")
    proposal = ProposalFactory(sector=chemie, created_by=author, status=status)

    assert_enqueued_only_on_commit(
        lambda: call(proposal, staff), task_name, django_capture_on_commit_callbacks, mailoutbox
    )
    proposal.refresh_from_db()
    assert proposal.status == status

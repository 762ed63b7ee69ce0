"""The decision mail and the history keep the reason and the official answer apart, and user
Markdown arrives as text."""

import pytest

from proposals import services
from proposals.models import ProposalStatus as S

pytestmark = pytest.mark.django_db


def _decide(submitted, staff, capture, **kwargs):
    with capture(execute=True):
        services.proposal_decide(proposal=submitted, by=staff, **kwargs)
    submitted.refresh_from_db()
    return submitted.status_changes.order_by("pk").last()


def test_an_answer_is_not_the_reason(
    submitted, staff, lead, mailoutbox, django_capture_on_commit_callbacks
):
    change = _decide(
        submitted,
        staff,
        django_capture_on_commit_callbacks,
        decision=S.APPROVED,
        answer="**Goed** idee, zie [de nota](https://resoc.example/nota).",
    )
    assert change.reason == ""  # the history does not show the answer as a reason
    (message,) = mailoutbox
    assert message.to == [lead.email]
    assert "Reden:" not in message.body
    assert message.body.count("Officieel antwoord:") == 1
    assert "Goed idee, zie de nota (https://resoc.example/nota)." in message.body
    assert "**" not in message.body
    html = message.alternatives[0][0]
    assert "**" not in html and "Goed idee" in html


def test_a_reason_and_an_answer_each_once(
    submitted, staff, mailoutbox, django_capture_on_commit_callbacks
):
    change = _decide(
        submitted,
        staff,
        django_capture_on_commit_callbacks,
        decision=S.REJECTED,
        reason="Valt buiten het pact.",
        answer="We nemen dit op in het werkgelegenheidsplan.",
    )
    assert change.reason == "Valt buiten het pact."
    body = mailoutbox[0].body
    assert body.count("Valt buiten het pact.") == 1
    assert body.count("We nemen dit op in het werkgelegenheidsplan.") == 1


def test_a_rejection_with_only_a_reason_says_it_once(
    submitted, staff, mailoutbox, django_capture_on_commit_callbacks
):
    _decide(
        submitted,
        staff,
        django_capture_on_commit_callbacks,
        decision=S.REJECTED,
        reason="Dubbel met V-0001.",
    )
    assert mailoutbox[0].body.count("Dubbel met V-0001.") == 1


def test_the_history_shows_markdown_as_text(
    app_for, submitted, staff, django_capture_on_commit_callbacks
):
    _decide(
        submitted,
        staff,
        django_capture_on_commit_callbacks,
        decision=S.REJECTED,
        reason="Zie **de nota**.",
    )
    page = app_for("lead").get(submitted.get_absolute_url())
    assert "Zie de nota." in page.text and "**de nota**" not in page.text

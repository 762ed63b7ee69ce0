"""The transactional outbox: nothing lost when the broker is down, each message handed over and
run once, the user told what will follow, one retry policy per kind of task."""

import ast
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from proposals.models import ProposalStatus
from proposals.notifications import notify_submission_now
from streekpact.celery import app
from streekpact.core import outbox, taskpolicy
from streekpact.core.models import OutboxKind, OutboxMessage
from tests.factories import ProposalFactory, UserFactory
from tests.outbox import CLOSED_BROKER, broker_at

ROOT = Path(__file__).resolve().parents[2]
NOTIFY = "proposals.tasks.notify_submission"


@pytest.fixture
def submitted_by_vdab(chemie, lead):
    """Submitted in Chemie en farma by a VDAB member: the Voka lead is told (one mail)."""
    author = UserFactory(email="auteur@vdab.test")
    return ProposalFactory(sector=chemie, created_by=author, status=ProposalStatus.SUBMITTED)


def _messages(n: int) -> list[OutboxMessage]:
    return [
        OutboxMessage.objects.create(task_name=NOTIFY, args=[i], kind=OutboxKind.MAIL)
        for i in range(n)
    ]


# --- Broker down -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_the_broker_down_the_work_is_kept_and_nothing_raises(
    submitted_by_vdab, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with (
        broker_at(CLOSED_BROKER),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        outbox.enqueue(NOTIFY, submitted_by_vdab.pk, kind=OutboxKind.MAIL)
    assert time.monotonic() - started < 5  # a request does not hang on a dead broker

    message = OutboxMessage.objects.get()
    assert message.sent_at is None and message.attempts == 1
    assert "OperationalError" in message.last_error
    assert "broker did not take" in caplog.text
    assert outbox.backlog()["pending"] == 1


@pytest.mark.django_db
def test_a_request_that_queues_many_mails_waits_for_the_dead_broker_once(
    django_capture_on_commit_callbacks,
):
    with (
        broker_at(CLOSED_BROKER),
        mock.patch.object(outbox, "_connect", wraps=outbox._connect) as connect,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        for pk in range(3):
            outbox.enqueue(NOTIFY, pk, kind=OutboxKind.MAIL)

    assert connect.call_count == 1
    assert list(OutboxMessage.objects.values_list("attempts", flat=True)) == [1, 0, 0]
    assert outbox.backlog()["pending"] == 3


@pytest.mark.django_db(transaction=True)  # the service really commits, as in production
def test_a_page_saved_while_the_broker_is_down_succeeds_and_says_the_mail_follows(
    client_for, lead, chemie, mailoutbox
):
    draft = ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.DRAFT)
    client = client_for("lead")
    with broker_at(CLOSED_BROKER):
        response = client.post(reverse("proposals:submit", args=[draft.pk]), follow=True)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED
    assert OutboxMessage.objects.pending().filter(task_name=NOTIFY).count() == 1
    notes = [str(m) for m in response.context["messages"]]
    assert "De e-mail wordt verstuurd zodra de taakdienst weer bereikbaar is." in " ".join(notes)
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_no_note_when_the_hand_over_worked(client_for, lead, chemie, mailoutbox):
    draft = ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.DRAFT)
    response = client_for("lead").post(reverse("proposals:submit", args=[draft.pk]), follow=True)
    assert OutboxMessage.objects.get(task_name=NOTIFY).done_at is not None  # ran in-process
    notes = " ".join(str(m) for m in response.context["messages"])
    assert "taakdienst" not in notes


# --- Broker back: handed over once --------------------------------------------------------


@pytest.fixture
def broker():
    """A broker that answers: records what it was given."""
    given = []
    with (
        broker_at("redis://broker.invalid:6379/0"),
        mock.patch.object(outbox, "_connect", return_value=mock.Mock()),
        mock.patch.object(outbox, "_hand_over", side_effect=lambda m, c: given.append(m.task_id)),
    ):
        yield given


@pytest.mark.django_db
def test_when_the_broker_is_back_each_message_is_handed_over_once(broker):
    messages = _messages(3)

    assert outbox.relay_pending() == (3, 0)
    assert outbox.relay_pending() == (0, 0)

    assert broker == [m.task_id for m in messages]
    assert not OutboxMessage.objects.pending().exists()
    assert outbox.backlog() == {"pending": 0, "oldest_pending_seconds": 0}


@pytest.mark.django_db
def test_a_failed_round_stops_at_the_first_error_and_the_next_round_catches_up(broker):
    messages = _messages(3)
    with mock.patch.object(outbox, "_hand_over", side_effect=OperationalError("down")):
        assert outbox.relay_pending() == (0, 1)
    assert list(OutboxMessage.objects.values_list("attempts", flat=True)) == [1, 0, 0]

    assert outbox.relay_pending() == (3, 0)
    assert broker == [m.task_id for m in messages]
    assert list(OutboxMessage.objects.values_list("last_error", flat=True)) == ["", "", ""]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_hand_each_message_over_once():
    """Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED (PostgreSQL)."""
    messages = _messages(6)
    given, lock = [], threading.Lock()

    def slow_hand_over(message, conn):
        time.sleep(0.2)
        with lock:
            given.append(message.task_id)

    barrier = threading.Barrier(2)

    def relay():
        try:
            barrier.wait()
            outbox.relay_pending()
        finally:
            connection.close()

    with (
        broker_at("redis://broker.invalid:6379/0"),
        mock.patch.object(outbox, "_connect", return_value=mock.Mock()),
        mock.patch.object(outbox, "_hand_over", side_effect=slow_hand_over),
    ):
        threads = [threading.Thread(target=relay) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        outbox.relay_pending()  # whatever the second relay skipped while it was locked

    assert sorted(given) == sorted(m.task_id for m in messages)


@pytest.mark.django_db
def test_the_relay_command_hands_over_and_reports_the_backlog(broker, capsys):
    _messages(2)
    call_command("relay_outbox")
    assert "handed over 2, failed 0, pending 0" in capsys.readouterr().out
    assert len(broker) == 2


@pytest.mark.django_db
def test_beat_relays_every_few_seconds(settings, broker):
    entry = settings.CELERY_BEAT_SCHEDULE["core.relay-outbox"]
    assert entry["task"] == "core.relay_outbox" and entry["schedule"] <= 30
    _messages(1)
    app.loader.import_default_modules()
    assert app.tasks["core.relay_outbox"].apply().get() == 1
    assert len(broker) == 1


@pytest.mark.django_db
def test_handed_over_messages_are_purged_after_some_days(settings):
    old, recent, pending = _messages(3)
    now = timezone.now()
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=now - timezone.timedelta(days=8))
    OutboxMessage.objects.filter(pk=recent.pk).update(sent_at=now - timezone.timedelta(days=1))
    settings.OUTBOX_KEEP_DAYS = 7
    assert outbox.purge_sent() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}


# --- Run once -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_mail_handed_over_twice_is_sent_once(submitted_by_vdab, lead, mailoutbox):
    app.loader.import_default_modules()
    task = app.tasks[NOTIFY]
    message = OutboxMessage.objects.create(
        task_name=NOTIFY, args=[submitted_by_vdab.pk], kind=OutboxKind.MAIL
    )

    task.apply(args=message.args, task_id=message.task_id)
    task.apply(args=message.args, task_id=message.task_id)

    assert [m.to for m in mailoutbox] == [[lead.email]]
    message.refresh_from_db()
    assert message.done_at is not None
    task.apply(args=message.args)  # not through the outbox: no guard, it just runs
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_a_mail_that_failed_is_not_marked_done_so_the_retry_sends_it(
    submitted_by_vdab, lead, mailoutbox
):
    app.loader.import_default_modules()
    task = app.tasks[NOTIFY]
    message = OutboxMessage.objects.create(
        task_name=NOTIFY, args=[submitted_by_vdab.pk], kind=OutboxKind.MAIL
    )
    real = notify_submission_now
    calls = []

    def flaky(pk):
        calls.append(pk)
        if len(calls) == 1:
            raise ConnectionError("SMTP server went away")
        return real(pk)

    with mock.patch("proposals.tasks.notify_submission_now", side_effect=flaky):
        with pytest.raises(Retry):
            task.apply(args=message.args, task_id=message.task_id)
        message.refresh_from_db()
        assert message.done_at is None
        task.apply(args=message.args, task_id=message.task_id)  # the retry: same task id

    assert len(calls) == 2
    assert [m.to for m in mailoutbox] == [[lead.email]]
    message.refresh_from_db()
    assert message.done_at is not None


# --- One policy per kind of task, services never import tasks ---------------------------------


def _our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def _follows(task, policy: dict) -> bool:
    for option, value in policy.items():
        if option == "base":
            if not isinstance(task, value):
                return False
        elif getattr(task, option) != value:
            return False
    return True


def test_every_task_follows_one_of_the_retry_policies():
    policies = {
        "mail": taskpolicy.MAIL,
        "render": taskpolicy.RENDER,
        "periodic": taskpolicy.PERIODIC,
    }
    tasks = _our_tasks()
    assert len(tasks) >= 14
    following = {
        name: [kind for kind, policy in policies.items() if _follows(task, policy)]
        for name, task in tasks.items()
    }
    assert {name: kinds for name, kinds in following.items() if len(kinds) != 1} == {}
    mails = {name for name, kinds in following.items() if kinds == ["mail"]}
    assert {NOTIFY, "ateliers.tasks.send_registration_mail"} <= mails
    assert following["pact.tasks.render_draft"] == ["render"]


def test_no_other_retry_dictionaries_remain():
    for tasks_module in ROOT.glob("*/tasks.py"):
        source = tasks_module.read_text()
        assert "autoretry_for" not in source, tasks_module
    assert "autoretry_for" not in (ROOT / "streekpact/core/tasks.py").read_text()


@pytest.mark.parametrize(
    "services",
    sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.glob("**/services.py")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    ),
)
def test_services_do_not_import_tasks(services):
    """Services enqueue by task name through the outbox; importing tasks made a cycle."""
    tree = ast.parse((ROOT / services).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = {node.module or ""} | {f"{node.module}.{a.name}" for a in node.names}
            names |= {a.name for a in node.names}
            assert not any(n == "tasks" or n.endswith(".tasks") for n in names), (
                services,
                ast.dump(node),
            )
        elif isinstance(node, ast.Import):
            assert not any(a.name.endswith(".tasks") for a in node.names), services


@pytest.mark.django_db
def test_operators_see_the_backlog_in_the_admin_read_only(client):
    (message,) = _messages(1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:core_outboxmessage_changelist"))
    assert listing.status_code == 200
    assert NOTIFY in listing.text
    assert client.get(reverse("admin:core_outboxmessage_add")).status_code == 403
    detail = client.post(
        reverse("admin:core_outboxmessage_change", args=[message.pk]), {"task_name": "x"}
    )
    assert detail.status_code == 403
    message.refresh_from_db()
    assert message.task_name == NOTIFY

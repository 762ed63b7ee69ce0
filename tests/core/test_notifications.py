"""Notifications: every mail is of a registered kind; people choose per kind (immediately,
daily digest, off); everything is listed in the portal; the digest is sent once."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from proposals.notifications import notify_submission_now
from streekpact.core import services as core_services
from streekpact.core.mail import send_templated_mail
from streekpact.core.models import Delivery, Digest, Notification, NotificationPreference
from streekpact.core.notifications import UnknownKind, all_kinds, get_kind
from streekpact.core.tasks import send_digest_mail, send_digests
from tests.factories import ProposalFactory, UserFactory
from tests.webforms import form_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_mail_of_an_unregistered_kind_is_refused(lead):
    with pytest.raises(UnknownKind):
        send_templated_mail(
            kind="nobody.registered", recipients=[lead], template_prefix="x", context={}
        )


def test_every_mail_of_the_code_names_a_registered_kind():
    """Each call of send_templated_mail says `kind="..."`, and that kind is registered."""
    calls = 0
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text()
        for call in re.finditer(r"send_templated_mail\((.*?)\n    \)", text, flags=re.S):
            calls += 1
            assert re.search(r"\bkind=", call[1]), f"{path}: send_templated_mail without kind"
            # A literal kind must be registered; a computed one (consultation's f-string) is
            # checked when sent: an unregistered kind raises UnknownKind.
            for kind in re.findall(r'kind=f?"([^"{]+)"', call[1]):
                get_kind(kind)
    assert calls >= 9
    assert {k.name for k in all_kinds()} >= {"proposals.submitted", "core.digest"}


def _submitted(sector, author=None):
    return ProposalFactory(sector=sector, status="submitted", created_by=author or UserFactory())


def test_staff_hear_of_every_submission_with_a_text_and_an_html_part(staff, lead, chemie):
    proposal = _submitted(chemie)
    proposal.summary = "Een **vette** samenvatting"
    assert notify_submission_now(proposal.pk) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    message = by_address[staff.email]
    assert message.subject.startswith("[Streekpact] Nieuw voorstel")
    assert "omdat je bij RESOC werkt" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert proposal.title in html and "<html" in html
    assert f'href="http://127.0.0.1:8000{proposal.get_absolute_url()}"' in html
    # Both also find it in the portal.
    assert Notification.objects.filter(kind="proposals.submitted").count() == 2


def test_off_means_no_mail_but_still_listed(staff, chemie):
    NotificationPreference.objects.create(
        user=staff, kind="proposals.submitted", delivery=Delivery.OFF
    )
    proposal = _submitted(chemie)
    notify_submission_now(proposal.pk)
    assert staff.email not in [m.to[0] for m in mail.outbox]
    entry = Notification.objects.get(user=staff)
    assert entry.link == proposal.get_absolute_url() and entry.read_at is None


def test_the_digest_collects_and_is_sent_once(staff, chemie, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(
        user=staff, kind="proposals.submitted", delivery=Delivery.DIGEST
    )
    first, second = _submitted(chemie), _submitted(chemie)
    notify_submission_now(first.pk)
    notify_submission_now(second.pk)
    assert staff.email not in [m.to[0] for m in mail.outbox]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests.apply().get() == 1
    (digest,) = Digest.objects.all()
    assert digest.sent_at is not None
    (message,) = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == "[Streekpact] Nieuw voor jou: 2 meldingen"
    assert first.reference in message.body and second.reference in message.body
    assert message.alternatives

    # Beat again, a worker that runs the same message again: nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests.apply().get() == 0
    assert send_digest_mail.apply(args=[digest.pk]).get() == 0
    assert len(mail.outbox) == 1
    # What comes later waits for the next day's digest.
    notify_submission_now(_submitted(chemie).pk)
    assert core_services.digests_prepare() == []
    assert Notification.objects.awaiting_digest().count() == 1


def test_one_digest_a_day_even_when_prepared_twice(staff, chemie):
    NotificationPreference.objects.create(
        user=staff, kind="proposals.submitted", delivery=Delivery.DIGEST
    )
    notify_submission_now(_submitted(chemie).pk)
    assert len(core_services.digests_prepare()) == 1
    assert core_services.digests_prepare() == []
    assert Digest.objects.count() == 1


def test_a_kind_nobody_can_choose_is_sent_even_to_who_said_off(lead):
    kind = get_kind("ateliers.registration")
    assert not kind.choosable
    assert all(k.listed for k in all_kinds() if k.choosable)


# --- The in-portal list ---------------------------------------------------------------------


def _notify(user, subject, link="/proposals/"):
    return Notification.objects.create(
        user=user, kind="proposals.decision", subject=subject, link=link, delivery="immediate"
    )


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider"])
def test_each_person_sees_only_their_own_notifications(client_for, cast, role):
    mine = _notify(cast[role], f"Voor {role}")
    others = [_notify(u, f"Niet voor {role}") for r, u in cast.items() if u and r != role]
    page = client_for(role).get(reverse("partners:notifications"))
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.subject in text
    assert not [o for o in others if o.subject in text]
    assert "1 ongelezen melding." in text
    assert 'class="badge' in text  # the navbar's unread count


def test_anonymous_visitors_are_sent_to_the_login(client_for):
    response = client_for("anonymous").get(reverse("partners:notifications"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_opening_a_notification_marks_it_read_and_goes_there(app_for, lead, partner):
    entry = _notify(lead, "Beslissing over V-0001", link="/proposals/")
    _notify(lead, "Nog een")
    page = app_for("lead").get(reverse("partners:notifications"))
    form = form_for(page, reverse("partners:notification_open", args=[entry.pk]))
    response = form.submit()
    assert response.status_code == 302 and response["Location"] == "/proposals/"
    entry.refresh_from_db()
    assert entry.read_at is not None
    page = app_for("lead").get(reverse("partners:notifications"))
    assert "1 ongelezen melding." in page.text
    page = form_for(page, reverse("partners:notifications_read")).submit().follow()
    assert "0 ongelezen meldingen." in page.text
    assert not Notification.objects.filter(user=lead, read_at=None).exists()


def test_someone_elses_notification_cannot_be_opened(client_for, lead, partner):
    entry = _notify(partner, "Van Piet")
    response = client_for("lead").post(reverse("partners:notification_open", args=[entry.pk]))
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.read_at is None


def test_a_link_elsewhere_is_not_followed(client_for, lead):
    entry = _notify(lead, "Verdacht", link="https://evil.example/")
    response = client_for("lead").post(reverse("partners:notification_open", args=[entry.pk]))
    assert response["Location"] == reverse("partners:notifications")


def test_comments_come_in_the_digest_unless_chosen_otherwise(
    lead, outsider, chemie, django_capture_on_commit_callbacks
):
    from proposals import services as proposal_services

    proposal = ProposalFactory(sector=chemie, status="submitted", created_by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        comment = proposal_services.comment_add(proposal=proposal, author=outsider, text="**Ja**")
    assert mail.outbox == []  # comments default to the daily digest
    (entry,) = Notification.objects.filter(user=lead, kind="proposals.comment")
    assert entry.delivery == Delivery.DIGEST and entry.link.endswith("#discussion")

    NotificationPreference.objects.create(
        user=outsider, kind="proposals.comment", delivery=Delivery.IMMEDIATE
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.comment_add(proposal=proposal, author=lead, text="Dank", parent=comment)
    (message,) = mail.outbox  # the one replied to; the replier is not told of their own reply
    assert message.to == [outsider.email]
    assert "Dank" in message.body

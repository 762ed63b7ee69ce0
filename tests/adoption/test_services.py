"""Adopting, signing and rendering: the services and the final PDF."""

import datetime
import subprocess

import pytest
from django.core.exceptions import ValidationError

from adoption import services
from adoption.models import AdoptionStatus, Decision, RenditionStatus, Signature, SignatureScope
from pact import services as pact_services
from pact.models import Action, Draft
from streekpact.partners.models import AuditEntry

pytestmark = pytest.mark.django_db


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_propose_needs_a_ready_whole_draft(placed, staff, chemie_chapter):
    from unittest import mock

    with mock.patch("pact.services._enqueue"):
        queued, _ = pact_services.draft_request(user=staff)
    with pytest.raises(ValidationError, match="klaar ontwerp"):
        services.adoption_propose(draft=queued, by=staff)


def test_one_open_proposal_at_a_time(proposed, staff, placed):
    Action.objects.filter(pk=placed[0].pk).update(title="Stagebank chemie en farma")
    second = pact_services.draft_request_sync(user=staff)
    with pytest.raises(ValidationError, match="al als definitief voorgesteld"):
        services.adoption_propose(draft=second, by=staff)


def test_adopting_freezes_the_text_and_renders_a_final_pdf(adopted, placed, staff):
    assert adopted.status == AdoptionStatus.ADOPTED
    assert adopted.number == 1
    assert adopted.status_line == "Definitieve versie — goedgekeurd op 30 november 2026"
    assert AuditEntry.objects.filter(action="adoption_adopt").count() == 1
    rendition = adopted.renditions.get()
    assert rendition.status == RenditionStatus.READY
    text = pdf_text(rendition.pdf.path)
    assert "Definitieve versie — goedgekeurd op 30 november 2026" in text
    assert "Ontwerp" not in text and "ontwerp" not in text
    assert "Stagebank chemie" in text
    assert "Bijlage 3. Ondertekening" in text
    # Later edits to the live pact do not touch the adopted text; they make a new draft.
    frozen = dict(adopted.snapshot)
    pact_services.action_update(action=placed[0], title="Stagebank voor iedereen", by=staff)
    adopted.refresh_from_db()
    assert adopted.snapshot == frozen
    assert "Stagebank voor iedereen" not in str(adopted.snapshot)
    draft = pact_services.draft_request_sync(user=staff)
    assert draft.version == adopted.draft.version + 1
    assert draft.changes["reworded"]


def test_the_chair_cannot_adopt_twice_nor_a_future_date(proposed, chair):
    with pytest.raises(ValidationError, match="toekomst"):
        services.adoption_adopt(adoption=proposed, adopted_on=datetime.date(2100, 1, 1), by=chair)
    services.adoption_adopt(adoption=proposed, adopted_on=datetime.date(2026, 11, 30), by=chair)
    with pytest.raises(ValidationError):
        services.adoption_adopt(adoption=proposed, adopted_on=datetime.date(2026, 11, 30), by=chair)


def test_signing_records_who_what_when_and_checksum(adopted, signatories, lead):
    signature = services.signature_sign(adoption=adopted, by=lead)
    assert signature.decision == Decision.SIGNED
    assert signature.organisation == lead.organisation
    assert signature.signer_name == "Lien Leider"
    assert signature.function == "gedelegeerd bestuurder"
    assert signature.checksum == adopted.checksum and len(signature.checksum) == 64
    assert signature.at is not None
    with pytest.raises(ValidationError, match="antwoordde al"):
        services.signature_sign(adoption=adopted, by=lead)
    assert Signature.objects.count() == 1


def test_a_second_signatory_of_the_organisation_gets_no_second_signature(
    adopted, signatories, lead, staff, voka
):
    from ..factories import UserFactory

    colleague = UserFactory(email="ceo@voka.test", name="Carl Chef", organisation=voka)
    services.signing_right_grant(user=colleague, function="CEO", by=staff)
    services.signature_sign(adoption=adopted, by=lead)
    with pytest.raises(ValidationError, match="antwoordde al"):
        services.signature_sign(adoption=adopted, by=colleague)
    assert Signature.objects.filter(organisation=voka).count() == 1


def test_without_a_signing_right_no_signature(adopted, outsider):
    with pytest.raises(ValidationError, match="geen tekenrecht"):
        services.signature_sign(adoption=adopted, by=outsider)


def test_declining_needs_a_reason(adopted, signatories, outsider):
    with pytest.raises(ValidationError):
        services.signature_decline(adoption=adopted, reason="  ", by=outsider)
    answer = services.signature_decline(adoption=adopted, reason="Niet akkoord", by=outsider)
    assert answer.decision == Decision.DECLINED and answer.reason == "Niet akkoord"


def test_partial_signing_only_when_allowed(adopted, signatories, lead, staff):
    with pytest.raises(ValidationError, match="hele pact"):
        services.signature_sign(adoption=adopted, scope=SignatureScope.CHAPTERS, by=lead)
    services.adoption_set_partial_signing(adoption=adopted, allowed=True, by=staff)
    signature = services.signature_sign(adoption=adopted, scope=SignatureScope.CHAPTERS, by=lead)
    assert [c["title"] for c in signature.chapters] == ["Chemie en farma"]
    assert signature.checksum != adopted.checksum and len(signature.checksum) == 64


def test_signatures_on_a_superseded_version_stay_with_it(
    adopted, signatories, lead, partner, staff, chair, placed
):
    first = services.signature_sign(adoption=adopted, by=lead)
    pact_services.action_update(action=placed[0], title="Stagebank 2.0", by=staff)
    draft = pact_services.draft_request_sync(user=staff)
    revision = services.adoption_propose(draft=draft, by=staff)
    services.adoption_adopt(adoption=revision, adopted_on=datetime.date(2026, 12, 1), by=chair)
    revision.refresh_from_db()
    assert revision.number == 2
    first.refresh_from_db()
    assert first.adoption == adopted
    with pytest.raises(ValidationError, match="nieuwere versie"):
        services.signature_sign(adoption=adopted, by=partner)
    services.signature_sign(adoption=revision, by=lead)
    assert Signature.objects.filter(adoption=adopted).count() == 1
    assert Signature.objects.filter(adoption=revision).count() == 1


def test_reminders_at_most_once_a_day(
    adopted, signatories, staff, mailoutbox, django_capture_on_commit_callbacks, lead
):
    services.signature_sign(adoption=adopted, by=lead)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signing_remind(adoption=adopted, by=staff)
    recipients = sorted(address for m in mailoutbox for address in m.to)
    # Voka signed: its signatory is not reminded.
    assert recipients == ["boer@boerenbond.test", "outsider@acv.test", "partner@vdab.test"]
    with pytest.raises(ValidationError, match="één keer per dag"):
        services.signing_remind(adoption=adopted, by=staff)


def test_new_rendition_after_signatures_is_numbered_and_kept(
    adopted, signatories, lead, partner, staff, django_capture_on_commit_callbacks, voka, vdab
):
    services.signature_sign(adoption=adopted, by=lead)
    services.signature_sign(adoption=adopted, by=partner)
    with django_capture_on_commit_callbacks(execute=True):
        second, created = services.rendition_request(adoption=adopted, by=staff)
    assert created and second.number == 2
    again, created = services.rendition_request(adoption=adopted, by=staff)
    assert not created and again.pk == second.pk
    second.refresh_from_db()
    assert second.status == RenditionStatus.READY
    assert adopted.renditions.count() == 2
    text = pdf_text(second.pdf.path)
    assert "Lien Leider" in text and "administrateur-generaal" in text
    assert "Piet Partner" in text
    assert "Nog niet ondertekend" in text and "Boerenbond" in text
    assert "Werkgeversorganisatie" in text and "Openbare dienst" in text
    assert "Ontwerp" not in text
    first = adopted.renditions.get(number=1)
    assert "Lien Leider" not in pdf_text(first.pdf.path)


def test_the_final_pdf_is_deterministic_and_tagged(adopted):
    from pact.rendering import render_pdf

    from ..pdfua import pdfua_problems

    rendition = adopted.renditions.get()
    again = render_pdf(rendition.snapshot())
    with rendition.pdf.open("rb") as handle:
        assert again.content == handle.read()
    assert pdfua_problems(rendition.pdf.path) == []
    subprocess.run(["qpdf", "--check", rendition.pdf.path], check=True, capture_output=True)


def test_the_demo_has_an_adopted_pact_with_signatures(
    settings, tmp_path, client, django_capture_on_commit_callbacks
):
    import io

    from django.core.cache import cache
    from django.core.management import call_command

    from adoption.models import Adoption

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    cache.clear()
    adoption = Adoption.objects.current()
    # The demo adopts the draft that came out of its consultation round (the latest one).
    assert adoption is not None
    assert adoption.draft.version == Draft.objects.order_by("-version")[0].version
    assert sorted(s.organisation.short_name for s in adoption.signatures.signed()) == [
        "VDAB",
        "Voka",
    ]
    latest = adoption.renditions.latest_ready()
    assert latest.number == 2 and latest.signing["signed_count"] == 2
    page = client.get("/", follow=True)
    assert "Katrien Peeters" not in page.content.decode()  # names only on the signatories page
    assert "Voka" in page.content.decode()
    # The live pact stays editable: later edits start a new version; the adopted one stays.
    latest_version = Draft.objects.order_by("-version").values_list("version", flat=True)[0]
    action = Action.objects.first()
    pact_services.action_update(action=action, title=f"{action.title} (herzien)")
    assert pact_services.draft_request_sync(user=None).version == latest_version + 1
    assert adoption.draft.version == latest_version
    # The adoption demo runs before monitoring's, so the adopted pact has its periods.
    from monitoring.models import ReportingPeriod

    assert set(ReportingPeriod.objects.monitorable().values_list("title", "status")) == {
        ("2014", "published"),
        ("2015", "open"),
    }


def test_a_failed_render_keeps_a_reason_and_the_earlier_rendition(
    adopted, staff, signatories, lead, monkeypatch, django_capture_on_commit_callbacks
):
    import pact.rendering

    services.signature_sign(adoption=adopted, by=lead)

    def broken(snapshot):
        raise ValueError("kapot")

    monkeypatch.setattr(pact.rendering, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        rendition, _ = services.rendition_request(adoption=adopted, by=staff)
    rendition.refresh_from_db()
    assert rendition.status == RenditionStatus.FAILED and "kapot" in rendition.failure_reason
    assert adopted.renditions.latest_ready().number == 1


def test_a_stranded_rendition_is_queued_again(adopted, staff, settings, signatories, lead):
    from datetime import timedelta

    from django.utils import timezone

    from adoption.models import Rendition

    services.signature_sign(adoption=adopted, by=lead)
    rendition, _ = services.rendition_request(adoption=adopted, by=staff)
    long_ago = timezone.now() - timedelta(seconds=settings.PACT_RENDER_TIME_LIMIT + 120)
    Rendition.objects.filter(pk=rendition.pk).update(
        status=RenditionStatus.RENDERING, started_at=long_ago, attempts=1
    )
    assert [r.pk for r in services.renditions_recover_stale()] == [rendition.pk]
    rendition.refresh_from_db()
    assert rendition.status == RenditionStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_a_rendition_beats_while_it_renders(
    adopted, staff, signatories, lead, settings, monkeypatch
):
    """Renditions share the drafts' lifecycle now: a long render keeps `heartbeat_at` fresh, so
    beat tells it from one whose worker died (streekpact.core.lifecycle)."""
    import time
    from types import SimpleNamespace
    from unittest import mock

    import pact.rendering
    from adoption.models import Rendition

    settings.PACT_HEARTBEAT_SECONDS = 0.05
    services.signature_sign(adoption=adopted, by=lead)
    with mock.patch.object(services.RENDITIONS, "enqueue"):  # rendered below, not on commit
        rendition, _ = services.rendition_request(adoption=adopted, by=staff)

    def slow(snapshot):
        claimed = Rendition.objects.get(pk=rendition.pk).heartbeat_at
        deadline = time.monotonic() + 5
        while Rendition.objects.get(pk=rendition.pk).heartbeat_at == claimed:
            assert time.monotonic() < deadline, "no heartbeat within 5 s"
            time.sleep(0.05)
        return SimpleNamespace(content=b"%PDF-1.7 fake", page_count=1)

    monkeypatch.setattr(pact.rendering, "render_pdf", slow)
    done = services.rendition_render(rendition_pk=rendition.pk, task_id="t", heartbeat=True)
    assert done.status == RenditionStatus.READY
    assert done.heartbeat_at > done.started_at


def test_a_rendition_whose_heartbeat_stopped_is_queued_again(
    adopted, staff, settings, signatories, lead
):
    """Stale is judged by the heartbeat (not by the render's time limit, as before)."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    from adoption.models import Rendition

    services.signature_sign(adoption=adopted, by=lead)
    with mock.patch.object(services.RENDITIONS, "enqueue"):
        rendition, _ = services.rendition_request(adoption=adopted, by=staff)
    now = timezone.now()
    Rendition.objects.filter(pk=rendition.pk).update(
        status=RenditionStatus.RENDERING, started_at=now - timedelta(hours=1), heartbeat_at=now
    )
    assert services.renditions_recover_stale() == []  # a long render that still beats
    dead = now - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 5)
    Rendition.objects.filter(pk=rendition.pk).update(heartbeat_at=dead)
    with mock.patch.object(services.RENDITIONS, "enqueue") as enqueue:
        [recovered] = services.renditions_recover_stale()
    assert recovered.status == RenditionStatus.QUEUED
    enqueue.assert_called_once_with(rendition.pk, recovered.task_id)

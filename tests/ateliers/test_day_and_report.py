"""The day (attendance, walk-ins, per organisation kind) and the report (Markdown, conclusions,
attachments, publishing)."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ateliers import services
from ateliers.models import Atelier, AtelierStatus, Attachment, Conclusion, Registration
from streekpact.core.models import Delivery, NotificationPreference
from streekpact.partners.models import OrganisationKind
from tests.webforms import choose, form_with_button

from .factories import (
    AtelierFactory,
    GuestRegistrationFactory,
    OrganisationFactory,
    RegistrationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def today_atelier(chemie, voka):
    """Started an hour ago."""
    return AtelierFactory(
        sector=chemie, leads=[voka], starts_at=timezone.now() - dt.timedelta(hours=1)
    )


def test_attendance_ticks_who_came_and_marks_the_atelier_held(client_for, today_atelier):
    came = RegistrationFactory(atelier=today_atelier)
    absent = RegistrationFactory(atelier=today_atelier)
    response = client_for("lead").post(
        f"/ateliers/{today_atelier.pk}/attendance/", {"attended": [came.pk]}
    )
    assert response.status_code == 302
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)
    today_atelier.refresh_from_db()
    assert today_atelier.status == AtelierStatus.HELD


def test_attendance_ids_of_another_atelier_are_ignored(client_for, today_atelier, other_atelier):
    stranger = RegistrationFactory(atelier=other_atelier)
    client_for("lead").post(
        f"/ateliers/{today_atelier.pk}/attendance/", {"attended": [stranger.pk]}
    )
    stranger.refresh_from_db()
    assert stranger.attended is False


def test_no_attendance_before_the_day(atelier, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.attendance_update(atelier=atelier, by=staff, attended_ids=set())


def test_walk_ins_user_and_guest(client_for, today_atelier, outsider):
    client = client_for("lead")
    client.post(f"/ateliers/{today_atelier.pk}/attendance/walk-in/", {"walkin-user": outsider.pk})
    client.post(
        f"/ateliers/{today_atelier.pk}/attendance/walk-in/",
        {"walkin-guest_name": "Greet Gast", "walkin-guest_organisation": "Janssen Pharmaceutica",
         "walkin-role": "business_leader"},
    )  # fmt: skip
    walk_ins = Registration.objects.filter(atelier=today_atelier, walk_in=True, attended=True)
    assert {r.display_name for r in walk_ins} == {str(outsider), "Greet Gast"}


def test_walk_in_needs_a_person_or_a_name(client_for, today_atelier):
    response = client_for("lead").post(f"/ateliers/{today_atelier.pk}/attendance/walk-in/", {})
    assert response.status_code == 200
    assert response.context["walk_in_form"].non_field_errors()
    assert not Registration.objects.filter(atelier=today_atelier).exists()


def test_attendance_per_organisation_kind_on_the_page(client_for, held_atelier, voka, vdab, acv):
    school = OrganisationFactory(short_name="Thomas More", kind=OrganisationKind.EDUCATION)
    for org in (voka, voka, vdab, acv, school):
        RegistrationFactory(atelier=held_atelier, user__organisation=org, organisation=org,
                            attended=True)  # fmt: skip
    RegistrationFactory(atelier=held_atelier, user__organisation=acv, organisation=acv)  # absent
    GuestRegistrationFactory(atelier=held_atelier, attended=True, guest_organisation="Genzyme")
    response = client_for("partner").get(f"/ateliers/{held_atelier.pk}/")
    attendance = {str(label): n for label, n in response.context["attendance"]}
    assert attendance == {
        str(OrganisationKind.EMPLOYERS.label): 2,
        str(OrganisationKind.UNION.label): 1,
        str(OrganisationKind.EDUCATION.label): 1,
        str(OrganisationKind.PUBLIC_SERVICE.label): 1,
        "Andere gasten": 1,
    }
    assert response.context["attended_count"] == 6


def _report_post(summary, conclusions):
    data = {
        "summary": summary,
        "conclusions-TOTAL_FORMS": str(len(conclusions)),
        "conclusions-INITIAL_FORMS": "0",
        "conclusions-MIN_NUM_FORMS": "0",
        "conclusions-MAX_NUM_FORMS": "30",
    }
    for i, item in enumerate(conclusions):
        for key, value in item.items():
            data[f"conclusions-{i}-{key}"] = value
    return data


def test_write_the_report_with_conclusions_each_with_a_theme(client_for, held_atelier):
    talent, imago = ThemeFactory(name="Talent"), ThemeFactory(name="Imago")
    response = client_for("lead").post(
        f"/ateliers/{held_atelier.pk}/report/",
        _report_post("## Samenvatting\n\nGoed gesprek.", [
            {"text": "Bedrijfsleven en onderwijs op elkaar afstemmen", "theme": talent.pk},
            {"text": "Werken aan het imago van de sector", "theme": imago.pk},
            {"text": "", "theme": ""},
        ]),
    )  # fmt: skip
    assert response.status_code == 302
    conclusions = list(held_atelier.conclusions.all())
    assert [(c.text, c.theme, c.position) for c in conclusions] == [
        ("Bedrijfsleven en onderwijs op elkaar afstemmen", talent, 1),
        ("Werken aan het imago van de sector", imago, 2),
    ]


def test_a_conclusion_without_theme_is_refused_and_the_text_kept(client_for, held_atelier):
    response = client_for("lead").post(
        f"/ateliers/{held_atelier.pk}/report/",
        _report_post("Samenvatting die blijft", [{"text": "Innoveren", "theme": ""}]),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Innoveren" in content and "Samenvatting die blijft" in content
    assert not Conclusion.objects.exists()


def test_editing_and_deleting_conclusions(held_atelier, staff):
    theme = ThemeFactory()
    keep = Conclusion.objects.create(atelier=held_atelier, text="Blijft", theme=theme)
    drop = Conclusion.objects.create(atelier=held_atelier, text="Weg", theme=theme)
    services.report_update(
        atelier=held_atelier, by=staff, summary="x",
        conclusions=[services.ConclusionData(pk=keep.pk, text="Blijft, herschreven", theme=theme),
                     services.ConclusionData(pk=drop.pk, text="Weg", theme=theme, delete=True)],
    )  # fmt: skip
    assert list(held_atelier.conclusions.values_list("text", flat=True)) == ["Blijft, herschreven"]


def test_conclusion_of_another_atelier_cannot_be_edited_by_id(held_atelier, other_atelier, staff):
    from django.core.exceptions import ValidationError

    theme = ThemeFactory()
    foreign = Conclusion.objects.create(atelier=other_atelier, text="Van elders", theme=theme)
    with pytest.raises(ValidationError):
        services.report_update(
            atelier=held_atelier, by=staff, summary="x",
            conclusions=[services.ConclusionData(pk=foreign.pk, text="Gekaapt", theme=theme)],
        )  # fmt: skip
    foreign.refresh_from_db()
    assert foreign.text == "Van elders"


def test_script_in_the_report_is_neutralised(client_for, held_atelier):
    held_atelier.report_summary = (
        "Goed **gesprek**<script>alert('x')</script> <img src=x onerror=alert(1)> "
        "[klik](javascript:alert(1))"
    )
    held_atelier.status = AtelierStatus.REPORT_PUBLISHED
    held_atelier.report_published_at = timezone.now()
    held_atelier.save()
    content = client_for("partner").get(f"/ateliers/{held_atelier.pk}/").content.decode()
    assert "<strong>gesprek</strong>" in content
    assert "<script>alert" not in content
    assert "onerror" not in content
    assert "javascript:alert" not in content


def test_no_report_before_the_atelier_started(client_for, atelier):
    response = client_for("lead").get(f"/ateliers/{atelier.pk}/report/")
    assert response.status_code == 302


def test_publishing_notifies_those_who_came(
    held_atelier, staff, mailoutbox, django_capture_on_commit_callbacks
):
    came = RegistrationFactory(atelier=held_atelier, attended=True)
    RegistrationFactory(atelier=held_atelier, attended=False)
    guest = GuestRegistrationFactory(atelier=held_atelier, attended=True)
    held_atelier.report_summary = "Samenvatting"
    held_atelier.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(atelier=held_atelier, by=staff)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([came.user.email, guest.guest_email])
    assert held_atelier.get_absolute_url() in mailoutbox[0].body
    held_atelier.refresh_from_db()
    assert held_atelier.status == AtelierStatus.REPORT_PUBLISHED
    assert held_atelier.report_published_at is not None


def test_publishing_twice_is_refused(held_atelier, staff):
    from django.core.exceptions import ValidationError

    held_atelier.report_summary = "Samenvatting"
    held_atelier.save()
    services.report_publish(atelier=held_atelier, by=staff)
    with pytest.raises(ValidationError):
        services.report_publish(atelier=held_atelier, by=staff)


def test_publishing_an_empty_report_is_refused_with_a_message(client_for, held_atelier):
    response = client_for("lead").post(f"/ateliers/{held_atelier.pk}/report/publish/", follow=True)
    held_atelier.refresh_from_db()
    assert held_atelier.status == AtelierStatus.HELD
    assert "samenvatting" in str(list(response.context["messages"])[0]).lower()


def test_upload_an_image_and_download_it_through_the_checked_view(client_for, held_atelier):
    client = client_for("lead")
    upload = SimpleUploadedFile("foto.png", PNG, content_type="application/octet-stream")
    client.post(f"/ateliers/{held_atelier.pk}/report/attachments/",
                {"file": upload, "title": "Groepsfoto"})  # fmt: skip
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"  # sniffed, not the browser's claim
    assert attachment.original_name == "foto.png"
    assert "foto.png" not in attachment.file.name  # stored under a random name
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


def test_upload_of_a_disguised_script_is_refused(client_for, held_atelier):
    fake = SimpleUploadedFile("slides.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = client_for("lead").post(
        f"/ateliers/{held_atelier.pk}/report/attachments/", {"file": fake}, follow=True
    )
    assert not Attachment.objects.exists()
    assert "wordt niet aanvaard" in str(list(response.context["messages"])[0])


def test_upload_above_the_size_limit_is_refused(client_for, held_atelier, settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    big = SimpleUploadedFile("foto.png", PNG + b"\0" * 100, "image/png")
    response = client_for("lead").post(
        f"/ateliers/{held_atelier.pk}/report/attachments/", {"file": big}, follow=True
    )
    assert not Attachment.objects.exists()
    assert "te groot" in str(list(response.context["messages"])[0])


def test_upload_refused_for_partners(client_for, held_atelier):
    upload = SimpleUploadedFile("foto.png", PNG, "image/png")
    response = client_for("partner").post(
        f"/ateliers/{held_atelier.pk}/report/attachments/", {"file": upload}
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_delete_attachment_removes_the_file(
    client_for, held_atelier, django_capture_on_commit_callbacks
):
    client = client_for("lead")
    client.post(f"/ateliers/{held_atelier.pk}/report/attachments/",
                {"file": SimpleUploadedFile("foto.png", PNG, "image/png")})  # fmt: skip
    attachment = Attachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ateliers/{held_atelier.pk}/report/attachments/{attachment.pk}/delete/")
    assert not Attachment.objects.exists()
    assert not storage.exists(name)


def test_guest_invitation_adds_a_participant_and_sends_an_email(
    app_for, atelier, mailoutbox, django_capture_on_commit_callbacks
):
    form = form_with_button(app_for("lead").get(f"/ateliers/{atelier.pk}/invite/"), "invite_guest")
    form["guest-name"] = "Dr. Hilde Peeters"
    form["guest-email"] = "Hilde@Janssen.example"
    form["guest-guest_organisation"] = "Janssen Pharmaceutica"
    form["guest-role"] = "specialist"
    with django_capture_on_commit_callbacks(execute=True):
        form.submit("invite_guest").follow()
    registration = Registration.objects.get(atelier=atelier, user__isnull=True)
    assert registration.guest_email == "hilde@janssen.example"
    assert registration.get_guest_role_display() == "Specialist"
    assert registration.invitation.sent_at is not None
    assert mailoutbox[0].to == ["hilde@janssen.example"]
    assert "Uitnodiging" in mailoutbox[0].subject


def test_guest_invited_twice_gets_a_clear_error(app_for, atelier):
    app = app_for("lead")
    for _ in range(2):
        form = form_with_button(app.get(f"/ateliers/{atelier.pk}/invite/"), "invite_guest")
        form["guest-name"] = "Jan"
        form["guest-email"] = "jan@x.example"
        form["guest-role"] = "specialist"
        response = form.submit("invite_guest")
    assert response.status_code == 200
    assert response.context["guest_form"].errors["email"]


def test_inviting_organisations_through_the_page_emails_their_members(
    app_for, atelier, acv, vdab, outsider, partner, mailoutbox, django_capture_on_commit_callbacks
):
    """The organisation form, as rendered, with its own button: not the guest form's errors."""
    opted_out = UserFactory(organisation=acv)
    NotificationPreference.objects.create(
        user=opted_out, kind="ateliers.invitation", delivery=Delivery.OFF
    )
    page = app_for("staff").get(f"/ateliers/{atelier.pk}/invite/")
    ids = re.findall(r'id="([^"]+)"', page.text)
    assert len(ids) == len(set(ids)), "duplicate ids on the invite page"
    form = form_with_button(page, "invite_organisations")
    choose(form, "org-organisations", acv.pk, vdab.pk)
    form["org-message"] = "Graag!"
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit("invite_organisations").follow()
    assert "2 organisatie" in page.text
    assert sorted(m.to[0] for m in mailoutbox) == sorted([outsider.email, partner.email])
    assert "Graag!" in mailoutbox[0].body
    assert set(atelier.invitations.values_list("organisation", flat=True)) == {acv.pk, vdab.pk}
    # Replies go to the staff member who invited; the one who opted out still sees it in the portal.
    staff = atelier.invitations.first().invited_by
    assert {tuple(m.reply_to) for m in mailoutbox} == {(staff.email,)}
    assert opted_out.notifications.get().kind == "ateliers.invitation"
    # An organisation invited already cannot be invited again: the form refuses it.
    form = form_with_button(page, "invite_organisations")
    choose(form, "org-organisations", acv.pk)
    page = form.submit("invite_organisations")
    assert page.status_code == 200
    assert atelier.invitations.count() == 2
    assert "geen beschikbare keuze" in page.text


def test_the_invite_page_lists_no_organisation_and_keeps_the_chosen_ones(
    app_for, atelier, acv, vdab
):
    """The organisation pickers search on the server: the page lists none in advance, and a
    form shown again with errors keeps what was chosen."""
    page = app_for("staff").get(f"/ateliers/{atelier.pk}/invite/")
    form = form_with_button(page, "invite_organisations")
    assert form["org-organisations"].options == []
    guest = form_with_button(page, "invite_guest")
    assert [value for value, *_ in guest["guest-organisation"].options] == [""]

    choose(form, "org-organisations", acv.pk, vdab.pk)
    form["org-message"] = "x" * 5000  # too long: the form comes back
    page = form.submit("invite_organisations")
    assert page.status_code == 200
    assert not atelier.invitations.exists()
    form = form_with_button(page, "invite_organisations")
    assert sorted(form["org-organisations"].value) == sorted([str(acv.pk), str(vdab.pk)])

    guest = form_with_button(page, "invite_guest")
    guest["guest-name"] = "An Peeters"
    guest["guest-email"] = "geen adres"
    choose(guest, "guest-organisation", acv.pk)
    page = guest.submit("invite_guest")
    assert page.status_code == 200
    guest = form_with_button(page, "invite_guest")
    assert guest["guest-organisation"].value == str(acv.pk)
    guest["guest-email"] = "an@voorbeeld.be"
    guest["guest-role"] = guest["guest-role"].options[0][0]
    guest.submit("invite_guest").follow()
    assert atelier.invitations.get().registration.organisation == acv


def test_a_post_without_a_known_button_invites_nobody(client_for, atelier, acv):
    """Hostile or stale input: neither button's name, nothing happens, and no 500."""
    response = client_for("staff").post(
        f"/ateliers/{atelier.pk}/invite/",
        {"org-organisations": [acv.pk], "guest-name": "X", "guest-email": "x@x.example"},
    )
    assert response.status_code == 400
    assert not atelier.invitations.exists()


def test_atelier_keeps_existing_after_cancel(atelier, staff):
    services.atelier_cancel(atelier=atelier, by=staff, message="Ziek")
    assert Atelier.objects.get(pk=atelier.pk).cancellation_message == "Ziek"


def test_guest_invited_to_a_full_atelier_is_told_about_the_waiting_list(
    atelier, staff, mailoutbox, django_capture_on_commit_callbacks
):
    atelier.capacity = 1
    atelier.save()
    RegistrationFactory(atelier=atelier)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_invite_guest(
            atelier=atelier, by=staff, name="Wout Wachter", email="wout@x.example",
            role="specialist",
        )  # fmt: skip
    assert invitation.registration.status == "waitlisted"
    assert "wachtlijst" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 200), ("lead", 200), ("partner", 403), ("outsider", 403)]
)
def test_participant_list_csv(client_for, role, status, atelier):
    GuestRegistrationFactory(atelier=atelier, guest_name="=HYPERLINK(\"http://x\")",
                             guest_organisation="Janssen")  # fmt: skip
    RegistrationFactory(atelier=atelier, attended=True)
    response = client_for(role).get(f"/ateliers/{atelier.pk}/participants.csv")
    assert response.status_code == status
    if status == 200:
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Naam;E-mailadres;Organisatie")
        assert "'=HYPERLINK" in text  # formulas neutralised
        assert len(text.strip().splitlines()) == 3

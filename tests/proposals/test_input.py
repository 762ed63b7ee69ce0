"""Bad input gets a clear error or is neutralised, and nothing already saved is lost."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from proposals.models import Attachment, Proposal, ProposalStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _form(sector, **overrides):
    data = {
        "title": "Techniek op school",
        "summary": "Leerlingen maken kennis met de chemie.",
        "body": "Bedrijfsbezoeken en **stages**.",
        "sector": sector.pk,
        "proposed_actions": "Bezoeken organiseren.",
    }
    data.update(overrides)
    return data


def test_create_save_as_draft_and_submit(client, lead, chemie):
    client.force_login(lead)
    response = client.post(reverse("proposals:create"), _form(chemie, save="1"))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.status == ProposalStatus.DRAFT
    assert list(proposal.authors.all()) == [lead] and proposal.organisation == lead.organisation
    response = client.post(
        reverse("proposals:update", args=[proposal.pk]), _form(chemie, submit="1")
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_empty_title_is_refused_and_the_text_stays(client, lead, chemie):
    client.force_login(lead)
    response = client.post(reverse("proposals:create"), _form(chemie, title="   "))
    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    assert "Bedrijfsbezoeken en **stages**." in response.text  # nothing typed is lost
    assert "Geef het voorstel een titel" in response.text


def test_editing_with_an_empty_title_keeps_the_saved_version(client, lead, draft, chemie):
    client.force_login(lead)
    response = client.post(reverse("proposals:update", args=[draft.pk]), _form(chemie, title=""))
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Stagebank chemie"


def test_disguised_executable_is_refused(client, lead, chemie):
    client.force_login(lead)
    upload = SimpleUploadedFile("plan.pdf", EXE, content_type="application/pdf")
    response = client.post(reverse("proposals:create"), _form(chemie, attachment=upload))
    assert response.status_code == 200
    assert Proposal.objects.count() == 0 and Attachment.objects.count() == 0
    assert "Bedrijfsbezoeken" in response.text
    assert "niet aanvaard" in response.text or "not accepted" in response.text


def test_pdf_with_wrong_extension_is_refused(client, lead, draft):
    client.force_login(lead)
    upload = SimpleUploadedFile("foto.png", PDF, content_type="image/png")
    client.post(reverse("proposals:attachment_upload", args=[draft.pk]), {"file": upload})
    assert Attachment.objects.count() == 0


def test_oversized_attachment_is_refused(client, lead, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    client.force_login(lead)
    upload = SimpleUploadedFile("plan.pdf", PDF + b"x" * 200, content_type="application/pdf")
    response = client.post(
        reverse("proposals:attachment_upload", args=[draft.pk]), {"file": upload}, follow=True
    )
    assert Attachment.objects.count() == 0
    assert "te groot" in response.text or "too large" in response.text


def test_real_pdf_and_xlsx_are_accepted(client, lead, draft):
    client.force_login(lead)
    buffer = io.BytesIO()
    Workbook().save(buffer)
    for name, content in (("plan.pdf", PDF), ("cijfers.xlsx", buffer.getvalue())):
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        client.post(reverse("proposals:attachment_upload", args=[draft.pk]), {"file": upload})
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    stored = Attachment.objects.get(original_name="plan.pdf")
    assert not stored.file.name.endswith("plan.pdf")  # our name on disk, not the uploader's


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src="http://evil.example/x.png">',
        "[klik](javascript:alert(1))",
        '<iframe src="http://evil.example"></iframe>',
    ],
)
def test_script_in_text_is_neutralised(client, lead, chemie, hostile):
    client.force_login(lead)
    client.post(reverse("proposals:create"), _form(chemie, body=hostile, summary=hostile))
    proposal = Proposal.objects.get()
    response = client.get(proposal.get_absolute_url())
    assert "<script>alert" not in response.text
    assert '<img src="http://evil' not in response.text
    assert 'href="javascript' not in response.text
    assert "<iframe" not in response.text


def test_timing_end_before_start_is_refused(client, lead, chemie):
    client.force_login(lead)
    response = client.post(
        reverse("proposals:create"),
        _form(chemie, timing_start="2026-06-01", timing_end="2026-01-01"),
    )
    assert response.status_code == 200 and Proposal.objects.count() == 0


# --- Query parameters are parsed by forms: hostile values are ignored, never a 500 (issue 15) --
# `"²".isdigit()` is true, but `int("²")` fails.


@pytest.mark.parametrize("query", [
    {"sector": "²"}, {"atelier": "¹"}, {"sector": "99999999999999999999999"}, {"atelier": "-1"},
    {"sector": "1\x00"},
])  # fmt: skip
def test_new_proposal_ignores_a_malformed_preselection(client, lead, chemie, query):
    client.force_login(lead)
    response = client.get(reverse("proposals:create"), query)
    assert response.status_code == 200
    assert response.context["form"].initial.get("sector") is None


def test_new_proposal_preselects_a_valid_sector(client, lead, chemie):
    client.force_login(lead)
    response = client.get(reverse("proposals:create"), {"sector": chemie.pk})
    assert response.context["form"].initial["sector"] == chemie.pk
    assert f'<option value="{chemie.pk}" selected>' in response.text


def test_revisions_ignore_a_malformed_number(client, lead, submitted):
    client.force_login(lead)
    url = reverse("proposals:revisions", args=[submitted.pk])
    for number in ("²", "0", "-3", "9" * 40):
        response = client.get(url, {"number": number})
        assert response.status_code == 200
        assert response.context["current"] is None or response.context["current"].number >= 1


def test_review_queue_ignores_a_malformed_sector(client, staff, submitted, chemie):
    client.force_login(staff)
    response = client.get(reverse("proposals:review_queue"), {"sector": "²"})
    assert response.status_code == 200
    assert submitted.title in response.text  # the filter is ignored, not everything hidden
    response = client.get(reverse("proposals:review_queue"), {"sector": chemie.pk})
    assert submitted.title in response.text
    assert f'<option value="{chemie.pk}" selected>' in response.text


def test_capture_ignores_a_malformed_conclusion(client, lead, atelier):
    client.force_login(lead)
    url = reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk})
    for conclusion in ("²", "abc", "9" * 40):
        response = client.get(url, {"conclusion": conclusion})
        assert response.status_code == 200
        assert response.context["conclusion"] is None


@pytest.mark.parametrize("when", ["9999-12-31", "1899-01-01", "20261-01-01"])
def test_timing_outside_a_sane_range_is_refused(client, lead, chemie, when):
    client.force_login(lead)
    response = client.post(reverse("proposals:create"), _form(chemie, timing_start=when))
    assert response.status_code == 200 and Proposal.objects.count() == 0
    if when != "20261-01-01":  # not a date at all: Django's own message
        assert "Kies een datum tussen 2000 en 2100" in response.text


def test_a_theme_id_beyond_range_is_refused_not_a_500(client, lead, chemie):
    client.force_login(lead)
    response = client.post(reverse("proposals:create"), _form(chemie, themes=["9" * 40]))
    assert response.status_code == 200 and Proposal.objects.count() == 0
    assert "themes" in response.context["form"].errors


def test_invitation_page_ignores_a_malformed_organisation(client, staff, voka):
    client.force_login(staff)
    url = reverse("partners:invitation_create")
    assert client.get(url, {"organisation": "²"}).status_code == 200
    response = client.get(url, {"organisation": voka.pk})
    assert response.context["form"].initial["organisation"] == voka.pk

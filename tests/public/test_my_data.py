"""My data: download, erasure request, staff carry it out; what stays and what goes."""

import json

import pytest
from django.urls import reverse

from adoption import services as adoption_services
from adoption.models import Signature
from public.models import ErasureRequest, ErasureStatus
from streekpact.partners.models import User

pytestmark = pytest.mark.django_db

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_my_data_download(role, client_for, cast):
    response = client_for(role).get(reverse("public:my_data_download"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    data = json.loads(response.content)
    assert data["person"]["email"] == cast[role].email
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ROLES)
def test_erasure_list_is_for_staff(role, client_for):
    response = client_for(role).get(reverse("public:erasure_list"))
    assert response.status_code == {"staff": 200, "anonymous": 302}.get(role, 403)


def test_erasure_request_and_carry_out_keeps_signature_and_contributions(
    app_for, client_for, adopted, signatories, lead, approved
):
    signature = adoption_services.signature_sign(adoption=adopted, by=lead)
    page = app_for("lead").get(reverse("public:my_data"))
    page.forms["erasure-form"].submit("erase").follow()
    erasure = ErasureRequest.objects.get()
    assert erasure.status == ErasureStatus.PENDING
    # A second request is refused with a message, nothing doubled.
    assert client_for("lead").post(reverse("public:erasure_request")).status_code == 302
    assert ErasureRequest.objects.count() == 1
    # Only staff carry it out.
    assert (
        client_for("partner")
        .post(reverse("public:erasure_carry_out", args=[erasure.pk]))
        .status_code
        == 403
    )
    staff_page = app_for("staff").get(reverse("public:erasure_list"))
    next(f for f in staff_page.forms.values() if "carry_out" in f.fields).submit("carry_out")
    person = User.objects.get(pk=lead.pk)
    assert person.name == "Verwijderde gebruiker" and not person.is_active
    assert "voka.test" not in person.email
    signature = Signature.objects.get(pk=signature.pk)
    assert signature.signer_name == "Lien Leider"  # a legal record: kept
    approved["first"].refresh_from_db()
    assert approved["first"].organisation_id == lead.organisation_id
    assert ErasureRequest.objects.get().status == ErasureStatus.DONE


@pytest.mark.parametrize("role", ["privacy", "accessibility"])
def test_legal_pages_are_public(client, role):
    response = client.get(reverse(f"public:{role}"))
    assert response.status_code == 200
    assert "WCAG 2.1" in response.content.decode() or "Handtekeningen blijven bewaard" in (
        response.content.decode()
    )


def test_my_data_and_erasure_cover_consultation_and_monitoring(
    client_for, consultation, placed, lead, partner, staff, chair, voka, vdab
):
    """Reactions, progress reports and remarks are in the person's download; after erasure
    they stay with the organisation, the person's name gone."""
    import datetime as dt
    from decimal import Decimal

    from consultation import services as consultation_services
    from consultation.models import Reaction, ReactionKind
    from monitoring import services as monitoring_services
    from monitoring.models import ProgressReport, Remark

    from ..adoption.factories import adopt_pact
    from ..consultation.conftest import action_section

    section = action_section(consultation)
    reaction = consultation_services.reaction_create(
        round=consultation,
        organisation=voka,
        kind=ReactionKind.COMMENT,
        section_kind="action",
        section_id=section.id,
        body="EERSTE-VERSIE",
        by=lead,
    )
    reaction = consultation_services.reaction_update(
        reaction=reaction, body="REACTIE-VAN-LIEN", by=lead
    )
    action = placed[0]
    action.trekker = voka
    action.save()
    action.partners.add(vdab)
    adopt_pact(pact=consultation.draft.pact, staff=staff, chair=chair)
    period = monitoring_services.period_create(
        pact=consultation.draft.pact,
        title="2015",
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2015, 12, 31),
        deadline=dt.date(2099, 1, 31),
        by=staff,
    )
    report = monitoring_services.report_save(
        period=period,
        action=action,
        status="on_track",
        narrative="RAPPORT-VAN-LIEN",
        obstacles="",
        spent=Decimal("10"),
        partners_involved=[],
        values={},
        submit=True,
        by=lead,
    )
    remark = monitoring_services.remark_add(report=report, body="OPMERKING-VAN-VDAB", by=partner)

    mine = json.loads(client_for("lead").get(reverse("public:my_data_download")).content)
    assert [r["text"] for r in mine["consultation_reactions"]] == ["REACTIE-VAN-LIEN"]
    assert mine["consultation_reactions"][0]["organisation"] == str(voka)
    assert [e["earlier_wording"]["body"] for e in mine["consultation_reaction_edits"]] == [
        "EERSTE-VERSIE"
    ]
    assert [r["narrative"] for r in mine["monitoring_reports_submitted"]] == ["RAPPORT-VAN-LIEN"]
    assert mine["monitoring_remarks"] == []
    theirs = json.loads(client_for("partner").get(reverse("public:my_data_download")).content)
    assert [r["remark"] for r in theirs["monitoring_remarks"]] == ["OPMERKING-VAN-VDAB"]
    assert theirs["consultation_reactions"] == [] and theirs["monitoring_reports_submitted"] == []

    from public import services as public_services

    for person in (lead, partner):
        erasure = public_services.erasure_request(by=person)
        public_services.person_erase(request=erasure, by=staff)
    reaction = Reaction.objects.select_related("author", "organisation").get(pk=reaction.pk)
    assert reaction.organisation == voka and reaction.body == "REACTIE-VAN-LIEN"
    assert reaction.author.name == "Verwijderde gebruiker"
    report = ProgressReport.objects.select_related("submitted_by").get(pk=report.pk)
    assert report.organisation == voka and report.state == "submitted"
    assert report.submitted_by.name == "Verwijderde gebruiker"
    remark = Remark.objects.select_related("author").get(pk=remark.pk)
    assert remark.organisation == vdab and remark.author.name == "Verwijderde gebruiker"
    # What staff read still says which organisation wrote it, never the person's name.
    for url in (report.get_absolute_url(), reaction.get_absolute_url()):
        response = client_for("staff").get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Lien Leider" not in page and "Piet Partner" not in page
    page = client_for("staff").get(report.get_absolute_url()).content.decode()
    assert "RAPPORT-VAN-LIEN" in page and "OPMERKING-VAN-VDAB" in page

"""Role x action matrix: allowed, refused (403), invisible (404), anonymous (login redirect).

Roles (tests/conftest.py): staff; chair; lead = Voka member (Voka leads Chemie en farma);
partner = VDAB member (VDAB leads Logistiek); outsider = ACV member; anonymous.
Objects: `draft` and `submitted` are Voka's proposals in Chemie en farma; `vdab_submitted` is
VDAB's proposal in Chemie en farma (so Voka reviews it as sector lead).
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ateliers.models import AtelierInvitation
from proposals.models import Attachment, Proposal, ProposalStatus
from proposals.services import attachment_add, comment_add, proposal_capture
from proposals.services import proposal_submit as submit_proposal
from streekpact.partners.models import Role
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory

LOGIN = "login"
ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _expect(matrix: dict, default):
    return [(role, matrix.get(role, default)) for role in ROLES if role != "anonymous"]


# (action, fixture, method, url name, extra url args, post data, {role: status}, default status)
MATRIX = [
    ("view draft", "draft", "get", "detail", (), None, {"lead": 200}, 404),
    ("edit draft", "draft", "get", "update", (), None, {"lead": 200}, 404),
    ("submit draft", "draft", "post", "submit", (), {}, {"lead": 302}, 404),
    ("withdraw draft", "draft", "get", "withdraw", (), None, {"lead": 200}, 404),
    ("revisions of draft", "draft", "get", "revisions", (), None, {"lead": 200}, 404),
    ("comment on draft", "draft", "post", "comment_create", (), {"text": "x"}, {"lead": 403}, 404),
    ("view submitted", "submitted", "get", "detail", (), None, {}, 200),
    ("revisions", "submitted", "get", "revisions", (), None, {}, 200),
    ("edit submitted", "submitted", "get", "update", (), None, {}, 403),
    ("withdraw submitted", "submitted", "get", "withdraw", (), None, {"lead": 200}, 403),
    ("submit again", "submitted", "post", "submit", (), {}, {}, 403),
    (
        "support",
        "submitted",
        "post",
        "support",
        (),
        {"stance": "support"},
        {"partner": 302, "outsider": 302},
        403,
    ),
    ("comment", "submitted", "post", "comment_create", (), {"text": "Goed"}, {}, 302),
    ("decide own org", "submitted", "get", "decide", (), None, {"staff": 200}, 403),
    ("decide as sector lead", "vdab_submitted", "get", "decide", (), None,
     {"staff": 200, "lead": 200}, 403),
    ("answer", "vdab_submitted", "get", "answer", (), None, {"staff": 200, "lead": 200}, 403),
    ("private note", "vdab_submitted", "post", "note_create", (), {"text": "n"},
     {"staff": 302, "lead": 302}, 403),
    ("assign reviewers", "vdab_submitted", "post", "reviewers", (), {"reviewers": "staff"},
     {"staff": 302, "lead": 302}, 403),
    ("upload to submitted", "submitted", "post", "attachment_upload", (), {}, {}, 403),
]  # fmt: skip

GLOBAL = [
    ("list", "get", "list", (), None, {}, 200),
    ("my drafts", "get", "drafts", (), None, {}, 200),
    ("new proposal", "get", "create", (), None,
     {"lead": 200, "partner": 200, "outsider": 200}, 403),
    ("review queue", "get", "review_queue", (), None, {"staff": 200, "lead": 200, "partner": 200},
     403),
    ("export csv", "get", "export", ("csv",), None, {"staff": 200}, 403),
    ("export xlsx", "get", "export", ("xlsx",), None, {"staff": 200}, 403),
    ("themes", "get", "theme_list", (), None, {"staff": 200}, 403),
    ("new theme", "get", "theme_create", (), None, {"staff": 200}, 403),
]  # fmt: skip


#: What an allowed POST must have changed (and a refused one must not): a redirect alone would
#: also come from an invalid form, so the status code does not prove the action happened.
EFFECTS = {
    "submit draft": lambda proposal, user: proposal.status == ProposalStatus.SUBMITTED,
    "support": lambda proposal, user: proposal.supports.filter(
        organisation=user.organisation, stance="support"
    ).exists(),
    "comment": lambda proposal, user: proposal.comments.filter(author=user, text="Goed").exists(),
    "private note": lambda proposal, user: proposal.review_notes.filter(
        author=user, text="n"
    ).exists(),
    "assign reviewers": lambda proposal, user: proposal.reviewers.filter(role=Role.STAFF).exists(),
}


def _post_data(data: dict, cast) -> dict:
    """Post data may name a role where a user's id is needed."""
    return {key: cast[value].pk if value in cast else value for key, value in data.items()}


def _cases():
    for action, fixture, method, name, args, data, allowed, default in MATRIX:
        for role, expected in _expect(allowed, default):
            yield pytest.param(action, fixture, method, name, args, data, role, expected,
                               id=f"{action}-{role}")  # fmt: skip
        yield pytest.param(action, fixture, method, name, args, data, "anonymous", LOGIN,
                           id=f"{action}-anonymous")  # fmt: skip


@pytest.mark.parametrize(
    ("action", "fixture", "method", "name", "args", "data", "role", "expected"), list(_cases())
)
def test_proposal_actions(request, client_for, cast, action, fixture, method, name, args, data,
                          role, expected):  # fmt: skip
    proposal = request.getfixturevalue(fixture)
    client = client_for(role)
    url = reverse(f"proposals:{name}", args=[proposal.pk, *args])
    send = client.post if method == "post" else client.get
    response = send(url, _post_data(data or {}, cast))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response.content[:300]
    if action in EFFECTS:
        proposal.refresh_from_db()
        happened = role != "anonymous" and EFFECTS[action](proposal, cast[role])
        assert happened == (expected in (200, 302)), (action, role)


def _global_cases():
    for action, method, name, args, data, allowed, default in GLOBAL:
        for role, expected in _expect(allowed, default):
            yield pytest.param(method, name, args, data, role, expected, id=f"{action}-{role}")
        yield pytest.param(method, name, args, data, "anonymous", LOGIN, id=f"{action}-anonymous")


@pytest.mark.parametrize(
    ("method", "name", "args", "data", "role", "expected"), list(_global_cases())
)
def test_global_actions(client_for, cast, method, name, args, data, role, expected):
    client = client_for(role)
    url = reverse(f"proposals:{name}", args=list(args))
    response = client.post(url, data) if method == "post" else client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("role", "allowed"), [
    ("staff", True), ("chair", False), ("lead", False), ("partner", False), ("outsider", False),
])  # fmt: skip
def test_only_staff_act_in_bulk(client_for, vdab_submitted, submitted, role, allowed):
    response = client_for(role).post(
        reverse("proposals:bulk"),
        {"proposals": [vdab_submitted.pk, submitted.pk], "action": ProposalStatus.UNDER_REVIEW},
    )
    assert response.status_code == (302 if allowed else 403)
    statuses = {p.status for p in Proposal.objects.filter(pk__in=[vdab_submitted.pk, submitted.pk])}
    expected = ProposalStatus.UNDER_REVIEW if allowed else ProposalStatus.SUBMITTED
    assert statuses == {expected}


def test_bulk_without_a_choice_changes_nothing_and_says_why(client_for, submitted):
    response = client_for("staff").post(reverse("proposals:bulk"), {}, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider"])
def test_guessed_ids_are_404(client_for, role, submitted):
    client = client_for(role)
    for name in ("detail", "update", "decide", "revisions", "withdraw"):
        assert (
            client.get(reverse(f"proposals:{name}", args=[submitted.pk + 1000])).status_code == 404
        )


@pytest.mark.parametrize(("role", "expected"), [
    ("lead", 200), ("staff", 404), ("chair", 404), ("partner", 404), ("outsider", 404),
])  # fmt: skip
def test_attachment_of_a_draft_downloads_only_for_its_owners(client_for, draft, lead, role,
                                                              expected):  # fmt: skip
    attachment = attachment_add(
        proposal=draft, by=lead, upload=SimpleUploadedFile("plan.pdf", PDF),
    )  # fmt: skip
    response = client_for(role).get(attachment.get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF


def test_attachment_id_of_another_proposal_is_404(client_for, draft, submitted, lead):
    attachment = attachment_add(
        proposal=draft, by=lead, upload=SimpleUploadedFile("plan.pdf", PDF),
    )  # fmt: skip
    url = reverse("proposals:attachment_download", args=[submitted.pk, attachment.pk])
    assert client_for("outsider").get(url).status_code == 404
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(("role", "expected"), [
    ("staff", 302), ("chair", 403), ("lead", 403), ("partner", 403), ("outsider", 403),
])  # fmt: skip
def test_only_staff_remove_comments(client_for, submitted, partner, role, expected):
    comment = comment_add(proposal=submitted, author=partner, text="Mijn mening")
    url = reverse("proposals:comment_remove", args=[submitted.pk, comment.pk])
    assert client_for(role).post(url).status_code == expected
    comment.refresh_from_db()
    assert (comment.removed_at is not None) == (expected == 302)
    assert (comment.text == "") == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), [
    ("staff", 403), ("chair", 403), ("lead", 403), ("partner", 200), ("outsider", 403),
])  # fmt: skip
def test_only_the_author_edits_a_comment(client_for, submitted, partner, role, expected):
    comment = comment_add(proposal=submitted, author=partner, text="Mijn mening")
    url = reverse("proposals:comment_update", args=[submitted.pk, comment.pk])
    assert client_for(role).get(url).status_code == expected


def test_comment_id_of_another_proposal_is_404(client_for, submitted, vdab_submitted, partner):
    comment = comment_add(proposal=vdab_submitted, author=partner, text="Elders")
    client = client_for("staff")
    url = reverse("proposals:comment_remove", args=[submitted.pk, comment.pk])
    assert client.post(url).status_code == 404
    comment.refresh_from_db()
    assert comment.removed_at is None


def test_reply_to_a_comment_of_another_proposal_is_404(client_for, submitted, vdab_submitted,
                                                       partner):  # fmt: skip
    comment = comment_add(proposal=vdab_submitted, author=partner, text="Elders")
    response = client_for("outsider").post(
        reverse("proposals:comment_create", args=[submitted.pk]),
        {"text": "x", "parent": comment.pk},
    )
    assert response.status_code == 404


# --- Capture: nobody acts in another organisation's name (issue 15) -------------------------
# `atelier` is led by Voka; VDAB took part (its member registered); ACV and ACLVB did not.
# The lead (Voka) captures a draft for VDAB: Voka may correct it while it is a draft, only
# VDAB's members submit or withdraw it.


@pytest.fixture
def captured(atelier, lead, vdab):
    return proposal_capture(
        atelier=atelier, organisation=vdab, title="Stages in de chemie", text="Meer stages.",
        by=lead,
    )  # fmt: skip


def _capture_post(client, atelier, organisation):
    url = reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk})
    return client.post(url, {"organisation": organisation.pk, "title": "Namens", "text": "Tekst"})


def test_capture_for_an_organisation_that_did_not_take_part_is_refused(client_for, atelier):
    aclvb = OrganisationFactory(name="ACLVB", short_name="ACLVB")
    client = client_for("lead")
    page = client.get(reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk}))
    assert "ACLVB" not in page.text and "VDAB" in page.text  # only participants are offered
    response = _capture_post(client, atelier, aclvb)
    assert response.status_code == 200  # the form again, with a message
    assert not Proposal.objects.filter(organisation=aclvb).exists()
    with pytest.raises(ValidationError):  # the service refuses too, whoever calls it
        proposal_capture(atelier=atelier, organisation=aclvb, title="x", text="y", by=None)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("how", ["registered", "attended", "invited"])
def test_capture_for_an_organisation_that_took_part_is_allowed(client_for, atelier, acv, how):
    if how == "invited":
        AtelierInvitation.objects.create(atelier=atelier, organisation=acv)
    else:
        RegistrationFactory(
            atelier=atelier, user=UserFactory(organisation=acv),
            status="registered" if how == "registered" else "cancelled",
            attended=how == "attended",
        )  # fmt: skip
    response = _capture_post(client_for("lead"), atelier, acv)
    assert response.status_code == 302
    proposal = Proposal.objects.get(organisation=acv)
    assert proposal.status == ProposalStatus.DRAFT and proposal.authors.count() == 0


def test_capture_for_a_waitlisted_or_cancelled_organisation_is_refused(client_for, atelier, acv):
    RegistrationFactory(atelier=atelier, user=UserFactory(organisation=acv), status="waitlisted")
    RegistrationFactory(atelier=atelier, user=UserFactory(organisation=acv), status="cancelled")
    assert _capture_post(client_for("lead"), atelier, acv).status_code == 200
    assert not Proposal.objects.filter(organisation=acv).exists()


# Captured draft (Voka captured it for VDAB): who sees, corrects, submits, withdraws.
@pytest.mark.parametrize(("role", "expected"), [
    ("lead", 200), ("partner", 200), ("staff", 404), ("chair", 404), ("outsider", 404),
])  # fmt: skip
def test_captured_draft_is_seen_by_the_capturer_and_the_organisation(client_for, captured, role,
                                                                     expected):  # fmt: skip
    client = client_for(role)
    assert client.get(captured.get_absolute_url()).status_code == expected
    assert client.get(reverse("proposals:update", args=[captured.pk])).status_code == expected


@pytest.mark.parametrize(("role", "expected"), [
    ("lead", 302), ("partner", 302), ("staff", 404), ("chair", 404), ("outsider", 404),
])  # fmt: skip
def test_captured_draft_is_corrected_by_the_capturer_with_a_revision(
    client_for, cast, captured, chemie, role, expected
):
    response = client_for(role).post(reverse("proposals:update", args=[captured.pk]), {
        "title": "Gecorrigeerd", "summary": "Meer stages.", "body": "Meer stages in de chemie.",
        "sector": chemie.pk, "atelier": captured.atelier_id,
    })  # fmt: skip
    assert response.status_code == expected
    captured.refresh_from_db()
    revisions = list(captured.revisions.order_by("number"))
    if expected == 302:
        assert captured.title == "Gecorrigeerd" and captured.status == ProposalStatus.DRAFT
        assert captured.atelier_id is not None and captured.sector == chemie
        assert [r.title for r in revisions] == ["Stages in de chemie", "Gecorrigeerd"]
        assert revisions[-1].created_by == cast[role]
    else:
        assert captured.title == "Stages in de chemie" and len(revisions) == 1


@pytest.mark.parametrize(("role", "expected"), [
    ("partner", 302), ("lead", 403), ("staff", 404), ("chair", 404), ("outsider", 404),
])  # fmt: skip
def test_only_the_organisation_submits_a_captured_draft(client_for, cast, captured, role,
                                                        expected):  # fmt: skip
    response = client_for(role).post(reverse("proposals:submit", args=[captured.pk]))
    assert response.status_code == expected
    captured.refresh_from_db()
    if expected == 302:
        assert captured.status == ProposalStatus.SUBMITTED
        assert list(captured.authors.all()) == [cast[role]]
    else:
        assert captured.status == ProposalStatus.DRAFT and captured.submitted_at is None
        assert captured.authors.count() == 0


@pytest.mark.parametrize(("role", "expected"), [
    ("partner", 302), ("lead", 403), ("staff", 404), ("chair", 404), ("outsider", 404),
])  # fmt: skip
def test_only_the_organisation_withdraws_a_captured_draft(client_for, captured, role, expected):
    url = reverse("proposals:withdraw", args=[captured.pk])
    response = client_for(role).post(url, {"reason": "weg"})
    assert response.status_code == expected
    captured.refresh_from_db()
    expected_status = ProposalStatus.WITHDRAWN if expected == 302 else ProposalStatus.DRAFT
    assert captured.status == expected_status


@pytest.mark.parametrize(("role", "expected"), [
    ("partner", 302), ("lead", 403), ("staff", 403), ("chair", 403), ("outsider", 403),
])  # fmt: skip
def test_capturer_cannot_withdraw_what_the_organisation_submitted(client_for, partner, captured,
                                                                  role, expected):  # fmt: skip
    submit_proposal(proposal=captured, by=partner)
    response = client_for(role).post(reverse("proposals:withdraw", args=[captured.pk]), {})
    assert response.status_code == expected
    captured.refresh_from_db()
    expected_status = ProposalStatus.WITHDRAWN if expected == 302 else ProposalStatus.SUBMITTED
    assert captured.status == expected_status


def test_capturer_cannot_edit_once_the_organisation_submitted(client_for, partner, captured,
                                                              chemie):  # fmt: skip
    submit_proposal(proposal=captured, by=partner)
    client = client_for("lead")
    assert client.get(reverse("proposals:update", args=[captured.pk])).status_code == 403
    client.post(reverse("proposals:update", args=[captured.pk]),
                {"title": "Toch", "summary": "s", "sector": chemie.pk})  # fmt: skip
    captured.refresh_from_db()
    assert captured.title == "Stages in de chemie"


def test_facilitator_corrects_but_does_not_submit_a_captured_draft(client, atelier, vdab,
                                                                   chemie):  # fmt: skip
    facilitator = UserFactory(organisation=OrganisationFactory(short_name="Externe"))
    atelier.facilitator = facilitator
    atelier.save()
    proposal = proposal_capture(atelier=atelier, organisation=vdab, title="Idee", text="Tekst",
                                by=facilitator)  # fmt: skip
    client.force_login(facilitator)
    correction = {"title": "Idee, beter", "summary": "Tekst", "sector": chemie.pk}
    response = client.post(reverse("proposals:update", args=[proposal.pk]), correction)
    assert response.status_code == 302
    assert client.post(reverse("proposals:submit", args=[proposal.pk])).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Idee, beter" and proposal.status == ProposalStatus.DRAFT
    assert proposal.revisions.count() == 2
    # No longer the facilitator: no longer opens the draft.
    atelier.facilitator = None
    atelier.save()
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 403 and "Idee, beter" not in response.text


def test_capturer_cannot_make_someone_else_an_author(client_for, captured, chemie, lead):
    colleague = UserFactory(organisation=lead.organisation)
    client_for("lead").post(reverse("proposals:update", args=[captured.pk]), {
        "title": "x", "summary": "s", "sector": chemie.pk, "co_authors": [colleague.pk],
    })  # fmt: skip
    assert captured.authors.count() == 0

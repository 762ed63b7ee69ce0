"""Role x action matrix: allowed, refused (403), invisible (404), anonymous (login redirect).

Roles (tests/conftest.py): staff; chair; lead = Voka member (Voka leads Chemie en farma);
partner = VDAB member (VDAB leads Logistiek); outsider = ACV member; anonymous.
Objects: `draft` and `submitted` are Voka's proposals in Chemie en farma; `vdab_submitted` is
VDAB's proposal in Chemie en farma (so Voka reviews it as sector lead).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.models import Attachment, Proposal, ProposalStatus
from proposals.services import attachment_add, comment_add
from streekpact.partners.models import Role

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

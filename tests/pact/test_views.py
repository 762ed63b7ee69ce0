"""Pages of the pact: who may do what (role x action matrix), forms, htmx, query counts."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pact.models import Action, Draft, DraftStatus, OperationalObjective

from .factories import OperationalObjectiveFactory, place

pytestmark = pytest.mark.django_db

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]
PDF = b"%PDF-1.7\n% a tiny stand-in\n%%EOF\n"


def make_draft(pact, user, version=1, status=DraftStatus.READY, shared=False):
    draft = Draft(
        pact=pact,
        version=version,
        requested_by=user,
        status=status,
        checksum=f"{version:064d}",
        snapshot={"meta": {"version": version}, "content": {}, "changes": {}},
        shared_with_partners=shared,
        failure_reason="kapot" if status == DraftStatus.FAILED else "",
    )
    if status == DraftStatus.READY:
        draft.pdf.save(f"v{version}.pdf", ContentFile(PDF), save=False)
        draft.size = len(PDF)
        draft.page_count = 1
    draft.save()
    return draft


def expect(response, allowed: bool, role: str, refused: int = 403):
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif allowed:
        # A GET shows the page; a POST redirects after acting (its test checks the effect, as
        # an invalid form re-renders instead).
        expected = 302 if response.request["REQUEST_METHOD"] == "POST" else 200
        assert response.status_code == expected, (role, response.status_code)
    else:
        assert response.status_code == refused, (role, response.status_code)


STAFF = {"staff"}
STAFF_CHAIR = {"staff", "chair"}
EVERYONE = {"staff", "chair", "lead", "partner", "outsider"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("detail", EVERYONE),
        ("edit", STAFF),
        ("chapter_create", STAFF),
        ("chapter_detail", STAFF_CHAIR),
        ("chapter_edit", STAFF),
        ("strategic_create", STAFF),
        ("action_place", STAFF),
        ("action_edit", STAFF),
        ("action_remove", STAFF),
        ("draft_list", EVERYONE),
    ],
)
def test_page_matrix(client_for, cast, role, name, allowed, placed, approved):
    chapter = placed[0].operational_objective.strategic_objective.chapter
    args = {
        "chapter_detail": [chapter.slug],
        "chapter_edit": [chapter.slug],
        "strategic_create": [chapter.slug],
        "action_place": [approved["second"].pk],
        "action_edit": [placed[0].pk],
        "action_remove": [placed[0].pk],
    }.get(name, [])
    response = client_for(role).get(reverse(f"pact:{name}", args=args))
    expect(response, role in allowed, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("shared", [False, True])
def test_draft_download_matrix(client_for, cast, role, shared, pact, staff):
    draft = make_draft(pact, staff, shared=shared)
    allowed = role in STAFF_CHAIR or (shared and role != "anonymous")
    for name in ("draft_detail", "draft_download", "draft_status"):
        response = client_for(role).get(reverse(f"pact:{name}", args=[draft.pk]))
        expect(response, allowed, role, refused=404)  # unshared drafts are invisible to partners
        if allowed and name == "draft_download":
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
            assert "no-store" in response["Cache-Control"]
            assert b"".join(response.streaming_content) == PDF


def test_partners_never_see_a_shared_draft_that_is_not_ready(client_for, pact, staff):
    draft = make_draft(pact, staff, status=DraftStatus.QUEUED)
    Draft.objects.filter(pk=draft.pk).update(shared_with_partners=True)
    assert (
        client_for("partner").get(reverse("pact:draft_detail", args=[draft.pk])).status_code == 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_request_draft_matrix(client_for, role, placed, django_capture_on_commit_callbacks):
    from unittest import mock

    with mock.patch("pact.services._enqueue"):
        response = client_for(role).post(reverse("pact:draft_request"), {"chapter": ""})
    expect(response, role in STAFF_CHAIR, role)
    assert Draft.objects.exists() == (role in STAFF_CHAIR)
    if role in STAFF_CHAIR:
        assert response["Location"] == Draft.objects.get().get_absolute_url()


@pytest.mark.parametrize("role", ROLES)
def test_share_matrix(client_for, role, pact, staff):
    draft = make_draft(pact, staff)
    response = client_for(role).post(reverse("pact:draft_share", args=[draft.pk]), {"shared": "1"})
    # The chair sees the draft but may not share it; partners don't see it at all.
    refused = 403 if role == "chair" else 404
    expect(response, role in STAFF, role, refused=refused)
    draft.refresh_from_db()
    assert draft.shared_with_partners == (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_move_matrix(client_for, role, placed):
    first, second = placed
    response = client_for(role).post(reverse("pact:move", args=["action", second.pk, "up"]))
    expect(response, role in STAFF, role)
    order = list(first.siblings.values_list("pk", flat=True))
    assert order == ([second.pk, first.pk] if role in STAFF else [first.pk, second.pk])


def test_media_files_are_not_served_publicly(client_for, pact, staff):
    draft = make_draft(pact, staff)
    assert client_for("staff").get(f"/media/{draft.pdf.name}").status_code == 404


def test_guessing_a_draft_id_gives_404(client_for):
    assert client_for("staff").get(reverse("pact:draft_detail", args=[999])).status_code == 404


def test_place_form_is_prefilled_and_places_the_proposal(client_for, approved, chemie_objective):
    client = client_for("staff")
    proposal = approved["first"]
    url = reverse("pact:action_place", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Stagebank chemie"' in page.text
    path = f"{chemie_objective.strategic_objective.title} › {chemie_objective.title}"
    assert f'value="{path}"' in page.text
    response = client.post(
        url,
        {
            "chapter": chemie_objective.strategic_objective.chapter.pk,
            "objective": path,
            "title": "Een stagebank voor de chemie",
            "description": "Met **alle** bedrijven.",
            "trekker": proposal.organisation_id,
            "budget": "1000",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.proposal, action.title) == (proposal, "Een stagebank voor de chemie")
    assert action.operational_objective == chemie_objective


def test_place_with_new_objectives(client_for, approved, chemie_chapter):
    response = client_for("staff").post(
        reverse("pact:action_place", args=[approved["first"].pk]),
        {
            "chapter": chemie_chapter.pk,
            "objective": "Innovatie › Samenwerking met kennisinstellingen",
            "title": "Innovatiecluster",
        },
    )
    assert response.status_code == 302
    objective = OperationalObjective.objects.get()
    assert objective.strategic_objective.chapter == chemie_chapter
    assert objective.actions.get().title == "Innovatiecluster"


def test_place_without_objective_shows_an_error_and_saves_nothing(client_for, approved):
    response = client_for("staff").post(
        reverse("pact:action_place", args=[approved["first"].pk]), {"title": "Zonder plaats"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not Action.objects.exists()


def test_a_rejected_proposal_cannot_be_placed(client_for, approved, chemie_objective):
    client = client_for("staff")
    url = reverse("pact:action_place", args=[approved["rejected"].pk])
    assert client.get(url).status_code == 302
    chapter = chemie_objective.strategic_objective.chapter
    response = client.post(url, {"chapter": chapter.pk, "objective": "A › B", "title": "x"})
    assert response.status_code == 200
    assert not Action.objects.exists()


def test_edit_keeps_the_source_proposal(client_for, placed, chemie_objective, approved):
    action = placed[0]
    response = client_for("staff").post(
        reverse("pact:action_edit", args=[action.pk]),
        {"operational_objective": chemie_objective.pk, "title": "Herwerkt", "proposal": 999},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.proposal) == ("Herwerkt", approved["first"])


def test_end_before_start_is_a_clear_error(client_for, placed, chemie_objective):
    response = client_for("staff").post(
        reverse("pact:action_edit", args=[placed[0].pk]),
        {
            "operational_objective": chemie_objective.pk,
            "title": "Herwerkt",
            "timing_start": "2016-01-01",
            "timing_end": "2015-01-01",
        },
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.text
    placed[0].refresh_from_db()
    assert placed[0].title == "Stagebank chemie"


def test_htmx_move_returns_the_outline(client_for, placed):
    response = client_for("staff").post(
        reverse("pact:move", args=["action", placed[1].pk, "up"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="chapter-outline"' in response.text
    assert response.text.index("Techniekacademie") < response.text.index("Stagebank chemie")


def test_status_partial_polls_only_while_active(client_for, pact, staff):
    queued = make_draft(pact, staff, version=1, status=DraftStatus.QUEUED)
    ready = make_draft(pact, staff, version=2)
    client = client_for("chair")
    active = client.get(reverse("pact:draft_status", args=[queued.pk])).text
    assert 'hx-trigger="every 2s"' in active
    done = client.get(reverse("pact:draft_status", args=[ready.pk])).text
    assert "hx-trigger" not in done and reverse("pact:draft_download", args=[ready.pk]) in done


def test_failed_draft_shows_its_reason(client_for, pact, staff):
    failed = make_draft(pact, staff, status=DraftStatus.FAILED)
    assert "kapot" in client_for("staff").get(failed.get_absolute_url()).text


def test_unplaced_proposals_are_listed_on_the_pact_page(client_for, placed, approved):
    place_url = reverse("pact:action_place", args=[approved["second"].pk])
    Action.objects.filter(proposal=approved["second"]).delete()
    text = client_for("staff").get(reverse("pact:detail")).text
    assert place_url in text and approved["rejected"].title not in text


def test_home_panel_shows_the_latest_draft_to_the_chair_only_when_visible(client_for, pact, staff):
    draft = make_draft(pact, staff, version=4)
    download = reverse("pact:draft_download", args=[draft.pk])
    assert download in client_for("chair").get(reverse("home")).text
    assert download not in client_for("partner").get(reverse("home")).text


def test_chapter_page_queries_do_not_grow_with_actions(
    client_for, chemie_chapter, approved, django_assert_max_num_queries
):
    client = client_for("staff")
    url = reverse("pact:chapter_detail", args=[chemie_chapter.slug])
    objective = OperationalObjectiveFactory(strategic_objective__chapter=chemie_chapter)
    place(approved["first"], objective)
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    for _ in range(8):
        place(approved["second"], OperationalObjectiveFactory(
            strategic_objective__chapter=chemie_chapter))  # fmt: skip
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert approved["second"].title in response.text


def test_draft_list_queries_do_not_grow_with_drafts(
    client_for, pact, staff, django_assert_max_num_queries
):
    client = client_for("chair")
    make_draft(pact, staff, version=1)
    with django_assert_max_num_queries(20) as one:
        assert client.get(reverse("pact:draft_list")).status_code == 200
    for version in range(2, 10):
        make_draft(pact, staff, version=version)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("pact:draft_list"))
    assert response.status_code == 200
    assert len(response.context["drafts"]) == 9


def test_staff_edit_the_pact_texts_and_add_a_chapter(client_for, pact):
    client = client_for("staff")
    response = client.post(
        reverse("pact:edit"),
        {"title": "Streekpact Mechelen", "period": "2014-2020", "foreword": "Beste lezer"},
    )
    assert response.status_code == 302
    pact.refresh_from_db()
    assert (pact.title, pact.foreword) == ("Streekpact Mechelen", "Beste lezer")
    response = client.post(
        reverse("pact:chapter_create"),
        {"title": "Opvolging en governance", "placement": "after", "introduction": "Jaarlijks."},
    )
    assert response.status_code == 302
    assert response["Location"] == "/pact/chapters/opvolging-en-governance/"
    refused = client.post(
        reverse("pact:chapter_create"), {"title": "Tussenin", "placement": "sectors"}
    )
    assert refused.status_code == 200 and "is-invalid" in refused.text


def test_place_form_lists_objectives_in_pact_order(client_for, approved, pact, chemie, logistiek):
    from pact import services
    from pact.models import Chapter, ChapterPlacement

    services.pact_prepare()
    intro = services.chapter_create(pact=pact, title="Inleiding", placement=ChapterPlacement.BEFORE)
    chapters = (Chapter.objects.get(sector=logistiek), intro, Chapter.objects.get(sector=chemie))
    order = [
        OperationalObjectiveFactory(strategic_objective__chapter=chapter, title=f"OD {chapter}")
        for chapter in chapters
    ]
    text = client_for("staff").get(reverse("pact:action_place", args=[approved["first"].pk])).text
    text = text[text.index('<datalist id="objective-suggestions">') :]  # the suggestions
    positions = [text.index(f"OD {o.strategic_objective.chapter}") for o in order]
    assert positions[1] < positions[2] < positions[0]  # Inleiding, Chemie, Logistiek


def test_partners_see_only_shared_drafts_on_the_pact_page(client_for, pact, staff):
    shared = make_draft(pact, staff, version=1, shared=True)
    hidden = make_draft(pact, staff, version=2)
    text = client_for("partner").get(reverse("pact:detail")).text
    assert shared.get_absolute_url() in text and hidden.get_absolute_url() not in text
    heading = "Goedgekeurde voorstellen die nog niet in het pact staan"
    assert heading not in text and reverse("pact:draft_request") not in text
    staff_text = client_for("staff").get(reverse("pact:detail")).text
    assert heading in staff_text and reverse("pact:draft_request") in staff_text


def test_ready_mail_is_in_dutch(
    placed, staff, chair, mailoutbox, django_capture_on_commit_callbacks
):
    from pact import services

    with django_capture_on_commit_callbacks(execute=True):
        services.draft_request(user=staff)
    subjects = {m.subject for m in mailoutbox}
    assert subjects == {"[Streekpact] Ontwerp versie 1 van het pact is klaar"}
    assert "/pact/drafts/" in mailoutbox[0].body


def test_the_pages_speak_english_too(client_for, placed):
    client = client_for("staff")
    chapter = placed[0].operational_objective.strategic_objective.chapter
    text = client.get(chapter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Objectives and actions" in text and "Strategic objective" in text
    text = client.get(chapter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl-be").text
    assert "Doelstellingen en acties" in text

"""Pages of a consultation round: who may do what (role x action, both ways, with effects),
the forms as rendered (django-webtest), double submits, the close during an edit, the export."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultation import services
from consultation.models import AnswerKind, Reaction, Round, RoundStatus
from pact.models import Action
from streekpact.partners.models import AuditEntry, Organisation

from ..factories import OrganisationFactory
from ..webforms import choose, form_for, form_with_button
from .conftest import action_section, objective_section

pytestmark = pytest.mark.django_db

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]
INVITED = {"lead", "partner"}  # Voka and VDAB members; the outsider is ACV, not invited


def expect(response, allowed: bool, role: str, hidden: bool):
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif allowed:
        assert response.status_code == 200, (role, response.status_code)
    else:
        assert response.status_code == (404 if hidden else 403), (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("round_detail", {"staff", "chair", *INVITED}),
        ("round_manage", {"staff"}),
        ("round_overview", {"staff", "chair"}),
        ("round_export", {"staff", "chair"}),
        ("reaction_create", INVITED),
    ],
)
def test_round_pages_role_matrix(client_for, consultation, role, name, allowed):
    args = [consultation.pk]
    if name == "reaction_create":
        args += ["action", action_section(consultation).id]
    response = client_for(role).get(reverse(f"consultation:{name}", args=args))
    expect(response, role in allowed, role, hidden=role == "outsider")


@pytest.mark.parametrize("role", ROLES)
def test_list_and_create_role_matrix(client_for, consultation, role):
    listing = client_for(role).get(reverse("consultation:round_list"))
    expect(listing, True, role, hidden=False)
    if role != "anonymous":
        shown = consultation.title in listing.text
        assert shown == (role != "outsider")
    create = client_for(role).get(reverse("consultation:round_create"))
    expect(create, role == "staff", role, hidden=False)


@pytest.mark.parametrize("role", ROLES)
def test_answer_and_edit_role_matrix(client_for, consultation, lead, voka, role):
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="comment",
        section_kind="action",
        section_id=action_section(consultation).id,
        body="Goed idee.",
        by=lead,
    )
    answer = client_for(role).get(
        reverse("consultation:reaction_answer", args=[consultation.pk, reaction.pk])
    )
    expect(answer, role == "staff", role, hidden=role == "outsider")
    edit = client_for(role).get(
        reverse("consultation:reaction_edit", args=[consultation.pk, reaction.pk])
    )
    expect(edit, role == "lead", role, hidden=role == "outsider")


@pytest.mark.parametrize("role", ["staff", "chair", "partner", "outsider"])
def test_only_staff_hide_and_only_voka_changes_its_reaction(
    client_for, consultation, lead, voka, role
):
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="comment",
        section_kind="action",
        section_id=action_section(consultation).id,
        body="Goed idee.",
        by=lead,
    )
    client = client_for(role)
    client.post(
        reverse("consultation:reaction_hide", args=[consultation.pk, reaction.pk]),
        {"reason": "Weg ermee"},
    )
    client.post(
        reverse("consultation:reaction_edit", args=[consultation.pk, reaction.pk]),
        {"kind": "comment", "body": "Overschreven"},
    )
    reaction.refresh_from_db()
    assert reaction.is_hidden == (role == "staff")
    assert reaction.body == "Goed idee."


def test_staff_open_a_round_from_the_draft_page_every_partner_invited(
    app_for, draft, cast, django_capture_on_commit_callbacks
):
    page = app_for("staff").get(reverse("pact:draft_detail", args=[draft.pk]))
    page = page.click(href=reverse("consultation:round_create"))
    form = form_with_button(page, "open")
    # Every partner by default; the page lists no organisation, it searches them.
    assert form["audience"].value == "all"
    assert "Alle actieve partnerorganisaties (3)" in page.text
    assert [value for value, *_ in form["organisations"].options] == []
    form["title"] = "Ronde over v1"
    form["closes_on"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = form.submit("open")
    assert "verleden" in page.text  # the closing date lies in the past, said in Dutch
    form = form_with_button(page, "open")
    assert form["title"].value == "Ronde over v1"
    form["closes_on"] = (timezone.localdate() + timedelta(days=10)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit("open").follow()
    assert "3 organisaties zijn uitgenodigd" in page.text
    form.submit("open")  # a double click
    consultation = Round.objects.get()
    assert consultation.invitations.count() == 3


@pytest.fixture
def gone(db):
    """An organisation that no longer takes part: never invited."""
    return OrganisationFactory(name="Opgeheven vzw", short_name="Opgeheven", is_active=False)


#: Who gets the mail of a round, per invited organisation (its active partners' members).
MEMBERS = {
    "Voka": {"lead@voka.test", "auteur@voka.test"},
    "VDAB": {"partner@vdab.test"},
    "ACV": {"outsider@acv.test"},
}


@pytest.mark.parametrize(
    ("audience", "chosen", "invited"),
    [
        ("all", [], {"Voka", "VDAB", "ACV"}),
        ("except", ["ACV"], {"Voka", "VDAB"}),
        ("except", ["ACV", "Voka"], {"VDAB"}),
        ("only", ["VDAB"], {"VDAB"}),
        ("only", ["VDAB", "ACV"], {"VDAB", "ACV"}),
    ],
)
def test_each_audience_invites_and_mails_whom_it_says(
    app_for, draft, cast, gone, django_capture_on_commit_callbacks, audience, chosen, invited
):
    by_name = {o.short_name: o for o in Organisation.objects.all()}
    page = app_for("staff").get(reverse("consultation:round_create"), {"draft": draft.pk})
    form = form_with_button(page, "open")
    form["title"] = "Ronde"
    form["closes_on"] = (timezone.localdate() + timedelta(days=10)).isoformat()
    form["audience"] = audience
    if chosen:
        choose(form, "organisations", *[by_name[name].pk for name in chosen])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        form.submit("open").follow()
    consultation = Round.objects.get()
    names = set(consultation.invitations.values_list("organisation__short_name", flat=True))
    assert names == invited  # never the inactive one
    assert {m.to[0] for m in mail.outbox} == set().union(*(MEMBERS[n] for n in invited))
    entry = AuditEntry.objects.get(action="round_open")
    assert entry.changes["audience"] == audience
    assert entry.changes["chosen"] == sorted(chosen, key=str)


@pytest.mark.parametrize(
    ("audience", "chosen", "message"),
    [
        ("only", [], "Kies de organisaties die je wil uitnodigen, of nodig iedereen uit."),
        ("except", [], "Kies de organisaties die je wil weglaten, of nodig iedereen uit."),
        ("all", ["VDAB"], "Je koos organisaties, maar elke partner is uitgenodigd"),
        (
            "except",
            ["Voka", "VDAB", "ACV"],
            "Nodig minstens één organisatie uit: je liet ze allemaal weg.",
        ),
    ],
)
def test_an_audience_that_says_nothing_is_a_clear_message_and_nothing_is_lost(
    app_for, draft, cast, audience, chosen, message
):
    by_name = {o.short_name: o for o in Organisation.objects.all()}
    page = app_for("staff").get(reverse("consultation:round_create"), {"draft": draft.pk})
    form = form_with_button(page, "open")
    form["title"] = "Ronde over v1"
    form["closes_on"] = (timezone.localdate() + timedelta(days=10)).isoformat()
    form["message"] = "Graag jullie **reacties**."
    form["audience"] = audience
    if chosen:
        choose(form, "organisations", *[by_name[name].pk for name in chosen])
    page = form.submit("open")
    assert page.status_code == 200
    assert message in page.text
    assert not Round.objects.exists()
    form = form_with_button(page, "open")
    assert form["title"].value == "Ronde over v1"
    assert form["message"].value == "Graag jullie **reacties**."
    assert form["audience"].value == audience
    # What was chosen is shown again, and only that: the picker still lists no one else.
    assert sorted(form["organisations"].value or []) == sorted(
        str(by_name[name].pk) for name in chosen
    )
    assert len(form["organisations"].options) == len(chosen)


@pytest.mark.parametrize("role", ["chair", "lead", "partner", "outsider", "anonymous"])
def test_only_staff_open_a_round(client_for, draft, vdab, role):
    response = client_for(role).post(
        reverse("consultation:round_create"),
        {
            "draft": draft.pk,
            "title": "Ronde",
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "audience": "only",
            "organisations": [vdab.pk],
        },
    )
    expect(response, False, role, hidden=False)
    assert not Round.objects.exists()


def test_voka_amends_an_action_and_everyone_invited_sees_the_word_diff(app_for, consultation, acv):
    section = action_section(consultation)
    page = app_for("lead").get(consultation.get_absolute_url())
    page = page.click(
        href=reverse("consultation:reaction_create", args=[consultation.pk, "action", section.id])
    )
    form = form_with_button(page, "save")
    assert form["proposed_title"].value == "Stagebank chemie"  # starts from the draft
    form["kind"] = "amendment"
    form["proposed_title"] = "Regionale stagebank chemie"
    # The proposed trekker is searched on the server; the page lists no organisation.
    assert [value for value, *_ in form["proposed_trekker"].options] == [""]
    choose(form, "proposed_trekker", acv.pk)
    form["body"] = "Ook voor **farma**."
    page = form.submit("save").follow()
    form.submit("save")  # a double click: nothing twice
    reaction = Reaction.objects.get()
    assert reaction.proposed_title == "Regionale stagebank chemie"
    assert reaction.proposed_trekker == acv
    assert reaction.proposed_description == ""  # left as the draft had it
    page = app_for("partner").get(consultation.get_absolute_url())
    assert "<ins" in page.text and "Regionale" in page.text
    assert reaction.reference in page.text
    assert "<strong>farma</strong>" in page.text


def test_a_reaction_sent_after_the_close_is_refused_and_the_text_stays(app_for, consultation):
    objective = objective_section(consultation)
    page = app_for("partner").get(
        reverse("consultation:reaction_create", args=[consultation.pk, "objective", objective.id])
    )
    form = form_with_button(page, "save")
    form["kind"] = "comment"
    form["body"] = "Mijn lange, zorgvuldig getypte tekst."
    services.round_close(round=consultation, notice="Vroeger dicht.")
    page = form.submit("save")
    assert page.status_code == 200
    assert "gesloten" in page.text
    assert "Mijn lange, zorgvuldig getypte tekst." in page.text
    assert not Reaction.objects.exists()


def test_staff_answer_apply_and_finish_through_the_pages(app_for, consultation, lead, voka):
    section = action_section(consultation)
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="amendment",
        section_kind="action",
        section_id=section.id,
        proposed_title="Regionale stagebank",
        by=lead,
    )
    staff = app_for("staff")
    page = staff.get(consultation.get_absolute_url())
    assert "1 reactie" in page.text  # still unanswered
    page = page.click(
        href=reverse("consultation:reaction_answer", args=[consultation.pk, reaction.pk])
    )
    form = form_with_button(page, "save_answer")
    form["answer"] = AnswerKind.NOT_TAKEN_OVER
    page = form.submit("save_answer")
    assert "reden" in page.text.lower()
    form = form_with_button(page, "save_answer")
    form["answer"] = AnswerKind.TAKEN_OVER
    page = form.submit("save_answer").follow()
    page = form_with_button(page, "apply").submit("apply").follow()
    assert Action.objects.get(pk=section.id).title == "Regionale stagebank"

    manage = staff.get(reverse("consultation:round_manage", args=[consultation.pk]))
    form = form_with_button(manage, "close")
    form["close-notice"] = "Alles is binnen."
    form.submit("close").follow()
    manage = staff.get(reverse("consultation:round_manage", args=[consultation.pk]))
    form_with_button(manage, "finish").submit("finish").follow()
    consultation.refresh_from_db()
    assert consultation.status == RoundStatus.FINISHED


def test_finishing_says_how_many_are_left(app_for, consultation, lead, voka):
    for body in ("een", "twee"):
        services.reaction_create(
            round=consultation,
            organisation=voka,
            kind="comment",
            section_kind="action",
            section_id=action_section(consultation).id,
            body=body,
            by=lead,
        )
    services.round_close(round=consultation)
    manage = app_for("staff").get(reverse("consultation:round_manage", args=[consultation.pk]))
    page = form_with_button(manage, "finish").submit("finish").follow()
    assert "2 reacties" in page.text
    consultation.refresh_from_db()
    assert consultation.status == RoundStatus.CLOSED


def test_partners_mark_their_reaction_complete_and_staff_hide_with_a_trace(
    app_for, consultation, lead, voka
):
    services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="comment",
        section_kind="action",
        section_id=action_section(consultation).id,
        body="Ongepaste tekst",
        by=lead,
    )
    page = app_for("lead").get(consultation.get_absolute_url())
    form_for(page, reverse("consultation:round_complete", args=[consultation.pk])).submit()
    assert consultation.invitations.get(organisation=voka).completed_at is not None
    page = app_for("staff").get(consultation.get_absolute_url())
    form = form_with_button(page, "hide")
    form["reason"] = "Persoonlijke aanval"
    form.submit("hide")
    page = app_for("partner").get(consultation.get_absolute_url())
    assert "Persoonlijke aanval" in page.text and "Ongepaste tekst" not in page.text


def test_overview_and_export(app_for, consultation, lead, farmer, voka, boerenbond):
    services.reaction_create(
        round=consultation,
        organisation=boerenbond,
        kind="position",
        section_kind="chapter",
        section_id=consultation.content["chapters"][0]["id"],
        stance="reservations",
        body='=HYPERLINK("http://x")',
        by=farmer,
    )
    page = app_for("chair").get(reverse("consultation:round_overview", args=[consultation.pk]))
    assert "Boerenbond" in page.text
    export = page.click(href=reverse("consultation:round_export", args=[consultation.pk]))
    sheet = load_workbook(BytesIO(export.body)).active
    rows = list(sheet.values)
    assert rows[1][3] == "Boerenbond"
    assert not str(rows[1][6]).startswith("=")  # the formula guard


def test_the_round_page_shows_one_chapter_at_a_time(client_for, consultation, lead, voka):
    chapters = consultation.content["chapters"]
    assert len(chapters) == 2  # Chemie en farma, Logistiek en transport
    url = consultation.get_absolute_url()
    first = client_for("partner").get(url).text
    assert "1. Chemie en farma" in first and "Stagebank chemie" in first
    second = client_for("partner").get(url + "?hoofdstuk=2").text
    assert "Stagebank chemie" not in second and "2. Logistiek en transport" in second
    odd = client_for("partner").get(url + "?hoofdstuk=%C2%B2")
    assert odd.status_code == 200 and "Stagebank chemie" in odd.text
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="comment",
        section_kind="action",
        section_id=action_section(consultation).id,
        body="x",
        by=lead,
    )
    assert reaction.get_absolute_url() == f"{url}?hoofdstuk=1#action-{reaction.section_id}"


def test_round_page_queries_do_not_grow_with_reactions(
    client_for, consultation, lead, voka, django_assert_max_num_queries
):
    url = consultation.get_absolute_url()
    client = client_for("staff")

    def add(n):
        for i in range(n):
            services.reaction_create(
                round=consultation,
                organisation=voka,
                kind="comment",
                section_kind="action",
                section_id=action_section(consultation).id,
                body=f"reactie {i}",
                by=lead,
            )

    add(2)
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "outsider"])
def test_only_staff_close_extend_and_answer(client_for, consultation, lead, voka, role):
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="comment",
        section_kind="action",
        section_id=action_section(consultation).id,
        body="Goed idee.",
        by=lead,
    )
    client = client_for(role)
    client.post(
        reverse("consultation:reaction_answer", args=[consultation.pk, reaction.pk]),
        {"answer": "no_change"},
    )
    client.post(
        reverse("consultation:round_manage", args=[consultation.pk]),
        {"close": "1", "close-notice": "Dicht."},
    )
    reaction.refresh_from_db()
    consultation.refresh_from_db()
    assert (reaction.answer == "no_change") == (role == "staff")
    assert (consultation.status == RoundStatus.CLOSED) == (role == "staff")


def test_staff_extend_a_closed_round_and_partners_may_react_again(app_for, consultation):
    services.round_close(round=consultation, notice="Dicht.")
    page = (
        app_for("lead")
        .get(
            reverse(
                "consultation:reaction_create",
                args=[consultation.pk, "action", action_section(consultation).id],
            )
        )
        .follow()
    )
    assert "gesloten" in page.text
    manage = app_for("staff").get(reverse("consultation:round_manage", args=[consultation.pk]))
    form = form_with_button(manage, "extend")
    form["extend-closes_on"] = (timezone.localdate() + timedelta(days=3)).isoformat()
    form["extend-notice"] = "Drie dagen extra."
    page = form.submit("extend").follow()
    assert "Drie dagen extra." in page.text
    consultation.refresh_from_db()
    assert consultation.status == RoundStatus.OPEN
    page = app_for("lead").get(consultation.get_absolute_url())
    assert "Reageren op" in page.text


def test_overview_queries_do_not_grow_with_reactions(
    client_for, consultation, lead, voka, django_assert_max_num_queries
):
    url = reverse("consultation:round_overview", args=[consultation.pk])
    client = client_for("chair")

    def add(n):
        for i in range(n):
            services.reaction_create(
                round=consultation,
                organisation=voka,
                kind="position",
                section_kind="action",
                section_id=action_section(consultation).id,
                stance="agree",
                body=f"{i}",
                by=lead,
            )

    add(2)
    with django_assert_max_num_queries(20) as small:
        assert "Voka" in client.get(url).text
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_voka_edits_its_reaction_and_the_earlier_wording_is_kept(app_for, consultation, lead, voka):
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="position",
        section_kind="action",
        section_id=action_section(consultation).id,
        stance="agree",
        by=lead,
    )
    page = app_for("lead").get(consultation.get_absolute_url())
    page = page.click(
        href=reverse("consultation:reaction_edit", args=[consultation.pk, reaction.pk])
    )
    form = form_with_button(page, "save")
    form["stance"] = "reservations"
    page = form.submit("save")
    assert "reden van je bedenkingen" in page.text  # a reason is required; the choice stays
    form = form_with_button(page, "save")
    assert form["stance"].value == "reservations"
    form["body"] = "Het budget is te krap."
    form.submit("save").follow()
    reaction.refresh_from_db()
    assert (reaction.stance, reaction.body) == ("reservations", "Het budget is te krap.")
    page = app_for("lead").get(
        reverse("consultation:reaction_edit", args=[consultation.pk, reaction.pk])
    )
    assert "Vroegere formuleringen" in page.text
    assert reaction.revisions.get().content["stance"] == "agree"

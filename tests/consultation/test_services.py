"""The consultation round's services: states, reactions, answers, the note, the provenance."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultation import services
from consultation.models import (
    AnswerKind,
    Audience,
    NoteStatus,
    Reaction,
    ReactionKind,
    Round,
    RoundStatus,
    Stance,
)
from pact import services as pact_services
from pact.models import Action
from streekpact.core.models import OutboxMessage
from streekpact.partners.models import AuditEntry, Organisation

from ..factories import OrganisationFactory
from .conftest import action_section, objective_section

pytestmark = pytest.mark.django_db


def amend(consultation, lead, voka, **fields):
    section = action_section(consultation)
    return services.reaction_create(
        round=consultation,
        organisation=voka,
        kind=ReactionKind.AMENDMENT,
        section_kind="action",
        section_id=section.id,
        by=lead,
        **{"body": "Beter zo.", "proposed_title": "Stagebank chemie en farma", **fields},
    )


def test_opening_invites_every_active_partner_by_default_and_mails_them(
    draft, staff, lead, partner, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = services.round_open(
            draft=draft,
            title="Ronde 1",
            closes_on=timezone.localdate() + timedelta(days=3),
            by=staff,
        )
    invited = set(consultation.invitations.values_list("organisation__short_name", flat=True))
    assert invited == {"Voka", "VDAB", "ACV"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [lead.email, partner.email, outsider.email, "auteur@voka.test"]
    )
    assert AuditEntry.objects.filter(action="round_open").exists()


def test_opening_refuses_a_past_date_and_a_draft_that_is_not_ready(draft, staff):
    with pytest.raises(ValidationError, match="verleden"):
        services.round_open(
            draft=draft, title="X", closes_on=timezone.localdate() - timedelta(days=1), by=staff
        )
    draft.status = "queued"
    with pytest.raises(ValidationError, match="klaar ontwerp"):
        services.round_open(draft=draft, title="X", closes_on=timezone.localdate(), by=staff)


def test_every_kind_of_reaction(consultation, lead, partner, farmer, voka, vdab, boerenbond):
    amendment = amend(consultation, lead, voka)
    assert amendment.section_number == "1.1.1.1"
    assert amendment.reference == f"A-{amendment.pk:04d}"
    objective = objective_section(consultation)
    comment = services.reaction_create(
        round=consultation,
        organisation=vdab,
        kind=ReactionKind.COMMENT,
        section_kind="objective",
        section_id=objective.id,
        body="Denk ook aan zij-instromers.",
        by=partner,
    )
    assert comment.section_title == objective.title
    new = services.reaction_create(
        round=consultation,
        organisation=vdab,
        kind=ReactionKind.NEW_ACTION,
        section_kind="objective",
        section_id=objective.id,
        proposed_title="Opleidingscheques voor werkzoekenden",
        by=partner,
    )
    assert new.proposed_title
    position = services.reaction_create(
        round=consultation,
        organisation=boerenbond,
        kind=ReactionKind.POSITION,
        section_kind="chapter",
        section_id=consultation.content["chapters"][0]["id"],
        stance=Stance.RESERVATIONS,
        body="Landbouw ontbreekt.",
        by=farmer,
    )
    assert position.stance == Stance.RESERVATIONS


@pytest.mark.parametrize(
    ("kind", "section", "fields", "message"),
    [
        ("comment", "action", {"body": " "}, "Schrijf je opmerking"),
        ("position", "action", {"stance": "reservations"}, "reden van je bedenkingen"),
        ("position", "action", {}, "standpunt"),
        ("amendment", "objective", {"proposed_title": "x"}, "op een actie"),
        ("amendment", "action", {"body": "geen nieuwe tekst"}, "minstens één veld"),
        ("new_action", "action", {"proposed_title": "x"}, "onder een doelstelling"),
        ("new_action", "objective", {}, "titel"),
    ],
)
def test_bad_reactions_are_refused_with_a_message(
    consultation, lead, voka, kind, section, fields, message
):
    target = (
        action_section(consultation) if section == "action" else objective_section(consultation)
    )
    with pytest.raises(ValidationError, match=message):
        services.reaction_create(
            round=consultation,
            organisation=voka,
            kind=kind,
            section_kind=section,
            section_id=target.id,
            by=lead,
            **fields,
        )
    assert not Reaction.objects.exists()


def test_a_section_not_in_the_draft_and_an_organisation_not_invited_are_refused(
    consultation, lead, voka, outsider, acv
):
    with pytest.raises(ValidationError, match="hoort niet bij het ontwerp"):
        services.reaction_create(
            round=consultation,
            organisation=voka,
            kind="comment",
            section_kind="action",
            section_id=999999,
            body="x",
            by=lead,
        )
    with pytest.raises(ValidationError, match="niet uitgenodigd"):
        services.reaction_create(
            round=consultation,
            organisation=acv,
            kind="comment",
            section_kind="action",
            section_id=action_section(consultation).id,
            body="x",
            by=outsider,
        )


def test_editing_keeps_the_history_and_is_refused_after_the_close(consultation, lead, voka):
    reaction = amend(consultation, lead, voka)
    services.reaction_update(reaction=reaction, body="Nog beter zo.", by=lead)
    reaction.refresh_from_db()
    assert reaction.body == "Nog beter zo."
    assert [r.content["body"] for r in reaction.revisions.all()] == ["Beter zo."]
    services.round_close(round=consultation, notice="Vroeger dicht.")
    with pytest.raises(ValidationError, match="gesloten op"):
        services.reaction_update(reaction=reaction, body="Te laat.", by=lead)
    with pytest.raises(ValidationError, match="gesloten op"):
        amend(consultation, lead, voka)
    reaction.refresh_from_db()
    assert reaction.body == "Nog beter zo."


def test_hiding_leaves_a_trace_and_hidden_reactions_need_no_answer(consultation, lead, voka, staff):
    reaction = amend(consultation, lead, voka)
    with pytest.raises(ValidationError):
        services.reaction_hide(reaction=reaction, reason=" ", by=staff)
    services.reaction_hide(reaction=reaction, reason="Beledigend", by=staff)
    reaction.refresh_from_db()
    assert reaction.is_hidden and reaction.hidden_by == staff
    assert not consultation.reactions.unanswered().exists()


def test_answering_requires_a_reason_for_not_taken_over(consultation, lead, voka, staff):
    reaction = amend(consultation, lead, voka)
    with pytest.raises(ValidationError, match="reden is verplicht"):
        services.reaction_answer(reaction=reaction, answer=AnswerKind.NOT_TAKEN_OVER, by=staff)
    services.reaction_answer(
        reaction=reaction, answer=AnswerKind.NOT_TAKEN_OVER, answer_text="Past niet.", by=staff
    )
    reaction.refresh_from_db()
    assert reaction.answer == AnswerKind.NOT_TAKEN_OVER and reaction.answered_by == staff


def test_applying_an_amendment_goes_through_the_pact_and_names_it_in_the_next_draft(
    consultation, lead, voka, staff
):
    reaction = amend(consultation, lead, voka, proposed_budget="30000.00")
    with pytest.raises(ValidationError, match="overgenomen"):
        services.amendment_apply(reaction=reaction, by=staff)
    services.reaction_answer(reaction=reaction, answer=AnswerKind.TAKEN_OVER, by=staff)
    action = services.amendment_apply(reaction=reaction, by=staff)
    action.refresh_from_db()
    assert action.title == "Stagebank chemie en farma"
    assert str(action.budget) == "30000.00"
    assert action.proposal.title == "Stagebank chemie"  # provenance untouched
    assert AuditEntry.objects.filter(action="action_update", target_id=action.pk).exists()
    with pytest.raises(ValidationError, match="al verwerkt"):
        services.amendment_apply(reaction=reaction, by=staff)

    v2, _created = pact_services._draft_request(user=staff, chapter=None, enqueue=False)
    [reworded] = v2.changes["reworded"]
    assert reworded["because"] == [f"gewijzigd na amendement van Voka, {reaction.reference}"]


def test_applying_an_amendment_on_an_action_that_went_away(consultation, lead, voka, staff):
    reaction = amend(consultation, lead, voka)
    services.reaction_answer(reaction=reaction, answer=AnswerKind.TAKEN_OVER, by=staff)
    pact_services.action_remove(action=Action.objects.get(pk=reaction.section_id), by=staff)
    with pytest.raises(ValidationError, match="bestaat niet meer"):
        services.amendment_apply(reaction=reaction, by=staff)


def test_finishing_needs_a_closed_round_with_every_reaction_answered(
    consultation, lead, voka, staff
):
    reaction = amend(consultation, lead, voka)
    with pytest.raises(ValidationError, match="Sluit de ronde"):
        services.round_finish(round=consultation, by=staff)
    services.round_close(round=consultation, by=staff)
    with pytest.raises(ValidationError, match="1 reactie is nog niet beantwoord"):
        services.round_finish(round=consultation, by=staff)
    services.reaction_answer(reaction=reaction, answer=AnswerKind.NO_CHANGE, by=staff)
    note = services.round_finish(round=consultation, by=staff)
    consultation.refresh_from_db()
    assert consultation.status == RoundStatus.FINISHED
    assert note.status == NoteStatus.QUEUED
    assert note.snapshot["sections"][0]["reactions"][0]["reference"] == reaction.reference
    assert OutboxMessage.objects.filter(
        task_name="consultation.tasks.render_answer_note", task_id=note.task_id
    ).exists()
    with pytest.raises(ValidationError, match="afgerond"):
        services.reaction_answer(reaction=reaction, answer=AnswerKind.TAKEN_OVER, by=staff)


def test_the_round_closes_by_itself_after_its_date_and_can_be_extended(consultation, staff):
    assert services.rounds_close_due() == []
    consultation.closes_on = timezone.localdate() - timedelta(days=1)
    consultation.save()
    [closed] = services.rounds_close_due()
    assert closed.status == RoundStatus.CLOSED
    with pytest.raises(ValidationError, match="verleden"):
        services.round_extend(
            round=consultation, closes_on=timezone.localdate() - timedelta(days=1), by=staff
        )
    services.round_extend(
        round=consultation,
        closes_on=timezone.localdate() + timedelta(days=5),
        notice="Een week extra.",
        by=staff,
    )
    consultation.refresh_from_db()
    assert consultation.status == RoundStatus.OPEN and consultation.last_notice


def test_the_reminder_goes_once_to_organisations_that_did_not_react(
    consultation, lead, voka, partner, farmer, boerenbond, staff, django_capture_on_commit_callbacks
):
    amend(consultation, lead, voka)
    services.invitation_complete(round=consultation, organisation=boerenbond, by=farmer)
    assert services.rounds_remind() == 0  # a week before the close: not yet
    consultation.closes_on = timezone.localdate() + timedelta(days=2)
    consultation.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rounds_remind() == 1
    assert [m.to[0] for m in mail.outbox] == [partner.email]  # VDAB only
    assert services.rounds_remind() == 0


def test_the_trail_names_the_actor_and_the_organisation(consultation, lead, voka):
    reaction = amend(consultation, lead, voka)
    entry = AuditEntry.objects.get(action="reaction_create")
    assert (entry.actor, entry.organisation_id) == (lead, voka.pk)
    assert entry.target_id == str(reaction.pk)


def test_a_rolled_back_opening_leaves_no_mail_behind(draft, staff):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.round_open(draft=draft, title="Weg", closes_on=timezone.localdate(), by=staff)
        raise RuntimeError("rolled back")
    assert not OutboxMessage.objects.filter(task_name__startswith="consultation.").exists()


def test_the_opening_mail_is_dutch_and_links_the_round(
    consultation, lead, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    services.notify_round_opened(round_pk=consultation.pk)
    [message] = [m for m in mail.outbox if m.to == [lead.email]]
    assert "Consultatieronde geopend: Consultatie ontwerp v1" in message.subject
    assert consultation.get_absolute_url() in message.body
    assert "Graag uw **reacties**." in message.body  # plain text, as written


def test_the_audience_resolves_into_the_invited_organisations(draft, staff, lead, outsider):
    voka, acv = lead.organisation, outsider.organisation
    gone = OrganisationFactory(short_name="Opgeheven", is_active=False)
    assert set(services.round_audience(audience=Audience.ALL)) == set(Organisation.objects.active())
    assert acv not in services.round_audience(audience=Audience.ALL_EXCEPT, organisations=[acv])
    assert gone not in services.round_audience(audience=Audience.ALL_EXCEPT, organisations=[acv])
    assert services.round_audience(audience=Audience.ONLY, organisations=[voka]) == [voka]
    refused = [
        (Audience.ONLY, [gone], "actieve"),
        (Audience.ONLY, [], "uitnodigen"),
        (Audience.ALL, [voka], "elke partner"),
        (Audience.ALL_EXCEPT, list(Organisation.objects.active()), "allemaal weg"),
        ("everyone", [], "Kies wie"),
    ]
    for audience, chosen, message in refused:
        with pytest.raises(ValidationError, match=message):
            services.round_open(
                draft=draft,
                title="X",
                closes_on=timezone.localdate() + timedelta(days=3),
                audience=audience,
                organisations=chosen,
                by=staff,
            )
    assert not Round.objects.exists()

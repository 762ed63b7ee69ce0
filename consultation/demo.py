"""Demo consultation: a finished round on draft v1 with its answer note, and draft v2 whose
change list names the amendment that was taken over. So the demo shows the whole cycle.

The draft and the note are rendered in this process (the demo needs no worker). Idempotent:
with a round already there, nothing is added.
"""

from datetime import timedelta

from django.utils import timezone

from pact import services as pact_services
from pact.models import DraftStatus
from streekpact.partners.models import Organisation, Role, User

from . import services
from .models import AnswerKind, Round, SectionKind, Stance
from .sections import iter_sections


def _member(short_name: str) -> User | None:
    return User.objects.filter(
        organisation__short_name=short_name, role=Role.PARTNER, is_active=True
    ).first()


def seed(*, password: str) -> list[str]:
    if Round.objects.exists():
        return ["Consultation: a round exists already."]
    staff = User.objects.filter(role=Role.STAFF, is_active=True).first()
    voka, vdab, boer = _member("Voka"), _member("VDAB"), _member("Boerenbond")
    if staff is None or voka is None or vdab is None:
        return ["Consultation: no demo accounts, no round."]
    draft = pact_services.draft_request_sync(user=staff)
    if draft.status != DraftStatus.READY:
        return [f"Consultation: draft v{draft.version} did not render ({draft.failure_reason})."]
    consultation = services.round_open(
        draft=draft,
        title=f"Consultatie over ontwerp versie {draft.version}",
        closes_on=timezone.localdate() + timedelta(days=14),
        message="Graag jullie reacties per onderdeel, **namens je organisatie**.",
        by=staff,
    )
    sections = list(iter_sections(consultation.content))
    action = next((s for s in sections if s.kind == SectionKind.ACTION), None)
    objective = next((s for s in sections if s.kind == SectionKind.OBJECTIVE), None)
    chapter = next((s for s in sections if s.kind == SectionKind.CHAPTER), None)
    reactions = []
    if action is not None:
        reactions.append(
            services.reaction_create(
                round=consultation,
                organisation=voka.organisation,
                kind="amendment",
                section_kind=action.kind,
                section_id=action.id,
                proposed_title=f"{action.title} (regionaal, met alle bedrijven)",
                body="Een regionale aanpak bereikt ook de kleinere bedrijven.",
                by=voka,
            )
        )
    if objective is not None:
        reactions.append(
            services.reaction_create(
                round=consultation,
                organisation=vdab.organisation,
                kind="comment",
                section_kind=objective.kind,
                section_id=objective.id,
                body="Denk ook aan **zij-instromers**: werkzoekenden die zich laten omscholen.",
                by=vdab,
            )
        )
    if chapter is not None and boer is not None:
        reactions.append(
            services.reaction_create(
                round=consultation,
                organisation=boer.organisation,
                kind="position",
                section_kind=chapter.kind,
                section_id=chapter.id,
                stance=Stance.RESERVATIONS,
                body="De land- en tuinbouw komt in dit hoofdstuk te weinig aan bod.",
                by=boer,
            )
        )
    answers = [
        (AnswerKind.TAKEN_OVER, "De actie wordt regionaal opgezet."),
        (AnswerKind.PARTLY, "Zij-instromers krijgen een plaats in de acties van VDAB."),
        (AnswerKind.NOT_TAKEN_OVER, "De land- en tuinbouw heeft een eigen hoofdstuk."),
    ]
    for reaction, (answer, text) in zip(reactions, answers, strict=False):
        services.reaction_answer(reaction=reaction, answer=answer, answer_text=text, by=staff)
    if reactions and reactions[0].kind == "amendment":
        services.amendment_apply(reaction=reactions[0], by=staff)
    for org in Organisation.objects.filter(pk__in=[voka.organisation_id, vdab.organisation_id]):
        services.invitation_complete(round=consultation, organisation=org, by=staff)
    services.round_close(round=consultation, notice="Alle reacties zijn binnen.", by=staff)
    note = services.round_finish(round=consultation, by=staff)
    note = services.note_render(note_pk=note.pk) or note
    v2 = pact_services.draft_request_sync(user=staff)
    return [
        f"Consultation: round {consultation.pk} finished with {len(reactions)} reactions; "
        f"answer note {note.status}; draft v{v2.version} names the amendment."
    ]

"""The audit log: services record who did what to which object, from which request; staff read
the whole logboek with filters, partners the history of their own organisation's objects;
nobody can change or delete an entry."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from proposals import services as proposal_services
from proposals.models import ProposalStatus, Stance
from streekpact.partners.models import AuditEntry, AuditVerb

from ..factories import ProposalFactory

pytestmark = pytest.mark.django_db
ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]


@pytest.fixture
def voka_proposal(cast, chemie):
    """A submitted proposal of Voka (the lead's organisation)."""
    return ProposalFactory(sector=chemie, created_by=cast["lead"], status=ProposalStatus.SUBMITTED)


@pytest.fixture
def history(cast, voka_proposal, acv):
    """Voka's proposal is withdrawn by its author; ACV declares a position on it."""
    proposal_services.support_declare(
        proposal=voka_proposal, organisation=acv, stance=Stance.SUPPORT, by=cast["outsider"]
    )
    proposal_services.proposal_withdraw(proposal=voka_proposal, by=cast["lead"], reason="Dubbel")
    return voka_proposal


def test_a_change_through_the_portal_records_who_what_which_and_the_request(
    django_app, cast, chemie
):
    voka_proposal = ProposalFactory(sector=chemie, created_by=cast["lead"])
    page = django_app.get(reverse("proposals:update", args=[voka_proposal.pk]), user=cast["lead"])
    form = next(f for f in page.forms.values() if "title" in f.fields)
    form["title"] = "Stagebank chemie, herwerkt"
    form.submit(
        "save", headers={"X-Request-ID": "abc123"}, extra_environ={"REMOTE_ADDR": "10.1.2.3"}
    )
    entry = AuditEntry.objects.get(action="proposal_update")
    assert entry.actor == cast["lead"]
    assert entry.organisation_id == voka_proposal.organisation_id
    assert entry.verb == AuditVerb.UPDATE
    assert entry.target_type == ContentType.objects.get(app_label="proposals", model="proposal")
    assert entry.target_id == str(voka_proposal.pk)
    assert entry.changes["title"] == {
        "from": voka_proposal.title,
        "to": "Stagebank chemie, herwerkt",
    }
    assert (entry.request_id, entry.ip) == ("abc123", "10.1.2.3")


def test_services_outside_a_request_record_the_actor_they_were_given(history, cast):
    withdrawn = AuditEntry.objects.get(action="proposal_transition")
    assert withdrawn.actor == cast["lead"]
    assert withdrawn.changes["status"] == {"from": "submitted", "to": "withdrawn"}
    assert withdrawn.request_id == "" and withdrawn.ip is None
    support = AuditEntry.objects.get(action="support_declare")
    assert support.actor == cast["outsider"]
    assert support.organisation == cast["outsider"].organisation


def test_a_rolled_back_change_leaves_no_entry(cast, voka_proposal):
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal
        proposal_services.proposal_decide(
            proposal=voka_proposal, by=cast["staff"], decision=ProposalStatus.REJECTED
        )
    assert not AuditEntry.objects.exists()


def test_entries_cannot_be_changed_or_deleted(history):
    entry = AuditEntry.objects.first()
    entry.target_repr = "vervalst"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_logboek(client_for, cast, role, history):
    response = client_for(role).get(reverse("partners:audit_list"))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    if role == "chair":  # no organisation: nothing of their own to read
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {e.action for e in response.context["entries"]}
    expected = {
        "staff": {"proposal_transition", "support_declare"},
        "lead": {"proposal_transition"},  # Voka's proposal
        "outsider": {"support_declare"},  # ACV's position
        "partner": set(),  # VDAB: nothing of theirs
    }[role]
    assert shown == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_history_of_one_object(client_for, role, history):
    url = reverse("partners:audit_object", args=["proposals", "proposal", history.pk])
    response = client_for(role).get(url)
    if role == "anonymous":
        assert response.status_code == 302
    elif role == "chair":
        assert response.status_code == 403
    elif role in ("staff", "lead"):
        assert response.status_code == 200
        assert "proposal_transition" in response.content.decode()
    else:  # another organisation's proposal: not even its existence
        assert response.status_code == 404


def test_staff_filter_by_person_kind_verb_organisation_and_period(client_for, history, acv):
    client = client_for("staff")
    url = reverse("partners:audit_list")
    by_person = client.get(url, {"actor": "Olga"}).context["entries"]
    assert [e.action for e in by_person] == ["support_declare"]
    by_verb = client.get(url, {"verb": AuditVerb.STATUS}).context["entries"]
    assert [e.action for e in by_verb] == ["proposal_transition"]
    kind = ContentType.objects.get(app_label="proposals", model="support")
    by_kind = client.get(url, {"target_type": kind.pk}).context["entries"]
    assert [e.action for e in by_kind] == ["support_declare"]
    by_org = client.get(url, {"organisation": acv.pk}).context["entries"]
    assert [e.action for e in by_org] == ["support_declare"]
    assert not client.get(url, {"until": "2000-01-01"}).context["entries"]
    assert len(client.get(url, {"since": "2000-01-01"}).context["entries"]) == 2


def test_partners_cannot_widen_their_view_with_a_filter(client_for, history, acv):
    response = client_for("lead").get(reverse("partners:audit_list"), {"organisation": acv.pk})
    assert {e.action for e in response.context["entries"]} == {"proposal_transition"}


def test_the_logboek_is_paginated_and_its_queries_do_not_grow(
    client_for, cast, voka_proposal, django_assert_max_num_queries
):
    for n in range(60):
        proposal_services.review_note_add(proposal=voka_proposal, by=cast["staff"], text=f"N{n}")
    client = client_for("staff")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partners:audit_list"))
    assert response.status_code == 200
    assert len(response.context["entries"]) == 50
    assert response.context["page_obj"].paginator.count == 60


def test_there_is_no_way_to_change_entries_in_the_portal(client_for, history):
    entry = AuditEntry.objects.first()
    url = reverse("partners:audit_object", args=["proposals", "proposal", history.pk])
    client = client_for("staff")
    assert client.post(url, {"target_repr": "x"}).status_code == 405
    assert client.post(reverse("partners:audit_list")).status_code == 405
    assert AuditEntry.objects.get(pk=entry.pk).target_repr == entry.target_repr


def test_review_notes_stay_internal(cast, voka_proposal, client_for):
    proposal_services.review_note_add(proposal=voka_proposal, by=cast["staff"], text="Geheim")
    entries = client_for("lead").get(reverse("partners:audit_list")).context["entries"]
    assert not [e for e in entries if e.action == "review_note_add"]

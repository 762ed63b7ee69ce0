"""A create form is sent once: a second post of the same rendered form adds nothing (issue 15).

Each test loads the page, fills the form as rendered and presses the button twice (a double
click, or the browser resending): one record, and the second post leads to the first's result.
On PostgreSQL, two simultaneous posts of one token race for its unique index.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from ateliers.models import Atelier
from proposals.models import Comment, Proposal, ProposalStatus, ReviewNote
from streekpact.core.models import SentForm
from tests.factories import AtelierFactory, ProposalFactory, RegistrationFactory


def _form_with(page, field):
    return next(form for form in page.forms.values() if field in form.fields)


@pytest.fixture
def lead(db):
    from tests.factories import OrganisationFactory, SectorFactory, UserFactory

    voka = OrganisationFactory(name="Voka", short_name="Voka")
    sector = SectorFactory(name="Chemie en farma", slug="chemie-en-farma", leads=[voka])
    user = UserFactory(email="lead@voka.test", organisation=voka)
    user.sector = sector
    return user


def test_new_proposal_sent_twice_is_created_once(django_app, lead):
    page = django_app.get(reverse("proposals:create"), user=lead)
    form = _form_with(page, "title")
    form["title"] = "Stagebank"
    form["summary"] = "Meer stages."
    form["sector"] = str(lead.sector.pk)
    first = form.submit("save", user=lead)
    second = form.submit("save", user=lead)
    proposal = Proposal.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == proposal.get_absolute_url()
    assert "al verstuurd" in second.follow(user=lead).text  # Dutch, the default language


def test_a_refused_form_can_be_corrected_and_sent(django_app, lead):
    page = django_app.get(reverse("proposals:create"), user=lead)
    form = _form_with(page, "title")
    form["summary"] = "Meer stages."
    form["sector"] = str(lead.sector.pk)
    again = form.submit("save", user=lead)  # no title: shown again, nothing saved
    assert again.status_code == 200 and not Proposal.objects.exists()
    form = _form_with(again, "title")
    form["title"] = "Stagebank"
    assert form.submit("save", user=lead).status_code == 302
    assert Proposal.objects.count() == 1


def test_new_atelier_sent_twice_is_planned_once(django_app, lead):
    page = django_app.get(reverse("ateliers:create"), user=lead)
    form = _form_with(page, "starts_at")
    form["title"] = "Inspiratieatelier"
    form["starts_at"] = "2030-06-12T14:00"
    form["ends_at"] = "2030-06-12T17:00"
    form["location"] = "Lamot, Mechelen"
    first = form.submit(user=lead)
    second = form.submit(user=lead)
    atelier = Atelier.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == atelier.get_absolute_url()


def test_duplicate_of_an_atelier_sent_twice_is_planned_once(django_app, lead):
    original = AtelierFactory(sector=lead.sector, leads=[lead.organisation])
    page = django_app.get(reverse("ateliers:duplicate", args=[original.pk]), user=lead)
    form = _form_with(page, "starts_at")
    form.submit(user=lead)
    form.submit(user=lead)
    assert Atelier.objects.count() == 2


def test_comment_sent_twice_is_posted_once(django_app, lead):
    proposal = ProposalFactory(sector=lead.sector, status=ProposalStatus.SUBMITTED)
    page = django_app.get(proposal.get_absolute_url(), user=lead)
    form = next(f for f in page.forms.values() if "text" in f.fields and "parent" not in f.fields)
    form["text"] = "Goed idee"
    form.submit(user=lead)
    form.submit(user=lead)
    assert Comment.objects.filter(text="Goed idee").count() == 1


def test_review_note_sent_twice_is_kept_once(django_app, lead):
    proposal = ProposalFactory(sector=lead.sector, status=ProposalStatus.SUBMITTED)
    page = django_app.get(proposal.get_absolute_url(), user=lead)
    form = next(f for f in page.forms.values() if f.action.endswith("/notes/"))
    form["text"] = "Navragen bij VDAB"
    form.submit(user=lead)
    form.submit(user=lead)
    assert ReviewNote.objects.count() == 1


def test_capture_sent_twice_is_captured_once(django_app, lead):
    atelier = AtelierFactory(sector=lead.sector, leads=[lead.organisation])
    RegistrationFactory(atelier=atelier, user=lead)
    page = django_app.get(reverse("proposals:capture", args=[atelier.pk]), user=lead)
    form = _form_with(page, "organisation")
    form["organisation"] = str(lead.organisation.pk)
    form["title"] = "Imago"
    form["text"] = "Werk aan het imago"
    form.submit("another", user=lead)
    form.submit("another", user=lead)
    assert Proposal.objects.filter(title="Imago").count() == 1


def test_a_token_of_someone_else_shows_nothing_of_theirs(client, lead):
    from tests.factories import UserFactory

    SentForm.objects.create(token="a" * 32, user=lead, result_url="/proposals/1/")
    other = UserFactory(organisation=lead.organisation)
    client.force_login(other)
    response = client.post(
        reverse("proposals:create"),
        {"title": "x", "summary": "y", "sector": lead.sector.pk, "form_token": "a" * 32},
    )
    assert response.status_code == 302 and response["Location"] != "/proposals/1/"
    assert not Proposal.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_create_one_proposal(lead):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    data = {"title": "Tegelijk", "summary": "s", "sector": lead.sector.pk, "save": "1",
            "form_token": "b" * 32}  # fmt: skip
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def post():
        try:
            client = Client()
            client.force_login(lead)
            barrier.wait(timeout=10)
            statuses.append(client.post(reverse("proposals:create"), data).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert statuses == [302, 302]
    assert Proposal.objects.filter(title="Tegelijk").count() == 1

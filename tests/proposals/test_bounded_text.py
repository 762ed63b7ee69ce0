"""Bounded user text (issue 15): length limits with a clear Dutch message, nothing typed lost,
nesting capped, Markdown rendered once when saved, and a full-text column built from bounded
input."""

import time
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from proposals import services
from proposals.forms import ProposalForm
from proposals.models import Proposal
from streekpact.core.text import LONG_TEXT, MEDIUM_TEXT, fill_stored_html
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _fill(form, sector, **values):
    form["title"] = "Techniek op school"
    form["summary"] = "Leerlingen maken kennis met de chemie."
    form["sector"] = str(sector.pk)
    for name, value in values.items():
        form[name] = value
    return form


def _create_form(django_app, user):
    page = django_app.get(reverse("proposals:create"), user=user)
    return next(f for f in page.forms.values() if "body" in f.fields)


def test_a_body_over_the_limit_is_refused_with_the_limit_and_the_length(django_app, lead, chemie):
    form = _fill(_create_form(django_app, lead), chemie, body="**Stages** " + "x" * LONG_TEXT)
    response = form.submit("save")
    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    text = response.text
    assert "Deze tekst is te lang" in text
    assert f"maximaal {LONG_TEXT} tekens" in text
    assert f"nu {LONG_TEXT + 11}" in text
    # Nothing typed is lost: the form comes back with the whole text.
    again = next(f for f in response.forms.values() if "body" in f.fields)
    assert again["body"].value == "**Stages** " + "x" * LONG_TEXT
    assert again["title"].value == "Techniek op school"


def test_the_textarea_is_not_cut_off_by_the_browser(django_app, lead):
    page = django_app.get(reverse("proposals:create"), user=lead)
    body = page.html.find("textarea", attrs={"name": "body"})
    assert body.get("maxlength") is None  # a browser would silently cut pasted text
    assert body.get("data-maxlength") == str(LONG_TEXT)


def test_a_body_at_the_limit_is_saved_and_rendered(django_app, lead, chemie):
    body = "**Stages**\n\n" + "x" * (LONG_TEXT - 12)
    _fill(_create_form(django_app, lead), chemie, body=body).submit("save")
    proposal = Proposal.objects.get()
    assert proposal.body == body
    assert proposal.body_html.startswith("<p><strong>Stages</strong></p>")


def test_a_5_mb_body_is_refused_by_the_length_limit_quickly(client, lead, chemie):
    """Hostile input (hand-made POST): 5 MB is refused without being parsed."""
    client.force_login(lead)
    started = time.process_time()
    response = client.post(
        reverse("proposals:create"),
        {
            "title": "Groot",
            "summary": "Samenvatting",
            "sector": chemie.pk,
            "body": "[" * 2_500_000 + "]" * 2_500_000,
            "save": "1",
        },
    )
    assert time.process_time() - started < 2.0
    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    assert "Deze tekst is te lang" in response.text


@pytest.mark.parametrize(
    "body",
    ["- " * 2000 + "diep", "> " * 2000 + "diep", "\n".join("  " * i + "- a" for i in range(50))],
    ids=["list 2,000 deep", "quotes 2,000 deep", "indented list 50 deep"],
)
def test_text_nested_too_deeply_is_refused_not_a_500(client, lead, chemie, body):
    client.force_login(lead)
    response = client.post(
        reverse("proposals:create"),
        {
            "title": "Diep",
            "summary": "Samenvatting",
            "sector": chemie.pk,
            "body": body,
            "save": "1",
        },
    )
    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    assert "te diep genest" in response.text


def test_deeply_nested_text_saved_another_way_still_shows(client, lead, chemie):
    """Text that bypassed the form (an import, the shell) renders capped, without a 500."""
    proposal = ProposalFactory(sector=chemie, created_by=lead, body="- " * 2000 + "diep")
    client.force_login(lead)
    response = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.status_code == 200
    assert "<ul>" in proposal.body_html


def test_other_free_text_fields_have_limits_too(lead, chemie):
    form = ProposalForm(
        data={
            "title": "Titel",
            "summary": "s" * 1001,
            "sector": chemie.pk,
            "proposed_actions": "a" * (MEDIUM_TEXT + 1),
            "indicators": "i" * (MEDIUM_TEXT + 1),
        },
        user=lead,
    )
    assert not form.is_valid()
    for name in ("summary", "proposed_actions", "indicators"):
        assert "Deze tekst is te lang" in str(form.errors[name])


def test_a_page_view_never_parses_markdown(client, lead, chemie):
    proposal = ProposalFactory(
        sector=chemie, created_by=lead, body="**vet** en [VDAB](https://www.vdab.be)"
    )
    client.force_login(lead)
    with mock.patch("markdown_it.MarkdownIt.parse", side_effect=AssertionError("parsed")):
        response = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.status_code == 200
    assert "<strong>vet</strong>" in response.text
    assert 'href="https://www.vdab.be"' in response.text


def test_the_stored_html_follows_every_save(lead, chemie, staff):
    proposal = ProposalFactory(sector=chemie, created_by=lead, body="*een*")
    assert proposal.body_html.strip() == "<p><em>een</em></p>"
    services.proposal_update(proposal=proposal, by=lead, body="*twee*")
    proposal.refresh_from_db()
    assert proposal.body_html.strip() == "<p><em>twee</em></p>"
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    proposal.refresh_from_db()
    services.proposal_answer(proposal=proposal, by=staff, answer="**Ja**")
    proposal.refresh_from_db()
    assert proposal.answer_html.strip() == "<p><strong>Ja</strong></p>"


def test_the_data_migration_fills_the_html_of_existing_rows(lead, chemie):
    proposal = ProposalFactory(sector=chemie, created_by=lead, body="*oud*", answer="**ja**")
    Proposal.objects.filter(pk=proposal.pk).update(body_html="", answer_html="")
    fill_stored_html({"proposals.Proposal": ("body", "proposed_actions", "answer")})(
        django_apps, None
    )
    proposal.refresh_from_db()
    assert proposal.body_html.strip() == "<p><em>oud</em></p>"
    assert proposal.answer_html.strip() == "<p><strong>ja</strong></p>"


@pytest.mark.postgres
def test_saving_the_100_kb_comment_opener_case_is_fast_on_postgresql(lead, chemie):
    """`to_tsvector` is superlinear on `<!--` and `a_` runs; the column sees bounded input."""
    proposal = ProposalFactory(sector=chemie, created_by=lead, body="kort")
    for hostile in ("<!--" * 25_000, "a_" * 50_000):
        started = time.perf_counter()
        Proposal.objects.filter(pk=proposal.pk).update(body=hostile, summary=hostile[:1000])
        assert time.perf_counter() - started < 1.0


@pytest.mark.postgres
def test_full_text_search_still_finds_words_and_addresses(lead, chemie):
    found = ProposalFactory(
        sector=chemie,
        created_by=lead,
        title="Stagebank",
        body="Mail jan@vdab.be over de e-mail en het werk_plan <b>procesoperator</b>.",
    )
    ProposalFactory(sector=chemie, created_by=lead, title="Iets anders", body="Logistiek")
    for query in ("jan@vdab.be", "e-mail", "werk_plan", "procesoperator", '"werk plan"'):
        assert list(Proposal.objects.search(query)) == [found], query
    assert list(Proposal.objects.search("procesoperator -jan")) == []

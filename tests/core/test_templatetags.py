"""The shared template tags: one status badge, one money filter."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import AtelierFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load streekpact %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("status", "tone"),
    [
        ("draft", "neutral"),
        ("approved", "success"),
        ("rejected", "danger"),
        ("under_review", "info"),
        ("changes_requested", "attention"),
    ],
)
def test_a_proposal_badge_has_the_colour_of_its_status(status, tone):
    proposal = ProposalFactory(status=status)
    with translation.override("nl-be"):
        html = render("{% status_badge proposal %}", proposal=proposal)
    assert f'class="badge status-badge status-{tone}"' in html
    assert f">{proposal.get_status_display()}<" in html


def test_an_atelier_badge_uses_the_same_tag():
    atelier = AtelierFactory(status="cancelled")
    html = render("{% status_badge atelier %}", atelier=atelier)
    assert "status-danger" in html
    assert 'class="bi bi-x-circle"' in html  # an icon too: colour is never the only cue


def test_a_withdrawn_proposal_is_closed():
    html = render("{% status_badge p %}", p=ProposalFactory(status="withdrawn"))
    assert "status-closed" in html


def test_a_status_without_a_model_field_names_its_tone_and_label():
    """Signatures, the progress of an action: the same badge without a status field."""
    html = render('{% status_badge tone="pact" label="In het pact" %}')
    assert 'class="badge status-badge status-pact"' in html
    assert ">In het pact<" in html
    assert 'class="bi bi-bookmark-check"' in html


@pytest.mark.parametrize(
    ("language", "amount", "shown"),
    [
        ("nl-be", Decimal("125000.50"), "€ 125.000,50"),
        ("nl-be", 3, "€ 3,00"),
        ("en", Decimal("1250.5"), "€ 1,250.50"),
        ("nl-be", None, ""),
    ],
)
def test_money_follows_the_language(language, amount, shown):
    with translation.override(language):
        assert render("{{ amount|money }}", amount=amount) == shown

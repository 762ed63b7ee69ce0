"""The identity as data: the palette's contrast, the tokens the theme is compiled from, the
status scheme, the journey registry and the design system's page (docs/design.md)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from streekpact.core import design, journey

TOKENS = Path(settings.BASE_DIR) / "assets" / "scss" / "_tokens.scss"


@pytest.mark.parametrize("pair", design.PAIRS, ids=lambda p: f"{p.foreground}-on-{p.background}")
def test_every_text_background_pair_reaches_wcag_aa(pair):
    ratio = design.contrast_ratio(design.PALETTE[pair.foreground], design.PALETTE[pair.background])
    assert ratio >= design.AA_TEXT, f"{pair.use}: {ratio:.2f}:1"


@pytest.mark.parametrize("name", design.TONES)
def test_every_status_tone_is_readable(name):
    tone = design.TONES[name]
    ratio = design.contrast_ratio(design.PALETTE[tone.foreground], design.PALETTE[tone.background])
    assert ratio >= design.AA_TEXT, f"{name}: {ratio:.2f}:1"


def test_the_contrast_formula_matches_known_values():
    assert design.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert design.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_scss_tokens_are_the_palette():
    """The compiled theme reads _tokens.scss; it must say what design.PALETTE says."""
    text = TOKENS.read_text()
    palette = dict(re.findall(r'^\s*"([a-z-]+)":\s*(#[0-9a-f]{6}),', text, re.MULTILINE))
    assert palette == design.PALETTE
    tones = {
        name: (fg, bg)
        for name, fg, bg in re.findall(
            r'^\s*"([a-z]+)":\s*\("([a-z-]+)",\s*"([a-z-]+)"\)', text, re.M
        )
    }
    assert tones == {name: (t.foreground, t.background) for name, t in design.TONES.items()}


def test_every_bootstrap_colour_a_model_names_maps_to_a_tone():
    for value in ("secondary", "primary", "info", "warning", "success", "danger", "dark", "light"):
        assert design.tone_name(value) in design.TONES
    assert design.tone_name("pact") == "pact"
    assert design.tone_name(None) == "neutral"


# --- The journey registry ------------------------------------------------------------------


def test_the_process_has_six_steps_in_order_and_apps_fill_theirs():
    keys = [step.key for step in journey.steps()]
    assert keys == ["ateliers", "proposals", "drafts", "consultation", "adoption", "monitoring"]
    by_key = {step.key: step for step in journey.steps()}
    assert by_key["proposals"].status.__module__ == "proposals.journey"
    for key in ("consultation", "adoption", "monitoring"):
        assert by_key[key].status.__module__ == f"{key}.journey"


def test_a_registered_step_replaces_the_placeholder_and_now_is_the_last_current(monkeypatch):
    monkeypatch.setattr(journey, "_registry", dict(journey._registry))
    journey.register(
        "consultation",
        order=40,
        title="Consultatie",
        status=lambda user, sector: journey.StepStatus(
            "current",
            "Sluit vrijdag",
            (journey.NextAction("Geef je mening", "/consultatie/"),),
        ),
    )
    for key in ("ateliers", "proposals", "drafts"):
        journey.register(
            key, order=journey.ORDER[key], title=key, status=lambda u, s: journey.StepStatus("done")
        )
    for key in ("adoption", "monitoring"):
        journey.register(key, order=journey.ORDER[key], title=key, status=journey._later)
    shown = journey.journey_for(user=None)
    now = [s for s in shown if s.is_now]
    assert [s.key for s in now] == ["consultation"]
    assert now[0].actions[0].label == "Geef je mening"


def test_an_unknown_state_is_refused():
    with pytest.raises(ValueError):
        journey.StepStatus("maybe")


@pytest.mark.django_db
def test_the_home_page_says_what_a_partner_can_do_next(client_for, cast):
    from tests.factories import ProposalFactory

    partner = cast["partner"]
    ProposalFactory.create_batch(2, organisation=partner.organisation, status="draft")
    page = client_for("partner").get(reverse("home")).content.decode()
    assert "De weg van het pact" in page
    assert "2 voorstellen van je organisatie wachten op indiening" in page
    assert reverse("proposals:drafts") in page


@pytest.mark.django_db
def test_a_reviewer_sees_the_queue_and_staff_may_plan(client_for, cast):
    from tests.factories import ProposalFactory

    ProposalFactory(status="submitted")
    page = client_for("staff").get(reverse("home")).content.decode()
    assert "1 voorstel wacht op je beoordeling" in page
    assert "Een atelier plannen" in page
    assert "Een nieuw ontwerp aanvragen" in page


@pytest.mark.django_db
def test_a_sector_page_shows_the_journey_of_its_sector(client_for, chemie):
    from tests.factories import ProposalFactory

    ProposalFactory(status="submitted", sector=chemie)
    ProposalFactory(status="submitted")  # another sector: not counted here
    page = client_for("staff").get(chemie.get_absolute_url()).content.decode()
    assert f"De weg van het pact voor {chemie.name}" in page
    assert "1 voorstel wacht op je beoordeling" in page


# --- The design system's page ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("chair", 403), ("lead", 403), ("partner", 403), ("anonymous", 302)],
)
def test_only_staff_see_the_design_system(client_for, role, status):
    response = client_for(role).get(reverse("core:design"))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        for part in ("status-pact", "stepper", "empty-state", "action-menu", "table-stack"):
            assert part in html
        assert "--sp-primary" in html


# --- Mails read the same palette ---------------------------------------------------------------


def test_the_mail_layout_reads_its_colours_from_the_palette():
    from streekpact.core.mail import MAIL_THEME, render_html

    assert set(MAIL_THEME.values()) <= set(design.PALETTE.values())
    assert MAIL_THEME["brand"] == design.PALETTE["primary"]
    ratio = design.contrast_ratio(MAIL_THEME["brand_text"], MAIL_THEME["brand"])
    assert ratio >= design.AA_TEXT
    assert design.contrast_ratio(MAIL_THEME["text"], MAIL_THEME["surface"]) >= design.AA_TEXT
    html = render_html("core/email/none", {}, subject="Onderwerp", text="Tekst")
    assert design.PALETTE["primary"] in html
    assert "#1f4e79" not in html  # the colour of before


# --- The newer apps' statuses use the one scheme -------------------------------------------------


def test_the_newer_apps_statuses_name_tones_of_the_scheme():
    from adoption import models as adoption
    from consultation import models as consultation
    from monitoring import models as monitoring
    from streekpact.core import models as core

    maps = {
        "consultation rounds": (consultation.ROUND_TONES, consultation.RoundStatus),
        "reaction answers": (consultation.ANSWER_TONES, consultation.AnswerKind),
        "adoptions": (adoption.ADOPTION_TONES, adoption.AdoptionStatus),
        "reporting periods": (monitoring.PERIOD_TONES, monitoring.PeriodStatus),
        "progress": (monitoring.PROGRESS_TONES, monitoring.ProgressStatus),
        "report states": (monitoring.STATE_TONES, monitoring.ReportState),
        # Drafts, answer notes, renditions and monitoring reports: one render lifecycle.
        "rendered documents": (core.RENDER_TONES, core.RenderStatus),
    }
    for what, (tones, choices) in maps.items():
        assert set(tones) == set(choices.values), what
        assert set(tones.values()) <= set(design.TONES), what  # tone names, not Bootstrap's


def test_the_newer_apps_templates_show_statuses_only_through_the_badge():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    for app in ("consultation", "adoption", "monitoring", "insight", "public"):
        for path in (root / app).rglob("*.html"):
            text = path.read_text()
            assert "text-bg-" not in text, path
            assert 'class="badge' not in text, path

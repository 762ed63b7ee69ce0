"""Lower pages show higher things only through slots the higher app fills (core.slots)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from streekpact.core import slots

#: Template folders in the order of the layers; each may name only itself and those before it.
LAYERS = ["partners", "sectors", "ateliers", "proposals", "pact", "adoption", "public"]
#: Template tag libraries each app provides.
LIBRARIES = {
    "ateliers": "ateliers",
    "proposals": "proposal_tags",
    "pact": "pact",
    "adoption": "adoption_tags",
}


def _references(text: str, app: str) -> list[str]:
    patterns = [
        rf"""{{%\s*(?:include|extends)\s+["']{app}/""",
        rf"""{{%\s*url\s+["']{app}:""",
    ]
    if app in LIBRARIES:
        patterns.append(rf"{{%\s*load\s[^%]*\b{LIBRARIES[app]}\b")
    return [m.group(0) for p in patterns for m in re.finditer(p, text)]


@pytest.mark.parametrize("index", range(len(LAYERS) - 1), ids=LAYERS[:-1])
def test_templates_of_a_lower_app_do_not_name_a_higher_one(index):
    root = Path(settings.BASE_DIR) / "templates" / LAYERS[index]
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for higher in LAYERS[index + 1 :]:
                found += [f"{path.relative_to(root)}: {ref}" for ref in _references(text, higher)]
    assert found == []


def test_the_checker_would_see_a_higher_include():
    assert _references('{% include "proposals/includes/x.html" %}', "proposals")
    assert _references("{% url 'pact:detail' %}", "pact")
    assert _references("{% load i18n proposal_tags %}", "proposals")


def test_a_slot_renders_what_is_registered_in_order_with_the_page_context(monkeypatch):
    monkeypatch.setattr(slots, "_registry", {})
    slots.register("demo", "403.html", order=20)
    assert slots.templates("demo") == ["403.html"]
    slots.register("demo", "403.html", order=20)  # twice is once
    assert slots.templates("demo") == ["403.html"]
    html = Template('{% load streekpact %}[{% slot "nothing" %}]').render(Context({}))
    assert html == "[]"


@pytest.mark.django_db
def test_the_higher_apps_fill_the_lower_pages(client_for, chemie):
    assert slots.templates("sector_detail") == [
        "ateliers/includes/sector_ateliers.html",
        "proposals/includes/sector_proposals.html",
    ]
    assert slots.templates("home") == [
        "adoption/includes/home_panel.html",
        "pact/includes/home_panel.html",
        "proposals/includes/home_panel.html",
        "ateliers/includes/home_panel.html",
        "monitoring/includes/home_panel.html",
        "consultation/includes/home_panel.html",
        "insight/includes/home_panel.html",
    ]
    assert slots.templates("organisation_detail") == [
        "insight/includes/organisation_involvement.html"
    ]
    assert slots.templates("pact_action") == ["monitoring/includes/action_indicators_link.html"]
    assert slots.templates("draft_detail") == [
        "adoption/includes/draft_propose.html",
        "consultation/includes/draft_rounds.html",
    ]
    response = client_for("partner").get(chemie.get_absolute_url())
    assert response.status_code == 200
    used = [t.name for t in response.templates]
    assert "ateliers/includes/sector_ateliers_panel.html" in used
    assert "proposals/includes/sector_proposals_content.html" in used

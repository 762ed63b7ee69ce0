"""A number meets a noun only through ngettext / {% blocktranslate count %}: "1 atelier",
"2 ateliers", never "1 ateliers". These checks read every template."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

#: A value that is a number: a count, a length, a total.
NUMBER = r"\{\{\s*[\w.|]*?(?:count|length|total)[\w.|:]*\s*\}\}"
#: ... directly followed (spaces or an opening span between) by a translated or written word.
NUMBER_THEN_WORD = re.compile(
    NUMBER + r"(?:\s|&nbsp;|<span[^>]*>)*(\{%\s*trans(?:late)?\s+[\"'][^\"']+[\"']|[a-zà-ÿ]{3,})"
)
BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S,
)
#: A blocktranslate without `count` that is handed a number.
NUMBER_ARG = re.compile(r"\w+=[\w.]*(?:count|\|length|total)\b")


def _templates():
    return sorted(
        p.relative_to(TEMPLATES) for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"}
    )


def number_next_to_word(source: str) -> list[str]:
    """Where `source` puts a number next to a noun without plural handling."""
    found = [
        m[0][:80]
        for m in BLOCK.finditer(source)
        if "count" not in m["args"].split("with")[0] and NUMBER_ARG.search(m["args"])
    ]
    outside = BLOCK.sub("", source)
    found += [m[0][:80] for m in NUMBER_THEN_WORD.finditer(outside)]
    return found


@pytest.mark.parametrize("path", _templates(), ids=str)
def test_numbers_meet_nouns_through_plural_forms(path):
    assert not number_next_to_word((TEMPLATES / path).read_text())


@pytest.mark.parametrize(
    "source",
    [
        "<p>{{ ateliers|length }} inspiratieateliers</p>",
        '{{ atelier.waitlisted_count }} {% translate "waiting" %}',
        '{{ p.support_count }}<span class="visually-hidden"> {% translate "supporting" %}</span>',
        "{% blocktranslate with n=items|length %}{{ n }} items{% endblocktranslate %}",
    ],
)
def test_the_check_catches_a_number_before_a_noun(source):
    assert number_next_to_word(source)


@pytest.mark.parametrize(
    "source",
    [
        "{% blocktranslate count counter=items|length %}{{ counter }} item{% plural %}"
        "{{ counter }} items{% endblocktranslate %}",
        "<td>{{ proposal_count }}</td><td>{% translate 'Edit' %}</td>",
    ],
)
def test_the_check_lets_plural_forms_pass(source):
    assert not number_next_to_word(source)

"""User Markdown is rendered and sanitised: nothing executable or fetchable survives."""

import pytest

from streekpact.core.markdown import render_markdown

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="file:///etc/passwd">',
    "![foto](http://127.0.0.1:6379/x.png)",
    '<iframe src="http://example.org"></iframe>',
    '<a href="javascript:alert(1)">klik</a>',
    '<p onclick="alert(1)">tekst</p>',
    '<link rel="stylesheet" href="http://127.0.0.1:6379/">',
    '<div style="background: url(http://127.0.0.1/x)">x</div>',
    "[klik](javascript:alert(1))",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_neutralised(text):
    html = render_markdown(text)
    for needle in (
        "<script",
        "<img",
        "<iframe",
        "javascript:",
        "onclick",
        "<link",
        "url(",
        "style=",
    ):
        assert needle not in html.lower()


def test_ordinary_markdown_is_kept():
    html = render_markdown(
        "**Stages** in de _chemie_\n\n- een\n- twee\n\n[VDAB](https://www.vdab.be)"
    )
    assert "<strong>Stages</strong>" in html
    assert "<em>chemie</em>" in html
    assert "<li>een</li>" in html
    assert 'href="https://www.vdab.be"' in html
    assert "noopener" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_headings_in_user_text_stand_below_the_pages_own():
    html = render_markdown("# Titel\n\n## Deel\n\n###### Diep\n\ntekst")
    assert "<h4>Titel</h4>" in html
    assert "<h5>Deel</h5>" in html
    assert "<h6>Diep</h6>" in html
    assert "<h1" not in html and "<h2" not in html and "<h3" not in html

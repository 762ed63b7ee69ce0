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


# --- Adversarial input: linear-time parsing, bounded nesting (issue 15) -------------------------

import time  # noqa: E402

from streekpact.core.markdown import markdown_depth  # noqa: E402
from streekpact.core.text import LONG_TEXT  # noqa: E402

# The longest Markdown field; the form refuses anything longer before it is rendered.
SIZE = LONG_TEXT


def _pathological():
    """Known worst cases of CommonMark parsers (after commonmark's pathological_tests.py)."""
    n = SIZE
    yield "nested brackets (issue, 16 KB)", "[" * 8000 + "x" + "]" * 8000
    yield "nested brackets", "[" * (n // 2) + "x" + "]" * (n // 2)
    yield "unclosed brackets", "[" * n
    yield "link closers without openers", "a]" * (n // 2)
    yield "link openers and emphasis closers", "[ a_" * (n // 4)
    yield "nested strong emphasis", "*a **a " * (n // 14) + "b" + " a** a*" * (n // 14)
    yield "many emphasis openers", "*a **a " * (n // 7)
    yield "emphasis closers without openers", "a* " * (n // 3)
    yield "emphasis openers without closers", "_a " * (n // 3)
    yield "mismatched openers and closers", "*a_ " * (n // 4)
    yield "openers and closers multiple of 3", "a**b" + "c* " * (n // 3)
    yield "nested block quotes", "> " * (n // 2) + "a"
    yield "nested lists on one line", "- " * (n // 2) + "a"
    yield "nested ordered lists", "1. " * (n // 3) + "a"
    yield "backticks", "".join("e" + "`" * i for i in range(1, 190))
    yield "unclosed links A", "[a](<b" * (n // 6)
    yield "unclosed links B", "[a](b" * (n // 5)
    yield "unclosed comments", "</" + "<!--" * (n // 4)
    yield "unclosed tags", "<a " * (n // 3)
    yield "unclosed autolinks", "<http://" * (n // 8)
    yield "entity openers", "&#" * (n // 2)
    yield "link reference definitions", "[a]: u\n" * (n // 7)
    yield "many references", "".join(f"[{i}]: u\n" for i in range(n // 20)) + "[0] " * (n // 8)
    yield "emphasis inside unclosed links", "[*a](" * (n // 5)
    yield "strikethrough openers", "~~a " * (n // 4)
    yield "wide table", "|a" * 2000 + "|\n" + "|-" * 2000 + "|\n" + "|b" * 2000 + "|\n"
    yield "NUL characters", "abc\x00de\x00" * (n // 7)


@pytest.mark.parametrize(("name", "text"), list(_pathological()), ids=lambda v: v[:40])
def test_pathological_input_renders_in_linear_time(name, text):
    """Each case renders within 1 s of CPU (Python-Markdown took 16 s on the first one)."""
    started = time.process_time()
    html = render_markdown(text)
    markdown_depth(text)
    elapsed = time.process_time() - started
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"
    assert isinstance(html, str)


def test_the_issues_largest_bracket_case_stays_linear():
    """50,000 of each bracket (100 KB, refused by every form) still renders within 1 s."""
    started = time.process_time()
    render_markdown("[" * 50_000 + "x" + "]" * 50_000)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "\n".join("  " * i + "- diep" for i in range(2000)),
        "- " * 2000 + "diep",
        "> " * 2000 + "diep",
        "*" * 2000 + "diep" + "*" * 2000,
    ],
    ids=["indented list", "list on one line", "block quotes", "emphasis"],
)
def test_deep_nesting_renders_without_recursion_error(text):
    html = render_markdown(text)
    assert "diep" in html or html.count("<") > 0
    assert markdown_depth(text) >= 20 or text.startswith("*")


def test_depth_of_ordinary_text_is_small():
    assert markdown_depth("- een\n  - twee\n\n> citaat") < 10
    assert markdown_depth("") == 0


def test_links_inside_brackets_still_work():
    html = render_markdown("Zie [de [VDAB] site](https://www.vdab.be) en \\[geen link\\].")
    assert 'href="https://www.vdab.be"' in html
    assert "[geen link]" in html


def test_tables_and_strikethrough_are_rendered():
    html = render_markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~weg~~")
    assert "<table>" in html
    assert "<s>weg</s>" in html


def test_headings_in_user_text_stand_below_the_pages_own():
    html = render_markdown("# Titel\n\n## Deel\n\n###### Diep\n\ntekst")
    assert "<h4>Titel</h4>" in html
    assert "<h5>Deel</h5>" in html
    assert "<h6>Diep</h6>" in html
    assert "<h1" not in html and "<h2" not in html and "<h3" not in html


def test_markdown_as_plain_text():
    from streekpact.core.markdown import markdown_to_text

    text = markdown_to_text(
        "# Kop\n\n**Vet** en *schuin*, [link](https://x.example) en <b>tag</b>\nregel twee\n\n"
        "- een\n- twee\n\n1. a\n2. b\n\nA & B < C"
    )
    assert text == (
        "Kop\n\nVet en schuin, link (https://x.example) en tag\nregel twee\n\n"
        "- een\n- twee\n\n1. a\n2. b\n\nA & B < C"
    )
    assert markdown_to_text("") == "" and markdown_to_text(None) == ""

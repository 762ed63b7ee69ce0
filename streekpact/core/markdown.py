"""Safe Markdown: user text is rendered to HTML and sanitised with an allow-list (nh3).

The parser is markdown-it-py, a CommonMark implementation whose block and inline parsers are
linear on adversarial input (nested brackets, emphasis openers, backticks, `<!--`...). Nesting
(lists, block quotes, emphasis inside links...) stops at `MAX_NESTING` levels: what lies deeper
is not parsed further, so a list nested 2,000 deep renders without recursion. Forms refuse such
text before it is saved (`streekpact.core.text.validate_markdown_nesting`).

Raw HTML is not recognised by the parser (it is shown as text), and nh3 then removes anything
outside the allow-list: no scripts, no event handlers, no iframes, and no images at all (so no
remote image can be fetched by a browser or by the PDF renderer). Links keep only http(s) and
mailto targets and get rel="nofollow noopener noreferrer".

Texts are rendered once, when they are saved (the `*_html` fields beside each Markdown field);
views and the PDF show the stored HTML and never parse Markdown.
"""

import re
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Levels of nesting the parser follows (a list item inside a list counts two: list and item).
MAX_NESTING = 20
# Square brackets open deeper than this are taken as text. Link labels cannot nest in
# CommonMark, so nothing real is lost, and the link parser need not rescan runs of `[`.
MAX_BRACKET_DEPTH = 3

# Inline raw HTML is recognised (html=True) only so that nh3 can drop the tags whole, as before.
# HTML *blocks* are off: a line starting with a tag stays a paragraph, so the Markdown after it
# is still read (in CommonMark an HTML block would swallow it up to the next blank line). Every
# URL reaches nh3, which keeps http(s) and mailto only.
_parser = (
    MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    .enable(["table", "strikethrough"])
    .disable("html_block")
)
_parser.validateLink = lambda url: True  # nh3's url_schemes is the one gate


def _bound_brackets(text: str) -> str:
    """Escape `[` nested deeper than MAX_BRACKET_DEPTH (a paragraph break resets the count)."""
    if text.count("[") <= MAX_BRACKET_DEPTH:
        return text
    out = []
    depth = 0
    escaped = False
    previous = ""
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            if depth >= MAX_BRACKET_DEPTH:
                char = "\\["
            else:
                depth += 1
        elif char == "]" and depth:
            depth -= 1
        elif char == "\n" and previous == "\n":
            depth = 0
        if char not in " \t\r":
            previous = char
        out.append(char)
    return "".join(out)


def _tokens(text: str):
    return _parser.parse(_bound_brackets(text))


def markdown_depth(text: str | None) -> int:
    """The deepest nesting level the parser reaches in `text` (at most MAX_NESTING)."""
    if not text:
        return 0
    deepest = 0
    for token in _tokens(text):
        deepest = max(deepest, token.level + 1 if token.nesting == 1 else token.level)
        for child in token.children or ():
            deepest = max(deepest, token.level + child.level + 1)
    return deepest


#: User text stands below the page's own headings (h1 title, h2 sections, h3 subsections):
#: its "# Heading" becomes an h4, and deeper levels follow, down to h6.
HEADING_SHIFT = 3
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def shift_headings(html: str, by: int = HEADING_SHIFT) -> str:
    """Lower every heading in sanitised HTML by `by` levels (never below h6)."""
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + by, 6)}", html)


def render_markdown(text: str | None) -> SafeString:
    """Render user-written Markdown to sanitised HTML, safe to show and to print."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = _parser.renderer.render(_tokens(text), _parser.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(shift_headings(clean))  # noqa: S308 - sanitised by nh3 (allow-list above)


def sanitise_html(html: str | None) -> SafeString:
    """Stored HTML passed through the same allow-list again (cheap, linear; no parsing)."""
    if not html:
        return mark_safe("")  # noqa: S308 - empty string
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 with an allow-list above


# --- Markdown as plain text ------------------------------------------------------------------

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table"}


class _TextWriter(HTMLParser):
    """Sanitised HTML back to readable text: paragraphs, "- " list items, "text (url)" links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str | None] = []
        self.link_text: list[int] = []
        self.ordered: list[int | None] = []
        self.in_pre = 0

    def _newlines(self, count: int) -> None:
        text = "".join(self.out)
        have = len(text) - len(text.rstrip("\n"))
        if text and have < count:
            self.out.append("\n" * (count - have))

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self._newlines(2)
        if tag == "pre":
            self.in_pre += 1
        elif tag in {"ul", "ol"}:
            self.ordered.append(1 if tag == "ol" else None)
        elif tag == "li":
            self._newlines(1)
            depth = max(len(self.ordered) - 1, 0)
            number = self.ordered[-1] if self.ordered else None
            if number is None:
                self.out.append("  " * depth + "- ")
            else:
                self.out.append("  " * depth + f"{number}. ")
                self.ordered[-1] = number + 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "hr":
            self._newlines(2)
            self.out.append("---")
            self._newlines(2)
        elif tag == "tr":
            self._newlines(1)
        elif tag in {"td", "th"}:
            if self.out and not self.out[-1].endswith("\n"):
                self.out.append(" | ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
            self.link_text.append(len(self.out))

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self._newlines(2)
        if tag == "pre":
            self.in_pre = max(self.in_pre - 1, 0)
        elif tag in {"ul", "ol"} and self.ordered:
            self.ordered.pop()
        elif tag == "a" and self.href:
            href = self.href.pop()
            text = "".join(self.out[self.link_text.pop() :]).strip()
            if href and href not in {text, f"mailto:{text}"}:
                self.out.append(f" ({href})")

    def handle_data(self, data):
        if not self.in_pre:
            if not data.strip():  # the renderer's line breaks between block tags
                data = "" if "\n" in data else " "
            # A soft line break the author typed stays a line break in plain text.
            data = re.sub(r"[ \t]*\n[ \t]*", "\n", re.sub(r"[ \t]+", " ", data))
            if self.out and self.out[-1].endswith("\n"):
                data = data.lstrip(" ")
        self.out.append(data)

    def text(self) -> str:
        text = "".join(self.out)
        text = "\n".join(line.rstrip() for line in text.splitlines())
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def markdown_to_text(text: str | None) -> str:
    """User Markdown as plain text, for text mails, CSV/XLSX cells, `.ics` descriptions and
    other places that show no HTML: `**bold**` becomes bold, `[label](url)` becomes
    "label (url)", list items start with "- ". The one helper for this; never strip by hand."""
    if not text:
        return ""
    writer = _TextWriter()
    writer.feed(render_markdown(text))
    writer.close()
    return writer.text()

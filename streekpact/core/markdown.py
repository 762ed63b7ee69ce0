"""Safe Markdown: user text is rendered to HTML and sanitised with an allow-list (nh3).

No raw HTML survives, no scripts, no event handlers, no iframes, and no images at all (so no
remote image can be fetched by a browser or by the PDF renderer). Links keep only http(s) and
mailto targets and get rel="nofollow noopener noreferrer".
"""

import re

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

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
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(shift_headings(clean))  # noqa: S308 - sanitised by nh3 (allow-list above)

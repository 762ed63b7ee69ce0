"""The Streekpact identity as data: the palette, the status tones and the contrast rule.

This module is the one place the colours are written down. The web theme
(`assets/scss/_tokens.scss`, compiled into Bootstrap by `npm run build`), the pact PDF
(`static/pact/print.css`) and the HTML mails read the same values; `tests/core/test_design.py`
fails when the SCSS tokens drift from `PALETTE` or a text/background pair in `PAIRS` falls
below WCAG AA (4.5:1 for text).
"""

from typing import NamedTuple

#: The colours, by token name (CSS custom property `--sp-<name>`, Sass `$sp-<name>`).
PALETTE: dict[str, str] = {
    "ink": "#1b2a35",  # body text
    "paper": "#ffffff",  # page background
    "surface": "#f3f6f8",  # panels, footer, table heads
    "border": "#c5d0d8",  # rules and card borders (not text)
    "muted": "#52616c",  # secondary text
    "primary": "#0b4f6c",  # Streekpact blue: links, buttons, the navigation bar
    "primary-dark": "#083a50",  # hover, headings on paper
    "primary-subtle": "#e2eef4",  # tinted panels, info badges
    "accent": "#f0a202",  # Mechelen amber: focus ring, the word mark's bar (never text)
    "accent-subtle": "#fff1cc",  # attention badges
    "accent-text": "#6b4a00",  # text on accent-subtle
    "green": "#1d6b3c",  # sustainability; success
    "green-subtle": "#e3f1e7",
    "red": "#a51d2d",  # danger
    "red-subtle": "#f9e3e5",
    "violet": "#5b3f8c",  # "in the pact": the end of a proposal's road
    "violet-subtle": "#eee8f6",
}


class Pair(NamedTuple):
    foreground: str
    background: str
    use: str


#: Every text/background combination the theme uses. Each must reach 4.5:1.
PAIRS: tuple[Pair, ...] = (
    Pair("ink", "paper", "body text"),
    Pair("ink", "surface", "text on panels and the footer"),
    Pair("muted", "paper", "secondary text"),
    Pair("muted", "surface", "secondary text in the footer"),
    Pair("primary", "paper", "links and outline buttons"),
    Pair("primary", "surface", "links in the footer"),
    Pair("primary", "primary-subtle", "info badge, current step"),
    Pair("paper", "primary", "navigation bar, primary buttons"),
    Pair("paper", "primary-dark", "hovered buttons"),
    Pair("primary-dark", "paper", "headings"),
    Pair("ink", "accent", "text on the amber bar"),
    Pair("accent-text", "accent-subtle", "attention badge"),
    Pair("green", "paper", "success text"),
    Pair("green", "green-subtle", "success badge"),
    Pair("paper", "green", "success button"),
    Pair("red", "paper", "danger text, outline danger button"),
    Pair("red", "red-subtle", "danger badge, error message"),
    Pair("paper", "red", "danger button"),
    Pair("violet", "violet-subtle", "in-the-pact badge"),
    Pair("paper", "violet", "in-the-pact step"),
    Pair("ink", "primary-subtle", "text on tinted panels"),
    Pair("muted", "primary-subtle", "secondary text on tinted panels"),
)

AA_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """The relative luminance of `#rrggbb` (WCAG 2.x)."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours, 1.0 to 21.0."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


class Tone(NamedTuple):
    """One kind of status: its colours (tokens) and an icon, so colour is never the only cue."""

    foreground: str
    background: str
    icon: str


#: The one status scheme: every status of every kind of thing maps to one of these tones.
TONES: dict[str, Tone] = {
    "neutral": Tone("ink", "surface", "circle"),  # draft, queued, not started
    "progress": Tone("primary", "primary-subtle", "arrow-right-circle"),  # submitted, open
    "info": Tone("primary", "primary-subtle", "hourglass-split"),  # in review, rendering
    "attention": Tone("accent-text", "accent-subtle", "exclamation-circle"),  # changes asked
    "success": Tone("green", "green-subtle", "check-circle"),  # approved, ready, done
    "danger": Tone("red", "red-subtle", "x-circle"),  # rejected, failed, cancelled
    "closed": Tone("muted", "surface", "dash-circle"),  # withdrawn, merged, past
    "pact": Tone("violet", "violet-subtle", "bookmark-check"),  # taken into the pact
}

#: Older models name a Bootstrap colour as their `status_tone`; each maps to one tone.
BOOTSTRAP_TONES: dict[str, str] = {
    "secondary": "neutral",
    "primary": "progress",
    "info": "info",
    "warning": "attention",
    "success": "success",
    "danger": "danger",
    "dark": "closed",
    "light": "closed",
}


def tone_name(value: str | None) -> str:
    """The scheme's tone for a model's `status_tone` (a tone or a Bootstrap colour name)."""
    if value in TONES:
        return value
    return BOOTSTRAP_TONES.get(value or "", "neutral")

"""Charts as SVG made on the server, one source for the web pages and the PDF.

A chart is a `Chart`: a title, a text summary, its numbers as a table (header and rows: the
same rows serve the `<details>` table on the page and the CSV download, unless the chart draws
a bounded summary of more rows: then `full_rows` are downloaded) and the drawing as an SVG
string. Apps build the numbers with their own QuerySet methods and call `bar_chart` or
`heatmap` here; this module knows no app.

The drawing is a Vega-Lite specification rendered by vl-convert (no browser, no network; see
docs/insight.md for why not matplotlib). The SVG is then made fit for our pages and PDFs:

- accessible: `role="img"`, a `<title>` (WeasyPrint uses it as the PDF figure's alternative
  text) and a `<desc>` with the summary, referenced by `aria-labelledby`; Vega's own ARIA
  attributes on each mark are switched off (the table carries the numbers);
- colour-blind safe: the Okabe-Ito palette for categories, one light-to-dark hue for amounts,
  and the numbers are always printed or tabled too (colour is never the only cue);
- strict-CSP safe: presentation attributes only (no `style` attribute, no `<style>`, no
  script, no event handler), so it can be inlined in a page with our Content-Security-Policy;
- deterministic: ids are renamed `<slug>-<n>` in document order (Vega numbers gradients with
  a process-wide counter), no timestamps, so the same data gives the same bytes and the same
  PDF; two charts on one page never share an id.
"""

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

SVG_NS = "http://www.w3.org/2000/svg"

#: Okabe & Ito (2008), distinguishable with every common colour-vision deficiency; grey last.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
)
#: Amounts: one hue from light to dark (readable in greyscale too).
SEQUENTIAL = "blues"
FONT = "DejaVu Sans, Arial, sans-serif"
# Elements and attributes the drawing never needs; removed whatever Vega emits.
_UNSAFE_TAGS = {"script", "style", "foreignObject", "a", "image", "iframe"}
_ID_REFERENCE = re.compile(r"url\(#([^)]+)\)")


@dataclass(frozen=True)
class Chart:
    """A chart with everything needed to show it accessibly and to download its data."""

    slug: str
    title: str
    summary: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]
    svg_markup: str = ""
    #: Shown under the drawing (e.g. what a bounded chart leaves out, and where to find it).
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: Every row, when the drawing and its table show a bounded summary (the top N and the
    #: others added up); the CSV download carries these. None: the download is `rows`.
    full_rows: tuple[tuple, ...] | None = None

    @property
    def download_rows(self) -> tuple[tuple, ...]:
        """The rows of the CSV download: everything, also what the page adds up."""
        return self.rows if self.full_rows is None else self.full_rows

    @property
    def svg(self) -> str:
        """The SVG for a template (made here from escaped, re-serialised XML)."""
        return mark_safe(self.svg_markup)  # noqa: S308 - serialised by ElementTree below

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def label_columns(self) -> int:
        """How many leading columns hold labels (the rest are numbers, aligned right)."""
        if not self.rows:
            return len(self.header)
        count = 0
        for value in self.rows[0]:
            if isinstance(value, int | float) and not isinstance(value, bool):
                break
            count += 1
        return count


def _base_spec(*, width: int, height: int) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "background": "white",
        "config": {
            "aria": False,
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 220},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 220},
        },
    }


def _order(values: Iterable[str]) -> list[str]:
    """Distinct values in their first order (Vega-Lite would sort them alphabetically)."""
    return list(dict.fromkeys(values))


def bar_chart(
    *,
    slug: str,
    title: str,
    summary: str,
    header: Sequence[str],
    rows: Sequence[Sequence],
    data: Sequence[tuple[str, str, int | float]],
    category_title: str = "",
    value_title: str = "",
    series_title: str = "",
    stacked: bool = True,
    horizontal: bool = False,
    width: int = 640,
    height: int = 300,
) -> Chart:
    """Bars per category, split by series (stacked or side by side).

    `data` holds `(category, series, value)` triples in the order to draw them; `header` and
    `rows` are the table shown beside the chart and downloaded as CSV.
    """
    categories = _order(c for c, _, _ in data)
    series = _order(s for _, s, _ in data)
    values = [
        {"category": c, "series": s, "value": v, "order": series.index(s)} for c, s, v in data
    ]
    category = {"field": "category", "type": "nominal", "sort": categories, "title": category_title}
    if stacked:
        totals: dict[str, float] = {}
        for c, _s, v in data:
            totals[c] = totals.get(c, 0) + v
        highest = max(totals.values(), default=0)
    else:
        highest = max((v for _c, _s, v in data), default=0)
    # Counts: whole-number ticks only (no "0.5 participants"), at most eight of them.
    value = {
        "field": "value",
        "type": "quantitative",
        "title": value_title,
        "axis": {"format": "d", "tickCount": int(max(1, min(8, highest)))},
    }
    if stacked:
        value["stack"] = "zero"
    else:
        value["stack"] = None
    encoding = {
        "color": {
            "field": "series",
            "type": "nominal",
            "sort": series,
            "title": series_title,
            "scale": {"domain": series, "range": list(PALETTE[: max(1, len(series))])},
            "legend": {"orient": "bottom", "columns": 3} if len(series) > 1 else None,
        },
        "order": {"field": "order", "type": "quantitative"},
        "tooltip": None,
    }
    if horizontal:
        encoding |= {"y": category, "x": value}
        if not stacked:
            encoding["yOffset"] = {"field": "series", "sort": series}
    else:
        category["axis"] = {"labelAngle": -40}
        encoding |= {"x": category, "y": value}
        if not stacked:
            encoding["xOffset"] = {"field": "series", "sort": series}
    spec = _base_spec(width=width, height=height)
    if horizontal:
        # One band per category, as high as its bars need: few categories, a short chart.
        # (side by side, the step is that of each bar within its category's band)
        spec["height"] = {"step": 22 if stacked else 12}
    spec |= {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": encoding,
    }
    return Chart(
        slug=slug,
        title=title,
        summary=summary,
        header=tuple(header),
        rows=tuple(tuple(r) for r in rows),
        svg_markup=render_svg(spec, slug=slug, title=title, description=summary) if data else "",
    )


def heatmap(
    *,
    slug: str,
    title: str,
    summary: str,
    header: Sequence[str],
    rows: Sequence[Sequence],
    data: Sequence[tuple[str, str, int | float]],
    row_title: str = "",
    column_title: str = "",
    facet: Sequence[str] | None = None,
    facet_title: str = "",
    cell: int = 34,
    scale_max: int | float | None = None,
) -> Chart:
    """A grid of `(row, column, value)` cells, darker for more, with the number in each cell.

    With `facet` (one label per triple), one grid per facet value side by side (e.g. support,
    objection, abstention), on one colour scale. With `scale_max`, the colours run from 0 to
    `scale_max` and a higher value has the darkest colour (a row adding up many others would
    otherwise pale every other cell); the number in the cell still tells it.
    """
    row_values = _order(r for r, _, _ in data)
    column_values = _order(c for _, c, _ in data)
    values = [{"row": r, "column": c, "value": v} for r, c, v in data]
    facets = None
    if facet is not None:
        facets = _order(facet)
        for item, label in zip(values, facet, strict=True):
            item["facet"] = label
    highest = scale_max or max((v for _, _, v in data), default=0) or 1
    colour_scale = {"scheme": SEQUENTIAL, "domainMin": 0}
    if scale_max:
        colour_scale |= {"domainMax": scale_max, "clamp": True}
    encoding = {
        "y": {"field": "row", "type": "nominal", "sort": row_values, "title": row_title},
        "x": {
            "field": "column",
            "type": "nominal",
            "sort": column_values,
            "title": column_title,
            "axis": {"labelAngle": -40},
        },
    }
    layer = [
        {
            "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
            "encoding": {
                "color": {
                    "field": "value",
                    "type": "quantitative",
                    "scale": colour_scale,
                    "legend": None,
                }
            },
        },
        {
            "mark": {"type": "text", "fontSize": 11},
            "encoding": {
                "text": {"field": "value", "type": "quantitative"},
                "color": {
                    "condition": {"test": f"datum.value > {highest * 0.55}", "value": "white"},
                    "value": "black",
                },
            },
        },
    ]
    inner = {
        "width": cell * max(1, len(column_values)),
        "height": cell * max(1, len(row_values)),
        "encoding": encoding,
        "layer": layer,
    }
    spec = _base_spec(width=0, height=0)
    del spec["width"], spec["height"]
    if facets is not None:
        spec |= {
            "data": {"values": values},
            "facet": {
                "column": {
                    "field": "facet",
                    "type": "nominal",
                    "sort": facets,
                    "title": facet_title,
                }
            },
            "spec": inner,
        }
    else:
        spec |= {"data": {"values": values}} | inner
    return Chart(
        slug=slug,
        title=title,
        summary=summary,
        header=tuple(header),
        rows=tuple(tuple(r) for r in rows),
        svg_markup=render_svg(spec, slug=slug, title=title, description=summary) if data else "",
    )


def render_svg(spec: dict, *, slug: str, title: str, description: str) -> str:
    """Render a Vega-Lite specification to accessible, CSP-safe, deterministic SVG markup."""
    import vl_convert

    raw = vl_convert.vegalite_to_svg(json.dumps(spec, sort_keys=True))
    return _finish(raw, slug=slug, title=title, description=description)


def _local(name: str) -> str:
    return name.split("}")[-1]


def _finish(raw: str, *, slug: str, title: str, description: str) -> str:
    # vl-convert's own output (no DTD, no entities), not outside input.
    root = ET.fromstring(raw)  # noqa: S314
    # Plain names, `xmlns` written by hand: ElementTree's prefix registry is process-wide and
    # other libraries change it (an `ns0:svg` is no SVG to an HTML parser).
    for element in root.iter():
        element.tag = _local(element.tag)
        for name in [n for n in element.attrib if n.startswith("{")]:
            value = element.attrib.pop(name)
            if _local(name) == "href":
                element.attrib["href"] = value
    # Drop anything that could run or style from outside the attributes.
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in _UNSAFE_TAGS:
                parent.remove(child)
    ids: dict[str, str] = {}
    for element in root.iter():
        for name in list(element.attrib):
            if name in ("style", "role", "class", "pointer-events") or name.startswith(
                ("on", "aria-")
            ):
                del element.attrib[name]
        if "id" in element.attrib:
            ids[element.attrib["id"]] = f"{slug}-{len(ids) + 1}"
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if name == "id":
                element.attrib[name] = ids.get(value, value)
            elif "url(#" in value:
                element.attrib[name] = _ID_REFERENCE.sub(
                    lambda m: f"url(#{ids.get(m.group(1), m.group(1))})", value
                )
            elif name == "href" and value.startswith("#"):
                element.attrib[name] = "#" + ids.get(value[1:], value[1:])
    # width and height stay: the PDF's intrinsic size; the page's CSS scales it to its column.
    width, height = root.attrib.get("width"), root.attrib.get("height")
    if "viewBox" not in root.attrib and width and height:
        root.attrib["viewBox"] = f"0 0 {width} {height}"
    root.attrib.pop("version", None)
    # One <title> with the title and the summary: it is the accessible name on the page and
    # the alternative text of the PDF figure (WeasyPrint reads only the <title>).
    title_id = f"{slug}-title"
    root.attrib |= {
        "role": "img",
        "aria-labelledby": title_id,
        "class": "chart-svg",
        "focusable": "false",
    }
    root.attrib["xmlns"] = SVG_NS
    title_element = ET.Element("title", {"id": title_id})
    title_element.text = f"{title}. {description}" if description else title
    root.insert(0, title_element)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)

"""The chart helper (streekpact/core/charts.py): accessible, CSP-safe, deterministic SVG."""

import re
import xml.etree.ElementTree as ET

from streekpact.core.charts import PALETTE, bar_chart, heatmap

HOSTILE = '<script>alert(1)</script> & "quotes"'


def _bar(slug="bars", **kwargs):
    data = [("Chemie", "Werkgevers", 3), ("Chemie", "Vakbond", 2), (HOSTILE, "Werkgevers", 1)]
    return bar_chart(
        slug=slug,
        title="Deelnemers",
        summary="Zes deelnemers.",
        header=["Sector", "Soort", "Aantal"],
        rows=[[c, s, v] for c, s, v in data],
        data=data,
        **kwargs,
    )


def test_the_same_data_gives_the_same_bytes():
    assert _bar().svg_markup == _bar().svg_markup
    grid = [("Chemie", "Werkgevers", 3), ("Zorg", "Vakbond", 5)]
    first = heatmap(slug="h", title="T", summary="S", header=[], rows=[], data=grid)
    again = heatmap(slug="h", title="T", summary="S", header=[], rows=[], data=grid)
    assert first.svg_markup == again.svg_markup


def test_the_svg_is_accessible_and_safe_for_a_strict_csp():
    svg = _bar().svg_markup
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert root.get("aria-labelledby") == title.get("id") == "bars-title"
    assert title.text == "Deelnemers. Zes deelnemers."
    assert "style" not in svg  # no style attribute, no <style>
    assert "<script" not in svg and "on" not in {a[:2] for e in root.iter() for a in e.attrib}
    # The hostile label is text, escaped.
    assert "&lt;script&gt;" in svg
    # Colours from the colour-blind-safe palette.
    assert PALETTE[0].lower() in svg.lower() and PALETTE[1].lower() in svg.lower()


def test_ids_are_named_after_the_chart_so_two_charts_never_share_one():
    grid = [("Chemie", "Werkgevers", 3), ("Zorg", "Vakbond", 5)]
    one = heatmap(slug="one", title="T", summary="S", header=[], rows=[], data=grid).svg_markup
    two = heatmap(slug="two", title="T", summary="S", header=[], rows=[], data=grid).svg_markup
    ids_one = set(re.findall(r'id="([^"]+)"', one))
    ids_two = set(re.findall(r'id="([^"]+)"', two))
    assert ids_one and not ids_one & ids_two
    assert all(i.startswith("one-") for i in ids_one)
    for reference in re.findall(r"url\(#([^)]+)\)", one):
        assert reference in ids_one


def test_an_empty_chart_has_no_drawing():
    chart = bar_chart(slug="e", title="T", summary="S", header=["a"], rows=[], data=[])
    assert chart.is_empty and chart.svg_markup == ""


def test_number_columns_are_told_apart_from_labels():
    assert _bar().label_columns == 2


def test_a_heatmap_with_a_scale_max_gives_higher_cells_the_darkest_colour():
    """The involvement chart's added-up row would pale every other cell: the colours run up to
    the busiest organisation shown, and anything above has the darkest colour."""
    grid = [("P1", "Chemie", 10), ("P2", "Chemie", 5), ("Andere", "Chemie", 100)]

    def fills(svg: str) -> dict[str, str]:
        # One rect per cell, in the order of the data (rows top to bottom).
        root = ET.fromstring(svg)  # noqa: S314 - our own output
        cells = [e.get("fill") for e in root.iter("{http://www.w3.org/2000/svg}path")]
        cells = [f for f in cells if f and f.startswith("rgb")]
        return dict(zip(["P1", "P2", "Andere"], cells, strict=True))

    kwargs = {"slug": "h", "title": "T", "summary": "S", "header": [], "rows": [], "data": grid}
    plain = fills(heatmap(**kwargs).svg_markup)
    bounded = fills(heatmap(**kwargs, scale_max=10).svg_markup)
    assert plain["P1"] != plain["Andere"]  # 10 of 100: pale
    assert bounded["P1"] == bounded["Andere"]  # the darkest, both
    assert bounded["P2"] != bounded["P1"]

"""Altair + vl-convert against matplotlib: render time and SVG size for our kinds of chart.

    python -m benchmarks chart_libraries [--runs R]

Both libraries are optional here (the portal depends only on the one chosen, see
docs/insight.md); a library that is not installed is reported and skipped. The charts are the
insight page's shapes at a realistic size: a stacked bar (participation per atelier by kind of
organisation, 24 ateliers x 7 kinds), a heatmap (8 sectors x 7 kinds) and a grouped bar (the
funnel: 8 sectors x 4 stages). Reports the first render (library start-up included), the median
of R renders after it, and the SVG size.
"""

import argparse
import io
import statistics
import time

KINDS = [
    "Werkgevers",
    "Vakbond",
    "Lokaal bestuur",
    "Onderwijs",
    "Sector",
    "Openbare dienst",
    "Andere",
]
SECTORS = ["Chemie", "Logistiek", "Zorg", "Bouw", "Tuinbouw", "Metaal", "Horeca", "Retail"]
STAGES = ["Bijdragen", "Ingediend", "Goedgekeurd", "Actie"]
ATELIERS = [f"Atelier {i:02d}" for i in range(24)]
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


def _data():
    stacked = [
        (a, k, (i * 7 + j * 3) % 11) for i, a in enumerate(ATELIERS) for j, k in enumerate(KINDS)
    ]
    heat = [
        (s, k, (i * 5 + j * 2) % 13) for i, s in enumerate(SECTORS) for j, k in enumerate(KINDS)
    ]
    funnel = [
        (s, st, 100 // (j + 1) + i) for i, s in enumerate(SECTORS) for j, st in enumerate(STAGES)
    ]
    return stacked, heat, funnel


def _altair_charts():
    import altair as alt
    import vl_convert as vlc

    stacked, heat, funnel = _data()
    scale = alt.Scale(range=PALETTE)

    def svg(chart):
        return vlc.vegalite_to_svg(chart.to_json())

    def bar():
        data = alt.Data(values=[{"a": a, "k": k, "n": n} for a, k, n in stacked])
        return svg(
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("a:N", title=None, sort=None),
                y=alt.Y("n:Q", title="Deelnemers"),
                color=alt.Color("k:N", scale=scale, title=None),
            )
            .properties(width=600, height=260)
        )

    def heatmap():
        data = alt.Data(values=[{"s": s, "k": k, "n": n} for s, k, n in heat])
        base = alt.Chart(data).encode(x=alt.X("k:N", title=None), y=alt.Y("s:N", title=None))
        return svg(
            (
                base.mark_rect().encode(color=alt.Color("n:Q", scale=alt.Scale(scheme="blues")))
                + base.mark_text().encode(text="n:Q")
            ).properties(width=420, height=240)
        )

    def grouped():
        data = alt.Data(values=[{"s": s, "st": st, "n": n} for s, st, n in funnel])
        return svg(
            alt.Chart(data)
            .mark_bar()
            .encode(
                y=alt.Y("s:N", title=None),
                yOffset=alt.YOffset("st:N", sort=None),
                x=alt.X("n:Q", title=None),
                color=alt.Color("st:N", scale=scale, sort=None),
            )
            .properties(width=420, height=320)
        )

    return {"stacked bar": bar, "heatmap": heatmap, "grouped bar": grouped}


def _matplotlib_charts():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "streekpact"})
    stacked, heat, funnel = _data()

    def svg(fig):
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
        plt.close(fig)
        return out.getvalue()

    def bar():
        fig, ax = plt.subplots(figsize=(8, 3.5))
        bottoms = [0] * len(ATELIERS)
        for j, k in enumerate(KINDS):
            values = [n for a, kk, n in stacked if kk == k]
            ax.bar(ATELIERS, values, bottom=bottoms, color=PALETTE[j], label=k)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        ax.tick_params(axis="x", labelrotation=90)
        ax.legend(frameon=False, fontsize=8)
        return svg(fig)

    def heatmap():
        fig, ax = plt.subplots(figsize=(6, 3.5))
        grid = [[n for s, k, n in heat if s == sector] for sector in SECTORS]
        ax.imshow(grid, cmap="Blues", aspect="auto")
        ax.set_xticks(range(len(KINDS)), KINDS, rotation=45, ha="right")
        ax.set_yticks(range(len(SECTORS)), SECTORS)
        for i, row in enumerate(grid):
            for j, n in enumerate(row):
                ax.text(j, i, str(n), ha="center", va="center", fontsize=8)
        return svg(fig)

    def grouped():
        fig, ax = plt.subplots(figsize=(6, 4.5))
        height = 0.8 / len(STAGES)
        for j, st in enumerate(STAGES):
            values = [n for s, stt, n in funnel if stt == st]
            ax.barh(
                [i + j * height for i in range(len(SECTORS))],
                values,
                height=height,
                color=PALETTE[j],
                label=st,
            )
        ax.set_yticks([i + 0.3 for i in range(len(SECTORS))], SECTORS)
        ax.legend(frameon=False, fontsize=8)
        return svg(fig)

    return {"stacked bar": bar, "heatmap": heatmap, "grouped bar": grouped}


def _measure(name, make_charts, runs):
    start = time.perf_counter()
    try:
        charts = make_charts()
    except ImportError as error:
        print(f"{name}: not installed ({error.name}); skipped")
        return
    for chart, render in charts.items():
        first_start = time.perf_counter()
        svg = render()
        first = (time.perf_counter() - first_start) * 1000
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            again = render()
            times.append((time.perf_counter() - t) * 1000)
        deterministic = "yes" if again == svg else "NO"
        print(
            f"{name:22} {chart:12} {first:9.0f} {statistics.median(times):9.1f} "
            f"{len(svg.encode()) / 1024:8.1f} {deterministic:>6}"
        )
    del start


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks chart_libraries", description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    print(
        f"{'library':22} {'chart':12} {'first ms':>9} {'median ms':>9} {'SVG KiB':>8} {'same':>6}"
    )
    _measure("altair + vl-convert", _altair_charts, args.runs)
    _measure("matplotlib", _matplotlib_charts, args.runs)

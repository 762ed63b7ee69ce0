"""The renderer's internals that the PDF tests don't see directly."""

import gc
from pathlib import Path

import pytest

from pact import rendering


def test_the_garbage_collector_is_back_on_after_a_render_even_a_failed_one(monkeypatch):
    snapshot = {"meta": {"checksum": "0" * 64, "version": 1}}
    monkeypatch.setattr(rendering, "build_html", lambda snapshot: "<p>x</p>")
    assert gc.isenabled()
    assert rendering.render_pdf(snapshot).page_count == 1
    assert gc.isenabled()

    def boom(*args, **kwargs):
        assert not gc.isenabled()  # off while WeasyPrint lays out
        raise RuntimeError("layout failed")

    monkeypatch.setattr("weasyprint.HTML.render", boom)
    with pytest.raises(RuntimeError):
        rendering.render_pdf(snapshot)
    assert gc.isenabled()


def test_running_header_and_footer_of_a_draft_and_of_the_final_version():
    from pact.stamping import Margins, page_margins

    draft = page_margins({"version": 3}, ["", "Inhoud", "2. Chemie en farma"])
    assert draft == [
        Margins("", "", "Ontwerp — niet definitief", "pagina 1 van 3"),
        Margins("Streekpact · Ontwerp — versie 3", "Inhoud", "Ontwerp — niet definitief",
                "pagina 2 van 3"),
        Margins("Streekpact · Ontwerp — versie 3", "2. Chemie en farma",
                "Ontwerp — niet definitief", "pagina 3 van 3"),
    ]  # fmt: skip
    final = page_margins({"final": True, "status_line": "Goedgekeurd op 5 mei 2014"}, ["", "X"])
    assert final == [
        Margins("", "", "", "pagina 1 van 2"),
        Margins("Streekpact — definitieve versie", "X", "Goedgekeurd op 5 mei 2014",
                "pagina 2 van 2"),
    ]  # fmt: skip


def test_a_running_title_source_sans_lacks_is_drawn_in_dejavu(tmp_path):
    import subprocess

    import pikepdf

    from pact.stamping import FALLBACK_FILE, PAGE_HEIGHT, PAGE_WIDTH, Margins, stamp

    if not Path(FALLBACK_FILE).exists():
        pytest.skip("DejaVu Sans is not installed")
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(PAGE_WIDTH, PAGE_HEIGHT))
    stamp(pdf, [Margins("Streekpact", "Ωmega", "", "pagina 1 van 1")])
    fonts = {str(font.BaseFont) for font in pdf.pages[0].Resources.Font.values()}
    assert any("SourceSans3" in name for name in fonts), fonts
    assert any("DejaVu" in name for name in fonts), fonts
    pdf.save(tmp_path / "s.pdf")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "s.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Ωmega" in text and "pagina 1 van 1" in text

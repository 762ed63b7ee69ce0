"""The renderer's internals that the PDF tests don't see directly."""

import gc

import pydyf
import pytest

from streekpact.pact import rendering


@pytest.mark.skipif(pydyf.__version__ != "0.13.0", reason="the cache applies to pydyf 0.13 only")
def test_cached_page_references_follow_the_pages_added():
    rendering._cache_pydyf_page_references()
    rendering._cache_pydyf_page_references()  # idempotent: wraps pydyf's property once
    getter = pydyf.PDF.page_references.fget
    assert getter._streekpact_cached

    pdf = pydyf.PDF()
    assert pdf.page_references == ()
    first = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(first)
    refs = pdf.page_references
    assert refs == (f"{first.number} 0 R".encode(),)
    assert pdf.page_references is refs  # not rebuilt while no page is added

    second = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(second)
    assert pdf.page_references == (
        f"{first.number} 0 R".encode(),
        f"{second.number} 0 R".encode(),
    )


def test_the_garbage_collector_is_back_on_after_a_render_even_a_failed_one(monkeypatch):
    snapshot = {"meta": {"checksum": "0" * 64}}
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

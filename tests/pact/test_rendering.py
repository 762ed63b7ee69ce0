"""The renderer's internals that the PDF tests don't see directly."""

import gc

import pytest

from pact import rendering


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

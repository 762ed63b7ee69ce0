"""Private files are streamed with headers that keep them out of caches and out of our origin."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from pact.models import Draft
from streekpact.core.downloads import private_file_response


def _stored(name: str, content: bytes) -> FieldFile:
    saved = default_storage.save(name, ContentFile(content))
    return FieldFile(None, Draft._meta.get_field("pdf"), saved)


def test_a_private_file_is_sandboxed_and_not_cached(settings):
    response = private_file_response(
        _stored("x/verslag.pdf", b"%PDF-1.7 test"), filename="verslag.pdf",
        content_type="application/pdf",
    )  # fmt: skip
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_images_can_be_shown_inline(settings):
    response = private_file_response(
        _stored("x/foto.png", b"\x89PNG"), filename="foto.png", content_type="image/png",
        inline=True,
    )  # fmt: skip
    assert response["Content-Disposition"].startswith("inline;")


def test_a_file_gone_from_storage_is_a_404(settings):
    missing = FieldFile(None, Draft._meta.get_field("pdf"), "x/weg.pdf")
    with pytest.raises(Http404):
        private_file_response(missing, filename="weg.pdf", content_type="application/pdf")

"""The pact's process chapter carries the participation chart as a tagged figure."""

import io
import shutil
import subprocess

import pikepdf
import pytest
from django.core.management import call_command

from pact import services
from pact.models import DraftStatus
from streekpact.partners.models import User

from ..pdfua import pdfua_problems

pytestmark = pytest.mark.django_db

if not shutil.which("pdftotext"):
    pytest.skip("pdftotext is needed", allow_module_level=True)


def test_the_demo_pact_has_the_participation_chart_as_a_figure_with_alt_text(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DEBUG = True  # seed_demo refuses otherwise
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    staff = User.objects.get(email="staff@demo.streekpact.be")
    with django_capture_on_commit_callbacks(execute=True):
        draft, _ = services.draft_request(user=staff)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY, draft.failure_reason
    path = draft.pdf.path

    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "Figuur 1. Deelnemers aan de ateliers per soort organisatie" in text

    with pikepdf.open(path) as pdf:
        figures = [
            o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
        ]
        alts = [str(f.get("/Alt", "")) for f in figures]
    assert any(a.startswith("Deelnemers aan de ateliers per soort organisatie. ") for a in alts)
    assert all(alts), "every figure has alternative text"
    assert pdfua_problems(path) == []

"""The PDF as a reader sees it (pdftotext, pdfinfo, qpdf, pikepdf), and the renderer's safety."""

import http.server
import shutil
import subprocess
import threading
from datetime import timedelta
from unittest import mock

import pikepdf
import pytest
from django.utils import timezone

from ateliers.models import AtelierStatus
from pact import assembly, rendering, services
from pact.models import DraftStatus
from proposals.models import Stance
from streekpact.partners.models import OrganisationKind, Role

from ..factories import (
    AtelierFactory,
    ConclusionFactory,
    OrganisationFactory,
    RegistrationFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

if not shutil.which("pdftotext") or not shutil.which("qpdf"):
    pytest.skip("poppler-utils and qpdf are needed", allow_module_level=True)


def pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdfinfo(path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip()
        for k, v in (line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    }


def render(user, django_capture_on_commit_callbacks, chapter=None):
    with django_capture_on_commit_callbacks(execute=True):
        draft, _ = services.draft_request(user=user, chapter=chapter)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY, draft.failure_reason
    return draft


@pytest.fixture
def atelier(chemie, approved, vdab, acv):
    atelier = AtelierFactory(
        sector=chemie,
        title="Inspiratieatelier chemie",
        starts_at=timezone.now() - timedelta(days=30),
        status=AtelierStatus.HELD,
    )
    ConclusionFactory(atelier=atelier, text="Scholen en bedrijven moeten elkaar beter kennen.")
    for org in (vdab, acv):
        RegistrationFactory(atelier=atelier, user=UserFactory(organisation=org), attended=True)
    RegistrationFactory(atelier=atelier, attended=False)
    for proposal in (approved["first"], approved["second"]):
        proposal.atelier = atelier
        proposal.save()
    SupportFactory(proposal=approved["first"], organisation=vdab, stance=Stance.SUPPORT)
    SupportFactory(
        proposal=approved["first"], organisation=acv, stance=Stance.OBJECTION, reason="Te duur"
    )
    return atelier


def test_the_pdf_reads_as_a_draft_of_the_pact(
    placed, atelier, staff, approved, django_capture_on_commit_callbacks
):
    draft = render(staff, django_capture_on_commit_callbacks)
    path = draft.pdf.path
    text = pdftotext(path)
    flat = " ".join(text.split())
    # Cover, contents, running header and footer.
    assert "Streekpact arrondissement" in text and "2014-2020" in text
    assert "Ontwerp — versie 1" in text
    assert draft.snapshot["meta"]["date_display"] in flat
    assert "Inhoud" in text and "Bijlage 4. Index van acties en voorstellen" in text
    assert f"pagina 1 van {draft.page_count}" in text
    assert f"pagina {draft.page_count} van {draft.page_count}" in text
    # Process: ateliers held and participants per kind of organisation.
    assert "Er werd 1 inspiratieatelier gehouden, met in totaal 2 deelnemers." in flat
    assert "Vakbond 1" in flat and "Openbare dienst 1" in flat
    # The chapter: conclusions, actions with their facts, supporters and source references.
    assert "Scholen en bedrijven moeten elkaar beter kennen." in flat
    for proposal in (approved["first"], approved["second"]):
        assert proposal.title in flat
        assert f"Voorstel {proposal.reference}" in flat
    assert "“Inspiratieatelier chemie”" in flat
    assert "inspiratieatelier “Inspiratieatelier" not in flat  # the word once, not twice
    assert "€ 25.000,00" in flat
    # The facts as a two-column table (label, value); the objection (ACV) is not support.
    assert "Gesteund door VDAB" in flat
    assert "Gesteund door ACV" not in flat
    assert "Afgewezen idee" not in flat
    # Metadata, pages, A4, tags.
    info = pdfinfo(path)
    assert info["Pages"] == str(draft.page_count)
    assert "595.276 x 841.89" in info["Page size"]  # A4
    assert info["Tagged"] == "yes"
    assert info["Author"] == "RESOC Mechelen"
    assert subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Streekpact arrondissement Mechelen 2014-2020"
        assert str(pdf.docinfo["/Author"]) == "RESOC Mechelen"
        assert str(pdf.Root.Lang) == "nl-BE"
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        fonts = [
            font for page in pdf.pages for font in (page.Resources.get("/Font") or {}).values()
        ]
        assert fonts
        for font in fonts:
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        # The portal's font (Source Sans 3 from npm, served as the app's static files);
        # DejaVu only for a glyph it lacks.
        # (WeasyPrint names it "Source-Sans-3"; the stamped header and footer "SourceSans3".)
        names = {str(font.BaseFont).replace("-", "") for font in fonts}
        assert any("SourceSans3" in name for name in names), names
        assert all("SourceSans3" in name or "DejaVu" in name for name in names), names


def test_same_snapshot_gives_the_same_text(
    placed, staff, django_capture_on_commit_callbacks, tmp_path
):
    draft = render(staff, django_capture_on_commit_callbacks)  # the chord (PACT_RENDER_IN_PARTS)
    with open(draft.pdf.path, "rb") as fh:
        first = fh.read()
    again = assembly.render_pdf_in_parts(draft.snapshot)
    assert again.page_count == draft.page_count
    assert again.content == first  # same snapshot, same bytes (fixed date and identifier)
    single = rendering.render_pdf(draft.snapshot)
    assert rendering.render_pdf(draft.snapshot).content == single.content
    (tmp_path / "single.pdf").write_bytes(single.content)
    assert single.page_count == draft.page_count
    assert pdftotext(tmp_path / "single.pdf") == pdftotext(draft.pdf.path)


def test_a_chapter_draft_and_the_change_list_in_the_second_version(
    placed, staff, django_capture_on_commit_callbacks, chemie_chapter, tmp_path
):
    render(staff, django_capture_on_commit_callbacks, chapter=chemie_chapter)
    services.action_update(action=placed[0], title="Stagebank chemie en farma uitbreiden")
    second = render(staff, django_capture_on_commit_callbacks, chapter=chemie_chapter)
    flat = " ".join(pdftotext(second.pdf.path).split())
    assert "Hoofdstuk: Chemie en farma" in flat
    assert "Vergeleken met ontwerp versie 1." in flat
    assert "[+ en farma uitbreiden]" in flat


# --- Safety: the renderer fetches nothing the app did not put there ---------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()
    server.server_close()


def hostile(base: str) -> str:
    return (
        f'<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:6379/">\n'
        f'<link rel="stylesheet" href="{base}/style.css">\n'
        f'<div style="background: url({base}/css-url.png)">achtergrond</div>\n'
        f"<style>@import url({base}/import.css);"
        f" body {{ background: url({base}/bg.png) }}</style>\n"
        f'<iframe src="{base}/iframe"></iframe> <object data="{base}/object"></object>\n'
        f'<script>fetch("{base}/script")</script> <svg><image href="{base}/svg.png"/></svg>\n'
        f'<img src="data:image/png;base64,iVBORw0KGgo="> ![beeld]({base}/markdown.png)\n'
    )


def test_hostile_input_reaches_neither_the_file_system_nor_the_network(
    placed, staff, pact, chemie_chapter, local_server, django_capture_on_commit_callbacks
):
    base, received = local_server
    payload = hostile(base)
    action = placed[0]
    services.action_update(action=action, title=f"Actie {payload[:120]}", description=payload)
    services.action_update(action=placed[1], indicators='<img src="file:///etc/passwd">')
    services.chapter_update(chapter=chemie_chapter, introduction=payload)
    services.pact_update(pact=pact, foreword=payload, vision=payload)
    seen = []
    real = rendering.fetch_static

    def spy(url):
        seen.append(url)
        return real(url)

    with mock.patch.object(rendering, "fetch_static", side_effect=spy):
        draft = render(staff, django_capture_on_commit_callbacks)
    # Only the app's own static files: the stylesheet, its fonts and the word mark.
    assert "streekpact-static:pact/print.css" in seen
    assert set(seen) <= {
        "streekpact-static:pact/print.css",
        "streekpact-static:img/streekpact-mark.svg",
        *(
            f"streekpact-static:vendor/source-sans-3/files/source-sans-3-latin-{face}.woff2"
            for face in ("400-normal", "400-italic", "700-normal")
        ),
    }
    assert received == []  # the local server saw no request
    with pikepdf.open(draft.pdf.path) as pdf:
        for page in pdf.pages:
            xobjects = page.Resources.get("/XObject") or {}
            assert not [x for x in xobjects.values() if x.get("/Subtype") == "/Image"]
            for annot in page.get("/Annots") or []:
                uri = str(annot.get("/A", {}).get("/URI", ""))
                assert "127.0.0.1" not in uri and "file:" not in uri
    text = pdftotext(draft.pdf.path)
    assert "root:x:0:0" not in text
    # The Markdown fields drop the markup; plain fields show it as harmless text.
    assert "achtergrond" in text
    for target in ("/markdown.png", "/css-url.png", "/iframe", "/script", "/import.css"):
        assert target not in text
    assert '<img src="file:///etc/passwd">' in text  # escaped in a plain-text field


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.org/x.css",
        "data:text/css,body{}",
        "ftp://example.org/x",
        "streekpact-static:../../streekpact/settings.py",
        "streekpact-static:/etc/passwd",
        "streekpact-static:pact/does-not-exist.css",
        "/etc/passwd",
    ],
)
def test_the_fetcher_refuses_and_logs_everything_but_own_static_files(url, caplog):
    with pytest.raises(rendering.RefusedURL):
        rendering.fetch_static(url)
    assert "refused" in caplog.text


def test_the_fetcher_serves_the_print_stylesheet():
    response = rendering.fetch_static("streekpact-static:pact/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_the_fetcher_serves_fonts_decompressed_once_per_process():
    """WeasyPrint would decompress each woff2 face for every document it lays out (issue 13:
    every part of a draft); the fetcher serves the same TrueType bytes, made once."""
    import io
    from pathlib import Path

    from django.contrib.staticfiles import finders
    from fontTools.ttLib import TTFont, woff2

    name = "vendor/source-sans-3/files/source-sans-3-latin-700-normal.woff2"
    rendering._sfnt.cache_clear()
    response = rendering.fetch_static(f"streekpact-static:{name}")
    body = response.read()
    assert response.content_type == "font/ttf"
    expected = io.BytesIO()
    woff2.decompress(io.BytesIO(Path(finders.find(name)).read_bytes()), expected)
    assert body == expected.getvalue()
    assert TTFont(io.BytesIO(body))["name"].getDebugName(1).startswith("Source Sans 3")
    rendering.fetch_static(f"streekpact-static:{name}")
    assert rendering._sfnt.cache_info().hits == 1


def test_organisation_kinds_are_counted_as_the_atelier_page_counts(atelier, client):
    from django.utils import translation

    from pact.snapshot import _participants_by_kind

    OrganisationFactory(short_name="Unizo", kind=OrganisationKind.EMPLOYERS)  # did not come
    RegistrationFactory(atelier=atelier, user=None, guest_name="Gast", attended=True)
    secretary = UserFactory(role=Role.STAFF, organisation=None)
    RegistrationFactory(atelier=atelier, user=secretary, attended=True)
    with translation.override("nl-be"):
        rows = [(row["kind"], row["count"]) for row in _participants_by_kind(None)]
    assert rows == [
        ("Vakbond", 1),
        ("Openbare dienst", 1),
        ("RESOC-secretariaat", 1),
        ("Andere gasten", 1),
    ]
    client.force_login(UserFactory(role=Role.STAFF))
    page = client.get(f"/ateliers/{atelier.pk}/", HTTP_ACCEPT_LANGUAGE="nl-be")
    assert page.status_code == 200
    assert [(str(label), n) for label, n in page.context["attendance"]] == rows


def test_documents_laid_out_in_one_thread_share_their_font_configuration():
    """Registering the @font-face fonts once per thread, not once per document (issue 13: a
    draft in parts lays out ~15 documents), and never sharing WeasyPrint's objects between
    threads."""
    import threading

    html = "<html><body><p>Streekpact</p></body></html>"
    first = rendering.font_config()
    assert rendering.font_config() is first
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(rendering.font_config()))
    thread.start()
    thread.join()
    assert elsewhere[0] is not first

    face = "vendor/source-sans-3/files/source-sans-3-latin-400-normal.woff2"
    fonts = f'<style>@font-face {{ font-family: T; src: url("streekpact-static:{face}"); }}</style>'
    real = rendering.fetch_static
    with mock.patch.object(rendering, "fetch_static", side_effect=real) as fetched:
        for _ in range(3):
            rendering.layout(html.replace("<body>", fonts + "<body>"))
    assert fetched.call_count <= 1  # the face is registered once, then known

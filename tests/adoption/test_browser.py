"""Browser journey (real Chromium, real Celery worker): the chair adopts draft v3, Voka and VDAB
sign, Boerenbond declines, the final PDF carries the signature page, and an anonymous visitor
reads the public pact and downloads it."""

import subprocess

import pytest

from adoption import services
from adoption.models import Adoption, Decision, Signature
from pact import services as pact_services
from pact.models import Action

from ..browser import login, logout
from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def wait_for_link(page, selector, tries=60):
    """The adoption page does not poll: reload until the worker's rendition shows up."""
    for _ in range(tries):
        link = page.locator(selector)
        try:
            link.first.wait_for(timeout=2_000)
            return link.first
        except Exception:  # noqa: BLE001 - not there yet: reload
            page.reload()
    raise AssertionError(f"{selector} never appeared")


def test_adopt_sign_decline_and_read_in_public(
    page, celery_worker, settings, staff, chair, lead, partner, boerenbond, placed, tmp_path
):
    settings.MEDIA_ROOT = celery_worker.media_root
    # Three drafts, the third one is the text the plenary approved.
    for n in range(3):
        Action.objects.filter(pk=placed[0].pk).update(title=f"Stagebank chemie (ronde {n + 1})")
        draft = pact_services.draft_request_sync(user=staff)
    assert draft.version == 3
    farmer = UserFactory(email="boer@boerenbond.test", name="Bart Boer", organisation=boerenbond)
    for user, function in (
        (lead, "gedelegeerd bestuurder"),
        (partner, "administrateur-generaal"),
        (farmer, "voorzitter"),
    ):
        services.signing_right_grant(user=user, function=function, by=staff)

    # 1. The chair proposes draft v3 as final and adopts it with the plenary's date.
    login(page, chair.email)
    page.goto(draft.get_absolute_url())
    page.locator("button[name=propose]").click()
    page.wait_for_url("**/adoption/*/")
    page.locator('a[href$="/adopt/"]').click()
    page.locator("#id_adopted_on").fill("2026-11-30")
    page.locator("input[name=adopt]").click()
    page.wait_for_url("**/adoption/*/")
    assert "goedgekeurd op 30 november 2026" in page.locator("#status-line").inner_text()
    adoption = Adoption.objects.get()
    assert adoption.draft.version == 3
    logout(page)

    # 2. Voka's and VDAB's signatories sign.
    for user in (lead, partner):
        login(page, user.email)
        page.goto(f"/adoption/{adoption.pk}/sign/")
        page.locator("#id_confirm").check()
        page.locator("input[name=sign]").click()
        page.wait_for_url(f"**/adoption/{adoption.pk}/")
        assert "Ondertekend" in page.locator("#my-answer").inner_text()
        logout(page)

    # 3. Boerenbond declines with a reason.
    login(page, farmer.email)
    page.goto(f"/adoption/{adoption.pk}/decline/")
    page.locator("#id_reason").fill("Ons bestuur kon het pact nog niet bespreken.")
    page.locator("input[name=decline]").click()
    page.wait_for_url(f"**/adoption/{adoption.pk}/")
    logout(page)
    assert Signature.objects.filter(decision=Decision.SIGNED).count() == 2
    assert Signature.objects.get(decision=Decision.DECLINED).organisation == boerenbond

    # 4. Staff see the answers and make a new rendition; its PDF has the two signatures.
    login(page, staff.email)
    page.goto(f"/adoption/{adoption.pk}/overview/")
    assert "Ons bestuur kon het pact nog niet bespreken." in page.content()
    page.goto(f"/adoption/{adoption.pk}/")
    page.locator("button[name=render]").click()
    page.wait_for_url(f"**/adoption/{adoption.pk}/")
    link = wait_for_link(page, 'tr:has(td:text-is("2")) a[href*="/renditions/"]')
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "final.pdf"
    info.value.save_as(target)
    text = pdf_text(target)
    assert "Definitieve versie — goedgekeurd op 30 november 2026" in text
    assert "Ontwerp" not in text
    assert "Lien Leider" in text and "Piet Partner" in text
    assert "Bijlage 3. Ondertekening" in text
    logout(page)

    # 5. An anonymous visitor reads the public pact and downloads the PDF.
    page.goto("/")
    page.wait_for_url("**/pact/2014-2020/")
    assert "goedgekeurd op 30 november 2026" in page.locator("#status-line").inner_text()
    page.locator('a[href="/pact/2014-2020/hoofdstukken/chemie-en-farma/"]').click()
    page.locator('a[href="/pact/2014-2020/acties/1.1.1.1/"]').click()
    page.wait_for_url("**/pact/2014-2020/acties/1.1.1.1/")
    assert "Stagebank chemie (ronde 3)" in page.locator("h1").inner_text()
    assert "Actie 1.1.1.1" in page.title()
    page.goto("/pact/2014-2020/ondertekenaars/")
    assert "Lien Leider" in page.content()
    page.goto("/pact/2014-2020/")
    with page.expect_download() as info:
        page.locator('a[href="/pact/2014-2020/pdf/"]').click()
    public = tmp_path / "public.pdf"
    info.value.save_as(public)
    assert "Piet Partner" in pdf_text(public)

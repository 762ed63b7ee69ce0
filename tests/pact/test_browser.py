"""Browser journey (real Chromium, real Celery worker): from approved proposals to a PDF draft."""

import subprocess

import pytest

from pact.models import Action

from ..browser import logout
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def login(page, email):
    """Log in through the real allauth form (submitted with Enter, whatever its markup)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def download(page, tmp_path, name):
    page.locator("#draft-download").wait_for(timeout=90_000)  # htmx polls the status
    with page.expect_download() as info:
        page.locator("#draft-download").click()
    target = tmp_path / name
    info.value.save_as(target)
    return pdf_text(target)


def test_staff_place_proposals_and_the_chair_downloads_the_draft(
    page, celery_worker, settings, staff, chair, approved, chemie_objective, tmp_path
):
    settings.MEDIA_ROOT = celery_worker.media_root
    first, second, rejected = approved["first"], approved["second"], approved["rejected"]

    # Staff place the two approved proposals in "Chemie en farma".
    login(page, staff.email)
    for proposal in (first, second):
        page.goto("/pact/")
        page.locator(f'a[href="/pact/place/{proposal.pk}/"]').click()
        page.locator("#id_title").wait_for()
        assert page.locator("#id_title").input_value() == proposal.title  # pre-filled
        page.locator("form input[type=submit]").click()
        page.wait_for_url("**/pact/chapters/chemie-en-farma/")
    assert page.get_by_text(first.reference).count() >= 1
    assert page.get_by_text(second.reference).count() >= 1
    assert page.locator(f'a[href="/pact/place/{rejected.pk}/"]').count() == 0
    logout(page)

    # The chair requests a draft and sees it become ready without reloading.
    login(page, chair.email)
    page.goto("/pact/")
    page.locator('form[action="/pact/drafts/request/"] button[type=submit]').first.click()
    page.wait_for_url("**/pact/drafts/*/")
    text = download(page, tmp_path, "v1.pdf")
    for proposal in (first, second):
        assert proposal.title in text
        assert f"Voorstel {proposal.reference}" in text
    assert rejected.title not in text
    assert "Ontwerp — versie 1" in text
    logout(page)

    # Staff reword an action; the second draft shows the change.
    action = Action.objects.get(proposal=first)
    login(page, staff.email)
    page.goto(f"/pact/actions/{action.pk}/edit/")
    page.locator("#id_title").fill("Stagebank chemie uitbreiden naar farma")
    page.locator("form input[type=submit]").click()
    page.wait_for_url("**/pact/chapters/chemie-en-farma/")
    page.goto("/pact/")
    page.locator('form[action="/pact/drafts/request/"] button[type=submit]').first.click()
    page.wait_for_url("**/pact/drafts/*/")
    text = download(page, tmp_path, "v2.pdf")
    assert "Ontwerp — versie 2" in text
    assert "Vergeleken met ontwerp versie 1." in text
    assert "[+ uitbreiden naar farma]" in text
    assert page.locator(".diff ins").first.inner_text() == "uitbreiden naar farma"

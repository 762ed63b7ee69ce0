"""The public site: readable without login, cached per content version, leaking nothing."""

import re
import subprocess
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from adoption import services
from proposals.models import ProposalStatus, ReviewNote

from ..factories import AtelierFactory, ProposalFactory

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(adopted, signatories, lead, partner, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_sign(adoption=adopted, by=lead)
        services.signature_sign(adoption=adopted, by=partner)
        services.rendition_request(adoption=adopted, by=staff)
    return adopted


@pytest.fixture
def secrets_(chemie, lead, approved, staff):
    """Private things the public must never see."""
    draft = ProposalFactory(
        title="Geheim conceptvoorstel over loonkosten",
        sector=chemie,
        created_by=lead,
        status=ProposalStatus.DRAFT,
    )
    ReviewNote.objects.create(proposal=approved["first"], author=staff, text="VERTROUWELIJK-NOTA")
    approved["first"].comments.create(author=lead, text="INTERNE-REACTIE-XYZ")
    AtelierFactory(sector=chemie, title="Onaangekondigd atelier ZZZ")
    return [
        "Geheim conceptvoorstel",
        "VERTROUWELIJK-NOTA",
        "INTERNE-REACTIE-XYZ",
        "Onaangekondigd atelier ZZZ",
        "Ontwerp —",
        draft.title,
    ]


def _crawl(client, start="/"):
    seen, queue, pages = set(), [start], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        if response.get("Content-Type", "").startswith("application/pdf"):
            pages[url] = b"".join(response.streaming_content)
            continue
        body = response.content.decode()
        pages[url] = body
        for href in re.findall(r'(?:href|<loc>)="?([^"<\s]+)', body):
            path = urlsplit(href).path
            if path.startswith(
                (
                    "/pact/2014-2020/",
                    "/privacy/",
                    "/toegankelijkheid/",
                    "/sitemap.xml",
                    "/robots.txt",
                )
            ):
                queue.append(path)
    return pages


def test_anonymous_crawl_finds_the_pact_and_nothing_private(client, published, secrets_, tmp_path):
    assert client.get("/")["Location"] == "/pact/2014-2020/"
    pages = _crawl(client, "/")
    pages.update(_crawl(client, "/sitemap.xml"))
    pages.update(_crawl(client, "/robots.txt"))
    assert "/pact/2014-2020/acties/1.1.1.1/" in pages
    assert "/pact/2014-2020/pdf/" in pages
    assert "/pact/2014-2020/proces/" in pages
    for url, body in pages.items():
        if isinstance(body, bytes):
            path = tmp_path / "pact.pdf"
            path.write_bytes(body)
            body = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "Definitieve versie" in body and "Lien Leider" in body
        for secret in secrets_:
            assert secret not in body, (url, secret)
        assert not EMAIL.findall(body), (url, EMAIL.findall(body))
    home = pages["/pact/2014-2020/"]
    assert "Definitieve versie — goedgekeurd op 30 november 2026" in home
    assert "Voka – Kamer van Koophandel Mechelen" in home
    action = pages["/pact/2014-2020/acties/1.1.1.1/"]
    assert "<title>Actie 1.1.1.1. Stagebank chemie" in action or "Stagebank chemie" in action
    assert 'property="og:title"' in action and 'name="description"' in action
    assert "Trekker" in action or "trekker" in action


def test_pages_are_cached_per_content_version(
    client, published, outsider, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("public:signatories", args=["2014-2020"])
    first = client.get(url)
    assert "Olga Ander" not in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["Cache-Control"].startswith("public")
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_sign(adoption=published, by=outsider)
    assert "Olga Ander" in client.get(url).content.decode()


def test_random_urls_do_not_fill_the_public_cache(client, published, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache as fresh

    fresh.clear()
    url = reverse("public:signatories", args=["2014-2020"])
    assert client.get(url).status_code == 200
    stored = len(fresh._cache)  # the page (and what the page itself caches)
    assert stored >= 1
    for n in range(20):
        assert client.get(f"{url}?x={n}").status_code == 200  # served, never stored
        assert client.get(f"/pact/2014-2020/acties/9.9.{n}.9/").status_code == 404
    assert len(fresh._cache) == stored
    with mock.patch("public.middleware.cache.get") as get:
        client.get(f"{url}?utm_source=mail")
    get.assert_not_called()  # not even looked up


def test_without_an_adopted_pact_anonymous_see_a_landing(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert (
        "Partners: log in" in response.content.decode() or "aanmelden" in response.content.decode()
    )
    assert client.get(reverse("public:pact", args=["2014-2020"])).status_code == 404


def test_unknown_action_and_period_are_404(client, published):
    assert client.get("/pact/2014-2020/acties/9.9.9.9/").status_code == 404
    assert client.get("/pact/2030-2040/").status_code == 404


def test_robots_and_sitemap(client, published):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /adoption/" in robots and "Sitemap: http" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/pact/2014-2020/acties/1.1.1.1/" in sitemap
    assert "/pact/2014-2020/acties/1.1.1.2/" in sitemap

"""Failed-login limits behind the TLS proxy: counted per client, not per proxy.

Behind a proxy every request comes from the proxy's address (REMOTE_ADDR). With
TRUSTED_PROXY_COUNT set, allauth reads the client from X-Forwarded-For, so one client's failures
do not lock out everybody else.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

ATTACKER = "198.51.100.7"
COLLEAGUE = "203.0.113.9"


@pytest.fixture(autouse=True)
def _limits(settings):
    cache.clear()
    # Three failures per client address a minute; the per-account limit out of the way.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    yield
    cache.clear()


def _login(client, email, password, forwarded_for):
    # The proxy appends the address it saw to whatever the client sent.
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        headers={"x-forwarded-for": forwarded_for},
        REMOTE_ADDR="10.0.0.2",
    )


def _locked_out(response) -> bool:
    form = response.context["form"] if response.status_code == 200 else None
    return form is not None and form.has_error("__all__", "too_many_login_attempts")


def _fail_from(client, address, *, spoofed=""):
    for n in range(3):
        prefix = f"{spoofed}{n}, " if spoofed else ""
        _login(client, f"niemand{n}@example.be", "fout", prefix + address)
    return _login(client, "niemand@example.be", "fout", address)


@pytest.mark.django_db
def test_one_clients_failures_do_not_lock_out_another_client(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    colleague = UserFactory(email="collega@voka.test")

    assert _locked_out(_fail_from(client, ATTACKER))

    response = _login(client, colleague.email, PASSWORD, COLLEAGUE)
    assert response.status_code == 302
    assert client.get(reverse("partners:profile")).status_code == 200  # logged in


@pytest.mark.django_db
def test_a_client_cannot_escape_its_limit_by_forging_the_header(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Each attempt claims another address in front of the one the proxy appends.
    assert _locked_out(_fail_from(client, ATTACKER, spoofed="192.0.2."))
    assert _locked_out(_login(client, "x@example.be", "fout", "192.0.2.99, " + ATTACKER))


@pytest.mark.django_db
def test_without_trusted_proxies_everyone_behind_the_proxy_shares_one_limit(client, settings):
    """What TRUSTED_PROXY_COUNT fixes: the proxy's address is counted for everybody."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    colleague = UserFactory(email="collega@voka.test")
    assert _locked_out(_fail_from(client, ATTACKER))

    assert _locked_out(_login(client, colleague.email, PASSWORD, COLLEAGUE))
    assert client.get(reverse("partners:profile")).status_code == 302  # not logged in


@pytest.mark.django_db
def test_a_single_trusted_header_can_name_the_client(client, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    colleague = UserFactory(email="collega@voka.test")
    for n in range(4):
        response = client.post(
            reverse("account_login"),
            {"login": f"niemand{n}@example.be", "password": "fout"},
            headers={"x-real-ip": ATTACKER},
        )
    assert _locked_out(response)
    response = client.post(
        reverse("account_login"),
        {"login": colleague.email, "password": PASSWORD},
        headers={"x-real-ip": COLLEAGUE},
    )
    assert response.status_code == 302

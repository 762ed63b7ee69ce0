"""Adoption's step in the pact's journey: on the home page per role, constant queries."""

import pytest
from django.urls import reverse

from adoption import services
from streekpact.core import journey

pytestmark = pytest.mark.django_db


def _status(user, sector=None):
    """The step's own status (the queries of this step only)."""
    return {step.key: step for step in journey.steps()}["adoption"].status(user, sector)


def _step(page):
    return page.html.find(attrs={"data-journey-step": "adoption"})


def test_a_proposed_text_asks_the_chair_to_adopt_it(app_for, proposed):
    step = _step(app_for("chair").get(reverse("home")))
    label = f"Ontwerpversie {proposed.draft.version} vaststellen als het definitieve pact"
    assert label in step.text
    assert step.find("a", href=proposed.get_absolute_url())
    assert "vaststellen" not in _step(app_for("staff").get(reverse("home"))).text
    assert "vaststellen" not in _step(app_for("partner").get(reverse("home"))).text


def test_a_signatory_is_asked_to_sign_until_the_organisation_answered(
    app_for, adopted, signatories, partner
):
    step = _step(app_for("partner").get(reverse("home")))
    assert "Onderteken het pact namens VDAB" in step.text
    assert step.find("a", href=reverse("adoption:sign", kwargs={"pk": adopted.pk}))
    services.signature_sign(adoption=adopted, by=partner)
    step = _step(app_for("partner").get(reverse("home")))
    assert "Onderteken" not in step.text
    assert "1 organisatie ondertekende" in step.text
    # Without a signing right: nothing to sign
    assert "Onderteken" not in _step(app_for("chair").get(reverse("home"))).text


def test_the_step_is_done_once_adopted(adopted, staff):
    shown = {s.key: s for s in journey.journey_for(staff)}
    assert shown["adoption"].state == "done"
    overview = reverse("adoption:overview", kwargs={"pk": adopted.pk})
    assert [a.url for a in shown["adoption"].actions] == [overview]


def test_the_step_counts_with_constant_queries(
    adopted, signatories, partner, lead, outsider, staff, django_assert_max_num_queries
):
    def measure():
        for user in (staff, partner, lead):
            with django_assert_max_num_queries(6):
                assert _status(user).state == "done"

    measure()
    for user in (lead, outsider):
        services.signature_sign(adoption=adopted, by=user)
    measure()

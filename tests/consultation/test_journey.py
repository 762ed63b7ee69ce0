"""Consultation's step in the pact's journey: on the home page per role, constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from consultation import services
from consultation.models import Audience
from streekpact.core import journey

from .conftest import make_ready_draft
from .test_services import amend

pytestmark = pytest.mark.django_db


def _status(user, sector=None):
    """The step's own status (the queries of this step only)."""
    return {step.key: step for step in journey.steps()}["consultation"].status(user, sector)


def _step(page):
    """The consultation step's item in the rendered journey."""
    return page.html.find(attrs={"data-journey-step": "consultation"})


def test_without_a_round_the_step_is_upcoming_and_staff_may_open_one(app_for, placed):
    step = _step(app_for("staff").get(reverse("home")))
    assert "Nog geen consultatieronde" in step.text
    assert step.find("a", href=reverse("consultation:round_create"))
    assert "Een consultatieronde openen" not in _step(app_for("partner").get(reverse("home"))).text


def test_an_invited_partner_is_asked_to_react_before_the_round_closes(app_for, consultation):
    with translation.override("nl"):
        day = formats.date_format(consultation.closes_on, "l j F")
    step = _step(app_for("partner").get(reverse("home")))
    assert f"Een consultatieronde sluit op {day} — reageer namens VDAB" in step.text
    assert step.find("a", href=consultation.get_absolute_url())
    assert "Een ronde is open tot" in step.text


def test_an_organisation_not_invited_and_the_chair_are_not_asked(app_for, consultation):
    assert "reageer namens" not in _step(app_for("outsider").get(reverse("home"))).text
    chair_step = _step(app_for("chair").get(reverse("home")))
    assert "reageer namens" not in chair_step.text
    assert "Een ronde is open tot" in chair_step.text


def test_staff_see_how_many_reactions_wait_for_an_answer(app_for, consultation, lead, voka):
    reaction = amend(consultation, lead, voka)
    amend(consultation, lead, voka, body="Nog beter.")
    step = _step(app_for("staff").get(reverse("home")))
    assert "2 reacties wachten op een antwoord" in step.text
    overview = reverse("consultation:round_overview", kwargs={"pk": consultation.pk})
    assert step.find("a", href=overview)
    services.reaction_answer(reaction=reaction, answer="taken_over", answer_text="Ok.", by=None)
    assert "1 reactie wacht op een antwoord" in _step(app_for("staff").get(reverse("home"))).text
    assert "wacht op een antwoord" not in _step(app_for("partner").get(reverse("home"))).text


def test_a_finished_round_makes_the_step_done(app_for, consultation, staff):
    services.round_close(round=consultation, by=staff)
    assert "De reacties worden beantwoord." in _step(app_for("staff").get(reverse("home"))).text
    services.round_finish(round=consultation, by=staff)
    shown = {s.key: s for s in journey.journey_for(staff)}
    assert shown["consultation"].state == "done"


def test_the_step_counts_with_constant_queries(
    consultation, staff, partner, lead, voka, vdab, django_assert_max_num_queries
):
    def measure():
        for user in (staff, partner):
            with django_assert_max_num_queries(8):
                consultation_step = _status(user)
                assert consultation_step.state == "current"
                assert consultation_step.actions or user == staff

    measure()
    for i in range(6):
        amend(consultation, lead, voka, body=f"Reactie {i}.")
        services.round_open(
            draft=make_ready_draft(staff),
            title=f"Ronde {i}",
            closes_on=timezone.localdate() + timedelta(days=9 + i),
            audience=Audience.ONLY,
            organisations=[voka, vdab],
            by=staff,
        )
    measure()

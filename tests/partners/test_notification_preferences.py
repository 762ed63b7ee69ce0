"""Every person sets, on their own profile, how each kind of notification reaches them."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from streekpact.core.models import NotificationPreference
from streekpact.core.notifications import choosable_kinds, preferences_of
from streekpact.partners.forms import notify_field_name
from streekpact.partners.models import AuditEntry
from tests.webforms import form_with_button

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider"])
def test_each_role_sets_their_own_preferences(app_for, cast, role):
    page = app_for(role).get(reverse("partners:profile"))
    form = form_with_button(page, "submit")
    for kind in choosable_kinds():  # one line per registered kind, default preselected
        assert form[notify_field_name(kind.name)].value == kind.default
        assert escape(str(kind.label)) in page.text
    form[notify_field_name("proposals.submitted")] = "digest"
    form.submit("submit").follow()
    assert preferences_of(cast[role])["proposals.submitted"] == "digest"
    others = [u for r, u in cast.items() if u is not None and r != role]
    assert not NotificationPreference.objects.filter(user__in=others).exists()
    entry = AuditEntry.objects.get(action="notification_preferences_update")
    assert entry.actor == cast[role]


def test_anonymous_visitors_have_no_profile(app_for):
    response = app_for("anonymous").get(reverse("partners:profile"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_choice_that_is_not_offered_is_refused(client_for, lead):
    """Hostile input: a delivery that does not exist leaves the preferences as they were."""
    data = {"name": lead.name, "job_title": "", "language": "nl-be"}
    data |= {notify_field_name(k.name): "immediate" for k in choosable_kinds()}
    data[notify_field_name("proposals.decision")] = "hourly"
    response = client_for("lead").post(reverse("partners:profile"), data)
    assert response.status_code == 200
    assert "hourly is geen beschikbare keuze" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=lead).exists()

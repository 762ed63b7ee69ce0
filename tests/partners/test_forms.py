"""The partner pages' forms, filled as rendered and submitted with the button a person presses."""

from django.urls import reverse

from streekpact.core.notifications import preferences_of
from streekpact.partners.models import Invitation, Organisation, Role, User
from streekpact.partners.services import invitation_create
from tests.factories import PASSWORD
from tests.webforms import choose, form_for, form_with_button, form_with_field


def test_login_and_logout_forms(app, staff):
    staff.set_password("Mechelen-Streekpact-2014")
    staff.save()
    form = app.get(reverse("account_login")).forms["login-form"]
    form["login"] = staff.email
    form["password"] = "Mechelen-Streekpact-2014"
    page = form.submit().follow()
    assert page.context["user"] == staff
    page = form_for(page, reverse("account_logout")).submit().maybe_follow()
    assert "_auth_user_id" not in app.session


def test_language_form_in_the_navigation(app_for):
    form = form_for(app_for("partner").get("/"), reverse("set_language"))
    form["language"] = "en"
    page = form.submit().follow()
    assert page.html.html["lang"] == "en"


def test_organisation_create_and_update(app_for):
    app = app_for("staff")
    form = form_with_button(app.get(reverse("partners:organisation_create")), "submit")
    form["name"] = "Provincie Antwerpen"
    form["short_name"] = "Provincie"
    form["kind"] = form["kind"].options[1][0]
    form["website"] = "provincieantwerpen.be"
    form.submit("submit").follow()
    organisation = Organisation.objects.get(short_name="Provincie")
    assert organisation.website == "https://provincieantwerpen.be"

    form = form_with_button(
        app.get(reverse("partners:organisation_update", args=[organisation.pk])), "submit"
    )
    form["name"] = "Provincie Antwerpen (dienst economie)"
    form.submit("submit").follow()
    organisation.refresh_from_db()
    assert organisation.name == "Provincie Antwerpen (dienst economie)"


def test_person_update(app_for, partner, acv):
    form = form_with_button(
        app_for("staff").get(reverse("partners:person_update", args=[partner.pk])), "submit"
    )
    form["job_title"] = "Consulent"
    # The organisation picker searches on the server: it renders only the current one.
    assert [value for value, *_ in form["organisation"].options] == [
        "",
        str(partner.organisation_id),
    ]
    choose(form, "organisation", acv.pk)
    form.submit("submit").follow()
    partner.refresh_from_db()
    assert (partner.job_title, partner.organisation) == ("Consulent", acv)


def test_invitation_create_and_revoke(
    app_for, voka, mailoutbox, django_capture_on_commit_callbacks
):
    app = app_for("staff")
    form = form_with_button(app.get(reverse("partners:invitation_create")), "submit")
    form["email"] = "nieuw@voka.test"
    form["name"] = "Nina Nieuw"
    choose(form, "organisation", voka.pk)
    form["role"] = Role.PARTNER
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit("submit").follow()
    invitation = Invitation.objects.get(email="nieuw@voka.test")
    assert mailoutbox[0].to == ["nieuw@voka.test"]

    form = form_for(page, reverse("partners:invitation_revoke", args=[invitation.pk]))
    form.submit().follow()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_invitation_accept(app, staff, voka, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = invitation_create(
            email="an@voka.test", name="An", organisation=voka, role=Role.PARTNER, by=staff
        )
    form = form_with_button(app.get(reverse("invitation_accept", args=[token])), "submit")
    form["name"] = "An Nieuw"
    form["password1"] = form["password2"] = "Mechelen-Streekpact-2014"
    page = form.submit("submit").follow()
    user = User.objects.get(email="an@voka.test")
    assert user.name == "An Nieuw" and user.organisation == voka
    assert page.context["user"] == user


def test_profile(app_for, partner):
    form = form_with_button(app_for("partner").get(reverse("partners:profile")), "submit")
    form["job_title"] = "Teamleider"
    form["notify_proposals__decision"] = "digest"
    form["notify_pact__draft_ready"] = "off"
    form.submit("submit").follow()
    partner.refresh_from_db()
    assert partner.job_title == "Teamleider"
    assert preferences_of(partner)["proposals.decision"] == "digest"
    assert preferences_of(partner)["pact.draft_ready"] == "off"
    assert preferences_of(partner)["ateliers.invitation"] == "immediate"  # untouched default


def test_password_reset_and_change(app_for, app, partner, mailoutbox):
    form = form_with_field(app.get(reverse("account_reset_password")), "email")
    form["email"] = partner.email
    form.submit().follow()
    assert mailoutbox[-1].to == [partner.email]

    app = app_for("partner")
    page = app.get(reverse("account_change_password"))
    form = form_with_field(page, "oldpassword")
    form["oldpassword"] = PASSWORD
    form["password1"] = form["password2"] = "Mechelen-Streekpact-2026"
    page = form.submit().follow()
    partner.refresh_from_db()
    assert partner.check_password("Mechelen-Streekpact-2026")
    assert (
        "Wachtwoordwijziging geslaagd." in page.text
    )  # our word, not allauth's "Wachtwoord wijziging"

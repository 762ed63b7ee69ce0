"""Forms of the partnership. Forms validate; services act."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from streekpact.core.forms import IdField, SearchSelect, SearchSelectMultiple
from streekpact.core.models import Delivery
from streekpact.core.notifications import choosable_kinds, preferences_of

from .models import Invitation, Organisation, Role

User = get_user_model()


def organisation_picker(*, multiple: bool = False) -> SearchSelect:
    """The widget of every organisation picker: a search on the server (the page lists no
    organisation in advance). The field keeps its full queryset, which validates the choice."""
    widget = SearchSelectMultiple if multiple else SearchSelect
    return widget(reverse_lazy("partners:organisation_search"), placeholder=_("Type a name"))


def person_picker(*, multiple: bool = False, partners_only: bool = False) -> SearchSelect:
    """The widget of every people picker (see `organisation_picker`); `partners_only` searches
    only partners' members, as the co-author and signing-right pickers choose."""
    url = reverse_lazy("partners:person_search")
    if partners_only:
        url = format_lazy("{}?partners=1", url)
    widget = SearchSelectMultiple if multiple else SearchSelect
    return widget(url, placeholder=_("Type a name"))


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "website", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class InvitationQueryForm(forms.Form):
    """`/…/invitations/new/?organisation=…`: the organisation to preselect."""

    organisation = IdField()


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "name", "organisation", "role"]
        help_texts = {"organisation": _("Required for partner members.")}
        widgets = {"organisation": organisation_picker()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active()
        self.helper = _helper(_("Send invitation"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This person already has an account."))
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.PARTNER and not cleaned.get("organisation"):
            self.add_error("organisation", _("A partner member belongs to an organisation."))
        return cleaned

    def validate_constraints(self, exclude=None):
        # A pending invitation for the same address is replaced by the service, on purpose.
        pass


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    """The invited person confirms their name and chooses a password."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password (again)")
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Create my account"))

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        probe = User(email=self.invitation.email, name=cleaned.get("name", ""))
        self.validate_password_for_user(probe)
        return cleaned


class PersonForm(forms.ModelForm):
    """Staff change a person's organisation, role, or switch their access off."""

    class Meta:
        model = User
        fields = ["name", "job_title", "organisation", "role", "is_active"]
        labels = {"is_active": _("May log in")}
        widgets = {"organisation": organisation_picker()}

    def __init__(self, *args, by=None, **kwargs):
        self.by = by
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))

    def clean(self):
        cleaned = super().clean()
        is_self = self.instance.pk == getattr(self.by, "pk", None)
        loses_access = not cleaned.get("is_active", True) or cleaned.get("role") != Role.STAFF
        if is_self and loses_access:
            raise forms.ValidationError(_("You cannot take away your own access; ask a colleague."))
        return cleaned


NOTIFY_PREFIX = "notify_"


def notify_field_name(kind_name: str) -> str:
    """The profile field of a kind: "proposals.submitted" → "notify_proposals__submitted"."""
    return NOTIFY_PREFIX + kind_name.replace(".", "__")


class ProfileForm(forms.ModelForm):
    """Name, job title, e-mail language, and for each kind of notification how it reaches you.

    One choice per registered kind (`core.notifications`): apps that register a kind get their
    line here without touching this form.
    """

    class Meta:
        model = User
        fields = ["name", "job_title", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = preferences_of(self.instance)
        for kind in choosable_kinds():
            self.fields[notify_field_name(kind.name)] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current[kind.name],
                widget=forms.RadioSelect,
            )
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            "name",
            "job_title",
            "language",
            Fieldset(
                _("Notifications: how each reaches you"),
                HTML(
                    "<p class='form-text'>"
                    + str(_("Everything also appears under “What's new” in the portal."))
                    + "</p>"
                ),
                *[notify_field_name(k.name) for k in choosable_kinds()],
            ),
        )

    def notification_choices(self) -> dict[str, str]:
        return {k.name: self.cleaned_data[notify_field_name(k.name)] for k in choosable_kinds()}

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

"""Forms of the adoption: the chair's adoption, signing, declining, signing rights."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from streekpact.core.forms import bound_dates
from streekpact.partners.forms import person_picker
from streekpact.partners.models import Role, User

from .models import SignatureScope


def _helper(button: str, name: str = "submit") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(name, button))
    return helper


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Date of the plenary"), widget=forms.DateInput(attrs={"type": "date"})
    )
    partial_signing = forms.BooleanField(
        label=_("Organisations may sign only the chapters they take part in"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self)
        self.fields["adopted_on"].initial = timezone.localdate()
        self.helper = _helper(_("Adopt this text as final"), "adopt")

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the plenary cannot lie in the future."))
        return value


class SignForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What do you sign?"),
        choices=SignatureScope.choices,
        initial=SignatureScope.WHOLE,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I have read the adopted text and sign it on behalf of my organisation."),
    )

    def __init__(self, *args, partial_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not partial_allowed:
            del self.fields["scope"]
        self.helper = _helper(_("Sign the pact"), "sign")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does your organisation not sign?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Only RESOC staff and the chair read this."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Decline to sign"), "decline")


class SigningRightForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Member"),
        queryset=User.objects.filter(role=Role.PARTNER, is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name", "name"),
        widget=person_picker(partners_only=True),
    )
    function = forms.CharField(
        label=_("Function"), max_length=150, help_text=_("For example: gedelegeerd bestuurder.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda u: f"{u.name} ({u.organisation})"
        self.helper = _helper(_("Grant the signing right"), "grant")

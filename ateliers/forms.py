"""Forms for ateliers: they validate input with clear messages; the services act."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sectors.models import Sector, Theme
from streekpact.core.forms import RecordsChoiceField, add_form_token, bound_dates
from streekpact.core.text import LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT, BoundedTextFormField
from streekpact.core.uploads import AttachmentField
from streekpact.partners.forms import organisation_picker, person_picker
from streekpact.partners.models import Organisation, User, person_label

from .models import Atelier, GuestRole, RegistrationStatus

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


def _helper(submit_label, form_tag=True, name="submit") -> FormHelper:
    """A form helper with one button; `name` is the key the view reads (and the id's suffix)."""
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit_label:
        helper.add_input(Submit(name, submit_label))
    return helper


class AtelierForm(forms.ModelForm):
    """Plan or change an atelier. Times are entered and shown in Belgian time."""

    facilitator = PersonChoiceField(
        label=_("Facilitator"),
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        required=False,
        widget=person_picker(),
        help_text=_("Takes attendance and writes the report."),
    )

    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Atelier
        fields = [
            "sector",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "lead_organisations",
            "facilitator",
            "description",
            "agenda",
            "capacity",
            "registration_deadline",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_deadline": DATETIME_WIDGET,
            "lead_organisations": organisation_picker(multiple=True),
            "description": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"lead_organisations": RecordsChoiceField}
        help_texts = {
            "lead_organisations": _("Leave empty to use the sector's lead organisations."),
            "capacity": _("Leave empty for no limit. When full, people join a waiting list."),
            "registration_deadline": _("Leave empty to accept registrations until the start."),
            "description": _("Markdown is allowed."),
            "agenda": _("Markdown is allowed."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        bound_dates(self)
        if not self.instance.pk:
            add_form_token(self)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["capacity"].validators.append(MinValueValidator(1))
        sectors = Sector.objects.all()
        if not user.is_resoc_staff:
            allowed = Q(lead_organisations=user.organisation_id)
            if self.instance.pk:
                allowed |= Q(pk=self.instance.sector_id)
            sectors = sectors.filter(allowed).distinct()
        self.fields["sector"].queryset = sectors
        if not self.instance.pk and not self.initial.get("sector"):
            only = list(sectors[:2])
            if len(only) == 1:  # a lead of one sector: nothing to choose
                self.initial["sector"] = only[0]
        self.fields["lead_organisations"].queryset = Organisation.objects.active()
        self.fields["lead_organisations"].required = False
        self.helper = _helper(_("Save"))

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if not self.instance.pk and starts_at and starts_at < timezone.now():
            raise forms.ValidationError(_("An atelier cannot be planned in the past."))
        return starts_at

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        deadline = data.get("registration_deadline")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        if starts_at and deadline and deadline > starts_at:
            self.add_error(
                "registration_deadline", _("The registration deadline must be before the start.")
            )
        if not data.get("location") and not data.get("online_url"):
            self.add_error("location", _("Give an address or an online link (or both)."))
        capacity = data.get("capacity")
        if self.instance.pk and capacity is not None:
            registered = self.instance.registrations.registered().count()
            if capacity < registered:
                self.add_error(
                    "capacity",
                    ngettext(
                        "%(count)s person is already registered; the capacity cannot be lower.",
                        "%(count)s people are already registered; the capacity cannot be lower.",
                        registered,
                    )
                    % {"count": registered},
                )
        return data

    def _post_clean(self):
        # The service validates the model (constraints) after the form checked the input.
        pass


class NewAtelierQueryForm(forms.Form):
    """`/ateliers/new/?sector=<slug>`: the sector to preselect (invalid values are ignored)."""

    sector = forms.SlugField(required=False, max_length=120)


class CancelForm(forms.Form):
    message = BoundedTextFormField(
        max_length=SHORT_TEXT,
        label=_("Message to the participants"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone registered or on the waiting list receives this by e-mail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(None, form_tag=False)


class InviteOrganisationsForm(forms.Form):
    organisations = RecordsChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.active(),
        widget=organisation_picker(multiple=True),
        help_text=_("Type part of a name and choose; you can choose several."),
    )
    message = BoundedTextFormField(
        max_length=SHORT_TEXT,
        label=_("Personal message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, atelier, **kwargs):
        kwargs.setdefault("prefix", "org")
        super().__init__(*args, **kwargs)
        invited = atelier.invitations.filter(organisation__isnull=False).values("organisation")
        self.fields["organisations"].queryset = Organisation.objects.active().exclude(
            pk__in=invited
        )
        self.helper = _helper(_("Invite organisations"), name="invite_organisations")


class InviteGuestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    guest_organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Company, school or institution of the guest."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.active(),
        required=False,
        widget=organisation_picker(),
        help_text=_("Only when the guest represents one of the partners."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=GuestRole.choices)
    message = BoundedTextFormField(
        max_length=SHORT_TEXT,
        label=_("Personal message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "guest")
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Invite guest"), name="invite_guest")


class RegisterColleagueForm(forms.Form):
    user = PersonChoiceField(label=_("Colleague"), queryset=User.objects.none())

    def __init__(self, *args, atelier, by, **kwargs):
        super().__init__(*args, **kwargs)
        taken = atelier.registrations.active().filter(user__isnull=False).values("user")
        self.fields["user"].queryset = (
            User.objects.filter(organisation_id=by.organisation_id, is_active=True)
            .exclude(pk__in=taken)
            .select_related("organisation")
        )
        self.helper = _helper(_("Register colleague"))


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        self.fields["attended"].choices = [(str(r.pk), r.display_name) for r in registrations]
        self.fields["attended"].initial = [str(r.pk) for r in registrations if r.attended]

    def attended_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["attended"]}


class WalkInForm(forms.Form):
    user = PersonChoiceField(
        label=_("Person with an account"),
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        required=False,
        widget=person_picker(),
    )
    guest_name = forms.CharField(label=_("Or: guest's name"), max_length=150, required=False)
    guest_email = forms.EmailField(label=_("Guest's e-mail address"), required=False)
    guest_organisation = forms.CharField(
        label=_("Guest's organisation"), max_length=200, required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.active(),
        required=False,
        widget=organisation_picker(),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *GuestRole.choices], required=False
    )

    def __init__(self, *args, atelier, **kwargs):
        kwargs.setdefault("prefix", "walkin")
        super().__init__(*args, **kwargs)
        present = atelier.registrations.filter(
            user__isnull=False, status=RegistrationStatus.REGISTERED, attended=True
        ).values("user")
        self.fields["user"].queryset = self.fields["user"].queryset.exclude(pk__in=present)
        self.helper = _helper(_("Add walk-in"), form_tag=False)  # the page has the <form>

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("guest_name"):
            raise forms.ValidationError(_("Choose a person or enter the guest's name."))
        if data.get("user") and data.get("guest_name"):
            raise forms.ValidationError(_("Choose a person or enter a guest, not both."))
        return data


class ReportForm(forms.Form):
    summary = BoundedTextFormField(
        max_length=LONG_TEXT,
        markdown=True,
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown is allowed (headings, lists, links). HTML is removed."),
    )


class ConclusionForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = BoundedTextFormField(
        max_length=MEDIUM_TEXT,
        label=_("Conclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False)

    def clean(self):
        data = super().clean()
        if data.get("text", "").strip() and not data.get("theme") and not data.get("DELETE"):
            self.add_error("theme", _("Choose the theme of this conclusion."))
        return data


ConclusionFormSet = forms.formset_factory(ConclusionForm, extra=2, can_delete=True, max_num=30)


class AttachmentForm(forms.Form):
    file = AttachmentField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Upload"))

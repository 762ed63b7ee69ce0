"""Forms of monitoring: they validate; the services act."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from streekpact.core.forms import IdField, RecordsChoiceField, bound_dates
from streekpact.core.text import SHORT_TEXT, BoundedTextFormField
from streekpact.core.uploads import AttachmentField
from streekpact.partners.forms import organisation_picker
from streekpact.partners.models import Organisation

from .models import Indicator, ProgressStatus, ReportingPeriod

NUMBER_MESSAGES = {
    "invalid": _("Enter a number, for example 12 or 12,5."),
    "max_digits": _("This number is too large."),
    "max_decimal_places": _("Use at most two decimals."),
    "max_whole_digits": _("This number is too large."),
}
DATE_MESSAGES = {"invalid": _("Enter a valid date (dd/mm/yyyy).")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NumberField(forms.DecimalField):
    """A number as people here type it: 12,5 or 12.5, 12.500,50 or € 12 500,50.

    With both a point and a comma, the point groups thousands and the comma is the decimal
    sign; with one of them, it is the decimal sign. Spaces and the euro sign are ignored.
    """

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
            if "," in value and "." in value:
                value = value.replace(".", "").replace(",", ".")
            else:
                value = value.replace(",", ".")
        return super().to_python(value)


def number_field(label, **kwargs) -> forms.DecimalField:
    """A number field with a Dutch message when what was typed is not a number."""
    return NumberField(
        label=label,
        max_digits=14,
        decimal_places=2,
        required=False,
        error_messages=NUMBER_MESSAGES,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


def _helper(label, name="submit") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(name, label))
    return helper


class PeriodForm(forms.ModelForm):
    """A reporting period: yearly by default; staff set the dates and the deadline."""

    class Meta:
        model = ReportingPeriod
        fields = ["title", "starts_on", "ends_on", "deadline"]
        widgets = {name: DateInput() for name in ("starts_on", "ends_on", "deadline")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on", "deadline"):
            self.fields[name].error_messages.update(DATE_MESSAGES)
        bound_dates(self)
        self.helper = _helper(_("Save"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned

    def validate_unique(self):
        """The service checks the title (the pact is not on the form)."""


class IndicatorForm(forms.ModelForm):
    """An indicator of an action: name, unit, baseline and target with their dates, direction."""

    baseline = number_field(_("Baseline"))
    target = number_field(_("Target"))

    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "baseline_date", "target", "target_date", "direction"]
        widgets = {"baseline_date": DateInput(), "target_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("baseline_date", "target_date"):
            self.fields[name].error_messages.update(DATE_MESSAGES)
        bound_dates(self)
        self.helper = _helper(_("Save the indicator"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("baseline_date"), cleaned.get("target_date")
        if start and end and end <= start:
            self.add_error("target_date", _("The target date must come after the baseline date."))
        return cleaned


class ReportForm(forms.Form):
    """A progress report: status, narrative, per indicator a value and its date, money spent,
    partners involved. "Save as draft" keeps it open; "Submit" hands it to RESOC."""

    status = forms.ChoiceField(
        label=_("Status of the action"),
        choices=[("", "—"), *ProgressStatus.choices],
        required=False,
    )
    narrative = BoundedTextFormField(
        label=_("Narrative"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened this period, in a few sentences."),
    )
    obstacles = BoundedTextFormField(
        label=_("What stands in the way"),
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the action is delayed or stopped."),
    )
    spent = number_field(_("Money spent this period (EUR)"), min_value=0)
    partners_involved = RecordsChoiceField(
        label=_("Partners actually involved"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=organisation_picker(multiple=True),
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.fields["partners_involved"].queryset = Organisation.objects.active().order_by("name")
        for indicator in self.indicators:
            unit = f" ({indicator.unit})" if indicator.unit else ""
            self.fields[f"value_{indicator.pk}"] = number_field(f"{indicator.name}{unit}")
            self.fields[f"date_{indicator.pk}"] = forms.DateField(
                label=_("Measured on"),
                required=False,
                widget=DateInput(),
                error_messages=DATE_MESSAGES,
            )
        self.order_fields(
            [
                "status",
                "narrative",
                "obstacles",
                *(f"{kind}_{i.pk}" for i in self.indicators for kind in ("value", "date")),
                "spent",
                "partners_involved",
            ]
        )
        bound_dates(self)

    def indicator_fields(self):
        """(indicator, value field, date field) for the template."""
        return [
            (indicator, self[f"value_{indicator.pk}"], self[f"date_{indicator.pk}"])
            for indicator in self.indicators
        ]

    def values(self) -> dict:
        return {
            indicator: (
                self.cleaned_data.get(f"value_{indicator.pk}"),
                self.cleaned_data.get(f"date_{indicator.pk}"),
            )
            for indicator in self.indicators
        }

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "narrative": data.get("narrative") or "",
            "obstacles": data.get("obstacles") or "",
            "spent": data.get("spent"),
            "partners_involved": list(data.get("partners_involved") or []),
            "values": self.values(),
        }


class SendBackForm(forms.Form):
    remark = BoundedTextFormField(
        label=_("What should the trekker change?"),
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send back"), name="send_back")


class RemarkForm(forms.Form):
    body = BoundedTextFormField(
        label=_("Your remark"), max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add the remark"), name="remark")


class ReportAttachmentForm(forms.Form):
    file = AttachmentField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add the file"), name="upload")


class PeriodStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import PeriodStatus

        self.fields["status"].choices = PeriodStatus.choices


class IndicatorQueryForm(forms.Form):
    """?indicator=<pk>: which indicator the indicators page edits."""

    indicator = IdField()

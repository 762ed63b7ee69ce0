"""Forms of the pact app: they validate; the services act."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from streekpact.core.forms import RecordsChoiceField, bound_dates
from streekpact.partners.models import Organisation

from .models import (
    Action,
    Chapter,
    ChapterPlacement,
    OperationalObjective,
    Pact,
    StrategicObjective,
    pact_order,
)


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PactForm(forms.ModelForm):
    class Meta:
        model = Pact
        fields = ["title", "period", "foreword", "process", "vision", "mission"]
        widgets = {f: forms.Textarea(attrs={"rows": 6}) for f in ("foreword", "process")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class ChapterForm(forms.ModelForm):
    """A staff chapter: title, introduction, before or after the sector chapters."""

    class Meta:
        model = Chapter
        fields = ["title", "placement", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))
        if self.instance.pk and self.instance.is_sector_chapter:
            # A sector's chapter is named after the sector and stands in the sectors' order.
            del self.fields["title"]
            del self.fields["placement"]
        else:
            self.fields["placement"].choices = [
                c for c in ChapterPlacement.choices if c[0] != ChapterPlacement.SECTORS
            ]


class StrategicObjectiveForm(forms.ModelForm):
    class Meta:
        model = StrategicObjective
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class OperationalObjectiveForm(forms.ModelForm):
    class Meta:
        model = OperationalObjective
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class OperationalObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        so = obj.strategic_objective
        return f"{so.chapter.title} › {so.title} › {obj.title}"


def _operational_objectives():
    return OperationalObjective.objects.select_related("strategic_objective__chapter").order_by(
        *pact_order("strategic_objective__chapter__"),
        "strategic_objective__position",
        "position",
        "pk",
    )


class ActionForm(forms.ModelForm):
    """The action as it stands in the pact (editing keeps the link to the source proposal)."""

    operational_objective = OperationalObjectiveChoiceField(
        label=_("Operational objective"), queryset=OperationalObjective.objects.none()
    )
    partners = RecordsChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Action
        fields = [
            "operational_objective",
            "title",
            "description",
            "trekker",
            "partners",
            "timing_start",
            "timing_end",
            "indicators",
            "budget",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "timing_start": DateInput(),
            "timing_end": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operational_objective"].queryset = _operational_objectives()
        organisations = Organisation.objects.active().order_by("name")
        self.fields["trekker"].queryset = organisations
        self.fields["partners"].queryset = organisations
        bound_dates(self)
        self.helper = _helper(_("Save"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("timing_start"), cleaned.get("timing_end")
        if start and end and end < start:
            self.add_error("timing_end", _("The end date cannot be before the start date."))
        budget = cleaned.get("budget")
        if budget is not None and budget < 0:
            self.add_error("budget", _("The budget cannot be negative."))
        return cleaned

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "partners"}
        data["partners"] = list(self.cleaned_data["partners"])
        return data


class PlaceActionForm(ActionForm):
    """Place an approved proposal: choose an operational objective, or name a new one."""

    chapter = forms.ModelChoiceField(
        label=_("Chapter (for a new objective)"),
        queryset=Chapter.objects.none(),
        required=False,
    )
    new_strategic_objective = forms.CharField(
        label=_("Strategic objective (new, or the title of an existing one)"),
        max_length=300,
        required=False,
    )
    new_operational_objective = forms.CharField(
        label=_("New operational objective"), max_length=300, required=False
    )

    field_order = [
        "operational_objective",
        "chapter",
        "new_strategic_objective",
        "new_operational_objective",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operational_objective"].required = False
        self.fields["operational_objective"].help_text = _(
            "Or leave empty and name a new objective in a chapter below."
        )
        self.fields["chapter"].queryset = Chapter.objects.in_pact_order()
        self.helper = _helper(_("Place in the pact"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("operational_objective"):
            return cleaned
        missing = [
            name
            for name in ("chapter", "new_strategic_objective", "new_operational_objective")
            if not cleaned.get(name)
        ]
        for name in missing:
            self.add_error(
                name,
                _("Choose an existing operational objective, or fill in this field."),
            )
        return cleaned

    def service_fields(self) -> dict:
        data = super().service_fields()
        for name in ("chapter", "new_strategic_objective", "new_operational_objective"):
            data.pop(name, None)
        return data


class DraftRequestForm(forms.Form):
    chapter = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=Chapter.objects.none(),
        required=False,
        empty_label=_("The whole pact"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = Chapter.objects.in_pact_order()

"""Forms of the pact app: they validate; the services act."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from streekpact.core.forms import IdField, RecordsChoiceField, bound_dates
from streekpact.partners.forms import organisation_picker
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
        widget=organisation_picker(multiple=True),
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
            "trekker": organisation_picker(),
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


#: Separates the strategic from the operational objective in the place form's objective field.
OBJECTIVE_SEPARATOR = " › "


class PlaceActionForm(ActionForm):
    """Place an approved proposal: choose a chapter, then pick or create the objective in one
    field ("strategic › operational"; the page suggests the chapters' existing objectives)."""

    chapter = forms.ModelChoiceField(label=_("Chapter"), queryset=Chapter.objects.none())
    objective = forms.CharField(
        label=_("Objective"),
        max_length=610,
        help_text=_(
            "Pick an existing objective from the suggestions, or type a new one as "
            "“strategic objective › operational objective”."
        ),
        widget=forms.TextInput(attrs={"list": "objective-suggestions", "autocomplete": "off"}),
    )

    field_order = ["chapter", "objective"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["operational_objective"]
        self.fields["chapter"].queryset = Chapter.objects.in_pact_order()
        self.helper = _helper(_("Place in the pact"))

    @staticmethod
    def objective_path(operational: OperationalObjective) -> str:
        return f"{operational.strategic_objective.title}{OBJECTIVE_SEPARATOR}{operational.title}"

    def suggestions(self) -> list[tuple[str, str]]:
        """(chapter, "strategic › operational") for every existing objective, in pact order."""
        return [
            (str(oo.strategic_objective.chapter), self.objective_path(oo))
            for oo in _operational_objectives()
        ]

    def clean_objective(self):
        raw = " ".join(self.cleaned_data["objective"].replace(">", "›").split())
        parts = [part.strip() for part in raw.split("›")]
        if len(parts) != 2 or not all(parts):
            raise forms.ValidationError(
                _("Write the objective as “strategic objective › operational objective”.")
            )
        if len(parts[0]) > 300 or len(parts[1]) > 300:
            raise forms.ValidationError(_("An objective's title has at most 300 characters."))
        return tuple(parts)

    def existing_objective(self) -> OperationalObjective | None:
        """The chosen chapter's operational objective the field names, if it exists already."""
        strategic, operational = self.cleaned_data["objective"]
        return (
            OperationalObjective.objects.filter(
                strategic_objective__chapter=self.cleaned_data["chapter"],
                strategic_objective__title__iexact=strategic,
                title__iexact=operational,
            )
            .order_by("pk")
            .first()
        )

    def service_fields(self) -> dict:
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields[1:] if name != "partners"
        }
        data["partners"] = list(self.cleaned_data["partners"])
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


class UnplacedQueryForm(forms.Form):
    """`/pact/unplaced/?sector=…`: the unplaced proposals of one sector."""

    sector = IdField()

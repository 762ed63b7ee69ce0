"""Forms of consultation rounds: they validate; the services act."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.models import Draft
from streekpact.core.errors import form_error
from streekpact.core.forms import (
    FORM_TOKEN,
    IdField,
    RecordsChoiceField,
    add_form_token,
    bound_dates,
)
from streekpact.core.text import MEDIUM_TEXT, SHORT_TEXT, BoundedTextFormField
from streekpact.partners.forms import organisation_picker
from streekpact.partners.models import Organisation

from . import services
from .models import AnswerKind, Audience, Reaction, ReactionKind, SectionKind, Stance


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(label: str, name: str = "submit") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(name, label))
    return helper


class RoundForm(forms.Form):
    """Open a round: the draft, a title, the closing date, who is invited, a message.

    By default every active partner is invited; staff can instead leave some out or invite
    only some, chosen with the organisation search (the page lists no organisation)."""

    draft = forms.ModelChoiceField(label=_("Draft"), queryset=Draft.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    closes_on = forms.DateField(label=_("Closing date"), widget=DateInput())
    audience = forms.ChoiceField(
        label=_("Who is invited"),
        choices=Audience.choices,
        initial=Audience.ALL,
        widget=forms.RadioSelect,
    )
    organisations = RecordsChoiceField(
        label=_("Organisations left out, or the only ones invited"),
        queryset=Organisation.objects.active(),
        required=False,
        widget=organisation_picker(multiple=True),
        help_text=_(
            "Only with “all partners except…” or “only…”. Type part of a name and choose; "
            "you can choose several."
        ),
    )
    message = BoundedTextFormField(
        label=_("Message to the partners"),
        max_length=SHORT_TEXT,
        markdown=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft"].queryset = Draft.objects.ready().select_related("chapter")
        self.fields["draft"].label_from_instance = lambda d: f"v{d.version} — {d.scope_label}"
        # "All" says how many that is (one count, whatever the number).
        everyone = _("All active partner organisations (%(n)s)") % {
            "n": Organisation.objects.active().count()
        }
        self.fields["audience"].choices = [
            (value, everyone if value == Audience.ALL else label)
            for value, label in Audience.choices
        ]
        bound_dates(self)
        add_form_token(self)
        self.helper = _helper(_("Open the round"), "open")

    def clean_closes_on(self):
        value = self.cleaned_data["closes_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The closing date lies in the past."))
        return value

    def clean(self):
        data = super().clean()
        if "audience" in data and "organisations" in data:
            try:
                services.round_audience_check(
                    audience=data["audience"], organisations=list(data["organisations"])
                )
            except forms.ValidationError as exc:
                form_error(self, exc)
        return data


#: Which kinds of reaction each kind of section takes.
KINDS_PER_SECTION = {
    SectionKind.CHAPTER: (ReactionKind.COMMENT, ReactionKind.POSITION),
    SectionKind.OBJECTIVE: (ReactionKind.COMMENT, ReactionKind.NEW_ACTION, ReactionKind.POSITION),
    SectionKind.OPERATIONAL: (
        ReactionKind.COMMENT,
        ReactionKind.NEW_ACTION,
        ReactionKind.POSITION,
    ),
    SectionKind.ACTION: (ReactionKind.COMMENT, ReactionKind.AMENDMENT, ReactionKind.POSITION),
}

PROPOSED = (
    "proposed_title",
    "proposed_description",
    "proposed_trekker",
    "proposed_timing_start",
    "proposed_timing_end",
    "proposed_indicators",
    "proposed_budget",
)


class ReactionForm(forms.ModelForm):
    """A reaction on one section: its kind, the text, a position, or a new wording."""

    class Meta:
        model = Reaction
        fields = ["kind", "body", "stance", *PROPOSED]
        widgets = {
            "kind": forms.RadioSelect,
            "stance": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 5}),
            "proposed_description": forms.Textarea(attrs={"rows": 5}),
            "proposed_indicators": forms.Textarea(attrs={"rows": 3}),
            "proposed_timing_start": DateInput(),
            "proposed_timing_end": DateInput(),
            "proposed_trekker": organisation_picker(),
        }
        help_texts = {
            "body": _(
                "Your comment, the reason for your reservations, or the explanation of your "
                "amendment. Markdown is allowed."
            ),
        }

    def __init__(self, *args, section_kind: str, section: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        kinds = KINDS_PER_SECTION[section_kind]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["stance"].choices = [("", _("(no position)")), *Stance.choices]
        self.fields["stance"].required = False
        self.fields["proposed_trekker"].queryset = Organisation.objects.active()
        if ReactionKind.AMENDMENT not in kinds:
            for name in PROPOSED[2:]:
                del self.fields[name]
        if ReactionKind.AMENDMENT in kinds and not self.instance.pk:
            # An amendment starts from the draft's wording: the person edits it in place.
            self.initial.setdefault("proposed_title", section.get("title", ""))
            self.initial.setdefault("proposed_description", section.get("description", ""))
        if ReactionKind.AMENDMENT not in kinds and ReactionKind.NEW_ACTION not in kinds:
            del self.fields["proposed_title"]
            del self.fields["proposed_description"]
        bound_dates(self)
        if not self.instance.pk:
            add_form_token(self)
        self.helper = _helper(_("Save the reaction"), "save")

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReactionKind.AMENDMENT:
            # Wording left as the draft has it is no amendment of that field.
            for name, key in (("proposed_title", "title"), ("proposed_description", "description")):
                if (data.get(name) or "").strip() == (self.section.get(key) or "").strip():
                    data[name] = ""
        return data

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != FORM_TOKEN}
        data.pop("kind", None)
        for name in PROPOSED:
            data.setdefault(name, None if name not in ("proposed_title",) else "")
        data["proposed_description"] = data.get("proposed_description") or ""
        data["proposed_indicators"] = data.get("proposed_indicators") or ""
        data["proposed_title"] = data.get("proposed_title") or ""
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    answer_text = BoundedTextFormField(
        label=_("Explanation"),
        max_length=MEDIUM_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the reaction is not taken over."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the answer"), "save_answer")

    def clean(self):
        data = super().clean()
        if (
            data.get("answer") == AnswerKind.NOT_TAKEN_OVER
            and not (data.get("answer_text") or "").strip()
        ):
            self.add_error(
                "answer_text",
                _("Say why the reaction is not taken over: a reason is required."),
            )
        return data


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class ExtendForm(forms.Form):
    closes_on = forms.DateField(label=_("New closing date"), widget=DateInput())
    notice = BoundedTextFormField(
        label=_("Message to the partners"),
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self)
        self.helper = _helper(_("Extend the round"), "extend")

    def clean_closes_on(self):
        value = self.cleaned_data["closes_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The closing date lies in the past."))
        return value


class CloseForm(forms.Form):
    notice = BoundedTextFormField(
        label=_("Message to the partners"),
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the round closes early."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Close the round now"), "close")


class ChapterQueryForm(forms.Form):
    """Which chapter of the draft the round page shows (`?hoofdstuk=2`)."""

    hoofdstuk = IdField()

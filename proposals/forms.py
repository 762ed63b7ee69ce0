"""Forms validate; services act."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse, reverse_lazy
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from ateliers.models import Atelier, Conclusion
from sectors.models import Sector, Theme
from streekpact.core.forms import (
    FORM_TOKEN,
    IdField,
    RecordsChoiceField,
    SearchSelect,
    SearchSelectMultiple,
    add_form_token,
    bound_dates,
    without_form_token,
)
from streekpact.core.text import MEDIUM_TEXT, SHORT_TEXT, BoundedTextFormField
from streekpact.core.uploads import AttachmentField
from streekpact.partners.forms import organisation_picker
from streekpact.partners.models import Organisation, Role, person_label

from .models import OPEN_STATUSES, Proposal, ProposalStatus, Stance

User = get_user_model()


class ProposalForm(forms.ModelForm):
    """Write or edit a proposal; the fields a pact action needs come in a second group."""

    co_authors = RecordsChoiceField(
        label=_("Co-authors"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("People of your own or another organisation who write this proposal with you."),
        # A search on the server: the page carries only the chosen co-authors, not every person.
        widget=SearchSelectMultiple(
            format_lazy("{}?partners=1", reverse_lazy("partners:person_search")),
            placeholder=_("Type a name"),
        ),
    )
    attachment = AttachmentField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, office document or image; checked by its content."),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "body",
            "sector",
            "atelier",
            "themes",
            "proposed_actions",
            "lead_organisation",
            "partner_organisations",
            "timing_start",
            "timing_end",
            "indicators",
            "budget_estimate",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "proposed_actions": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "atelier": SearchSelect(reverse_lazy("ateliers:search"), placeholder=_("Type a title")),
            "lead_organisation": organisation_picker(),
            "partner_organisations": organisation_picker(multiple=True),
            "timing_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "timing_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"themes": RecordsChoiceField, "partner_organisations": RecordsChoiceField}
        error_messages = {
            "title": {"required": _("Give the proposal a title.")},
            "summary": {"required": _("Summarise the proposal in a few sentences.")},
            "sector": {"required": _("Choose the sector of the proposal.")},
        }
        help_texts = {
            "body": _("Markdown is allowed (no HTML, no images)."),
            "summary": _("Two or three sentences: what and why."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["sector"].queryset = Sector.objects.all()
        self.fields["atelier"].queryset = Atelier.objects.select_related("sector").order_by(
            "-starts_at"
        )
        self.fields["themes"].queryset = Theme.objects.all()
        organisations = Organisation.objects.active()
        self.fields["lead_organisation"].queryset = organisations
        self.fields["partner_organisations"].queryset = organisations
        self.fields["co_authors"].queryset = (
            User.objects.filter(is_active=True, role=Role.PARTNER)
            .exclude(pk=getattr(user, "pk", None))
            .select_related("organisation")
        )
        self.fields["co_authors"].label_from_instance = person_label
        if self.instance.pk:
            self.fields["co_authors"].initial = [
                a.pk for a in self.instance.authors.all() if a.pk != getattr(user, "pk", None)
            ]
        placed = ["sector", "atelier"]
        own_fields = ["co_authors", "attachment"]
        if self.instance.pk and user is not None and not self.instance.is_owned_by(user):
            # The facilitator correcting a draft captured for another organisation: the text,
            # not where it was captured, who writes it or what is attached (the organisation's
            # to decide).
            for name in (*placed, *own_fields):
                del self.fields[name]
            placed, own_fields = [], []
        bound_dates(self)
        if not self.instance.pk:
            add_form_token(self)
            own_fields.append(FORM_TOKEN)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The proposal"),
                "title",
                "summary",
                "body",
                *placed,
                "themes",
                *own_fields,
            ),
            Fieldset(
                _("For the pact"),
                "proposed_actions",
                "lead_organisation",
                "partner_organisations",
                "timing_start",
                "timing_end",
                "indicators",
                "budget_estimate",
            ),
        )

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("Give the proposal a title."))
        return title

    def clean_summary(self):
        summary = (self.cleaned_data.get("summary") or "").strip()
        if not summary:
            raise forms.ValidationError(_("Summarise the proposal in a few sentences."))
        return summary

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("timing_start"), cleaned.get("timing_end")
        if start and end and end < start:
            self.add_error("timing_end", _("The end cannot be before the start."))
        atelier, sector = cleaned.get("atelier"), cleaned.get("sector")
        if atelier and sector and atelier.sector_id != sector.pk:
            self.add_error("atelier", _("This atelier belongs to another sector."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = without_form_token(self.cleaned_data)
        data.pop("attachment", None)
        return data


class NewProposalQueryForm(forms.Form):
    """`/proposals/new/?sector=…&atelier=…`: what to preselect (invalid values are ignored)."""

    sector = IdField()
    atelier = IdField()


class ReviewQueueQueryForm(forms.Form):
    """`/proposals/review/?mine=1&sector=…`."""

    mine = forms.BooleanField(required=False)
    sector = IdField()


class RevisionQueryForm(forms.Form):
    """`/proposals/<pk>/revisions/?number=…`: which revision to show."""

    number = IdField()


class CaptureQueryForm(forms.Form):
    """`/proposals/capture/<atelier>/?conclusion=…`: the conclusion to start from."""

    conclusion = IdField()


class AttachmentForm(forms.Form):
    file = AttachmentField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("upload", _("Upload")))


class WithdrawForm(forms.Form):
    reason = BoundedTextFormField(
        max_length=SHORT_TEXT,
        label=_("Reason (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("withdraw", _("Withdraw the proposal"), css_class="btn-danger")
        )


class SupportForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Position of your organisation"),
        choices=Stance.choices,
        widget=forms.RadioSelect,
    )
    reason = BoundedTextFormField(
        max_length=SHORT_TEXT,
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for an objection."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stance") == Stance.OBJECTION and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("An objection needs a reason."))
        return cleaned


class CommentForm(forms.Form):
    text = BoundedTextFormField(
        label=_("Comment"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_text(self):
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError(_("The comment cannot be empty."))
        return text


class CommentEditForm(forms.Form):
    text = BoundedTextFormField(
        label=_("Comment"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


DECISION_CHOICES = [
    (ProposalStatus.UNDER_REVIEW, _("Take into review")),
    (ProposalStatus.CHANGES_REQUESTED, _("Ask the authors for changes")),
    (ProposalStatus.APPROVED, _("Approve")),
    (ProposalStatus.REJECTED, _("Reject")),
    (ProposalStatus.MERGED, _("Merge into another proposal")),
]


#: At most this many proposals are offered by the merge-target search.
MERGE_TARGET_LIMIT = 20


def merge_targets(proposal: Proposal):
    """The proposals `proposal` may be merged into: open or approved, same sector, not itself."""
    return (
        Proposal.objects.filter(
            status__in=[*OPEN_STATUSES, ProposalStatus.APPROVED], sector_id=proposal.sector_id
        )
        .exclude(pk=proposal.pk)
        .select_related("organisation")
        .order_by("-pk")
    )


def merge_target_label(target: Proposal) -> str:
    return f"{target.reference} {target.title} ({target.organisation})"


def merge_targets_matching(proposal: Proposal, query: str) -> list[dict]:
    """The merge-target search: by reference ("V-0042", "42") or words of the title; bounded."""
    targets = merge_targets(proposal)
    query = query.strip()
    number = query.upper().removeprefix("V-").lstrip("0")
    if number.isdigit():
        targets = targets.filter(Q(pk=int(number)) | Q(title__icontains=query))
    elif query:
        for word in query.split()[:5]:
            targets = targets.filter(title__icontains=word)
    return [
        {"value": target.pk, "text": merge_target_label(target)}
        for target in targets[:MERGE_TARGET_LIMIT]
    ]


class DecisionForm(forms.Form):
    """A reviewer's decision with the official answer."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISION_CHOICES,
        error_messages={"required": _("Choose a decision.")},
    )
    answer = BoundedTextFormField(
        max_length=MEDIUM_TEXT,
        markdown=True,
        label=_("Official answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published on the proposal and sent to its authors. Markdown is allowed."),
    )
    reason = BoundedTextFormField(
        max_length=MEDIUM_TEXT,
        markdown=True,
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject or to ask for changes; recorded in the history."),
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Proposal.objects.none(), required=False
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        # The field validates against every possible target, but the page carries only the chosen
        # one: a search field (Tom Select, static/js/merge-search.js) asks the server for the rest.
        merged_into = self.fields["merged_into"]
        merged_into.queryset = merge_targets(proposal)
        chosen = merged_into.queryset.filter(pk=self._chosen_target()).first()
        merged_into.widget.choices = [("", "—")] + (
            [(chosen.pk, merge_target_label(chosen))] if chosen else []
        )
        merged_into.widget.attrs.update(
            {
                "data-search-url": reverse("proposals:merge_targets", args=[proposal.pk]),
                "data-placeholder": _("Type a reference or words of the title"),
            }
        )
        merged_into.help_text = _("Search by reference (V-0042) or by words of the title.")
        # Nothing is chosen until the reviewer chooses: one stray click must not change a status.
        self.fields["decision"].choices = [
            ("", _("— Choose a decision —")),
            *((value, label) for value, label in DECISION_CHOICES if value != proposal.status),
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("decide", _("Save the decision")))

    def _chosen_target(self):
        raw = self.data.get(self.add_prefix("merged_into")) if self.is_bound else None
        raw = raw or self.initial.get("merged_into")
        raw = str(raw or "")
        return int(raw) if raw.isascii() and raw.isdigit() else None

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        reason = (cleaned.get("reason") or "").strip()
        answer = (cleaned.get("answer") or "").strip()
        if decision == ProposalStatus.REJECTED and not (reason or answer):
            self.add_error("reason", _("A rejection needs a reason."))
        if decision == ProposalStatus.CHANGES_REQUESTED and not reason:
            self.add_error("reason", _("Tell the authors what to change."))
        if decision == ProposalStatus.MERGED and not cleaned.get("merged_into"):
            self.add_error("merged_into", _("Choose the proposal to merge into."))
        return cleaned


class AnswerForm(forms.Form):
    answer = BoundedTextFormField(
        max_length=MEDIUM_TEXT,
        markdown=True,
        label=_("Official answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("answer_submit", _("Publish the answer")))


class ReviewNoteForm(forms.Form):
    text = BoundedTextFormField(
        max_length=MEDIUM_TEXT,
        label=_("Private note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff and the sector's lead organisations see notes; authors never do."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("note", _("Add note"), css_class="btn-secondary"))


def reviewer_candidates(sector=None):
    """RESOC staff, and members of the sector's lead organisations."""
    condition = Q(role=Role.STAFF)
    if sector is not None:
        condition |= Q(organisation__in=sector.lead_organisations.all())
    else:
        condition |= Q(organisation__led_sectors__isnull=False)
    return User.objects.filter(condition, is_active=True).select_related("organisation").distinct()


class ReviewersForm(forms.Form):
    reviewers = RecordsChoiceField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = reviewer_candidates(proposal.sector)
        if proposal.organisation_id:  # nobody reviews their own organisation's proposal
            candidates = candidates.exclude(organisation_id=proposal.organisation_id)
        self.fields["reviewers"].queryset = candidates
        self.fields["reviewers"].initial = [u.pk for u in proposal.reviewers.all()]
        self.helper = FormHelper()
        self.helper.add_input(Submit("assign", _("Assign"), css_class="btn-secondary"))


BULK_ACTIONS = [
    ("assign", _("Assign reviewers")),
    (ProposalStatus.UNDER_REVIEW, _("Take into review")),
    (ProposalStatus.APPROVED, _("Approve")),
    (ProposalStatus.REJECTED, _("Reject")),
]


class BulkActionForm(forms.Form):
    """Staff act on several proposals of the review queue at once."""

    proposals = RecordsChoiceField(
        label=_("Proposals"), queryset=Proposal.objects.none(), widget=forms.MultipleHiddenInput
    )
    # Nothing is chosen until staff choose: one stray click must not change several statuses.
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("— Choose an action —")), *BULK_ACTIONS]
    )
    reviewers = RecordsChoiceField(
        label=_("Reviewers"), queryset=User.objects.none(), required=False
    )
    reason = BoundedTextFormField(
        max_length=MEDIUM_TEXT,
        markdown=True,
        label=_("Reason or answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = Proposal.objects.open()
        self.fields["reviewers"].queryset = reviewer_candidates()
        self.fields["reviewers"].label_from_instance = lambda u: (
            f"{u.name} ({u.organisation or u.get_role_display()})"
        )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "assign" and not cleaned.get("reviewers"):
            self.add_error("reviewers", _("Choose at least one reviewer."))
        if action == ProposalStatus.REJECTED and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("A rejection needs a reason."))
        return cleaned


class CaptureForm(forms.Form):
    """Capture a contribution during an atelier as a draft proposal for an organisation."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Contribution"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The first paragraph becomes the summary. Markdown is allowed."),
    )
    conclusion = forms.ModelChoiceField(
        label=_("From conclusion"),
        queryset=Conclusion.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, atelier: Atelier, **kwargs):
        super().__init__(*args, **kwargs)
        self.atelier = atelier
        self.fields["organisation"].queryset = atelier.participating_organisations()
        self.fields["organisation"].help_text = _(
            "Only organisations that took part in the atelier: registered, present or invited."
        )
        self.fields["conclusion"].queryset = Conclusion.objects.filter(atelier=atelier)
        add_form_token(self)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("Give the proposal a title."))
        return title


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "slug", "is_core", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = slugify(cleaned["name"])
            self.instance.slug = cleaned["slug"]
            if Theme.objects.filter(slug=cleaned["slug"]).exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("A theme with this name already exists."))
        return cleaned

"""The filters of the proposal list (and of its exports)."""

import django_filters
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from ateliers.models import Atelier
from sectors.models import Sector, Theme
from streekpact.core.forms import SearchSelect, SharedChoices, use_fast_widgets
from streekpact.partners.models import Organisation

from .models import Proposal, ProposalStatus

ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "support": ("-support_count", "-created_at", "-pk"),
    "title": ("title", "pk"),
}
ORDERING_CHOICES = [
    ("newest", _("Newest")),
    ("oldest", _("Oldest")),
    ("support", _("Most support")),
    ("title", _("Title")),
]

SECTORS = Sector.objects.all()
THEMES = Theme.objects.all()
ATELIERS = Atelier.objects.order_by("-starts_at")
#: The two short lists of the filter, read in one query on each page.
CHOICES = SharedChoices(sector=(SECTORS, "name"), theme=(THEMES, "name"))


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=SECTORS, empty_label=_("All sectors")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProposalStatus.choices, empty_label=_("All statuses")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=THEMES,
        empty_label=_("All themes"),
    )
    # A search on the server: the page carries only the chosen organisation, not every one.
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        empty_label=_("All organisations"),
        widget=SearchSelect(
            reverse_lazy("partners:organisation_search"), placeholder=_("Type a name")
        ),
    )
    # A search on the server too: the ateliers grow with every season.
    atelier = django_filters.ModelChoiceFilter(
        label=_("Atelier"),
        queryset=ATELIERS,
        empty_label=_("All ateliers"),
        widget=SearchSelect(reverse_lazy("ateliers:search"), placeholder=_("Type a title")),
    )
    min_support = django_filters.NumberFilter(
        label=_("At least … supporting organisations"),
        field_name="support_count",
        lookup_expr="gte",
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    order = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=ORDERING_CHOICES,
        method="filter_order",
        empty_label=None,
    )

    class Meta:
        model = Proposal
        fields = ["q", "sector", "status", "theme", "organisation", "atelier", "min_support"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        use_fast_widgets(self.form)
        CHOICES.apply(self.form)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS["newest"]))

    def filtered(self, queryset):
        """`queryset` with the valid filters (an invalid one is left out) and the order asked
        for, the newest first by default."""
        if self.is_bound:
            self.errors  # noqa: B018 - validates the form: filter_queryset reads cleaned_data
            queryset = self.filter_queryset(queryset)
        if self.data.get("order") not in ORDERINGS:
            queryset = queryset.order_by(*ORDERINGS["newest"])
        return queryset

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filtered(self.queryset.all())
        return self._qs

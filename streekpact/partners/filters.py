"""Filters of the logboek: who, which organisation, what kind of object, what, when."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .forms import organisation_picker
from .models import AuditEntry, AuditVerb, Organisation

#: The apps whose objects appear in the logboek (the portal's own).
AUDITED_APPS = ("partners", "sectors", "ateliers", "proposals", "pact")


class DateInput(forms.DateInput):
    input_type = "date"


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Who"), field_name="actor_repr", lookup_expr="icontains"
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        empty_label=_("All organisations"),
        widget=organisation_picker(),
    )
    target_type = django_filters.ModelChoiceFilter(
        label=_("Kind of object"),
        queryset=ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("model"),
        empty_label=_("Every kind"),
    )
    verb = django_filters.ChoiceFilter(
        label=_("What"), choices=AuditVerb.choices, empty_label=_("Everything")
    )
    since = django_filters.DateFilter(
        label=pgettext_lazy("start of a period", "From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=DateInput,
    )
    until = django_filters.DateFilter(
        label=pgettext_lazy("end of a period", "To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=DateInput,
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "organisation", "target_type", "verb", "since", "until"]

    def __init__(self, *args, show_organisation: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_organisation:
            del self.filters["organisation"]  # before the form is built from the filters
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} form-control-sm")
        self.form.fields["target_type"].label_from_instance = lambda ct: ct.name

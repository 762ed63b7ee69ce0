import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sectors.models import Sector

from .models import Atelier, AtelierStatus


class AtelierFilter(django_filters.FilterSet):
    """Overview filters: upcoming or past, sector, status."""

    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
        method="filter_when",
        empty_label=None,
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        field_name="sector",
        empty_label=_("All sectors"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AtelierStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Atelier
        fields = ["when", "sector", "status"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("when", "upcoming")
        super().__init__(data, *args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
            if isinstance(field.widget, forms.Select):
                # Submitted on change by static/js/streekpact.js (no inline handlers: CSP).
                field.widget.attrs["data-submit-on-change"] = True

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "past":
            return queryset.filter(ends_at__lt=now).order_by("-starts_at")
        if value == "all":
            return queryset.order_by("-starts_at")
        return queryset.filter(ends_at__gte=now).order_by("starts_at")

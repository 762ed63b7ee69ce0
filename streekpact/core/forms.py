"""Form building blocks every app shares: dates within a sane range, and query strings parsed
by forms (never `int(request.GET[...])` by hand, so hostile input is ignored, not a 500)."""

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.functions import RowNumber
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

#: The years a date in the portal may fall in: nothing of a regional pact lies outside them, and
#: arithmetic on them (duplicating an atelier a week later) never overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: The largest id a query string may name (a BigAutoField's range).
MAX_ID = 2**63 - 1


def validate_sane_date(value) -> None:
    """Refuse a date (or date and time) before 2000 or after 2100."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="date_out_of_range",
        )


def bound_dates(form: forms.BaseForm) -> None:
    """Give every date and date-time field of `form` the sane range (validator and picker)."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            lowest, highest = f"{FIRST_YEAR}-01-01T00:00", f"{LAST_YEAR}-12-31T23:59"
        elif isinstance(field, forms.DateField):
            lowest, highest = f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"
        else:
            continue
        if validate_sane_date not in field.validators:
            field.validators.append(validate_sane_date)
        field.widget.attrs.setdefault("min", lowest)
        field.widget.attrs.setdefault("max", highest)


class IdField(forms.IntegerField):
    """The id of a record in a query string: a plain positive integer within the column's range.

    `"²".isdigit()` is true but `int("²")` fails; this field turns any such value into a form
    error instead.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def query_values(form: forms.BaseForm) -> dict:
    """The parameters of a query-string form that are valid and given; the others are ignored."""
    form.is_valid()
    return {
        name: value
        for name, value in getattr(form, "cleaned_data", {}).items()
        if value not in (None, "", [], ())
    }


#: The name of the hidden field that carries a create form's one-time token.
FORM_TOKEN = "form_token"  # noqa: S105 - the name of a field, not a secret
_TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")


def form_token_new() -> str:
    """A fresh one-time token for a rendered create form."""
    return secrets.token_hex(16)


def form_token_of(data) -> str | None:
    """The well-formed one-time token of a post, if it has one."""
    token = data.get(FORM_TOKEN) if data is not None else None
    return token if isinstance(token, str) and _TOKEN_PATTERN.fullmatch(token) else None


def add_form_token(form: forms.BaseForm) -> None:
    """Give a create form its hidden one-time token (see `OneTimePostMixin`).

    A form shown again with errors keeps the token it was sent with. Services never see it:
    `without_form_token(cleaned_data)`.
    """
    form.fields[FORM_TOKEN] = forms.CharField(
        required=False, widget=forms.HiddenInput, initial=form_token_new
    )


def without_form_token(data: dict) -> dict:
    """The cleaned data of a form, without its one-time token."""
    return {name: value for name, value in data.items() if name != FORM_TOKEN}


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by id; an id beyond the column's range is refused as invalid.

    Django looks such an id up with `pk__in`, which the database driver cannot bind (SQLite:
    OverflowError, a 500). Use it wherever a form chooses several records.
    """

    def _check_values(self, value):
        if self.to_field_name is None and isinstance(
            self.queryset.model._meta.pk, models.IntegerField
        ):
            for pk in value if isinstance(value, list | tuple | set | frozenset) else ():
                try:
                    number = int(str(pk))
                except (TypeError, ValueError):
                    continue  # Django refuses it with its own message
                if not -MAX_ID <= number <= MAX_ID:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


#: At most this many records answer one search of a server-search picker (one page).
SEARCH_LIMIT = 20


class FastSelect(forms.Select):
    """A <select> rendered in Python: the same HTML as Django's Select, without a template
    per option (Django includes two templates for every <option>; the list's filter form spent
    a fifth of the page's time there). Option groups fall back to Django's templates."""

    def render(self, name, value, attrs=None, renderer=None):
        if type(self).get_context is FastSelect.get_context and (
            type(self).optgroups is FastSelect.optgroups
        ):
            fast = self._render_flat(name, value, attrs)
            if fast is not None:
                return fast
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                return super().render(name, value, attrs, renderer)
            options.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in group_choices
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 - each option is escaped by format_html
        )

    def _render_flat(self, name, value, attrs):
        """The same HTML straight from the choices, without Django's per-option dicts
        (`create_option` copies the attributes for every option); None when the choices have
        groups, which take the path above."""
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = {str(v) for v in self.format_value(value)}
        has_selected = False
        options = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                return None
            if option_value is None:
                option_value = ""
            text = str(option_value)
            selected = (not has_selected or self.allow_multiple_selected) and text in values
            has_selected |= selected
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    text,
                    mark_safe(" selected") if selected else "",  # noqa: S308 - a constant
                    option_label,
                )
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe("".join(options)),  # noqa: S308 - each option is escaped by format_html
        )


class FastInputMixin:
    """An <input> rendered in Python: the same HTML as Django's `input.html` and `attrs.html`
    (two templates per field, ≈ 0.15 ms each on the list's filter)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        parts = [format_html('<input type="{}" name="{}"', self.input_type, name)]
        if value is not None:
            parts.append(format_html(' value="{}"', value))
        for attr, attr_value in self.build_attrs(self.attrs, attrs).items():
            if attr_value is True:
                parts.append(format_html(" {}", attr))
            elif attr_value is not False:
                parts.append(format_html(' {}="{}"', attr, attr_value))
        parts.append(">")
        return mark_safe("".join(parts))  # noqa: S308 - each part is escaped by format_html


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastNumberInput(FastInputMixin, forms.NumberInput):
    pass


FAST_INPUTS = {forms.TextInput: FastTextInput, forms.NumberInput: FastNumberInput}


def use_fast_widgets(form: forms.BaseForm) -> None:
    """Render the form's plain selects with FastSelect and its text and number inputs with
    FastTextInput and FastNumberInput (same HTML, no templates)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs)
            fast.choices = widget.choices
        elif type(widget) in FAST_INPUTS:
            fast = FAST_INPUTS[type(widget)](attrs=widget.attrs)
        else:
            continue
        fast.is_required = widget.is_required
        field.widget = fast


class SharedChoices:
    """The choices of several selects read in one query (UNION ALL) instead of one per select.

    For filter forms of a few short lists that are the same for everyone (sectors, themes,
    ateliers): declare it once, at module level, with the querysets and the model field each
    option shows (what the model's `__str__` returns), and `apply(form)` on each request.
    The SQL is compiled once per process and database; each field keeps its queryset's order
    and empty label, and still validates what is posted with its own queryset. Saves two round
    trips, the SQL compilation and a model instance per option on every page.
    """

    def __init__(self, **fields: tuple[models.QuerySet, str]):
        self.fields = fields
        self._sql: dict[str, tuple[str, tuple]] = {}

    def _compiled(self, using: str) -> tuple[str, tuple]:
        if using not in self._sql:
            parts = []
            for index, (queryset, label) in enumerate(self.fields.values()):
                ordering = [*(queryset.query.order_by or queryset.model._meta.ordering), "pk"]
                order = [
                    models.F(field[1:]).desc() if field.startswith("-") else models.F(field).asc()
                    for field in ordering
                ]
                parts.append(
                    queryset.order_by()
                    .annotate(
                        _field=models.Value(index),
                        _position=models.Window(RowNumber(), order_by=order),
                        _label=models.F(label),
                    )
                    .values_list("_field", "_position", "pk", "_label")
                )
            union = parts[0].union(*parts[1:], all=True)
            self._sql[using] = union.query.get_compiler(using=using).as_sql()
        return self._sql[using]

    def apply(self, form: forms.BaseForm) -> None:
        """Give the form's fields of these names their choices (one query)."""
        using = next(iter(self.fields.values()))[0].db
        sql, params = self._compiled(using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = sorted(cursor.fetchall(), key=lambda row: row[:2])
        for index, name in enumerate(self.fields):
            field = form.fields[name]
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            field.widget.choices = empty + [(pk, text) for i, _p, pk, text in rows if i == index]


class SearchSelect(FastSelect):
    """A picker of records that searches on the server instead of listing every record.

    The <select> carries only the empty choice and what is chosen; Tom Select
    (static/js/merge-search.js) asks `url` for matches as the person types. The field keeps its
    full queryset, so what is posted is validated as before. Use with a ModelChoiceField (or
    `SearchSelectMultiple` with RecordsChoiceField); the page must load Tom Select and
    merge-search.js (`{% include "includes/search_select_assets.html" %}`).
    """

    def __init__(self, url, attrs=None, placeholder=None):
        super().__init__(attrs)
        self.url = url
        self.placeholder = placeholder

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-search-url": str(self.url)}
        if self.placeholder:
            attrs["data-placeholder"] = str(self.placeholder)
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if str(v).isdecimal() and 0 < int(v) <= MAX_ID]
        iterator = self.choices
        field = getattr(iterator, "field", None)
        if field is None:  # plain choices (a test or a subclass): render them as given
            return super().optgroups(name, value, attrs)
        choices = []
        if getattr(field, "empty_label", None) is not None and not self.allow_multiple_selected:
            choices.append(("", field.empty_label))
        if chosen:
            for obj in field.queryset.filter(pk__in=chosen):
                choices.append((obj.pk, field.label_from_instance(obj)))
        saved = self.choices
        self.choices = choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = saved


class SearchSelectMultiple(SearchSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False


def search_results(queryset, query: str, *, fields: tuple[str, ...], label, page: int = 1):
    """One page of a picker's search: `{"results": [{"value", "text"}], "more": bool}`.

    Every word of the query must match one of `fields` (icontains); an empty query matches
    nothing. At most SEARCH_LIMIT records per page, ordered as the queryset is.
    """
    words = query.split()[:5]
    if not words:
        return {"results": [], "more": False}
    for word in words:
        condition = models.Q()
        for field in fields:
            condition |= models.Q(**{f"{field}__icontains": word[:100]})
        queryset = queryset.filter(condition)
    page = max(1, min(page, 50))
    start = (page - 1) * SEARCH_LIMIT
    found = list(queryset[start : start + SEARCH_LIMIT + 1])
    return {
        "results": [{"value": obj.pk, "text": label(obj)} for obj in found[:SEARCH_LIMIT]],
        "more": len(found) > SEARCH_LIMIT,
    }


class SearchQueryForm(forms.Form):
    """`?q=…&page=…` of a picker's search endpoint."""

    q = forms.CharField(required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1, max_value=50)

"""Helpers for filling forms as rendered, with django-webtest (see the `app` fixture)."""


def form_with_button(page, button_name: str):
    """The one form on `page` that has a button named `button_name` (fails on none or several)."""
    forms = [
        form
        for key, form in page.forms.items()
        if isinstance(key, int) and any(name == button_name for name, _ in form.field_order)
    ]
    assert len(forms) == 1, f"{len(forms)} forms with a button named {button_name!r}"
    return forms[0]


def tick(form, name: str, *values) -> None:
    """Tick the checkboxes named `name` whose value is one of `values` (as a person would)."""
    wanted = {str(value) for value in values}
    boxes = form.fields.get(name, [])
    found = {box._value for box in boxes}
    assert wanted <= found, f"no checkbox {name}={sorted(wanted - found)} on the page"
    for box in boxes:
        box.checked = box._value in wanted


def form_for(page, action: str):
    """The one form on `page` posting to `action` (a path; without one a form posts to the page)."""
    forms = [
        form
        for key, form in page.forms.items()
        if isinstance(key, int) and (form.action or page.request.path) == action
    ]
    assert len(forms) == 1, f"{len(forms)} forms posting to {action!r}"
    return forms[0]


def form_with_field(page, field_name: str):
    """The one form on `page` that has a field named `field_name`."""
    forms = [
        form
        for key, form in page.forms.items()
        if isinstance(key, int) and field_name in form.fields
    ]
    assert len(forms) == 1, f"{len(forms)} forms with a field {field_name!r}"
    return forms[0]


def choose(form, name: str, *values) -> None:
    """Choose records in a server-search picker (`SearchSelect`) as Tom Select does.

    The rendered <select> carries only what is already chosen; Tom Select adds the option the
    person picks from the suggestions and selects it. A field that is not such a picker fails.
    """
    field = form[name]
    assert field.attrs.get("data-search-url"), f"{name!r} is not a server-search picker"
    if getattr(field, "multiple", False) or field.__class__.__name__ == "MultipleSelect":
        field.force_value([str(value) for value in values])
    else:
        (value,) = values
        field.force_value(str(value))

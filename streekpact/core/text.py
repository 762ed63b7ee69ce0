"""Bounded user text: the length limits of every free-text field and their validators.

Each Markdown or free-text field has a maximum length, checked on the model (a validator, run
by model forms and `full_clean`), on the form (the same validator, with a Dutch message that
gives the limit and the current length) and, for the Markdown fields, by a CheckConstraint in
the database. The textarea gets no `maxlength` attribute: a browser would cut pasted text off
without a word, while the form refuses it and comes back with everything that was typed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from streekpact.core.markdown import MAX_NESTING, markdown_depth, render_markdown

# The limits, in characters. A page of text is about 3,000 characters.
SHORT_TEXT = 2_000  # a reason, a personal message, a cancellation notice
MEDIUM_TEXT = 5_000  # a comment, a review note, indicators, proposed actions
LONG_TEXT = 20_000  # a proposal's full text, a report, a pact chapter
SUMMARY_TEXT = 1_000  # a proposal's summary (as before)


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """Refuses text longer than the limit, saying both the limit and the current length."""

    message = _(
        "This text is too long: at most %(limit_value)d characters are allowed, "
        "it has %(show_value)d now."
    )
    code = "max_length"


@deconstructible
class MarkdownNestingValidator:
    """Refuses Markdown nested deeper than the renderer follows (lists in lists in quotes...)."""

    message = _(
        "This text is nested too deeply (lists or quotes within each other): "
        "at most %(limit)d levels are allowed."
    )
    code = "nesting"

    def __call__(self, value):
        # Longer text is refused by the length validator; do not parse it at all.
        if value and len(value) <= LONG_TEXT and markdown_depth(value) >= MAX_NESTING:
            raise ValidationError(self.message, code=self.code, params={"limit": MAX_NESTING // 2})

    def __eq__(self, other):
        return isinstance(other, MarkdownNestingValidator)


class BoundedTextFormField(forms.CharField):
    """A CharField for long text: validated on the server, never cut off by the browser."""

    def __init__(self, *, max_length=None, markdown=False, **kwargs):
        validators = list(kwargs.pop("validators", []))
        if max_length is not None:
            validators.append(TextLengthValidator(max_length))
        if markdown:
            validators.append(MarkdownNestingValidator())
        kwargs.setdefault("widget", forms.Textarea)
        self.text_limit = max_length
        super().__init__(validators=validators, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.text_limit is not None:
            attrs["data-maxlength"] = str(self.text_limit)
        return attrs


class BoundedTextField(models.TextField):
    """A TextField with a maximum length that holds on the model as well as on the form."""

    def __init__(self, *args, max_length: int, markdown: bool = False, **kwargs):
        self.markdown = markdown
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(TextLengthValidator(max_length))
        if markdown:
            self.validators.append(MarkdownNestingValidator())

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.markdown:
            kwargs["markdown"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        defaults = {
            "form_class": BoundedTextFormField,
            "max_length": self.max_length,
            "markdown": self.markdown,
        }
        defaults.update(kwargs)
        return super().formfield(**defaults)


class RenderedMarkdownMixin:
    """Keeps a sanitised `<field>_html` beside each Markdown field in `markdown_fields`.

    Markdown is rendered once, when the text is saved, so that no page view and no PDF ever
    parses it. The services are the write path; the rendering sits in `save()` so that the
    derived HTML can never drift from its text, whichever path saved it (services, the admin,
    demo data, fixtures). A save with `update_fields` renders only the fields it names.
    """

    markdown_fields: tuple[str, ...] = ()

    def render_markdown_fields(self, names=None) -> list[str]:
        """Render the named Markdown fields (all by default); returns the HTML field names."""
        changed = []
        for name in self.markdown_fields if names is None else names:
            setattr(self, f"{name}_html", str(render_markdown(getattr(self, name))))
            changed.append(f"{name}_html")
        return changed

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.render_markdown_fields()
        else:
            names = [name for name in self.markdown_fields if name in set(update_fields)]
            if names:
                kwargs["update_fields"] = [*update_fields, *self.render_markdown_fields(names)]
        return super().save(*args, **kwargs)


def html_field() -> models.TextField:
    """The stored, sanitised HTML of a Markdown field (filled by RenderedMarkdownMixin)."""
    return models.TextField(editable=False, blank=True, default="")


def fill_stored_html(specs: dict[str, tuple[str, ...]]):
    """A RunPython function rendering `<field>_html` for existing rows of `app.Model` in specs."""

    def forwards(apps, schema_editor):
        for label, fields in specs.items():
            model = apps.get_model(label)
            for row in model.objects.only("pk", *fields).iterator(chunk_size=200):
                for name in fields:
                    setattr(row, f"{name}_html", str(render_markdown(getattr(row, name))))
                row.save(update_fields=[f"{name}_html" for name in fields])

    return forwards

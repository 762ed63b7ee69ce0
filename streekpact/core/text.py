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
from django.db.models.functions import Length
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from streekpact.core.markdown import MAX_NESTING, markdown_depth

# The limits, in characters. A page of text is about 3,000 characters.
SHORT_TEXT = 2_000  # a reason, a personal message, a cancellation notice
MEDIUM_TEXT = 5_000  # a comment, a review note, indicators, proposed actions
LONG_TEXT = 20_000  # a proposal's full text, a report, a pact chapter


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
        super().__init__(validators=validators, **kwargs)
        self.text_limit = max_length

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


def length_constraint(field: str, limit: int, *, model: str) -> models.CheckConstraint:
    """A database CheckConstraint: `field` holds at most `limit` characters."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(Length(field), limit),
        name=f"{model}_{field}_max_length",
    )

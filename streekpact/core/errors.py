"""The one way a service's ValidationError reaches the person: on the form, or as a message.

Services raise ValidationError with Dutch-translated messages (optionally per field); views catch
it and hand it here, so every page shows refusals the same way and never as a 500.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_text(exc: ValidationError) -> str:
    """All messages of the error as one sentence-separated string (for logs, lists, mails)."""
    return " ".join(exc.messages)


def form_error(form, exc: ValidationError, *, field: str | None = None) -> None:
    """Show the error on the form: per field where the error names a field the form has,
    otherwise on `field` (default: the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, exc)


def flash_error(request, exc: ValidationError) -> None:
    """Show the error as a message on the next page (for POST-only actions without a form)."""
    for message in exc.messages:
        messages.error(request, message)


def flash_form_errors(request, form) -> None:
    """Show an invalid form's errors as messages, for small forms posted from another page."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)

"""Amounts of money, written through Django's localisation (nl-BE: € 12.500,00)."""

from decimal import Decimal

from django.utils.formats import number_format


def format_money(amount: Decimal | int | float | None) -> str:
    """The amount in euro with two decimals and grouped thousands in the active language, or ""."""
    if amount is None or amount == "":
        return ""
    return f"€ {number_format(amount, 2, use_l10n=True, force_grouping=True)}"

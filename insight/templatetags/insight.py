from django import template

from ..figures import organisation_involvement as _organisation_involvement

register = template.Library()


@register.simple_tag
def organisation_involvement(organisation):
    """`{% organisation_involvement organisation as involvement %}` (cached per data version)."""
    return _organisation_involvement(organisation)

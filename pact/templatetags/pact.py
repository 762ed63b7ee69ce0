from django import template
from django.urls import NoReverseMatch

from ..models import Draft

register = template.Library()


@register.simple_tag
def latest_drafts(user, count: int = 1):
    """{% latest_drafts user as drafts %}: the newest drafts this user may see."""
    return list(Draft.objects.visible_to(user).order_by("-version")[:count])


@register.filter
def url_or_empty(obj) -> str:
    """The object's page, or "" when that page is not (yet) part of the portal."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""

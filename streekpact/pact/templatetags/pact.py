from django import template

from ..models import Draft

register = template.Library()


@register.simple_tag
def latest_drafts(user, count: int = 1):
    """{% latest_drafts user as drafts %}: the newest drafts this user may see."""
    return list(Draft.objects.visible_to(user).order_by("-version")[:count])

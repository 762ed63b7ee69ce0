"""What the adoption shows on other pages (the home panel, the draft page)."""

from django import template

from .. import services
from ..models import Adoption, Signature

register = template.Library()


@register.simple_tag
def adoption_status(user) -> dict:
    """The version in force, the user's signing right and their organisation's answer."""
    current = Adoption.objects.current()
    proposed = Adoption.objects.filter(status="proposed").select_related("draft").first()
    right = services.active_right(user)
    answer = None
    if current is not None and right is not None:
        answer = Signature.objects.filter(
            adoption=current, organisation_id=right.organisation_id
        ).first()
    return {"current": current, "proposed": proposed, "right": right, "answer": answer}


@register.simple_tag
def adoption_of(draft):
    return Adoption.objects.filter(draft=draft).first()

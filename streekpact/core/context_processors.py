"""What every page's navbar needs: how many notifications the person has not read."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: one COUNT, only on pages that show the navbar.
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }

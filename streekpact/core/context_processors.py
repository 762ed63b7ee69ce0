"""What every page's navbar needs: how many notifications the person has not read."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted with the user when the login backend loaded them (partners.backends), as of
    # the start of the request; otherwise lazily: one COUNT, only on pages that show the navbar.
    count = getattr(user, "unread_notification_count", None)
    if count is not None:
        return {"unread_notifications": count}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }

"""Authentication backends of the portal."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F, Func, IntegerField, OuterRef, Subquery

from streekpact.core.models import Notification


class LoginBackend(ModelBackend):
    """Django's ModelBackend for logging in; for permissions only superusers count.

    The portal grants nothing through groups or per-user permissions: django-rules decides
    (`<app>/rules.py`, ObjectPermissionBackend, first in AUTHENTICATION_BACKENDS). The stock
    ModelBackend still read the user's and the groups' permission tables (two queries) on every
    request that asked a permission rules refuses, which is most pages for most people.
    """

    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_superuser:
            return set()
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_superuser:
            return set()
        return super().get_group_permissions(user_obj, obj)

    def get_user(self, user_id):
        """The logged-in user with their organisation and the number of their unread
        notifications: every page's header shows both, which were two more queries on every
        request (`streekpact.core.context_processors.notifications` reads the count)."""
        model = get_user_model()
        try:
            user = (
                model._default_manager.select_related("organisation")
                .annotate(unread_notification_count=_unread_count())
                .get(pk=user_id)
            )
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _unread_count():
    """The user's unread notifications (a correlated subquery), built once per process. COUNT as
    a plain function: an aggregate without GROUP BY, which always answers one row."""
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Subquery(unread, output_field=IntegerField())

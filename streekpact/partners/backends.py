"""Authentication backends of the portal."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
        """The logged-in user with their organisation: every page's header names it, which
        was one more query on every request."""
        model = get_user_model()
        try:
            user = model._default_manager.select_related("organisation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

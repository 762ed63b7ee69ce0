"""View mixins shared by the apps."""

from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """django-rules' object-aware permission check.

    Anonymous visitors are sent to the login page; logged-in users who may not act get 403
    (Django's AccessMixin does exactly that when raise_exception is False).
    """

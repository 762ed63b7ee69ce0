"""View mixins shared by the apps."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin

from . import services
from .forms import form_token_of


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """django-rules' object-aware permission check.

    Anonymous visitors are sent to the login page; logged-in users who may not act get 403
    (Django's AccessMixin does exactly that when raise_exception is False).
    """


class OneTimePostMixin:
    """A create view whose form is sent once (the form carries a one-time token).

    The post runs in one transaction with the claim of its token. A second post of the same
    rendered form (double click, resent request, two simultaneous posts) creates nothing and
    is led to what the first post created. A post that saves nothing (the form is shown again
    with errors) releases the token, so correcting and resending works. A post without a token
    (an old page) is handled as before.

    Put it after the permission mixin, so only those who may post claim a token.
    """

    def dispatch(self, request, *args, **kwargs):
        token = form_token_of(request.POST) if request.method == "POST" else None
        if token is None:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            earlier = services.form_token_claim(token=token, user=request.user)
            if earlier is not None:
                messages.info(request, _("This form was already sent; nothing was added twice."))
                return redirect(earlier.result_url or request.path)
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code in (301, 302, 303) and response.has_header("Location"):
                services.form_token_record(token=token, result_url=response["Location"])
            else:
                transaction.set_rollback(True)
            return response

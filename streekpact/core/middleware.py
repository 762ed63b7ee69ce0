"""Middleware of the portal's own."""

from django.contrib import messages
from django.utils.translation import gettext as _

from .models import OutboxKind
from .outbox import collect_undelivered

NOTICES = {
    OutboxKind.MAIL: lambda: _(
        "The e-mail will be sent as soon as the task service is reachable again."
    ),
    OutboxKind.RENDER: lambda: _(
        "The PDF will be made as soon as the task service is reachable again."
    ),
}


class OutboxNoticeMiddleware:
    """When the task broker did not take the work a request saved, tell the user it will follow.

    The change itself is committed (the outbox row with it); only the hand-over waits for the
    relay. Placed after MessageMiddleware, so the notice shows on the page redirected to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collect_undelivered() as kinds:
            response = self.get_response(request)
        if hasattr(request, "_messages"):
            for kind in sorted(kinds):
                if kind in NOTICES:
                    messages.warning(request, NOTICES[kind]())
        return response

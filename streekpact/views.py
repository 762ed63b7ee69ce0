"""Project-wide pages: the home dashboard and the health check.

They sit at the project level, above every app (the home page shows the sectors, the health
check asks the Celery app), so that core stays the lowest layer.
"""

import logging

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from public import views as public_views
from sectors.models import Sector
from streekpact.celery import app
from streekpact.core import outbox

logger = logging.getLogger(__name__)


class HomeView(LoginRequiredMixin, TemplateView):
    """The start page after logging in: where the pact stands and what the user can do next.

    Anonymous visitors see the public site instead (the adopted pact, or a public landing).
    """

    template_name = "home.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return public_views.landing(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sectors"] = Sector.objects.with_leads()
        return context


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    timeout = settings.HEALTHZ_BROKER_TIMEOUT
    with app.connection_for_write(connect_timeout=timeout) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0.2, timeout=timeout)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """Machine-readable health: the database, the task broker and the outbox backlog.

    503 only when the database is down. With the broker down the portal still saves everything
    (mails and renders wait in the outbox), so the answer is 200 with `"status": "degraded"`;
    `outbox_pending` and `outbox_oldest_seconds` show how much waits and for how long.
    """
    components = {}
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            components[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means the component is down
            logger.warning("healthz: %s is down: %s", name, exc)
            components[name] = "down"
    if components["database"] == "down":
        return JsonResponse({"status": "down", **components}, status=503)
    backlog = outbox.backlog()
    status = "degraded" if components["broker"] == "down" else "ok"
    return JsonResponse(
        {
            "status": status,
            **components,
            "outbox_pending": backlog["pending"],
            "outbox_oldest_seconds": backlog["oldest_pending_seconds"],
        }
    )

"""Project-wide pages: the home dashboard and the health check.

They sit at the project level, above every app (the home page shows the sectors, the health
check asks the Celery app), so that core stays the lowest layer.
"""

import logging

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.storage.base import Message
from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from ateliers.models import Atelier, AtelierStatus
from pact.models import Draft, DraftStatus
from proposals.models import Proposal, ProposalStatus
from proposals.templatetags.proposal_tags import LIFECYCLE
from public import views as public_views
from sectors.models import Sector
from streekpact.celery import app
from streekpact.core import design, outbox
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.core.text import SHORT_TEXT, BoundedTextFormField

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


class _ExampleForm(forms.Form):
    """The form layout of the design system's page (crispy, as every form of the portal)."""

    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("A short title."))
    summary = BoundedTextFormField(
        max_length=SHORT_TEXT,
        label=_("Summary"),
        required=False,
        help_text=_("Markdown is allowed."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "—"), ("chemie", "Chemie en farma")]
    )
    public = forms.BooleanField(label=_("Show on the public site"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", _("Save")))


class DesignSystemView(PermissionRequiredMixin, TemplateView):
    """For RESOC staff who keep the portal: every component of the design system with its
    states, on one page (docs/design.md). Nothing on it is saved; the examples are unsaved
    objects."""

    template_name = "design.html"
    permission_required = "core.view_design_system"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["palette"] = [
            {"name": name, "value": value} for name, value in design.PALETTE.items()
        ]
        context["pairs"] = [
            {
                "pair": pair,
                "ratio": design.contrast_ratio(
                    design.PALETTE[pair.foreground], design.PALETTE[pair.background]
                ),
            }
            for pair in design.PAIRS
        ]
        context["tones"] = list(design.TONES.items())
        context["proposal_statuses"] = [Proposal(status=s) for s in ProposalStatus.values]
        context["atelier_statuses"] = [Atelier(status=s) for s in AtelierStatus.values]
        context["draft_statuses"] = [Draft(status=s) for s in DraftStatus.values]
        context["lifecycle"] = LIFECYCLE
        context["sections"] = [
            ("identity", _("Identity")),
            ("colours", _("Colours")),
            ("badges", _("Status badges")),
            ("cards", _("Cards")),
            ("stepper", _("Lifecycle stepper")),
            ("journey", _("The pact's journey")),
            ("empty", _("Empty states")),
            ("menu", _("Action menu")),
            ("table", _("Responsive table")),
            ("form", _("Form layout")),
            ("messages", _("Flash messages")),
            ("footer", _("Footer")),
        ]
        context["example_form"] = _ExampleForm(data={"title": "", "sector": "chemie"})
        context["example_messages"] = [
            Message(25, _("The proposal was submitted.")),
            Message(20, _("The draft is being rendered; this page updates itself.")),
            Message(30, _("The mail will be sent as soon as the task service is back.")),
            Message(40, _("The proposal could not be saved: it was changed meanwhile.")),
        ]
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

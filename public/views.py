"""The public site (no login): the adopted pact as web pages, its PDF, the process, the legal
pages; and, for a logged-in person, "my data".

The pact pages read only the adopted version's frozen snapshot, never the live tables, so no
draft, private note or e-mail address can reach them. Pages for anonymous visitors are cached
whole (`public.middleware`), per language and content version
(`adoption.services.content_version`, renewed when the pact is adopted, signed or rendered),
so a page is rendered once per content version.
"""

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView, View

from adoption.models import Adoption
from monitoring.selectors import public_reports, snapshot_statuses
from streekpact.core.errors import flash_error
from streekpact.core.mixins import PermissionRequiredMixin

from . import services
from .models import ErasureRequest, ErasureStatus

BROWSER_MAX_AGE = 300


def cached_public(view):
    """Mark a page as public: anonymous visitors get it from the cache
    (`public.middleware.PublicPageCacheMiddleware`, per language, content version and path),
    browsers and proxies may keep it a few minutes; logged-in visitors get it fresh."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            response["Cache-Control"] = "private, no-cache"
        else:
            request.public_cacheable = True
            response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
        return response

    wrapper.__doc__ = view.__doc__
    wrapper.__name__ = getattr(view, "__name__", "view")
    return wrapper


def current_adoption(period: str | None = None) -> Adoption:
    adoption = Adoption.objects.current()
    if adoption is None:
        raise Http404("No adopted pact yet.")
    if period is not None and adoption.content.get("pact", {}).get("period") != period:
        raise Http404("No adopted pact for this period.")
    return adoption


def _base_context(adoption: Adoption) -> dict:
    pact = adoption.content.get("pact", {})
    return {
        "adoption": adoption,
        "pact": pact,
        "period": pact.get("period", ""),
        "meta": adoption.snapshot.get("meta", {}),
        "signing": _signing(adoption),
    }


def _signing(adoption: Adoption) -> dict:
    signatures = adoption.signatures.signed().select_related("organisation")
    return {"signatures": list(signatures), "count": len(signatures)}


def _actions(content: dict):
    for chapter in content.get("chapters", []):
        for so in chapter["objectives"]:
            for oo in so["operational"]:
                for action in oo["actions"]:
                    yield chapter, so, oo, action


@require_GET
def landing(request):
    """The start page for visitors: the adopted pact, or a word on the pact being written."""
    adoption = Adoption.objects.current()
    if adoption is not None:
        period = adoption.content.get("pact", {}).get("period", "")
        return redirect("public:pact", period=period)
    return render(request, "public/landing.html", {})


@cached_public
@require_GET
def pact_home(request, period):
    """The adopted pact: foreword, vision and mission, the chapters and who signed."""
    adoption = current_adoption(period)
    context = _base_context(adoption)
    context["chapters"] = adoption.content.get("chapters", [])
    context["rendition"] = adoption.renditions.latest_ready()
    return render(request, "public/pact.html", context)


@cached_public
@require_GET
def chapter(request, period, slug):
    """One chapter: its introduction, objectives and actions."""
    adoption = current_adoption(period)
    for item in adoption.content.get("chapters", []):
        if item["slug"] == slug:
            item = copy.deepcopy(item)  # annotated below, for this page only
            actions = [
                a for so in item["objectives"] for oo in so["operational"] for a in oo["actions"]
            ]
            statuses = snapshot_statuses(adoption.pact, actions)
            for entry in actions:
                entry["monitoring"] = statuses.get(entry.get("id"))
            return render(
                request, "public/chapter.html", {**_base_context(adoption), "chapter": item}
            )
    raise Http404("No such chapter.")


@cached_public
@require_GET
def action(request, period, number):
    """One action, at a shareable address: trekker, partners, timing, indicators, source."""
    adoption = current_adoption(period)
    for ch, so, oo, item in _actions(adoption.content):
        if item["number"] == number:
            return render(
                request,
                "public/action.html",
                {
                    **_base_context(adoption),
                    "chapter": ch,
                    "strategic": so,
                    "operational": oo,
                    "action": item,
                    # The latest published monitoring status (slot `public_action`).
                    "monitoring_status": snapshot_statuses(adoption.pact, [item]).get(
                        item.get("id")
                    ),
                },
            )
    raise Http404("No such action.")


@cached_public
@require_GET
def signatories(request, period):
    """The organisations that signed the adopted pact, with their signatory and the date."""
    adoption = current_adoption(period)
    return render(request, "public/signatories.html", _base_context(adoption))


@cached_public
@require_GET
def process(request, period):
    """About the process: ateliers held, participants per kind, proposals received/adopted."""
    adoption = current_adoption(period)
    content = adoption.content
    adopted = set()
    for _ch, _so, _oo, item in _actions(content):
        adopted.add(item["proposal"]["reference"])
        adopted.update(source["reference"] for source in item.get("merged", []))
    context = _base_context(adoption)
    context.update(
        process=content.get("process", {}),
        proposals_received=context["meta"].get("proposals_received"),
        proposals_adopted=len(adopted),
        action_count=sum(1 for _ in _actions(content)),
    )
    return render(request, "public/process.html", context)


@require_GET
def pact_pdf(request, period):
    """The final PDF: the latest rendition of the adopted version (public, cacheable)."""
    adoption = current_adoption(period)
    rendition = adoption.renditions.latest_ready()
    if rendition is None:
        raise Http404("No PDF yet.")
    return _pdf_response(rendition.pdf, rendition.filename)


@cached_public
@require_GET
def monitoring(request, period):
    """The follow-up of the pact: the published reporting periods and their monitoring report."""
    adoption = current_adoption(period)
    context = _base_context(adoption)
    context["published"] = public_reports(adoption.pact)
    return render(request, "public/monitoring.html", context)


@require_GET
def monitoring_pdf(request, period, pk):
    """The monitoring report (PDF) of a published period of the adopted pact: public, as the
    results are; anything else (an open or closed period, another pact) is 404."""
    adoption = current_adoption(period)
    for reporting_period, report in public_reports(adoption.pact):
        if reporting_period.pk == int(pk) and report is not None:
            return _pdf_response(report.pdf, report.filename)
    raise Http404("No published monitoring report.")


def _pdf_response(field, filename: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@cached_public
@require_GET
def privacy(request):
    """The privacy statement."""
    return render(request, "public/privacy.html", {})


@cached_public
@require_GET
def accessibility(request):
    """The accessibility statement."""
    return render(request, "public/accessibility.html", {})


@require_GET
def robots_txt(request):
    """robots.txt: the public pages may be indexed, the portal's pages not."""
    lines = [
        "User-agent: *",
        "Allow: /$",
        "Allow: /pact/",
        "Disallow: /pact/chapters/",
        "Disallow: /pact/drafts/",
        "Disallow: /accounts/",
        "Disallow: /adoption/",
        "Disallow: /monitoring/",
        "Disallow: /consultation/",
        "Disallow: /admin/",
        "Disallow: /mijn-gegevens/",
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    return response


class MyDataView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A person downloads everything the portal holds about them, or asks to be erased."""

    template_name = "public/my_data.html"
    permission_required = "public.view_my_data"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = ErasureRequest.objects.filter(
            user=self.request.user, status=ErasureStatus.PENDING
        ).first()
        return context


class MyDataDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Everything about the logged-in person as one JSON file."""

    permission_required = "public.view_my_data"

    def get(self, request):
        response = HttpResponse(
            services.my_data_json(request.user), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
        response["Cache-Control"] = "private, no-store"
        return response


class ErasureRequestView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The person asks for their account to be erased (POST); staff carry it out."""

    permission_required = "public.request_erasure"
    http_method_names = ["post"]

    def post(self, request):
        try:
            services.erasure_request(by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, translation.gettext("Your request was sent to RESOC staff."))
        return redirect("public:my_data")


class ErasureListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Staff see the erasure requests and carry them out."""

    template_name = "public/erasure_list.html"
    permission_required = "public.carry_out_erasure"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requests = ErasureRequest.objects.select_related("user", "carried_out_by")
        page = Paginator(requests, 50).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, is_paginated=page.has_other_pages())
        return context


class ErasureCarryOutView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff erase the account of a request (POST)."""

    permission_required = "public.carry_out_erasure"
    http_method_names = ["post"]

    def post(self, request, pk):
        erasure = get_object_or_404(ErasureRequest, pk=pk)
        try:
            services.person_erase(request=erasure, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, translation.gettext("The account was erased."))
        return redirect("public:erasure_list")

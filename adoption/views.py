"""Pages of the adoption: proposing and adopting the final text, signing it, following it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from pact.models import Draft
from streekpact.core.downloads import private_file_response
from streekpact.core.errors import flash_error, form_error
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.models import Organisation

from . import services
from .forms import AdoptForm, DeclineForm, SignForm, SigningRightForm
from .models import Adoption, Rendition, RenditionStatus, Signature, SigningRight


class AdoptionListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Every version proposed or adopted as final, newest first."""

    template_name = "adoption/adoption_list.html"
    permission_required = "adoption.view_adoption"
    context_object_name = "adoptions"
    paginate_by = 25

    def get_queryset(self):
        return Adoption.objects.select_related("draft", "proposed_by", "adopted_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current"] = Adoption.objects.current()
        context["my_right"] = services.active_right(self.request.user)
        return context


class AdoptionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    context_object_name = "adoption"

    def get_queryset(self):
        return Adoption.objects.select_related("draft", "pact", "proposed_by", "adopted_by")

    def get_permission_object(self):
        if not hasattr(self, "_adoption"):
            self._adoption = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._adoption

    def get_object(self, queryset=None):
        return self.get_permission_object()


class AdoptionDetailView(AdoptionMixin, DetailView):
    """One version: its status, its PDFs (renditions), and what the user can do with it."""

    template_name = "adoption/adoption_detail.html"
    permission_required = "adoption.view_adoption"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        adoption = self.object
        right = services.active_right(self.request.user)
        context["my_right"] = right
        context["renditions"] = adoption.renditions.select_related("requested_by")[:20]
        context["current"] = Adoption.objects.current()
        if right is not None:
            context["my_answer"] = Signature.objects.filter(
                adoption=adoption, organisation_id=right.organisation_id
            ).first()
        if adoption.status == "proposed":
            context["adopt_form"] = AdoptForm()
        return context


class AdoptionProposeView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff or the chair propose a ready draft of the whole pact as the final text (POST)."""

    permission_required = "adoption.propose_adoption"
    http_method_names = ["post"]

    def post(self, request, pk):
        draft = get_object_or_404(Draft, pk=pk)
        try:
            adoption = services.adoption_propose(draft=draft, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
            return redirect(draft)
        messages.success(request, _("The draft is proposed as the final text."))
        return redirect(adoption)


class AdoptionWithdrawView(AdoptionMixin, View):
    """Staff or the chair take back a proposal that was not adopted (POST)."""

    permission_required = "adoption.withdraw_adoption"
    http_method_names = ["post"]

    def post(self, request, pk):
        adoption = self.get_object()
        try:
            services.adoption_withdraw(adoption=adoption, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The proposal was withdrawn."))
        return redirect(adoption)


class AdoptView(AdoptionMixin, FormView):
    """The chair adopts the proposed text with the date of the plenary."""

    template_name = "adoption/adopt.html"
    permission_required = "adoption.adopt"
    form_class = AdoptForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["adoption"] = self.get_object()
        return context

    def form_valid(self, form):
        adoption = self.get_object()
        try:
            services.adoption_adopt(adoption=adoption, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The pact is adopted. Its final PDF is being made."))
        return redirect(adoption)


class SignView(AdoptionMixin, FormView):
    """The signatory reviews the adopted text and signs it for their organisation."""

    template_name = "adoption/sign.html"
    permission_required = "adoption.sign"
    form_class = SignForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["partial_allowed"] = self.get_object().partial_signing
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        adoption = self.get_object()
        right = services.active_right(self.request.user)
        context.update(
            adoption=adoption,
            right=right,
            my_chapters=services.chapters_of(adoption, right.organisation),
            rendition=adoption.renditions.latest_ready(),
            answer=Signature.objects.filter(
                adoption=adoption, organisation_id=right.organisation_id
            ).first(),
            decline_form=DeclineForm(),
        )
        return context

    def form_valid(self, form):
        adoption = self.get_object()
        try:
            services.signature_sign(
                adoption=adoption,
                scope=form.cleaned_data.get("scope") or "whole",
                by=self.request.user,
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your organisation signed the pact."))
        return redirect(adoption)


class DeclineView(AdoptionMixin, FormView):
    """The signatory declines to sign for their organisation, with a reason."""

    template_name = "adoption/decline.html"
    permission_required = "adoption.sign"
    form_class = DeclineForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["adoption"] = self.get_object()
        return context

    def form_valid(self, form):
        adoption = self.get_object()
        try:
            services.signature_decline(
                adoption=adoption, reason=form.cleaned_data["reason"], by=self.request.user
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your organisation's decision was recorded."))
        return redirect(adoption)


class OverviewView(AdoptionMixin, DetailView):
    """Staff and the chair: which organisations signed, which declined (why), which not yet."""

    template_name = "adoption/overview.html"
    permission_required = "adoption.view_signing_overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        adoption = self.object
        answers = Signature.objects.filter(adoption=adoption).select_related("signed_by")
        organisations = (
            Organisation.objects.active()
            .order_by("name")
            .prefetch_related(
                Prefetch("pact_signatures", queryset=answers, to_attr="answers"),
                Prefetch(
                    "signing_rights",
                    queryset=SigningRight.objects.active().select_related("user"),
                    to_attr="rights",
                ),
            )
        )
        page = Paginator(organisations, 50).get_page(self.request.GET.get("page"))
        context["page_obj"] = page
        context["is_paginated"] = page.has_other_pages()
        context["counts"] = {
            "signed": answers.filter(decision="signed").count(),
            "declined": answers.filter(decision="declined").count(),
            "waiting": services.organisations_without_answer(adoption).count(),
        }
        return context


class RemindView(AdoptionMixin, View):
    """Staff remind the signatories who have not answered (at most once a day; POST)."""

    permission_required = "adoption.remind_signatories"
    http_method_names = ["post"]

    def post(self, request, pk):
        adoption = self.get_object()
        try:
            services.signing_remind(adoption=adoption, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The reminders are being sent."))
        return redirect("adoption:overview", pk=adoption.pk)


class PartialSigningView(AdoptionMixin, View):
    """Staff allow or stop allowing signatures of only an organisation's own chapters (POST)."""

    permission_required = "adoption.set_partial_signing"
    http_method_names = ["post"]

    def post(self, request, pk):
        adoption = self.get_object()
        allowed = request.POST.get("allowed") == "1"
        services.adoption_set_partial_signing(adoption=adoption, allowed=allowed, by=request.user)
        messages.success(request, _("The signing option was saved."))
        return redirect("adoption:overview", pk=adoption.pk)


class RenditionRequestView(AdoptionMixin, View):
    """Staff make a new numbered PDF of the adopted version with the signatures known now."""

    permission_required = "adoption.request_rendition"
    http_method_names = ["post"]

    def post(self, request, pk):
        adoption = self.get_object()
        try:
            rendition, created = services.rendition_request(adoption=adoption, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            if created:
                messages.success(
                    request, _("Rendition %(n)s is being made.") % {"n": rendition.number}
                )
            else:
                messages.info(
                    request,
                    _("Rendition %(n)s already shows these signatures; no new one was made.")
                    % {"n": rendition.number},
                )
        return redirect(adoption)


class RenditionDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Download a rendition of an adopted version (the public site serves the latest one)."""

    permission_required = "adoption.view_adoption"

    def get(self, request, pk):
        rendition = get_object_or_404(Rendition.objects.select_related("adoption"), pk=pk)
        if rendition.status != RenditionStatus.READY or not rendition.pdf:
            raise Http404(_("This rendition has no PDF (yet)."))
        return private_file_response(
            rendition.pdf, filename=rendition.filename, content_type="application/pdf"
        )


class SigningRightListView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Staff grant a member the right to sign for their organisation, and see every right."""

    template_name = "adoption/signing_rights.html"
    permission_required = "adoption.manage_signing_rights"
    form_class = SigningRightForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rights = SigningRight.objects.active().with_people()
        page = Paginator(rights, 50).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, is_paginated=page.has_other_pages())
        return context

    def form_valid(self, form):
        try:
            right = services.signing_right_grant(by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s may now sign for %(org)s.")
            % {"name": right.user.name, "org": right.organisation},
        )
        return redirect("adoption:signing_rights")


class SigningRightRevokeView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff take a signing right back (POST)."""

    permission_required = "adoption.manage_signing_rights"
    http_method_names = ["post"]

    def post(self, request, pk):
        right = get_object_or_404(SigningRight, pk=pk)
        services.signing_right_revoke(right=right, by=request.user)
        messages.success(request, _("The signing right was revoked."))
        return redirect("adoption:signing_rights")

"""Writing a proposal: create, edit, submit, withdraw, attachments."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, FormView, UpdateView

from streekpact.core.downloads import private_file_response
from streekpact.core.errors import flash_error, flash_form_errors, form_error
from streekpact.core.forms import query_values
from streekpact.core.mixins import OneTimePostMixin, PermissionRequiredMixin

from .. import services
from ..forms import (
    AttachmentForm,
    NewProposalQueryForm,
    ProposalForm,
    WithdrawForm,
)
from ..models import Proposal
from .common import PostOnlyMixin, ProposalObjectMixin


class ProposalFormMixin:
    form_class = ProposalForm
    template_name = "proposals/proposal_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def _after_save(self, form, proposal: Proposal):
        upload = form.cleaned_data.get("attachment")
        if upload:
            services.attachment_add(proposal=proposal, by=self.request.user, upload=upload)
        if "submit" in self.request.POST and self.request.user.has_perm(
            "proposals.submit_proposal", proposal
        ):
            services.proposal_submit(proposal=proposal, by=self.request.user)
            messages.success(self.request, _("Your proposal was submitted."))
        else:
            messages.success(self.request, _("Your proposal was saved."))
        return redirect(proposal.get_absolute_url())


class ProposalCreateView(
    LoginRequiredMixin, PermissionRequiredMixin, OneTimePostMixin, ProposalFormMixin, CreateView
):
    """A partner writes a new proposal on behalf of their organisation; saved as a draft."""

    permission_required = "proposals.add_proposal"

    def get_permission_object(self):
        return None

    def get_initial(self):
        initial = super().get_initial()
        initial.update(query_values(NewProposalQueryForm(self.request.GET)))
        return initial

    def form_valid(self, form):
        data = form.service_kwargs()
        with transaction.atomic():
            proposal = services.proposal_create(
                by=self.request.user, organisation=self.request.user.organisation, **data
            )
            return self._after_save(form, proposal)


class ProposalUpdateView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, ProposalFormMixin, UpdateView
):
    """The owners edit a draft, or their proposal after staff asked for changes."""

    permission_required = "proposals.change_proposal"

    def get_object(self, queryset=None):
        return self.proposal

    def form_valid(self, form):
        data = form.service_kwargs()
        with transaction.atomic():
            try:
                proposal = services.proposal_update(
                    proposal=self.proposal, by=self.request.user, **data
                )
            except ValidationError as exc:
                form_error(form, exc)
                return self.form_invalid(form)
            return self._after_save(form, proposal)


class ProposalSubmitView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """The owners submit their draft (or resubmit after changes); the sector's leads are told."""

    permission_required = "proposals.submit_proposal"

    def post(self, request, pk):
        try:
            services.proposal_submit(proposal=self.proposal, by=request.user)
            messages.success(request, _("Your proposal was submitted."))
        except ValidationError as exc:
            flash_error(request, exc)
        return redirect(self.proposal.get_absolute_url())


class ProposalWithdrawView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, FormView
):
    """The owners withdraw their proposal (a draft is simply discarded this way)."""

    permission_required = "proposals.withdraw_proposal"
    form_class = WithdrawForm
    template_name = "proposals/proposal_withdraw.html"

    def form_valid(self, form):
        try:
            services.proposal_withdraw(
                proposal=self.proposal, by=self.request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(self.request, _("The proposal was withdrawn."))
        except ValidationError as exc:
            flash_error(self.request, exc)
        return redirect(self.proposal.get_absolute_url())


class AttachmentUploadView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """The owners attach a file (PDF, office document, image; checked by content and size)."""

    permission_required = "proposals.change_attachments"

    def post(self, request, pk):
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            services.attachment_add(proposal=self.proposal, by=request.user, upload=upload)
            messages.success(request, _("The file was attached."))
        else:
            flash_form_errors(request, form)
        return redirect(self.proposal.get_absolute_url() + "#attachments")


class AttachmentDownloadView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """Download an attachment of a proposal the user may see (never a public media URL)."""

    permission_required = "proposals.view_attachment"

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        return private_file_response(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class AttachmentDeleteView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """The owners remove an attachment while they can edit the proposal."""

    permission_required = "proposals.change_attachments"

    def post(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        services.attachment_delete(attachment=attachment, by=request.user)
        messages.success(request, _("The attachment was removed."))
        return redirect(self.proposal.get_absolute_url() + "#attachments")

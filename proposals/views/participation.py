"""Taking part: draagvlak (support) and comments."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from streekpact.core.errors import flash_error, flash_form_errors, form_error
from streekpact.core.mixins import OneTimePostMixin, PermissionRequiredMixin

from .. import services
from ..forms import (
    CommentEditForm,
    CommentForm,
    SupportForm,
)
from ..models import Comment
from .common import PostOnlyMixin, ProposalObjectMixin


class SupportView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """A partner states, changes or withdraws their organisation's position on a proposal."""

    permission_required = "proposals.support_proposal"

    def post(self, request, pk):
        proposal = self.proposal
        if "remove" in request.POST:
            services.support_withdraw(
                proposal=proposal, organisation=request.user.organisation, by=request.user
            )
            messages.success(request, _("Your organisation's position was removed."))
            return redirect(proposal.get_absolute_url() + "#draagvlak")
        form = SupportForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect(proposal.get_absolute_url() + "#draagvlak")
        try:
            services.support_declare(
                proposal=proposal,
                organisation=request.user.organisation,
                stance=form.cleaned_data["stance"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("Your organisation's position was saved."))
        except ValidationError as exc:
            flash_error(request, exc)
        return redirect(proposal.get_absolute_url() + "#draagvlak")


class CommentCreateView(
    LoginRequiredMixin,
    PostOnlyMixin,
    ProposalObjectMixin,
    PermissionRequiredMixin,
    OneTimePostMixin,
    View,
):
    """Anyone logged in comments on a submitted proposal, or replies to a comment."""

    permission_required = "proposals.comment_proposal"

    def post(self, request, pk):
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The comment cannot be empty."))
            return redirect(self.proposal.get_absolute_url() + "#discussion")
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(
                Comment, pk=form.cleaned_data["parent"], proposal=self.proposal
            )
        try:
            comment = services.comment_add(
                proposal=self.proposal, author=request.user, text=form.cleaned_data["text"],
                parent=parent,
            )  # fmt: skip
        except ValidationError as exc:
            flash_error(request, exc)
            return redirect(self.proposal.get_absolute_url() + "#discussion")
        return redirect(self.proposal.get_absolute_url() + f"#comment-{comment.pk}")


class CommentObjectMixin(ProposalObjectMixin):
    @cached_property
    def comment(self) -> Comment:
        return get_object_or_404(
            Comment.objects.select_related("author"),
            pk=self.kwargs["comment_pk"],
            proposal=self.proposal,
        )

    def get_permission_object(self):
        return self.comment


class CommentUpdateView(LoginRequiredMixin, CommentObjectMixin, PermissionRequiredMixin, FormView):
    """The author edits their comment during the first minutes after writing it."""

    permission_required = "proposals.change_comment"
    form_class = CommentEditForm
    template_name = "proposals/comment_form.html"

    def get_initial(self):
        return {"text": self.comment.text}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("comment", self.comment)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            services.comment_edit(
                comment=self.comment, by=self.request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form_error(form, exc, field="text")
            return self.form_invalid(form)
        return redirect(self.proposal.get_absolute_url() + f"#comment-{self.comment.pk}")


class CommentRemoveView(
    LoginRequiredMixin, PostOnlyMixin, CommentObjectMixin, PermissionRequiredMixin, View
):
    """Staff remove a comment; a visible trace 'removed by a moderator' stays."""

    permission_required = "proposals.remove_comment"

    def post(self, request, pk, comment_pk):
        services.comment_remove(comment=self.comment, by=request.user)
        messages.success(request, _("The comment was removed."))
        return redirect(self.proposal.get_absolute_url() + f"#comment-{self.comment.pk}")

"""Proposal pages: write, submit, support, discuss, review, decide, export.

The views are split by subject; this package re-exports them for urls.py.
"""

from .browse import (
    MyDraftsView,
    ProposalDetailView,
    ProposalExportView,
    ProposalListView,
    RevisionListView,
)
from .capture import CaptureView
from .common import PostOnlyMixin, ProposalObjectMixin
from .participation import (
    CommentCreateView,
    CommentObjectMixin,
    CommentRemoveView,
    CommentUpdateView,
    SupportView,
)
from .review import (
    AnswerView,
    BulkActionView,
    DecisionView,
    MergeTargetSearchView,
    ReviewersAssignView,
    ReviewNoteCreateView,
    ReviewQueueView,
)
from .themes import ThemeCreateView, ThemeListView, ThemeUpdateView
from .writing import (
    AttachmentDeleteView,
    AttachmentDownloadView,
    AttachmentUploadView,
    ProposalCreateView,
    ProposalFormMixin,
    ProposalSubmitView,
    ProposalUpdateView,
    ProposalWithdrawView,
)

__all__ = [
    "ProposalObjectMixin",
    "PostOnlyMixin",
    "ProposalListView",
    "ProposalExportView",
    "ProposalDetailView",
    "MyDraftsView",
    "RevisionListView",
    "ProposalFormMixin",
    "ProposalCreateView",
    "ProposalUpdateView",
    "ProposalSubmitView",
    "ProposalWithdrawView",
    "AttachmentUploadView",
    "AttachmentDownloadView",
    "AttachmentDeleteView",
    "SupportView",
    "CommentCreateView",
    "CommentObjectMixin",
    "CommentUpdateView",
    "CommentRemoveView",
    "ReviewQueueView",
    "BulkActionView",
    "DecisionView",
    "MergeTargetSearchView",
    "AnswerView",
    "ReviewNoteCreateView",
    "ReviewersAssignView",
    "CaptureView",
    "ThemeListView",
    "ThemeCreateView",
    "ThemeUpdateView",
]

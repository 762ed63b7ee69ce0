from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.ProposalListView.as_view(), name="list"),
    path("new/", views.ProposalCreateView.as_view(), name="create"),
    path("drafts/", views.MyDraftsView.as_view(), name="drafts"),
    path("export.<str:fmt>", views.ProposalExportView.as_view(), name="export"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("review/bulk/", views.BulkActionView.as_view(), name="bulk"),
    path("capture/<int:atelier_pk>/", views.CaptureView.as_view(), name="capture"),
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/new/", views.ThemeCreateView.as_view(), name="theme_create"),
    path("themes/<int:pk>/edit/", views.ThemeUpdateView.as_view(), name="theme_update"),
    path("<int:pk>/", views.ProposalDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProposalUpdateView.as_view(), name="update"),
    path("<int:pk>/submit/", views.ProposalSubmitView.as_view(), name="submit"),
    path("<int:pk>/withdraw/", views.ProposalWithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/revisions/", views.RevisionListView.as_view(), name="revisions"),
    path("<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path("<int:pk>/comments/", views.CommentCreateView.as_view(), name="comment_create"),
    path(
        "<int:pk>/comments/<int:comment_pk>/edit/",
        views.CommentUpdateView.as_view(),
        name="comment_update",
    ),
    path(
        "<int:pk>/comments/<int:comment_pk>/remove/",
        views.CommentRemoveView.as_view(),
        name="comment_remove",
    ),
    path("<int:pk>/attachments/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("<int:pk>/decide/", views.DecisionView.as_view(), name="decide"),
    path("<int:pk>/merge-targets/", views.MergeTargetSearchView.as_view(), name="merge_targets"),
    path("<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("<int:pk>/notes/", views.ReviewNoteCreateView.as_view(), name="note_create"),
    path("<int:pk>/reviewers/", views.ReviewersAssignView.as_view(), name="reviewers"),
]

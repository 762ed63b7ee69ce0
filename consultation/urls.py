"""Consultation rounds: the draft as a page to react on, answers, the overview, the note."""

from django.urls import path

from . import views

app_name = "consultation"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("new/", views.RoundCreateView.as_view(), name="round_create"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/manage/", views.RoundManageView.as_view(), name="round_manage"),
    path("<int:pk>/overview/", views.RoundOverviewView.as_view(), name="round_overview"),
    path("<int:pk>/export/", views.RoundExportView.as_view(), name="round_export"),
    path("<int:pk>/complete/", views.InvitationCompleteView.as_view(), name="round_complete"),
    path("<int:pk>/note/", views.NoteDownloadView.as_view(), name="note_download"),
    path("<int:pk>/note/status/", views.NoteStatusView.as_view(), name="note_status"),
    path(
        "<int:pk>/react/<str:kind>/<int:section>/",
        views.ReactionCreateView.as_view(),
        name="reaction_create",
    ),
    path(
        "<int:pk>/reactions/<int:reaction>/edit/",
        views.ReactionUpdateView.as_view(),
        name="reaction_edit",
    ),
    path(
        "<int:pk>/reactions/<int:reaction>/hide/",
        views.ReactionHideView.as_view(),
        name="reaction_hide",
    ),
    path(
        "<int:pk>/reactions/<int:reaction>/answer/",
        views.ReactionAnswerView.as_view(),
        name="reaction_answer",
    ),
    path(
        "<int:pk>/reactions/<int:reaction>/apply/",
        views.AmendmentApplyView.as_view(),
        name="amendment_apply",
    ),
]

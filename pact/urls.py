"""The pact document: the pact, its chapters, objectives and actions, and rendered drafts."""

from django.urls import path

from . import views

app_name = "pact"

urlpatterns = [
    path("", views.PactDetailView.as_view(), name="detail"),
    path("edit/", views.PactUpdateView.as_view(), name="edit"),
    path("chapters/new/", views.ChapterCreateView.as_view(), name="chapter_create"),
    path("chapters/<slug:slug>/", views.ChapterDetailView.as_view(), name="chapter_detail"),
    path("chapters/<slug:slug>/edit/", views.ChapterUpdateView.as_view(), name="chapter_edit"),
    path(
        "chapters/<slug:slug>/objectives/new/",
        views.StrategicObjectiveCreateView.as_view(),
        name="strategic_create",
    ),
    path(
        "objectives/<int:pk>/operational/new/",
        views.OperationalObjectiveCreateView.as_view(),
        name="operational_create",
    ),
    path(
        "objectives/<str:kind>/<int:pk>/edit/",
        views.ObjectiveUpdateView.as_view(),
        name="objective_edit",
    ),
    path(
        "objectives/<str:kind>/<int:pk>/delete/",
        views.ObjectiveDeleteView.as_view(),
        name="objective_delete",
    ),
    path("unplaced/", views.UnplacedListView.as_view(), name="unplaced"),
    path("place/<int:proposal_pk>/", views.ActionPlaceView.as_view(), name="action_place"),
    path("actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action_edit"),
    path("actions/<int:pk>/remove/", views.ActionRemoveView.as_view(), name="action_remove"),
    path("move/<str:kind>/<int:pk>/<str:direction>/", views.MoveView.as_view(), name="move"),
    path("drafts/", views.DraftListView.as_view(), name="draft_list"),
    path("drafts/request/", views.DraftRequestView.as_view(), name="draft_request"),
    path("drafts/<int:pk>/", views.DraftDetailView.as_view(), name="draft_detail"),
    path("drafts/<int:pk>/status/", views.DraftStatusView.as_view(), name="draft_status"),
    path("drafts/<int:pk>/download/", views.DraftDownloadView.as_view(), name="draft_download"),
    path("drafts/<int:pk>/share/", views.DraftShareView.as_view(), name="draft_share"),
]

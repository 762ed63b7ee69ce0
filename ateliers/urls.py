from django.urls import path

from . import views

app_name = "ateliers"

urlpatterns = [
    path("", views.AtelierListView.as_view(), name="list"),
    path("new/", views.AtelierCreateView.as_view(), name="create"),
    path("search/", views.AtelierSearchView.as_view(), name="search"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="feed"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="feed_token"),
    path("<int:pk>/", views.AtelierDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AtelierUpdateView.as_view(), name="update"),
    path("<int:pk>/cancel/", views.AtelierCancelView.as_view(), name="cancel"),
    path("<int:pk>/duplicate/", views.AtelierDuplicateView.as_view(), name="duplicate"),
    path("<int:pk>/atelier.ics", views.AtelierIcsView.as_view(), name="ics"),
    path("<int:pk>/invite/", views.InvitationCreateView.as_view(), name="invite"),
    path("<int:pk>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "<int:pk>/register-colleague/",
        views.RegisterColleagueView.as_view(),
        name="register_colleague",
    ),
    path(
        "<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path("<int:pk>/participants.csv", views.ParticipantsCsvView.as_view(), name="participants_csv"),
    path("<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("<int:pk>/attendance/walk-in/", views.WalkInCreateView.as_view(), name="walk_in"),
    path("<int:pk>/report/", views.ReportUpdateView.as_view(), name="report"),
    path("<int:pk>/report/publish/", views.ReportPublishView.as_view(), name="report_publish"),
    path(
        "<int:pk>/report/attachments/",
        views.AttachmentCreateView.as_view(),
        name="attachment_create",
    ),
    path(
        "<int:pk>/report/attachments/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "<int:pk>/report/attachments/<int:attachment_pk>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path("search/", views.OrganisationSearchView.as_view(), name="organisation_search"),
    path("people/search/", views.PersonSearchView.as_view(), name="person_search"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("<int:pk>/edit/", views.OrganisationUpdateView.as_view(), name="organisation_update"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("invitations/", views.InvitationListView.as_view(), name="invitation_list"),
    path("invitations/new/", views.InvitationCreateView.as_view(), name="invitation_create"),
    path(
        "invitations/<int:pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", views.NotificationsReadView.as_view(), name="notifications_read"),
    path(
        "notifications/<int:pk>/open/",
        views.NotificationOpenView.as_view(),
        name="notification_open",
    ),
    path("calendar-link/renew/", views.FeedLinkRenewView.as_view(), name="feed_renew"),
    path("calendar-link/revoke/", views.FeedLinkRevokeView.as_view(), name="feed_revoke"),
    path(
        "people/<int:pk>/calendar-link/revoke/",
        views.FeedLinkRevokeView.as_view(),
        name="feed_revoke_for",
    ),
    path("logboek/", views.AuditLogView.as_view(), name="audit_list"),
    path(
        "logboek/<slug:app_label>/<slug:model>/<int:pk>/",
        views.AuditObjectView.as_view(),
        name="audit_object",
    ),
]

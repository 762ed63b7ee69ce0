"""Adopting the final pact and signing it."""

from django.urls import path

from . import views

app_name = "adoption"

urlpatterns = [
    path("", views.AdoptionListView.as_view(), name="list"),
    path("propose/<int:pk>/", views.AdoptionProposeView.as_view(), name="propose"),
    path("<int:pk>/", views.AdoptionDetailView.as_view(), name="detail"),
    path("<int:pk>/withdraw/", views.AdoptionWithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/adopt/", views.AdoptView.as_view(), name="adopt"),
    path("<int:pk>/sign/", views.SignView.as_view(), name="sign"),
    path("<int:pk>/decline/", views.DeclineView.as_view(), name="decline"),
    path("<int:pk>/overview/", views.OverviewView.as_view(), name="overview"),
    path("<int:pk>/remind/", views.RemindView.as_view(), name="remind"),
    path("<int:pk>/partial/", views.PartialSigningView.as_view(), name="partial_signing"),
    path("<int:pk>/render/", views.RenditionRequestView.as_view(), name="rendition_request"),
    path(
        "renditions/<int:pk>/download/",
        views.RenditionDownloadView.as_view(),
        name="rendition_download",
    ),
    path("signing-rights/", views.SigningRightListView.as_view(), name="signing_rights"),
    path(
        "signing-rights/<int:pk>/revoke/",
        views.SigningRightRevokeView.as_view(),
        name="signing_right_revoke",
    ),
]

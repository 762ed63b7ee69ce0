"""Account URLs of ours, next to allauth's under /accounts/."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "invitation/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]

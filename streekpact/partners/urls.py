from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
]

from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("", views.InsightView.as_view(), name="index"),
    path("<slug:chart>.csv", views.ChartCSVView.as_view(), name="chart_csv"),
    path(
        "organisation/<int:pk>.csv",
        views.OrganisationCSVView.as_view(),
        name="organisation_csv",
    ),
]

from django.urls import path, re_path

from . import views

app_name = "sectors"

urlpatterns = [
    path("", views.SectorListView.as_view(), name="list"),
    path("new/", views.SectorCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.SectorDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.SectorUpdateView.as_view(), name="update"),
    re_path(
        r"^(?P<slug>[-\w]+)/move/(?P<direction>up|down)/$",
        views.SectorMoveView.as_view(),
        name="move",
    ),
]

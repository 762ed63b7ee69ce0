"""The public site, the legal pages and "my data"."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from . import views
from .sitemaps import PublicPactSitemap

app_name = "public"

PERIOD = r"(?P<period>\d{4}-\d{4})"

urlpatterns = [
    path("welkom/", views.landing, name="landing"),
    re_path(rf"^pact/{PERIOD}/$", views.pact_home, name="pact"),
    re_path(rf"^pact/{PERIOD}/hoofdstukken/(?P<slug>[-\w]+)/$", views.chapter, name="chapter"),
    re_path(rf"^pact/{PERIOD}/acties/(?P<number>\d+(?:\.\d+){{3}})/$", views.action, name="action"),
    re_path(rf"^pact/{PERIOD}/ondertekenaars/$", views.signatories, name="signatories"),
    re_path(rf"^pact/{PERIOD}/proces/$", views.process, name="process"),
    re_path(rf"^pact/{PERIOD}/pdf/$", views.pact_pdf, name="pdf"),
    re_path(rf"^pact/{PERIOD}/opvolging/$", views.monitoring, name="monitoring"),
    re_path(
        rf"^pact/{PERIOD}/opvolging/(?P<pk>\d+)/pdf/$",
        views.monitoring_pdf,
        name="monitoring_pdf",
    ),
    path("privacy/", views.privacy, name="privacy"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pact": PublicPactSitemap}},
        name="sitemap",
    ),
    path("mijn-gegevens/", views.MyDataView.as_view(), name="my_data"),
    path("mijn-gegevens/download/", views.MyDataDownloadView.as_view(), name="my_data_download"),
    path("mijn-gegevens/wissen/", views.ErasureRequestView.as_view(), name="erasure_request"),
    path("mijn-gegevens/verzoeken/", views.ErasureListView.as_view(), name="erasure_list"),
    path(
        "mijn-gegevens/verzoeken/<int:pk>/uitvoeren/",
        views.ErasureCarryOutView.as_view(),
        name="erasure_carry_out",
    ),
]

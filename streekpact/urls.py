from django.contrib import admin
from django.urls import include, path

from streekpact import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "design/",
        include(([path("", core_views.DesignSystemView.as_view(), name="design")], "core")),
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("streekpact.partners.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("partners/", include("streekpact.partners.urls")),
    path("sectors/", include("sectors.urls")),
    path("ateliers/", include("ateliers.urls")),
    path("proposals/", include("proposals.urls")),
    path("", include("public.urls")),
    path("pact/", include("pact.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("consultation/", include("consultation.urls")),
    path("insight/", include("insight.urls")),
    path("adoption/", include("adoption.urls")),
    path("admin/", admin.site.urls),
]

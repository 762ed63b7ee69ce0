"""Monitoring: reporting periods, progress reports, indicators."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.PeriodListView.as_view(), name="period_list"),
    path("export.xlsx", views.PactExportView.as_view(), name="export"),
    path("periods/new/", views.PeriodCreateView.as_view(), name="period_create"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<int:pk>/edit/", views.PeriodUpdateView.as_view(), name="period_edit"),
    path("periods/<int:pk>/status/", views.PeriodStatusView.as_view(), name="period_status"),
    path("periods/<int:pk>/export.xlsx", views.PeriodExportView.as_view(), name="period_export"),
    path(
        "periods/<int:pk>/actions/<int:action_pk>/report/",
        views.ReportEditView.as_view(),
        name="report_edit",
    ),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(
        "reports/<int:pk>/send-back/", views.ReportSendBackView.as_view(), name="report_send_back"
    ),
    path("reports/<int:pk>/remarks/", views.RemarkCreateView.as_view(), name="remark_create"),
    path(
        "reports/<int:pk>/files/",
        views.ReportAttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "files/<int:pk>/", views.ReportAttachmentDownloadView.as_view(), name="attachment_download"
    ),
    path(
        "actions/<int:pk>/indicators/",
        views.ActionIndicatorsView.as_view(),
        name="action_indicators",
    ),
    path(
        "actions/<int:pk>/indicators/from-wording/",
        views.IndicatorsFromWordingView.as_view(),
        name="indicators_from_wording",
    ),
    path(
        "indicators/<int:pk>/delete/",
        views.IndicatorDeleteView.as_view(),
        name="indicator_delete",
    ),
    path(
        "periods/<int:pk>/monitoring-report/",
        views.MonitoringReportRequestView.as_view(),
        name="monitoring_report_request",
    ),
    path(
        "monitoring-reports/<int:pk>/download/",
        views.MonitoringReportDownloadView.as_view(),
        name="monitoring_report_download",
    ),
]

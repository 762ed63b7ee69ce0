from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin

from .models import Indicator, ProgressReport, ReminderSent, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "pact", "starts_on", "ends_on", "deadline", "status"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyModelAdmin):
    list_display = ["action", "period", "state", "status", "submitted_at"]
    list_filter = ["period", "state", "status"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "action", "unit", "baseline", "target", "direction"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyModelAdmin):
    list_display = ["period", "kind", "key", "sent_at"]

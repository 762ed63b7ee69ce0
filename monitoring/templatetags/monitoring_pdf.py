"""What the monitoring report's PDF template draws (templates/monitoring/pdf/report.html)."""

from django import template

from ..charts import UNREPORTED, status_chart
from ..models import ProgressStatus

register = template.Library()


@register.simple_tag
def status_chart_of(content: dict):
    """`{% status_chart_of content as chart %}`: the status per chapter, drawn from the frozen
    content's own numbers (the table beside it), so a report always draws the same figure."""
    values = list(ProgressStatus.values)
    chapters = []
    for chapter in content.get("chapters") or []:
        counts = [status["count"] for status in chapter["statuses"]]
        by_status = dict(zip(values, counts, strict=True))
        by_status[UNREPORTED] = chapter["unreported"]
        chapters.append((chapter["title"], by_status))
    return status_chart(content["period"]["title"], chapters, slug="pdf-action-status")

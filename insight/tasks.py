"""Keeping the insight page's charts warm, so no one waits for a chart to be drawn."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

from sectors.models import Sector
from streekpact.core.taskpolicy import PERIODIC

from .figures import Filters, build_charts

logger = logging.getLogger(__name__)


@shared_task(name="insight.warm_charts", **PERIODIC)
def warm_charts() -> int:
    """Every minute (beat): make sure the charts of the insight page, for all sectors and for
    each sector, in each language, are in the cache for the current data version. Costs one
    query and a cache read per page when nothing changed; draws the charts when data changed.
    Needs a cache shared with the web processes (CACHE_URL, Redis in docker-compose)."""
    sectors = [None, *Sector.objects.all()]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for sector in sectors:
                build_charts(Filters(sector=sector))
    return len(sectors) * len(settings.LANGUAGES)

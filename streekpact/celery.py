"""The Celery application: `celery -A streekpact worker`."""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "streekpact.settings")

app = Celery("streekpact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _fresh_content_types(**kwargs) -> None:
    """Audit entries point at their object through its content type. A worker lives for weeks and
    caches content type ids; a database restored (or, in the tests, flushed) underneath it gets
    new ids, so each task starts with an empty cache (one small query per model it audits)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()

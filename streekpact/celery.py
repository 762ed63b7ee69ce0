"""The Celery application: `celery -A streekpact worker`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "streekpact.settings")

app = Celery("streekpact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

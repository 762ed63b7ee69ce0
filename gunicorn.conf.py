"""Gunicorn settings for production (`gunicorn -c gunicorn.conf.py streekpact.wsgi`).

Every value can be changed by an environment variable; gunicorn also honours WEB_CONCURRENCY
and GUNICORN_CMD_ARGS itself.
"""

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside a container
# Synchronous workers: requests are short; slow work (mail, PDFs) goes to the Celery worker.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never takes the site down.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Heartbeat files in memory, not on a possibly slow container filesystem.
SHM = "/dev/shm"  # noqa: S108 - gunicorn's recommended heartbeat directory in containers
if Path(SHM).is_dir():
    worker_tmp_dir = SHM

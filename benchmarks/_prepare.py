"""Make the benchmark database (run by benchmarks/_stack.py in the stack's environment).

    python -m benchmarks._prepare --proposals 10000 [--fresh]

Creates the database when missing, migrates, loads the demo (every app's demo.py, with an
unusable password) and `seed_scale` proposals up to the number asked, then prints one JSON line:
session cookies for the demo's staff, chair and partners, and the paths the scenarios visit.
"""

import argparse
import json
import os
import random
import secrets
from importlib import import_module
from urllib.parse import urlsplit

import psycopg2

STAFF = "staff@demo.streekpact.be"
CHAIR = "voorzitter@demo.streekpact.be"
PARTNERS = ["voka@demo.streekpact.be", "vdab@demo.streekpact.be", "boerenbond@demo.streekpact.be"]


def _create_database(url: str, fresh: bool) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username,
        password=parts.password, dbname="postgres",
    )  # fmt: skip
    conn.autocommit = True
    with conn.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 3600)
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    _create_database(os.environ["DATABASE_URL"], args.fresh)

    import django

    django.setup()
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils.module_loading import module_has_submodule

    call_command("migrate", verbosity=0, interactive=False)
    from proposals.management.commands.seed_scale import seed_scale
    from proposals.models import Proposal
    from streekpact.partners.models import User

    if not User.objects.filter(email=STAFF).exists():
        password = make_password(secrets.token_urlsafe(16))
        with transaction.atomic():
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    import_module(f"{config.name}.demo").seed(password=password)
    missing = args.proposals - Proposal.objects.count()
    if missing > 0:
        with transaction.atomic():
            seed_scale(missing, rng=random.Random(13))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    detail = (
        Proposal.objects.public()
        .filter(comments__isnull=False, supports__isnull=False)
        .order_by("pk")
        .first()
    )
    open_ids = list(
        Proposal.objects.public()
        .filter(status="submitted")
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    users = {email: User.objects.get(email=email) for email in [STAFF, CHAIR, *PARTNERS]}
    # Open proposals of other organisations: what each partner may support and comment on.
    targets = [
        list(
            Proposal.objects.open()
            .exclude(organisation_id=users[email].organisation_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:300]
        )
        for email in PARTNERS
    ]
    print(
        json.dumps(
            {
                "proposals": Proposal.objects.count(),
                "cookies": {
                    "staff": _session_cookie(users[STAFF]),
                    "chair": _session_cookie(users[CHAIR]),
                    "partners": [_session_cookie(users[e]) for e in PARTNERS],
                },
                "detail": detail.get_absolute_url(),
                "open_proposals": open_ids,
                "partner_targets": targets,
            }
        )
    )


if __name__ == "__main__":
    main()

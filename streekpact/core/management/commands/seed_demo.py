"""`python manage.py seed_demo`: fill the portal with the demo of this Streekpact round.

Each app contributes its part in a `demo.py` module with a `seed(*, password)` function, called in
the order of INSTALLED_APPS (lower apps first), so this command never imports a higher app by
name. A part returns lines to print at the end. Every part is idempotent: running the
command twice changes nothing the second time.
"""

import os
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load the demo data (sectors, partners, accounts, ateliers, proposals, pact). DEBUG only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates known demo passwords."
            )
        password = os.environ.get("DEMO_PASSWORD", "streekpact-demo")
        summary: list[str] = []
        with transaction.atomic():
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    part = import_module(f"{config.name}.demo")
                    summary.extend(part.seed(password=password) or [])
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo ready on {settings.SITE_URL}"))

"""`manage.py relay_outbox`: hand pending outbox messages to the task broker now.

Beat does this every OUTBOX_RELAY_SECONDS; the command is for an operator after an outage, or a
cron job where beat does not run. `--loop` keeps relaying until interrupted.
"""

import time

from django.core.management.base import BaseCommand

from streekpact.core import outbox


class Command(BaseCommand):
    help = "Hand pending outbox messages (mails, renders) to the task broker."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep relaying until stopped.")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between rounds.")

    def handle(self, *args, loop: bool = False, interval: float = 15.0, **options):
        while True:
            sent, failed = outbox.relay_pending()
            backlog = outbox.backlog()
            self.stdout.write(
                f"handed over {sent}, failed {failed}, pending {backlog['pending']} "
                f"(oldest {backlog['oldest_pending_seconds']} s)"
            )
            if not loop:
                return
            time.sleep(interval)

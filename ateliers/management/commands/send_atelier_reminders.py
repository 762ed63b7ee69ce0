"""`python manage.py send_atelier_reminders`: what the periodic task does, run by hand or cron."""

from django.core.management.base import BaseCommand

from ateliers.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Remind participants of ateliers that start soon (never twice) and close past ones."

    def handle(self, *args, **options):
        count = send_due_reminders()
        self.stdout.write(f"{count} reminder(s) queued.")

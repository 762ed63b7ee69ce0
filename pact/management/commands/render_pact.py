"""`python manage.py render_pact --out FILE [--chapter SLUG]`: render a draft synchronously.

Goes through the same code path as the portal: the content is frozen as a new numbered draft
(requested by the first active staff member, or nobody), rendered, and the PDF is also written
to FILE.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pact import services
from pact.models import Chapter, DraftStatus
from streekpact.partners.models import Role, User


class Command(BaseCommand):
    help = "Render a draft of the pact (or of one chapter) to a PDF file, synchronously."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="where to write the PDF")
        parser.add_argument("--chapter", help="slug of one chapter (default: the whole pact)")

    def handle(self, *args, out, chapter=None, **options):
        services.pact_prepare()
        chapter_obj = None
        if chapter:
            chapter_obj = Chapter.objects.filter(slug=chapter).first()
            if chapter_obj is None:
                slugs = ", ".join(Chapter.objects.in_pact_order().values_list("slug", flat=True))
                raise CommandError(f"No chapter {chapter!r}. Chapters: {slugs}")
        user = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
        draft = services.draft_request_sync(user=user, chapter=chapter_obj)
        if draft.status != DraftStatus.READY:
            raise CommandError(f"Draft v{draft.version} failed: {draft.failure_reason}")
        target = Path(out)
        with draft.pdf.open("rb") as source:
            target.write_bytes(source.read())
        self.stdout.write(
            self.style.SUCCESS(
                f"Draft v{draft.version}: {draft.page_count} pages, {draft.size} bytes → {target}"
            )
        )

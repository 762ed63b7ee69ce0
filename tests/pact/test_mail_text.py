"""The plain-text "draft ready" mail shows the chapter title as written, not `&lt;script&gt;`."""

from pact import services as pact_services
from tests.core.test_mail import HOSTILE, _assert_plain


def test_the_draft_ready_mail_shows_the_chapter_title_as_written(
    chair, staff, chemie_chapter, mailoutbox
):
    chemie_chapter.title = HOSTILE
    chemie_chapter.save()
    draft, _ = pact_services.draft_request(user=staff, chapter=chemie_chapter)

    assert pact_services.notify_draft_ready(draft_pk=draft.pk) == 2

    for message in mailoutbox:
        _assert_plain(message.body)

"""Plain-text mails are not HTML: names and titles arrive as written, never as entities."""

from pathlib import Path

import pytest

from proposals.notifications import notify_submission_now
from streekpact.core.mail import render_text
from tests.factories import OrganisationFactory, ProposalFactory, SectorFactory, UserFactory

HOSTILE = "<script>alert(\"x\")</script> & 'Co'"
ENTITIES = ("&lt;", "&gt;", "&amp;", "&quot;", "&#x27;", "&#39;")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _assert_plain(text: str) -> None:
    assert HOSTILE in text
    assert not [entity for entity in ENTITIES if entity in text]


def test_the_submission_mail_shows_names_and_titles_as_written(voka, mailoutbox):
    lead = UserFactory(organisation=voka, name=HOSTILE)
    sector = SectorFactory(name=HOSTILE, slug="hostile", leads=[voka])
    author = UserFactory(organisation=OrganisationFactory(name=HOSTILE, short_name="H"))
    proposal = ProposalFactory(
        title=HOSTILE, summary=HOSTILE, sector=sector, created_by=author, status="submitted"
    )

    assert notify_submission_now(proposal.pk) == 1

    (message,) = mailoutbox
    assert message.to == [lead.email]
    assert HOSTILE in message.subject or proposal.reference in message.subject
    _assert_plain(message.body)
    assert message.body.count(HOSTILE) >= 4  # greeting, organisation, sector, title, summary


def test_included_templates_are_not_escaped_either(chemie):
    from tests.factories import AtelierFactory

    atelier = AtelierFactory(sector=chemie, location=HOSTILE)
    text = render_text("ateliers/email/_details.txt", {"atelier": atelier, "site_url": ""})
    _assert_plain(text)


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(TEMPLATES)
        for p in TEMPLATES.glob("*/email/*.txt")
        if p.parts[-3] != "account"  # allauth renders its own mails: they switch escaping off
    ),
)
def test_no_mail_template_carries_its_own_escaping_switch(path):
    """One mechanism (core.mail.render_text) for all: no template needs `autoescape off`."""
    assert "autoescape" not in (TEMPLATES / path).read_text()

"""Dutch first: every string in the catalogue is translated, compiled, and shown."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

PO = Path(settings.BASE_DIR) / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_message_has_a_dutch_translation():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_the_portal_says_je_not_u():
    """One form of address: "je". A formal "u"/"uw" slipped in more than once."""
    import re

    formal = re.compile(r"(?<![%(\w])(u|uw|Uw|U)(?![\w)])")
    found = []
    for entry in polib.pofile(str(PO)).translated_entries():
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        if any(formal.search(re.sub(r"%\(\w+\)s", "", text)) for text in texts):
            found.append(entry.msgstr or entry.msgstr_plural.get(0))
    assert not found, f"formal address: {found[:10]}"


def test_compiled_catalogue_matches_the_source():
    source = {
        (e.msgctxt + "\x04" if e.msgctxt else "") + e.msgid: e.msgstr
        for e in polib.pofile(str(PO)).translated_entries()
        if not e.msgid_plural
    }
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog
    stale = {k: v for k, v in source.items() if compiled.get(k) != v}
    assert not stale, f"run `make messages`: {list(stale)[:10]}"


def test_pages_speak_dutch_by_default_and_english_on_request(client_for, cast, chemie):
    client = client_for("partner")
    assert "Sectoren" in client.get(reverse("sectors:list")).text
    response = client.post(reverse("set_language"), {"language": "en", "next": "/sectors/"})
    assert response.status_code == 302
    assert "Sectors" in client.get(reverse("sectors:list")).text


def test_belgian_date_format():
    import datetime

    with translation.override("nl-be"):
        assert formats.date_format(datetime.date(2014, 3, 7), "SHORT_DATE_FORMAT") == "07/03/2014"
        assert formats.date_format(datetime.date(2014, 3, 7)) == "7 maart 2014"


@pytest.mark.parametrize("url", ["/accounts/login/"])
def test_login_page_is_dutch(client, db, url):
    html = client.get(url).text
    assert 'lang="nl-be"' in html
    assert "Aanmelden" in html or "Inloggen" in html

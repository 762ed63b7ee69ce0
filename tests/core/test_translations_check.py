"""`manage.py check_translations` (part of `make lint`) catches incomplete catalogues."""

import polib
import pytest

from streekpact.core.management.commands.check_translations import catalogue_problems


def write_catalogue(directory, entries, *, compile_it=True):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "nl_BE"}
    for msgid, msgstr, fuzzy in entries:
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
        if fuzzy:
            entry.flags.append("fuzzy")
        po.append(entry)
    po_path, mo_path = directory / "django.po", directory / "django.mo"
    po.save(str(po_path))
    if compile_it:
        po.save_as_mofile(str(mo_path))
    return po_path, mo_path


@pytest.mark.smoke
def test_a_complete_compiled_catalogue_passes(tmp_path):
    po, mo = write_catalogue(tmp_path, [("Sectors", "Sectoren", False)])

    assert catalogue_problems(po, mo) == []


def test_untranslated_and_fuzzy_entries_are_reported(tmp_path):
    po, mo = write_catalogue(tmp_path, [("Sectors", "", False), ("Proposals", "Voorstellen", True)])

    assert catalogue_problems(po, mo) == [
        "not translated: 'Sectors'",
        "marked fuzzy: 'Proposals'",
    ]


def test_a_catalogue_that_was_not_recompiled_is_reported(tmp_path):
    po, mo = write_catalogue(tmp_path, [("Sectors", "Sectoren", False)])
    catalogue = polib.pofile(str(po))
    catalogue[0].msgstr = "Sectoren en werkgroepen"
    catalogue.save()

    [problem] = catalogue_problems(po, mo)
    assert "out of date" in problem


def test_a_missing_compiled_catalogue_is_reported(tmp_path):
    po, mo = write_catalogue(tmp_path, [("Sectors", "Sectoren", False)], compile_it=False)

    [problem] = catalogue_problems(po, mo)
    assert "not compiled" in problem

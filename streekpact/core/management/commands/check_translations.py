"""`python manage.py check_translations`: the nl-BE catalogue is complete, current and compiled.

Part of `make lint` (and so of CI). It fails when
- a translatable string in the code or the templates is missing from the catalogue,
- an entry has no translation or is still marked fuzzy,
- the compiled catalogue (.mo) is missing or differs from the .po.
The fix is always the same: `make messages`, translate the empty entries, `make messages` again.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# The same scope as `make messages`: tests and installed packages are not translated.
IGNORED = [".venv/*", "node_modules/*", "tests/*"]
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "media", "staticfiles", "__pycache__", "*.sqlite3*",
    ".pytest_cache", ".ruff_cache", "test-artifacts", "bench-results", "*.egg-info",
)  # fmt: skip


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _translation(entry: polib.POEntry | polib.MOEntry):
    if entry.msgid_plural:
        return tuple(sorted(entry.msgstr_plural.items()))
    return entry.msgstr


def _label(key: tuple[str, str]) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def catalogue_problems(po_path: Path, mo_path: Path) -> list[str]:
    """Untranslated or fuzzy entries, and a compiled catalogue that is not the .po's."""
    if not po_path.exists():
        return [f"{po_path} is missing"]
    po = polib.pofile(str(po_path))
    problems = [f"not translated: {_label(_key(e))}" for e in po.untranslated_entries()]
    problems += [f"marked fuzzy: {_label(_key(e))}" for e in po.fuzzy_entries()]
    if not mo_path.exists():
        return [*problems, f"{mo_path} is missing (not compiled)"]
    expected = {_key(e): _translation(e) for e in po.translated_entries() if e.msgid}
    compiled = {_key(e): _translation(e) for e in polib.mofile(str(mo_path)) if e.msgid}
    if expected != compiled:
        problems.append(f"{mo_path} is out of date with {po_path.name} (not recompiled)")
    return problems


def strings_missing_from(po_path: Path, project_dir: Path, locale: str) -> list[str]:
    """Run makemessages on a copy of the project; report msgids the catalogue lacks."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(project_dir, copy, ignore=NOT_COPIED, symlinks=True)
        command = [
            sys.executable, "manage.py", "makemessages", "-l", locale, "--no-obsolete",
            "--no-location", *(f"--ignore={pattern}" for pattern in IGNORED),
        ]  # fmt: skip
        result = subprocess.run(
            command,
            cwd=copy,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", **_env_for_copy(), "DEBUG": "1"},
            check=False,
        )
        if result.returncode:
            raise CommandError(f"makemessages failed:\n{result.stderr}")
        fresh = polib.pofile(str(copy / po_path.relative_to(project_dir)))
    current = {_key(e) for e in polib.pofile(str(po_path))}
    return [
        f"missing from the catalogue: {_label(_key(e))}"
        for e in fresh
        if e.msgid and _key(e) not in current
    ]


def _env_for_copy() -> dict[str, str]:
    import os

    keep = ("PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV")
    return {name: os.environ[name] for name in keep if name in os.environ}


class Command(BaseCommand):
    help = "Fail when the translations are incomplete, fuzzy, stale or not compiled."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("-l", "--locale", default="nl_BE")

    def handle(self, *args, locale: str, **options):
        project_dir = Path(settings.BASE_DIR)
        messages = Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES"
        po_path, mo_path = messages / "django.po", messages / "django.mo"
        problems = catalogue_problems(po_path, mo_path)
        if po_path.exists():
            problems = strings_missing_from(po_path, project_dir, locale) + problems
        if problems:
            listing = "\n".join(f"  - {problem}" for problem in problems)
            raise CommandError(
                f"The {locale} translations need work ({len(problems)} problems):\n{listing}\n"
                "Run `make messages`, fill in the empty msgstr entries in "
                f"{po_path.relative_to(project_dir)}, then `make messages` again."
            )
        self.stdout.write(self.style.SUCCESS(f"The {locale} translations are complete."))

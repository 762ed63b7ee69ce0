"""`make run` stops with the Debian package to install when a system library is missing."""

import builtins
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from streekpact.core import checks

from .conftest import clean_env

NO_PANGO = "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file"


@pytest.fixture
def pango_missing(monkeypatch):
    """Importing WeasyPrint fails the way it does on a machine without Pango."""
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError(NO_PANGO)
        return real_import(name, *args, **kwargs)

    for module in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(builtins, "__import__", fake_import)


@pytest.mark.smoke
def test_the_system_libraries_are_present():
    assert checks.weasyprint_available(None) == []
    assert checks.front_end_packages_installed(None) == []


def test_missing_pango_names_the_debian_packages(pango_missing):
    [error] = checks.weasyprint_available(None)

    assert error.id == "streekpact.E001"
    assert "libpango-1.0-0" in error.msg
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in error.hint


def test_manage_py_check_stops_on_missing_pango(pango_missing):
    with pytest.raises(SystemCheckError) as excinfo:
        call_command("check")

    assert "streekpact.E001" in str(excinfo.value)
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in str(excinfo.value)


def test_missing_front_end_packages_say_how_to_install_them(settings, tmp_path):
    settings.NODE_MODULES = tmp_path

    [error] = checks.front_end_packages_installed(None)

    assert error.id == "streekpact.E003"
    assert "npm ci" in error.hint


def test_an_unbuilt_theme_says_how_to_build_it(settings, tmp_path):
    settings.BASE_DIR = tmp_path

    [error] = checks.front_end_packages_installed(None)

    assert error.id == "streekpact.E004"
    assert "npm run build" in error.hint


@pytest.fixture
def broken_weasyprint(tmp_path):
    """A PYTHONPATH on which `import weasyprint` fails like it does without Pango."""
    (tmp_path / "weasyprint.py").write_text(f"raise OSError({NO_PANGO!r})\n")
    return str(tmp_path)


def test_make_run_probe_prints_the_package_not_a_traceback(run_python, broken_weasyprint):
    """`make run` runs this probe first (see the Makefile's check-system)."""
    result = run_python("-m", "streekpact.core.checks", env=clean_env(PYTHONPATH=broken_weasyprint))

    assert result.returncode == 1
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr


def test_manage_py_check_prints_the_package_not_a_traceback(run_python, broken_weasyprint):
    result = run_python(
        "manage.py", "check", env=clean_env(DEBUG="1", PYTHONPATH=broken_weasyprint)
    )

    assert result.returncode == 1
    assert "streekpact.E001" in result.stderr
    assert "libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_probe_passes_on_a_complete_machine(run_python):
    result = run_python("-m", "streekpact.core.checks", env=clean_env())

    assert result.returncode == 0, result.stderr

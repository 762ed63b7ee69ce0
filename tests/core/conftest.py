"""Helpers for the infrastructure tests: run the project as a separate process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-production-secret-key-of-more-than-32-characters-0123456789"


def clean_env(**variables: str) -> dict[str, str]:
    """An environment with nothing of ours but `variables` (no .env file, no test settings)."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "VIRTUAL_ENV", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="streekpact.settings",
        ENV_FILE=os.devnull,
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(variables)
    return env


@pytest.fixture
def run_python():
    """`run_python("manage.py", "check", env={...})`: a subprocess in the project directory."""

    def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return _run

"""The outside accessibility checker, `pdfua` (PyPI, built on pikepdf), as the PDF tests run it.

`pdfua_problems(path)` runs `pdfua check` on a PDF in a subprocess, as CI or a person would, and
returns every finding (error, warning or info) and every rule the checker could not evaluate.
An empty list is a pass. Any PDF kind the portal makes belongs in a test that asserts it.

Rules are ignored by id only, each with its reason, also written down in docs/pact.md
("Accessibility"). One rule of pdfua 0.1.3 crashes on every WeasyPrint PDF (see
`_empty_headings`); it is run here in-process with the crash worked around, so it still checks.
"""

import json
import subprocess
import sys
from pathlib import Path
from unittest import mock

# Checker findings judged wrong, by rule id, with the reason (docs/pact.md). None so far.
IGNORED_RULES: dict[str, str] = {}

# pdfua 0.1.3's empty-heading rule asks a pikepdf Array for `.is_integer`, which pikepdf
# answers with a ValueError: the CLI reports the rule as skipped on any heading whose /K is an
# array, which is every heading WeasyPrint writes.
CRASHING_RULE = "UA-14-001"


def pdfua_problems(path: str | Path) -> list[str]:
    """Every pdfua finding and every rule pdfua skipped, as readable lines; [] when clean."""
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1, 2, 3):
        return [f"pdfua could not check {path} (exit {result.returncode}): {result.stderr}"]
    report = json.loads(result.stdout)
    findings = [f for f in report["findings"] if f["rule_id"] not in IGNORED_RULES]
    problems = [f"{f['rule_id']} {f['severity']} {f['location']}: {f['message']}" for f in findings]
    for skipped in report["skipped"]:
        if skipped["rule_id"] == CRASHING_RULE:
            problems.extend(_empty_headings(path))
        elif skipped["rule_id"] not in IGNORED_RULES:
            problems.append(f"{skipped['rule_id']} not evaluated: {skipped['reason']}")
    return problems


def _empty_headings(path: str | Path) -> list[str]:
    """Run pdfua's own empty-heading rule with its `as_integer` made total for arrays."""
    import pikepdf
    from pdfua import PdfDocument
    from pdfua.rules import structure

    as_integer = structure.as_integer

    def total(value):
        return None if isinstance(value, pikepdf.Array) else as_integer(value)

    with (
        mock.patch.object(structure, "as_integer", total),
        PdfDocument.open(str(path)) as document,
    ):
        findings = list(structure.EmptyHeadingRule().check(document))
    return [
        f"{f.rule_id} {f.severity.name.lower()} {f.location.describe()}: {f.message}"
        for f in findings
    ]

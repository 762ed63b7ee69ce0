"""Every action's free-text indicators become named indicators, without numbers.

One indicator per line (or part between semicolons) of `Action.indicators` (bullets,
numbering and a closing full stop dropped); the free text
itself, the wording of the pact, stays as it was. Staff complete unit, baseline and target.
Run again (or on an action that already has indicators) it adds nothing.
"""

from django.db import migrations


def names_in(text):
    # The same rule as monitoring.services.indicators_from_text (a migration keeps its own copy).
    names = []
    for line in (text or "").replace(";", "\n").splitlines():
        name = line.strip().lstrip("-*•·").strip().rstrip(".").strip()
        if name[:1].isdigit() and name[1:3] in (". ", ") "):
            name = name[3:].strip()
        if name:
            names.append(name[:300])
    return names


def forwards(apps, schema_editor):
    Action = apps.get_model("pact", "Action")
    Indicator = apps.get_model("monitoring", "Indicator")
    for action in Action.objects.exclude(indicators="").iterator():
        if Indicator.objects.filter(action=action).exists():
            continue
        Indicator.objects.bulk_create(
            Indicator(action=action, name=name, position=position)
            for position, name in enumerate(names_in(action.indicators), start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("pact", "0003_the_pact_and_its_sector_chapters"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

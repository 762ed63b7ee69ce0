"""Data: the pact row and a chapter for every sector that has none.

Pages used to create these on a GET (`pact_prepare` in the views, `Pact.objects.current()`
creating a row); now the migration creates them once and `sector_save` creates the chapter of a
new sector (through `sectors.signals.sector_created`).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Pact = apps.get_model("pact", "Pact")
    Chapter = apps.get_model("pact", "Chapter")
    Sector = apps.get_model("sectors", "Sector")
    pact = Pact.objects.order_by("pk").first()
    if pact is None:
        pact = Pact.objects.create(title="Streekpact arrondissement Mechelen", period="2014-2020")
    for sector in Sector.objects.filter(pact_chapter__isnull=True).order_by("position", "pk"):
        slug = sector.slug
        if Chapter.objects.filter(slug=slug).exists():
            slug = f"{slug}-{sector.pk}"
        Chapter.objects.create(
            pact=pact,
            sector=sector,
            title=sector.name,
            slug=slug,
            placement="sectors",
            position=sector.position,
        )


class Migration(migrations.Migration):
    dependencies = [("pact", "0002_bounded_text_and_stored_html"), ("sectors", "0002_bounded_text")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

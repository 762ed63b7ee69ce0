"""Atelier attachments on the one attachment base (streekpact.core.models.Attachment).

Adds the extension (filled in from the original file name for existing rows) and widens the
content type as the proposal attachments had it. No row or file is touched otherwise.
"""

from pathlib import PurePath

from django.db import migrations, models


def fill_extension(apps, schema_editor):
    Attachment = apps.get_model("ateliers", "Attachment")
    for attachment in Attachment.objects.only("pk", "original_name").iterator():
        extension = PurePath(attachment.original_name).suffix.lower().lstrip(".")[:10]
        if extension:
            Attachment.objects.filter(pk=attachment.pk).update(extension=extension)


class Migration(migrations.Migration):
    dependencies = [
        ("ateliers", "0004_bounded_text_and_stored_html"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="extension",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="extension"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="attachment",
            name="content_type",
            field=models.CharField(max_length=120, verbose_name="content type"),
        ),
        migrations.RunPython(fill_extension, migrations.RunPython.noop),
    ]

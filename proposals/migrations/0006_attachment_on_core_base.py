"""Proposal attachments on the one attachment base (streekpact.core.models.Attachment).

uploaded_at is renamed to created_at (values kept), updated_at starts equal to it, and the
title the atelier attachments had is added (empty). No row or file is touched otherwise.
"""

from django.db import migrations, models
from django.db.models import F
from django.utils import timezone

import streekpact.core.models


def copy_created_at(apps, schema_editor):
    Attachment = apps.get_model("proposals", "Attachment")
    Attachment.objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0005_bounded_text_and_stored_html"),
    ]

    operations = [
        migrations.RenameField(
            model_name="attachment", old_name="uploaded_at", new_name="created_at"
        ),
        migrations.AlterField(
            model_name="attachment",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at"),
        ),
        migrations.AddField(
            model_name="attachment",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=timezone.now, verbose_name="updated at"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_created_at, migrations.RunPython.noop),
        migrations.AddField(
            model_name="attachment",
            name="title",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="title"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="attachment",
            name="content_type",
            field=models.CharField(max_length=120, verbose_name="content type"),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="extension",
            field=models.CharField(blank=True, max_length=10, verbose_name="extension"),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(
                max_length=300,
                upload_to=streekpact.core.models.attachment_upload_to,
                verbose_name="file",
            ),
        ),
        migrations.AlterModelOptions(
            name="attachment",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
            },
        ),
    ]

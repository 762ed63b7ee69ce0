"""Full-text search in Dutch on PostgreSQL: a stored generated tsvector column with a GIN index.

The column is not a model field (it is computed by the database, also for bulk inserts), and
exists on PostgreSQL only; other databases use the icontains fallback of
`ProposalQuerySet.search`.
"""

from django.db import migrations

DOCUMENT = (
    "setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(body, '') || ' ' || "
    "coalesce(proposed_actions, '')), 'C')"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE proposals_proposal ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX proposals_proposal_search_document ON proposals_proposal "
        "USING GIN (search_document)"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS proposals_proposal_search_document")
    schema_editor.execute("ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_extras")]

    operations = [migrations.RunPython(add, remove, elidable=False)]

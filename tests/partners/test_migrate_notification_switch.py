"""Who had switched e-mail notifications off keeps receiving none after the switch became a
choice per kind (core 0003 copies it, partners 0005 removes it)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("core", "0002_outbox_message"), ("partners", "0004_audit_log_and_feed_token")]
AFTER = [("core", "0003_mails_notifications"), ("partners", "0005_mails_notification_preferences")]


def test_the_switch_becomes_off_for_every_kind():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        User = old.get_model("partners", "User")  # noqa: N806
        quiet = User.objects.create(
            email="stil@x.test", name="Stil", role="staff", email_notifications=False
        )
        User.objects.create(email="luid@x.test", name="Luid", role="staff")

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        Preference = new.get_model("core", "NotificationPreference")  # noqa: N806
        offs = Preference.objects.filter(user_id=quiet.pk, delivery="off")
        assert {"proposals.submitted", "proposals.decision", "proposals.comment"} <= set(
            offs.values_list("kind", flat=True)
        )
        assert not Preference.objects.exclude(user_id=quiet.pk).exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)

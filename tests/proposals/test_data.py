"""Demo data and scale data."""

import random

from django.core.management import call_command

from proposals import demo
from proposals.management.commands.seed_scale import seed_scale
from proposals.models import Comment, Proposal, ProposalStatus, Support
from sectors import demo as sectors_demo
from streekpact.partners import demo as partners_demo


def test_demo_covers_every_state_and_is_idempotent(db, mailoutbox):
    partners_demo.seed(password="demo-password-123")
    sectors_demo.seed(password="demo-password-123")
    demo.seed(password="demo-password-123")
    first = Proposal.objects.count()
    demo.seed(password="demo-password-123")
    assert Proposal.objects.count() == first >= 12
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses == set(ProposalStatus.values)
    assert Proposal.objects.filter(status="draft", organisation__short_name="Voka").count() >= 2
    rejected = Proposal.objects.get(status="rejected")
    assert rejected.answer and rejected.status_changes.filter(to_status="rejected").exists()
    assert all(p.answer for p in Proposal.objects.approved())
    assert Support.objects.filter(stance="objection").exclude(reason="").exists()
    assert Comment.objects.exists()
    assert Proposal.objects.get(status="merged").merged_into is not None
    assert mailoutbox == []  # demo data sends no e-mail


def test_seed_scale_adds_realistic_rows_fast(db):
    added = seed_scale(300, rng=random.Random(1), batch_size=100)
    assert added == Proposal.objects.count() == 300
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "approved", "rejected"} <= statuses
    assert not Proposal.objects.filter(status="rejected", answer="").exists()
    # bulk_create skips save(); the seed renders the stored HTML itself.
    assert not Proposal.objects.filter(body_html="").exists()
    assert Support.objects.count() > 300 and Comment.objects.count() > 100
    assert Proposal.objects.values("organisation").distinct().count() > 5
    assert Proposal.objects.values("created_at__date").distinct().count() > 50
    public = Proposal.objects.public().filter(submitted_at__isnull=False)
    assert all(p.status_changes.exists() for p in public[:20])


def test_seed_scale_command(db, capsys):
    call_command("seed_scale", "--proposals", "20")
    assert Proposal.objects.count() == 20
    assert "Added 20 proposals" in capsys.readouterr().out


def test_seed_scale_grows_the_partnership_on_request(db, capsys):
    from ateliers.models import Atelier
    from streekpact.partners.models import Organisation, User

    call_command("seed_scale", "--proposals", "0")
    organisations, people, ateliers = (
        Organisation.objects.count(),
        User.objects.count(),
        Atelier.objects.count(),
    )
    call_command(
        "seed_scale",
        "--proposals",
        "5",
        "--organisations",
        "7",
        "--people",
        "9",
        "--ateliers",
        "11",
    )
    assert Organisation.objects.count() == organisations + 7
    # The people asked for, plus two members for each organisation that writes proposals.
    assert User.objects.count() >= people + 9
    assert Atelier.objects.count() == ateliers + 11
    call_command("seed_scale", "--proposals", "0", "--organisations", "7")  # names stay unique
    assert Organisation.objects.count() == organisations + 14

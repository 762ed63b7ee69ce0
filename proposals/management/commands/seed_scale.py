"""`python manage.py seed_scale --proposals N [--organisations N --people N --ateliers N]`: many
realistic proposals (and, when asked, organisations, people and ateliers), for benchmarks and
the scale test.

Fast: rows are written with bulk_create in batches (proposals, their themes and authors,
status history, supports, comments), not one service call per proposal. The lifecycle's
invariants still hold (rejected ones have an answer, merged ones a target, one position per
organisation). Uses the demo partnership and sectors, creating them first when missing.
"""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ateliers.models import Atelier, AtelierStatus
from sectors.models import Sector, Theme
from streekpact.partners.models import Organisation, OrganisationKind, Role, User

from ... import listing
from ...models import Comment, Proposal, ProposalStatus, Stance, StatusChange, Support

S = ProposalStatus
SUBJECTS = [
    "stages", "duaal leren", "werkplekleren", "taalcoaching", "jobbeurs", "opleiding",
    "innovatie", "korte keten", "energie-efficiëntie", "mobiliteit", "imagocampagne",
    "starterscoaching", "technisch onderwijs", "omscholing", "werkbaar werk", "digitalisering",
]  # fmt: skip
GROUPS = [
    "voor werkzoekenden", "in de chemie", "voor jongeren", "voor KMO's", "in de tuinbouw",
    "langs de E19", "voor anderstaligen", "voor 50-plussers", "in Mechelen-Noord",
    "met de scholen", "voor vrouwen in technische beroepen",
]  # fmt: skip
VERBS = ["Meer", "Samen werken aan", "Een proefproject rond", "Versterking van", "Netwerk voor"]
COMMENTS = [
    "Goed idee, wij willen meewerken.",
    "Hoe wordt dit gefinancierd?",
    "Sluit dit aan bij het bestaande aanbod van VDAB?",
    "Kunnen we dit uitbreiden naar de andere sectoren?",
    "Graag concrete cijfers over het bereik.",
]
# Distribution of statuses, roughly as in a real round.
STATUS_WEIGHTS = [
    (S.DRAFT, 10), (S.SUBMITTED, 25), (S.UNDER_REVIEW, 15), (S.CHANGES_REQUESTED, 5),
    (S.APPROVED, 25), (S.REJECTED, 10), (S.MERGED, 5), (S.WITHDRAWN, 5),
]  # fmt: skip


class Command(BaseCommand):
    help = "Fill the database with N realistic proposals (with supports and comments)."

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, required=True, help="how many to add")
        parser.add_argument("--organisations", type=int, default=0, help="organisations to add")
        parser.add_argument("--people", type=int, default=0, help="partners' members to add")
        parser.add_argument("--ateliers", type=int, default=0, help="ateliers to add")
        parser.add_argument("--seed", type=int, default=42, help="random seed (repeatable)")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **options):
        count = options["proposals"]
        extra = {name: options[name] for name in ("organisations", "people", "ateliers")}
        if count < 0 or min(extra.values()) < 0:
            raise CommandError("Every count must be zero or more.")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            added = seed_scale(count, rng=rng, batch_size=options["batch_size"], **extra)
        self.stdout.write(self.style.SUCCESS(f"Added {added} proposals."))


@contextmanager
def _keep_timestamps():
    """Let bulk_create store the spread-out creation dates instead of 'now'."""
    fields = [Proposal._meta.get_field("created_at"), Proposal._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _ensure_base() -> None:
    if Sector.objects.exists() and Organisation.objects.count() >= 3:
        return
    from sectors import demo as sectors_demo
    from streekpact.partners import demo as partners_demo

    partners_demo.seed(password=make_password(None))
    sectors_demo.seed(password="")


def _members(organisations) -> dict[int, list[User]]:
    """Two scale users per organisation (created once), to author and comment."""
    members: dict[int, list[User]] = {}
    unusable = make_password(None)
    new = []
    for org in organisations:
        for i in (1, 2):
            email = f"scale{i}@{org.pk}.scale.streekpact.test"
            new.append(User(email=email, name=f"{org.short_name} medewerker {i}",
                            role=Role.PARTNER, organisation=org, password=unusable))  # fmt: skip
    User.objects.bulk_create(new, ignore_conflicts=True)
    for user in User.objects.filter(role=Role.PARTNER, organisation__in=organisations):
        members.setdefault(user.organisation_id, []).append(user)
    return members


def seed_partnership(
    *, organisations: int, people: int, ateliers: int, rng: random.Random, batch_size: int = 1000
) -> None:
    """Add `organisations` active organisations, `people` partners' members spread over all
    active organisations, and `ateliers` ateliers spread over the sectors, half in the next
    four months, half in the two years before (those held, some with a published report)."""
    now = timezone.now()
    start = Organisation.objects.count()
    kinds = list(OrganisationKind.values)
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Schaalorganisatie {start + i} {rng.choice(SUBJECTS)}",
                short_name=f"Schaal {start + i}",
                kind=rng.choice(kinds),
            )
            for i in range(organisations)
        ],
        batch_size=batch_size,
    )
    active = list(Organisation.objects.filter(is_active=True).values_list("pk", flat=True))
    unusable = make_password(None)
    first = User.objects.count()
    User.objects.bulk_create(
        [
            User(
                email=f"scale-person{first + i}@scale.streekpact.test",
                name=f"Medewerker {first + i}",
                role=Role.PARTNER,
                organisation_id=rng.choice(active),
                password=unusable,
            )
            for i in range(people)
        ],
        batch_size=batch_size,
    )
    sectors = list(Sector.objects.values_list("pk", flat=True))
    if not ateliers or not sectors:
        return
    new = []
    for _ in range(ateliers):
        # Half of them ahead (the atelier list shows the upcoming ones first), half behind.
        days = rng.randint(1, 120) if rng.random() < 0.5 else -rng.randint(1, 700)
        starts = now + timedelta(days=days, hours=rng.randint(-4, 4))
        status = AtelierStatus.PLANNED
        published = None
        if starts < now:
            status = rng.choice([AtelierStatus.HELD, AtelierStatus.REPORT_PUBLISHED])
            published = (
                starts + timedelta(days=7) if status == AtelierStatus.REPORT_PUBLISHED else None
            )
        atelier = Atelier(
            sector_id=rng.choice(sectors),
            title=f"Atelier {rng.choice(SUBJECTS)} {rng.choice(GROUPS)}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            location="Grote Markt 1, Mechelen",
            description=f"We verkennen samen {rng.choice(SUBJECTS)}.",
            status=status,
            report_summary="Verslag van het atelier." if published else "",
            report_published_at=published,
        )
        atelier.render_markdown_fields()  # bulk_create skips save(), which renders them
        new.append(atelier)
    Atelier.objects.bulk_create(new, batch_size=batch_size)


def seed_scale(
    count: int,
    *,
    rng: random.Random,
    batch_size: int = 1000,
    organisations: int = 0,
    people: int = 0,
    ateliers: int = 0,
) -> int:
    """Add `count` proposals, then grow the partnership (see `seed_partnership`): the new
    organisations are the long tail that writes no proposal yet, so the existing partners keep
    their drafts and supports as the data grows."""
    _ensure_base()
    added = _seed_proposals(count, rng=rng, batch_size=batch_size)
    seed_partnership(
        organisations=organisations,
        people=people,
        ateliers=ateliers,
        rng=rng,
        batch_size=batch_size,
    )
    listing.data_changed()  # bulk_create sends no signal: outdate cached list pages
    return added


def _seed_proposals(count: int, *, rng: random.Random, batch_size: int) -> int:
    sectors = list(Sector.objects.prefetch_related("lead_organisations"))
    organisations = list(Organisation.objects.filter(is_active=True))
    themes = list(Theme.objects.all())
    members = _members(organisations)
    staff = User.objects.filter(role=Role.STAFF).first()
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    now = timezone.now()
    added = 0
    while added < count:
        n = min(batch_size, count - added)
        proposals, plan = [], []
        for _ in range(n):
            org = rng.choice(organisations)
            sector = rng.choice(sectors)
            status = rng.choice(statuses)
            created = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
            subject = rng.choice(SUBJECTS)
            title = f"{rng.choice(VERBS)} {subject} {rng.choice(GROUPS)}"[:200]
            answer = ""
            if status in (S.APPROVED, S.REJECTED, S.MERGED):
                answer = {
                    S.APPROVED: "Goedgekeurd; wordt een actie in het pact.",
                    S.REJECTED: "Afgewezen: valt buiten de bevoegdheid van het streekpact.",
                    S.MERGED: "Samengevoegd met een gelijkaardig voorstel.",
                }[status]
            proposals.append(
                Proposal(
                    title=title[:1].upper() + title[1:],
                    summary=f"{org.short_name} stelt voor om in te zetten op {subject} "
                    f"{rng.choice(GROUPS)} in de sector {sector.name.lower()}.",
                    body=f"## Waarom\n\nDe sector {sector.name} zoekt mensen.\n\n"
                    f"## Wat\n\nWe willen {subject} organiseren, samen met de partners.",
                    sector=sector,
                    organisation=org,
                    created_by=(members.get(org.pk) or [None])[0],
                    status=status if status != S.MERGED else S.APPROVED,  # target set below
                    proposed_actions=f"Een proefproject rond {subject}.",
                    lead_organisation=org,
                    indicators="Aantal deelnemers per jaar.",
                    budget_estimate=rng.choice([None, 10000, 25000, 50000, 120000]),
                    submitted_at=None if status == S.DRAFT else created + timedelta(days=1),
                    decided_at=created + timedelta(days=30) if answer else None,
                    answer=answer,
                    answered_by=staff if answer else None,
                    created_at=created,
                    updated_at=created,
                )
            )
            plan.append((status, created))
        for proposal in proposals:
            proposal.render_markdown_fields()  # bulk_create skips save(), which renders them
        with _keep_timestamps():
            Proposal.objects.bulk_create(proposals, batch_size=batch_size)
        _relations(proposals, plan, rng, organisations, themes, members, staff, batch_size)
        added += n
    return added


def _relations(proposals, plan, rng, organisations, themes, members, staff, batch_size):
    theme_links, author_links, changes, supports, comments = [], [], [], [], []
    ThemeLink = Proposal.themes.through  # noqa: N806
    AuthorLink = Proposal.authors.through  # noqa: N806
    merged_updates = []
    approved = [p for p, (s, _) in zip(proposals, plan, strict=True) if s == S.APPROVED]
    for proposal, (status, _created) in zip(proposals, plan, strict=True):
        for theme in rng.sample(themes, k=min(len(themes), rng.randint(1, 2))):
            theme_links.append(ThemeLink(proposal_id=proposal.pk, theme_id=theme.pk))
        if proposal.created_by_id:
            author_links.append(AuthorLink(proposal_id=proposal.pk, user_id=proposal.created_by_id))
        if status == S.DRAFT:
            continue
        path = [S.DRAFT, S.SUBMITTED]
        if status in (S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.MERGED):
            path.append(S.UNDER_REVIEW)
        if status not in (S.SUBMITTED, S.UNDER_REVIEW):
            path.append(status)
        for old, new in zip(path, path[1:], strict=False):
            changes.append(StatusChange(
                proposal_id=proposal.pk, from_status=old, to_status=new,
                by=staff if new not in (S.SUBMITTED, S.WITHDRAWN) else proposal.created_by,
                reason="Graag cijfers toevoegen." if new == S.CHANGES_REQUESTED else "",
            ))  # fmt: skip
        if status == S.MERGED and approved:
            target = rng.choice(approved)
            if target.pk != proposal.pk:
                merged_updates.append((proposal.pk, target.pk))
        for org in rng.sample(organisations, k=rng.randint(0, min(6, len(organisations)))):
            if org.pk == proposal.organisation_id:
                continue
            stance = rng.choices(
                [Stance.SUPPORT, Stance.OBJECTION, Stance.ABSTENTION], weights=[8, 1, 1]
            )[0]
            supports.append(Support(
                proposal_id=proposal.pk, organisation_id=org.pk, stance=stance,
                reason="Te weinig uitgewerkt." if stance == Stance.OBJECTION else "",
            ))  # fmt: skip
        for _ in range(rng.randint(0, 3)):
            author = rng.choice(members.get(rng.choice(organisations).pk) or [staff])
            comments.append(
                Comment(proposal_id=proposal.pk, author=author, text=rng.choice(COMMENTS))
            )
    ThemeLink.objects.bulk_create(theme_links, batch_size=batch_size, ignore_conflicts=True)
    AuthorLink.objects.bulk_create(author_links, batch_size=batch_size, ignore_conflicts=True)
    StatusChange.objects.bulk_create(changes, batch_size=batch_size)
    Support.objects.bulk_create(supports, batch_size=batch_size, ignore_conflicts=True)
    Comment.objects.bulk_create(comments, batch_size=batch_size)
    for pk, target in merged_updates:
        Proposal.objects.filter(pk=pk).update(status=S.MERGED, merged_into_id=target)

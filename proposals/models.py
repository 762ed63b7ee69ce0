"""Proposals (voorstellen) from the field, the support they gather and their review."""

import datetime
import functools
import re

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ateliers.models import Atelier, Conclusion
from sectors.models import Sector, Theme
from streekpact.core.models import Attachment as BaseAttachment
from streekpact.core.models import TimeStampedModel
from streekpact.core.text import (
    LONG_TEXT,
    MEDIUM_TEXT,
    SHORT_TEXT,
    SUMMARY_TEXT,
    BoundedTextField,
    RenderedMarkdownMixin,
    html_field,
)
from streekpact.partners.models import Organisation, Role, User


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Bootstrap colour of each status's badge.
STATUS_TONES = {
    ProposalStatus.DRAFT: "secondary",
    ProposalStatus.SUBMITTED: "primary",
    ProposalStatus.UNDER_REVIEW: "info",
    ProposalStatus.CHANGES_REQUESTED: "warning",
    ProposalStatus.APPROVED: "success",
    ProposalStatus.REJECTED: "danger",
    ProposalStatus.MERGED: "dark",
    ProposalStatus.WITHDRAWN: "light",
}


#: Statuses in which the authors may edit the proposal.
EDITABLE_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED)
#: Statuses in which a proposal waits for a decision (the review queue).
OPEN_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.CHANGES_REQUESTED,
)
#: Final decisions.
CLOSED_STATUSES = (
    ProposalStatus.APPROVED,
    ProposalStatus.REJECTED,
    ProposalStatus.MERGED,
    ProposalStatus.WITHDRAWN,
)


# What the full-text column does not index (see migration 0005): all but letters, digits,
# white space, hyphens and (in a query) the quotes of a phrase.
_SEARCH_PUNCTUATION = re.compile(r'[^\w\s"-]|_')


# The conditions of `public()`, `approved()` and captured in an atelier, named once so the
# lists and the counts of the insight page filter alike.
IS_PUBLIC = ~Q(status=ProposalStatus.DRAFT)
IS_APPROVED = Q(status=ProposalStatus.APPROVED)
IS_CAPTURED = Q(atelier__isnull=False)


def owned_condition(user) -> Q:
    """The rows `owned_by(user)` keeps, as conditions on the row and one small subquery on the
    authors table by user (not a subquery over every proposal joined to its authors, which
    PostgreSQL hashed whole on every count)."""
    condition = Q(pk__in=Proposal.authors.through.objects.filter(user=user).values("proposal_id"))
    if user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return condition


class ProposalQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(IS_APPROVED)

    def for_sector(self, sector):
        return self.filter(sector=sector)

    def in_period(self, start=None, end=None):
        """Created on or after the date `start` and on or before the date `end` (optional)."""
        qs = self
        if start:
            qs = qs.filter(created_at__date__gte=start)
        if end:
            qs = qs.filter(created_at__date__lte=end)
        return qs

    def public(self):
        """Everything but drafts: what every logged-in partner may see."""
        return self.filter(IS_PUBLIC)

    def funnel_by_sector(self) -> dict[int, dict[str, int]]:
        """Per sector id: `captured` (taken down in an atelier, drafts included), `submitted`
        (`public()`) and `approved` (`approved()`), in one query; the counts filter with the
        very conditions of those methods (`IS_PUBLIC`, `IS_APPROVED`)."""
        rows = (
            self.order_by()
            .values("sector")
            .annotate(
                captured=Count("pk", filter=IS_CAPTURED),
                submitted=Count("pk", filter=IS_PUBLIC),
                approved=Count("pk", filter=IS_APPROVED),
            )
        )
        return {r["sector"]: {k: r[k] for k in ("captured", "submitted", "approved")} for r in rows}

    def counts_by_organisation_and_sector(self) -> list[tuple[int, int, int]]:
        """`(organisation id, sector id, proposals)` for the proposals in this QuerySet."""
        rows = self.order_by().values("organisation", "sector").annotate(n=Count("pk"))
        return [(r["organisation"], r["sector"], r["n"]) for r in rows if r["organisation"]]

    def most_objected(self, limit: int = 10):
        """The public proposals with the most objections (at least one), most first."""
        return (
            self.public()
            .select_related("sector", "organisation")
            .with_support_counts()
            .filter(objection_count__gt=0)
            .order_by("-objection_count", "-support_count", "pk")[:limit]
        )

    def drafts(self):
        return self.filter(status=ProposalStatus.DRAFT)

    def open(self):
        """Submitted and waiting for a decision."""
        return self.filter(status__in=OPEN_STATUSES)

    def owned_by(self, user):
        """Proposals the user (co-)authors, or that their organisation submits.

        Creating a proposal gives no ownership of its own: whoever captured a draft for another
        organisation during an atelier does not own it (see `captured_drafts_of`).
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(owned_condition(user))

    def journey_counts(self, user) -> dict[str, int]:
        """`open`, `approved`, `public` and `waiting` (the user's drafts and proposals sent back
        for changes) in one query: the home page's journey and panel asked four COUNTs each."""
        waiting = Q(status__in=[ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED])
        if user.is_authenticated:
            waiting &= owned_condition(user)
        else:
            waiting = Q(pk__in=[])
        return self.order_by().aggregate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            approved=Count("pk", filter=IS_APPROVED),
            public=Count("pk", filter=IS_PUBLIC),
            waiting=Count("pk", filter=waiting),
        )

    def visible_to(self, user):
        """What the user may open: every non-draft, plus the drafts they own (see rules.py)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        # The same set as `owned_by(user) | captured_drafts_of(user)`, written as plain
        # conditions on the row (and one small subquery on the authors table, by user), so
        # PostgreSQL filters while it walks the index instead of hashing every owned proposal
        # first: the list's count and page took 20 ms each at 10,000 proposals that way.
        mine = Q(pk__in=Proposal.authors.through.objects.filter(user=user).values("proposal_id"))
        mine |= Q(created_by=user, atelier__isnull=False)
        if user.organisation_id:
            mine |= Q(organisation_id=user.organisation_id)
        return self.filter(~Q(status=ProposalStatus.DRAFT) | mine)

    def captured_drafts_of(self, user):
        """Drafts the user captured during an atelier (they may correct them while drafts)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(status=ProposalStatus.DRAFT, created_by=user, atelier__isnull=False)

    def review_queue_for(self, user):
        """Open proposals the user reviews: all for staff, their sectors for lead organisations.

        A lead organisation does not review its own organisation's proposals.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        qs = self.open()
        if user.role == Role.STAFF:
            return qs
        if not user.organisation_id:
            return self.none()
        return qs.filter(sector__lead_organisations=user.organisation_id).exclude(
            organisation_id=user.organisation_id
        )

    def review_queue_count(self, user, counts: dict[str, int]) -> int:
        """`review_queue_for(user).count()`, given this QuerySet's `journey_counts`: staff
        review every open proposal, which `counts` already holds (no second COUNT)."""
        if user.is_authenticated and user.is_active and user.role == Role.STAFF:
            return counts["open"]
        return self.review_queue_for(user).count()

    def with_support_counts(self, *stances: str):
        """Annotate `<stance>_count` for these stances (all three when none is named):
        support_count, objection_count, abstention_count.

        Correlated subqueries rather than JOIN + GROUP BY: a page of 20 proposals sorted by date
        only counts the supports of those 20, however many proposals there are.
        """
        return self.annotate(
            **{f"{stance}_count": _stance_count(stance) for stance in stances or Stance.values}
        )

    def with_supporters(self):
        """Prefetch the supporting organisations as `proposal.supporters` (for the pact)."""
        return self.prefetch_related(
            models.Prefetch(
                "supports",
                queryset=Support.objects.filter(stance=Stance.SUPPORT)
                .select_related("organisation")
                .order_by("organisation__kind", "organisation__short_name"),
                to_attr="supporters",
            )
        )

    def for_list(self):
        """Everything a list row shows but the themes, in one query. The rows read the themes
        of a whole page in one more query (`proposals.rows`); the exports prefetch them and
        count the abstentions too."""
        return self.select_related("sector", "organisation", "atelier").with_support_counts(
            Stance.SUPPORT, Stance.OBJECTION
        )

    def for_detail(self):
        """A proposal with what its page always shows. The relations that are often empty
        (merged into, answered by, conclusion) are read only when set: each join more made
        PostgreSQL's planner search longer (8 joins: ≈ 2 ms of planning, 5: ≈ 0.6 ms)."""
        return self.select_related(
            "sector", "organisation", "atelier", "lead_organisation", "created_by"
        ).prefetch_related(
            "themes",
            Prefetch("authors", queryset=User.objects.select_related("organisation")),
            "partner_organisations",
            "sector__lead_organisations",
        )

    def with_page_counts(self):
        """What the proposal page asks of its related rows before it lists them, in the same
        query: `revision_count`, `has_attachments`, `has_merged_from` (three queries fewer;
        the lists are read only when there is something in them)."""
        return self.annotate(**_page_counts())

    def search(self, query: str):
        """Full-text search in Dutch (PostgreSQL 'dutch' configuration), icontains elsewhere."""
        query = (query or "").strip()
        if not query:
            return self
        if connection.vendor == "postgresql":
            # `search_document` is a stored generated tsvector column with a GIN index, added
            # by migration 0003 on PostgreSQL only (weights: title A, summary B, text C). Since
            # migration 0005 it indexes only letters, digits and hyphens (bounded parsing), so
            # the query drops other punctuation too: "jan@vdab.be" finds "jan", "vdab", "be".
            # Quotes (phrases) and a leading "-" (not) keep their websearch meaning.
            matches = RawSQL(
                "proposals_proposal.search_document @@ websearch_to_tsquery('dutch', %s)",
                (_SEARCH_PUNCTUATION.sub(" ", query),),
                output_field=models.BooleanField(),
            )
            return self.filter(Exact(matches, True))
        condition = Q()
        for word in query.split():
            condition &= (
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(body__icontains=word)
                | Q(proposed_actions__icontains=word)
            )
        return self.filter(condition)


class Proposal(RenderedMarkdownMixin, TimeStampedModel):
    """An idea from the field that may become an action in the pact."""

    title = models.CharField(_("title"), max_length=200)
    summary = BoundedTextField(_("summary"), max_length=SUMMARY_TEXT)
    body = BoundedTextField(
        _("full text"),
        max_length=LONG_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    body_html = html_field()
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="proposals"
    )
    atelier = models.ForeignKey(
        Atelier,
        verbose_name=_("atelier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="proposals", blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("submitting organisation"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors"), related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    # What a pact action needs.
    proposed_actions = BoundedTextField(
        _("proposed actions"), max_length=MEDIUM_TEXT, markdown=True, blank=True
    )
    proposed_actions_html = html_field()
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead partner (trekker)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_proposals",
    )
    partner_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), related_name="partnered_proposals", blank=True
    )
    timing_start = models.DateField(
        pgettext_lazy("start of a period", "from"), null=True, blank=True
    )
    timing_end = models.DateField(pgettext_lazy("end of a period", "to"), null=True, blank=True)
    indicators = BoundedTextField(_("indicators"), max_length=MEDIUM_TEXT, blank=True)
    budget_estimate = models.DecimalField(
        _("budget estimate (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Review outcome.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = BoundedTextField(
        _("official answer"), max_length=MEDIUM_TEXT, markdown=True, blank=True
    )
    answer_html = html_field()
    markdown_fields = ("body", "proposed_actions", "answer")
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("atelier conclusion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewers"),
        related_name="proposals_to_review",
        blank=True,
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            # The review queue's order over open proposals only: its first page is read from
            # the index instead of sorting every open proposal (11 ms at 10,000 proposals).
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="proposal_open_queue_idx",
            ),
            # Every column `visible_to` reads: the list's count is an index-only scan of this
            # (as the bare count over the status index is) instead of a scan of the whole table.
            models.Index(
                fields=["status", "organisation", "created_by", "atelier", "id"],
                name="proposal_visibility_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(timing_end__isnull=True)
                | models.Q(timing_start__isnull=True)
                | models.Q(timing_end__gte=models.F("timing_start")),
                name="proposal_timing_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(answer=""),
                name="rejected_proposal_has_answer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="merged_proposal_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True)
                | ~models.Q(merged_into=models.F("id")),
                name="proposal_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def status_tone(self) -> str:
        """The colour of the status badge ({% status_badge %} in core)."""
        return STATUS_TONES.get(self.status, "secondary")

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """The number a reader of the pact uses to find the source proposal, e.g. V-0042."""
        return reference(self.pk)

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_owned_by(self, user) -> bool:
        """(Co-)author or member of the submitting organisation (uses the prefetch).

        The creator is no owner as such: a facilitator who captured a draft for another
        organisation may correct it while it is a draft (`is_captured_by`), never submit or
        withdraw it in that organisation's name.
        """
        if not user.is_authenticated:
            return False
        if user.organisation_id and user.organisation_id == self.organisation_id:
            return True
        return any(author.pk == user.pk for author in self.authors.all())

    def is_captured_by(self, user) -> bool:
        """A draft this user captured during an atelier."""
        return bool(
            user.is_authenticated
            and self.status == ProposalStatus.DRAFT
            and self.atelier_id is not None
            and self.created_by_id == user.pk
        )

    def provenance(self):
        """This proposal and every proposal merged into it (recursively), oldest first."""
        seen, result, todo = set(), [], [self]
        while todo:
            current = todo.pop()
            if current.pk in seen:
                continue
            seen.add(current.pk)
            result.append(current)
            todo.extend(current.merged_from.select_related("organisation"))
        return sorted(result, key=lambda p: p.pk)


def reference(pk: int | None) -> str:
    """A proposal's reference from its id (`Proposal.reference`), e.g. V-0042."""
    return f"V-{pk:04d}" if pk else "V-????"


def merged_sources(proposal_ids) -> dict[int, list["Proposal"]]:
    """For each proposal id: every proposal merged into it (recursively), oldest first.

    One query per level of merging, whatever the number of proposals; each proposal comes with
    its organisation, atelier, authors and supporting organisations (`supporting`), so the pact
    can credit all of them.
    """
    supports = Support.objects.filter(stance=Stance.SUPPORT).select_related("organisation")
    result: dict[int, list[Proposal]] = {pk: [] for pk in proposal_ids}
    root_of = {pk: pk for pk in result}
    frontier = list(result)
    while frontier:
        level = list(
            Proposal.objects.filter(merged_into_id__in=frontier)
            .exclude(pk__in=root_of)
            .select_related("organisation", "atelier")
            .prefetch_related("authors", Prefetch("supports", supports, to_attr="supporting"))
        )
        for merged in level:
            root_of[merged.pk] = root_of[merged.merged_into_id]
            result[root_of[merged.pk]].append(merged)
        frontier = [p.pk for p in level]
    for merged in result.values():
        merged.sort(key=lambda p: p.pk)
    return result


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECTION = "objection", _("Objection")
    ABSTENTION = "abstention", _("Abstention")


class SupportQuerySet(models.QuerySet):
    def stances_by_sector_and_kind(self) -> list[tuple[int, str, str, int]]:
        """`(sector id, organisation kind, stance, positions)`, in one query."""
        rows = (
            self.order_by()
            .values("proposal__sector", "organisation__kind", "stance")
            .annotate(n=Count("pk"))
        )
        return [(r["proposal__sector"], r["organisation__kind"], r["stance"], r["n"]) for r in rows]

    def supports_by_organisation_and_sector(self) -> list[tuple[int, int, int]]:
        """`(organisation id, sector id, supports)`: the proposals each organisation supports."""
        rows = (
            self.filter(stance=Stance.SUPPORT)
            .order_by()
            .values("organisation", "proposal__sector")
            .annotate(n=Count("pk"))
        )
        return [(r["organisation"], r["proposal__sector"], r["n"]) for r in rows]


class Support(TimeStampedModel):
    """An organisation's position on a proposal (draagvlak): one per organisation, changeable."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    stance = models.CharField(_("stance"), max_length=12, choices=Stance.choices)
    reason = BoundedTextField(_("reason"), max_length=SHORT_TEXT, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="one_position_per_organisation"
            ),
            models.CheckConstraint(
                condition=~models.Q(stance="objection") | ~models.Q(reason=""),
                name="objection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_stance_display()}"


class StatusChange(models.Model):
    """Every status change of a proposal: who, when, why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        pgettext_lazy("status before a change", "from"),
        max_length=20,
        choices=ProposalStatus.choices,
    )
    to_status = models.CharField(
        pgettext_lazy("status after a change", "to"), max_length=20, choices=ProposalStatus.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The reason of a decision may become the official answer, hence the answer's limit.
    reason = BoundedTextField(_("reason"), max_length=MEDIUM_TEXT, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} -> {self.to_status}"


class Attachment(BaseAttachment):
    """A file attached to a proposal; its type was checked by content, not by name."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(BaseAttachment.Meta):
        pass

    def upload_folder(self) -> str:
        return f"proposals/{self.proposal_id}"

    def get_absolute_url(self) -> str:
        return reverse(
            "proposals:attachment_download",
            kwargs={"pk": self.proposal_id, "attachment_pk": self.pk},
        )


#: The fields a revision keeps, in the order the diff shows them.
REVISED_FIELDS = ("title", "summary", "body", "proposed_actions", "indicators")


class Revision(models.Model):
    """A snapshot of the proposal's text, taken at submission and after every later edit."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    summary = BoundedTextField(_("summary"), max_length=SUMMARY_TEXT)
    body = BoundedTextField(_("full text"), max_length=LONG_TEXT, blank=True)
    proposed_actions = BoundedTextField(_("proposed actions"), max_length=MEDIUM_TEXT, blank=True)
    indicators = BoundedTextField(_("indicators"), max_length=MEDIUM_TEXT, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="unique_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} r{self.number}"


class ReviewNote(models.Model):
    """A private note of a reviewer: staff and the sector's lead organisations; never authors."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="review_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = BoundedTextField(_("note"), max_length=MEDIUM_TEXT)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")

    def __str__(self) -> str:
        return self.text[:60]


class Comment(models.Model):
    """A comment on a submitted proposal; replies go one level deep."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposal_comments",
    )
    text = BoundedTextField(_("comment"), max_length=MEDIUM_TEXT)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def edit_deadline(self):
        return self.created_at + datetime.timedelta(minutes=settings.COMMENT_EDIT_MINUTES)

    def is_editable_now(self) -> bool:
        return not self.is_removed and timezone.now() < self.edit_deadline


@functools.cache
def _stance_count(stance: str):
    """How many organisations took this stance on the proposal (a correlated subquery). Built
    once: making the subquery anew for every list page cost ≈ 0.25 ms per stance."""
    supports = (
        Support.objects.filter(proposal=OuterRef("pk"), stance=stance)
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(supports, output_field=models.IntegerField()), 0)


@functools.cache
def _page_counts() -> dict:
    """The proposal page's counts as expressions, built once (see `with_page_counts`)."""
    revisions = (
        Revision.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .annotate(n=models.Func(models.F("pk"), function="COUNT"))
        .values("n")
    )
    return {
        "revision_count": Subquery(revisions, output_field=models.IntegerField()),
        "has_attachments": models.Exists(Attachment.objects.filter(proposal=OuterRef("pk"))),
        "has_merged_from": models.Exists(Proposal.objects.filter(merged_into=OuterRef("pk"))),
    }

"""The pact document: the pact, its chapters, objectives and actions, and rendered drafts.

Staff compose the pact from approved proposals: every action keeps a link to the proposal it
came from (and through it to its authors, atelier and supporting organisations). A draft is a
frozen, numbered version of that content (a JSON snapshot with a checksum) rendered to PDF by a
Celery worker; the PDF is only ever served through a permission-checked view.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proposals.models import Proposal
from sectors.models import Sector
from streekpact.core.models import TimeStampedModel
from streekpact.core.text import (
    LONG_TEXT,
    MEDIUM_TEXT,
    BoundedTextField,
    RenderedMarkdownMixin,
    html_field,
)
from streekpact.partners.models import Organisation, Role


class PactQuerySet(models.QuerySet):
    def current(self) -> "Pact":
        """The pact being written (one per round). A read: the pact is created by the data
        migration `0003_the_pact_and_its_sector_chapters` (or `pact_prepare` in seeds and tests);
        a database without one raises `Pact.DoesNotExist` (a 404 in views)."""
        pact = self.order_by("pk").first()
        if pact is None:
            raise self.model.DoesNotExist("No pact yet: run the migrations (or seed_demo).")
        return pact


class Pact(RenderedMarkdownMixin, TimeStampedModel):
    """The regional pact: its texts around the chapters."""

    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=40, help_text=_("For example 2014-2020."))
    foreword = BoundedTextField(
        _("foreword"),
        max_length=LONG_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    foreword_html = html_field()
    process = BoundedTextField(
        _("the process followed"),
        max_length=LONG_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    process_html = html_field()
    vision = BoundedTextField(
        _("vision"),
        max_length=MEDIUM_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    vision_html = html_field()
    mission = BoundedTextField(
        _("mission"),
        max_length=MEDIUM_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    mission_html = html_field()

    markdown_fields = ("foreword", "process", "vision", "mission")

    objects = PactQuerySet.as_manager()

    class Meta:
        verbose_name = _("pact")
        verbose_name_plural = _("pacts")

    def __str__(self) -> str:
        return f"{self.title} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("pact:detail")


class ChapterPlacement(models.TextChoices):
    BEFORE = "before", _("Before the sector chapters")
    SECTORS = "sectors", _("Among the sector chapters")
    AFTER = "after", _("After the sector chapters")


def pact_order(prefix: str = "") -> list:
    """Order by: staff chapters placed before, sector chapters in the sectors' order, after."""
    return [
        Case(
            When(**{f"{prefix}placement": ChapterPlacement.BEFORE}, then=Value(0)),
            When(**{f"{prefix}placement": ChapterPlacement.SECTORS}, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        Coalesce(f"{prefix}sector__position", f"{prefix}position"),
        f"{prefix}position",
        f"{prefix}pk",
    ]


class ChapterQuerySet(models.QuerySet):
    def in_pact_order(self):
        return self.select_related("sector").order_by(*pact_order())

    def with_outline(self):
        """With their objectives, operational objectives and actions in order (no N+1)."""
        actions = Action.objects.with_details().order_by("position", "pk")
        operational = OperationalObjective.objects.prefetch_related(
            models.Prefetch("actions", queryset=actions)
        ).order_by("position", "pk")
        return self.prefetch_related(
            models.Prefetch(
                "objectives",
                queryset=StrategicObjective.objects.prefetch_related(
                    models.Prefetch("operational_objectives", queryset=operational)
                ).order_by("position", "pk"),
            )
        )


class Chapter(RenderedMarkdownMixin, TimeStampedModel):
    """A chapter of the pact: one per sector, plus chapters staff add (introduction, monitoring)."""

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.CASCADE, related_name="chapters"
    )
    sector = models.OneToOneField(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pact_chapter",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    introduction = BoundedTextField(
        _("introduction"),
        max_length=LONG_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    introduction_html = html_field()
    markdown_fields = ("introduction",)
    placement = models.CharField(
        _("placement"),
        max_length=10,
        choices=ChapterPlacement.choices,
        default=ChapterPlacement.AFTER,
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ChapterQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(sector__isnull=False) & models.Q(placement="sectors"))
                | (models.Q(sector__isnull=True) & ~models.Q(placement="sectors")),
                name="pact_chapter_sector_placement",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pact:chapter_detail", kwargs={"slug": self.slug})

    @property
    def is_sector_chapter(self) -> bool:
        return self.sector_id is not None


class StrategicObjective(RenderedMarkdownMixin, TimeStampedModel):
    """A strategic objective (strategische doelstelling) of a chapter."""

    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(_("title"), max_length=300)
    description = BoundedTextField(
        _("description"),
        max_length=MEDIUM_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    description_html = html_field()
    markdown_fields = ("description",)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")

    def __str__(self) -> str:
        return self.title

    @property
    def siblings(self):
        return StrategicObjective.objects.filter(chapter_id=self.chapter_id)


class OperationalObjective(TimeStampedModel):
    """An operational objective (operationele doelstelling) under a strategic objective."""

    strategic_objective = models.ForeignKey(
        StrategicObjective,
        verbose_name=_("strategic objective"),
        on_delete=models.CASCADE,
        related_name="operational_objectives",
    )
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("operational objective")
        verbose_name_plural = _("operational objectives")

    def __str__(self) -> str:
        return self.title

    @property
    def siblings(self):
        return OperationalObjective.objects.filter(
            strategic_objective_id=self.strategic_objective_id
        )

    @property
    def chapter(self) -> Chapter:
        return self.strategic_objective.chapter


class ActionQuerySet(models.QuerySet):
    def for_proposals(self, proposals):
        """The actions placed from these proposals (a QuerySet of proposals)."""
        return self.filter(proposal__in=proposals.values("pk"))

    def placed_by_sector(self) -> dict[int, int]:
        """Per sector id (the proposal's): how many proposals became at least one action."""
        rows = (
            self.order_by()
            .values("proposal__sector")
            .annotate(n=models.Count("proposal", distinct=True))
        )
        return {r["proposal__sector"]: r["n"] for r in rows}

    def involving(self, organisation):
        """Actions where the organisation is the trekker or one of the partners."""
        return self.filter(
            models.Q(trekker=organisation) | models.Q(partners=organisation)
        ).distinct()

    def with_details(self):
        return self.select_related(
            "trekker",
            "proposal__atelier",
            "operational_objective__strategic_objective__chapter",
        ).prefetch_related("partners")


class Action(RenderedMarkdownMixin, TimeStampedModel):
    """An action of the pact, worded for the pact, always traceable to its source proposal."""

    operational_objective = models.ForeignKey(
        OperationalObjective,
        verbose_name=_("operational objective"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("source proposal"),
        on_delete=models.PROTECT,
        related_name="pact_actions",
    )
    title = models.CharField(_("action (wording in the pact)"), max_length=300)
    description = BoundedTextField(
        _("description"),
        max_length=MEDIUM_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    description_html = html_field()
    markdown_fields = ("description",)
    trekker = models.ForeignKey(
        Organisation,
        verbose_name=_("lead partner (trekker)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pact_actions_led",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), related_name="pact_actions", blank=True
    )
    timing_start = models.DateField(
        pgettext_lazy("start of a period", "from"), null=True, blank=True
    )
    timing_end = models.DateField(pgettext_lazy("end of a period", "to"), null=True, blank=True)
    indicators = BoundedTextField(_("indicators"), max_length=MEDIUM_TEXT, blank=True)
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(timing_end__isnull=True)
                | models.Q(timing_start__isnull=True)
                | models.Q(timing_end__gte=models.F("timing_start")),
                name="pact_action_timing_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="pact_action_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def siblings(self):
        return Action.objects.filter(operational_objective_id=self.operational_objective_id)

    @property
    def chapter(self) -> Chapter:
        return self.operational_objective.strategic_objective.chapter

    @cached_property
    def number(self) -> str:
        """The action's number as the pact prints it: chapter.strategic.operational.action."""
        operational = self.operational_objective
        strategic = operational.strategic_objective
        chapter = strategic.chapter

        def index(item, queryset) -> int:
            return list(queryset.values_list("pk", flat=True)).index(item.pk) + 1

        chapters = Chapter.objects.filter(pact_id=chapter.pact_id).in_pact_order()
        return ".".join(
            str(n)
            for n in (
                index(chapter, chapters),
                index(strategic, strategic.siblings.order_by("position", "pk")),
                index(operational, operational.siblings.order_by("position", "pk")),
                index(self, self.siblings.order_by("position", "pk")),
            )
        )


class DraftScope(models.TextChoices):
    WHOLE = "whole", _("The whole pact")
    CHAPTER = "chapter", _("One chapter")


class DraftStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


#: Bootstrap colour of each status's badge.
STATUS_TONES = {
    DraftStatus.QUEUED: "secondary",
    DraftStatus.RENDERING: "warning",
    DraftStatus.READY: "success",
    DraftStatus.FAILED: "danger",
}


ACTIVE_STATUSES = (DraftStatus.QUEUED, DraftStatus.RENDERING)


class DraftQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def ready(self):
        return self.filter(status=DraftStatus.READY)

    def with_people(self):
        return self.select_related("requested_by", "chapter")

    def visible_to(self, user):
        """Staff and the chair see every draft; partners only the ready ones staff shared."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in (Role.STAFF, Role.CHAIR):
            return self
        return self.filter(status=DraftStatus.READY, shared_with_partners=True)


def draft_upload_to(instance, filename: str) -> str:
    return f"pact/drafts/{filename}"


class Draft(TimeStampedModel):
    """A numbered, frozen version of the pact (or of one chapter), rendered to PDF."""

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.CASCADE, related_name="drafts"
    )
    version = models.PositiveIntegerField(_("version"))
    scope = models.CharField(
        _("scope"), max_length=10, choices=DraftScope.choices, default=DraftScope.WHOLE
    )
    chapter = models.ForeignKey(
        Chapter,
        verbose_name=_("chapter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafts",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="pact_drafts",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous draft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DraftStatus.choices,
        default=DraftStatus.QUEUED,
        db_index=True,
    )
    failure_reason = models.TextField(_("reason of failure"), blank=True)
    snapshot = models.JSONField(_("frozen content"), default=dict)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64, db_index=True)
    pdf = models.FileField(_("PDF"), upload_to=draft_upload_to, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    shared_with_partners = models.BooleanField(_("shared with the partners"), default=False)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    started_at = models.DateTimeField(_("rendering started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["pact", "version"], name="pact_draft_version_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(pdf=""),
                name="pact_ready_draft_has_pdf",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(failure_reason=""),
                name="pact_failed_draft_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="whole") | models.Q(chapter__isnull=True),
                name="pact_whole_draft_has_no_chapter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pact} — ontwerp versie {self.version}"

    @property
    def status_tone(self) -> str:
        """The colour of the status badge ({% status_badge %} in core)."""
        return STATUS_TONES.get(self.status, "secondary")

    def get_absolute_url(self) -> str:
        return reverse("pact:draft_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def scope_label(self) -> str:
        if self.scope == DraftScope.CHAPTER:
            title = (self.snapshot.get("meta") or {}).get("chapter_title") or (
                self.chapter.title if self.chapter else ""
            )
            return f"{self.get_scope_display()}: {title}"
        return str(self.get_scope_display())

    @property
    def changes(self) -> dict:
        return self.snapshot.get("changes") or {}

    @property
    def filename(self) -> str:
        meta = self.snapshot.get("meta") or {}
        suffix = f"-{meta['chapter_slug']}" if meta.get("chapter_slug") else ""
        return f"streekpact-ontwerp-v{self.version}{suffix}.pdf"


class ChapterRendering(TimeStampedModel):
    """A chapter laid out alone (pact/assembly.py), kept for the drafts that follow.

    Keyed by `assembly.chapter_key`: the checksum of the chapter's frozen content and of the
    renderer (its version, templates and stylesheet), so a draft whose chapter did not change
    since an earlier draft reuses this rendering instead of laying the chapter out again.
    A cache: written by the render tasks only, never shown, safe to delete.
    """

    key = models.CharField(_("content and renderer checksum"), max_length=64, unique=True)
    pdf = models.FileField(_("PDF"), upload_to="pact/chapters/")
    pages = models.JSONField(_("anchors per page"), default=list)

    class Meta:
        verbose_name = _("chapter rendering")
        verbose_name_plural = _("chapter renderings")

    def __str__(self) -> str:
        return f"{self.key[:12]} ({len(self.pages)} p.)"

"""GET never writes: every GET page of the portal, for every role, with real objects.

Two nets: `client_for` (tests/conftest.py) checks every GET of the role matrices, and this
module walks the urlconf so that a new page is checked even before its matrix is written.
Each GET runs inside CaptureQueriesContext; an INSERT, UPDATE or DELETE fails (the session
row and last_login aside). A URL name missing from the tables below fails too, so no page
escapes the check.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from ateliers.models import Registration
from pact import services as pact_services
from pact.models import Action, Chapter
from proposals.models import ProposalStatus
from streekpact.partners.models import Invitation

from ..ateliers.factories import AttachmentFactory
from ..conftest import writes_in
from ..factories import (
    AtelierFactory,
    ProposalFactory,
    RegistrationFactory,
    ThemeFactory,
)
from ..pact.factories import OperationalObjectiveFactory, StrategicObjectiveFactory, place

pytestmark = pytest.mark.django_db

OUR_NAMESPACES = {
    "partners",
    "sectors",
    "ateliers",
    "proposals",
    "pact",
    "consultation",
    "monitoring",
    "insight",
    "adoption",
    "public",
    "core",
}
ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]
#: POST-only actions (they answer a GET with 405, which the walk checks as well).
POST_ONLY = {
    "ateliers:register",
    "ateliers:register_colleague",
    "ateliers:registration_cancel",
    "ateliers:report_publish",
    "ateliers:attachment_delete",
    "sectors:move",
    "partners:invitation_revoke",
    "partners:feed_renew",
    "partners:feed_revoke",
    "partners:feed_revoke_for",
    "partners:notifications_read",
    "partners:notification_open",
    "proposals:submit",
    "proposals:withdraw",
    "proposals:support",
    "proposals:comment_create",
    "proposals:comment_remove",
    "proposals:attachment_delete",
    "proposals:attachment_upload",
    "proposals:note_create",
    "proposals:reviewers",
    "proposals:bulk",
    "pact:objective_delete",
    "pact:move",
    "pact:draft_share",
    "monitoring:period_status",
    "monitoring:report_send_back",
    "monitoring:remark_create",
    "monitoring:attachment_upload",
    "monitoring:indicator_delete",
    "monitoring:monitoring_report_request",
    "monitoring:indicators_from_wording",
    "consultation:round_complete",
    "consultation:reaction_hide",
    "consultation:amendment_apply",
    "adoption:propose",
    "adoption:withdraw",
    "adoption:remind",
    "adoption:partial_signing",
    "adoption:rendition_request",
    "adoption:signing_right_revoke",
    "public:erasure_request",
    "public:erasure_carry_out",
}


def _our_url_names():
    names = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, pattern.namespace or namespace)
            elif pattern.name and namespace in OUR_NAMESPACES:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver(), "")
    return names


@pytest.fixture
def world(cast, chemie, voka, vdab):
    """One of everything a page can show, owned by the lead's organisation (Voka)."""
    lead = cast["lead"]
    atelier = AtelierFactory(sector=chemie, leads=[voka])
    registration = RegistrationFactory(atelier=atelier, user=lead)
    attachment = AttachmentFactory(atelier__sector=chemie, atelier__leads=[voka])
    proposal = ProposalFactory(
        sector=chemie, created_by=lead, status=ProposalStatus.SUBMITTED, atelier=atelier
    )
    comment = proposal.comments.create(author=lead, text="Een opmerking")
    approved = ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.APPROVED)
    unplaced = ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.APPROVED)
    pact = pact_services.pact_prepare()
    chapter = Chapter.objects.get(sector=chemie)
    strategic = StrategicObjectiveFactory(chapter=chapter)
    operational = OperationalObjectiveFactory(strategic_objective=strategic)
    action: Action = place(approved, operational)
    from unittest import mock

    with mock.patch("pact.services._enqueue"):
        draft, _ = pact_services.draft_request(user=cast["staff"])
    invitation = Invitation.objects.create(
        email="nieuw@voka.test", name="Nieuw", organisation=voka, token_hash="x" * 64
    )
    theme = ThemeFactory()
    return {
        "atelier": atelier,
        "registration": registration,
        "attachment": attachment,
        "proposal": proposal,
        "comment": comment,
        "unplaced": unplaced,
        "pact": pact,
        "chapter": chapter,
        "strategic": strategic,
        "operational": operational,
        "action": action,
        "draft": draft,
        "invitation": invitation,
        "theme": theme,
        "lead": lead,
        "staff": cast["staff"],
        "chair": cast["chair"],
        "partner_org": vdab,
    }


def _get_urls(w, cast):
    from ateliers.views.common import feed_token

    a, p = w["atelier"], w["proposal"]
    att = w["attachment"]
    return {
        "partners:organisation_list": reverse("partners:organisation_list"),
        "partners:organisation_create": reverse("partners:organisation_create"),
        "partners:organisation_detail": reverse(
            "partners:organisation_detail", args=[w["lead"].organisation_id]
        ),
        "partners:organisation_update": reverse(
            "partners:organisation_update", args=[w["lead"].organisation_id]
        ),
        "partners:person_update": reverse("partners:person_update", args=[w["lead"].pk]),
        "partners:organisation_search": reverse("partners:organisation_search") + "?q=vo",
        "partners:person_search": reverse("partners:person_search") + "?q=l",
        "ateliers:search": reverse("ateliers:search") + "?q=atelier",
        "partners:invitation_list": reverse("partners:invitation_list"),
        "partners:invitation_create": reverse("partners:invitation_create"),
        "partners:profile": reverse("partners:profile"),
        "partners:notifications": reverse("partners:notifications"),
        "sectors:list": reverse("sectors:list"),
        "sectors:create": reverse("sectors:create"),
        "sectors:detail": reverse("sectors:detail", args=[a.sector.slug]),
        "sectors:update": reverse("sectors:update", args=[a.sector.slug]),
        "ateliers:list": reverse("ateliers:list"),
        "ateliers:create": reverse("ateliers:create"),
        "ateliers:feed": reverse("ateliers:feed"),
        "ateliers:feed_token": reverse("ateliers:feed_token", args=[feed_token(w["lead"])]),
        "ateliers:detail": reverse("ateliers:detail", args=[a.pk]),
        "ateliers:update": reverse("ateliers:update", args=[a.pk]),
        "ateliers:cancel": reverse("ateliers:cancel", args=[a.pk]),
        "ateliers:duplicate": reverse("ateliers:duplicate", args=[a.pk]),
        "ateliers:ics": reverse("ateliers:ics", args=[a.pk]),
        "ateliers:invite": reverse("ateliers:invite", args=[a.pk]),
        "ateliers:participants_csv": reverse("ateliers:participants_csv", args=[a.pk]),
        "ateliers:attendance": reverse("ateliers:attendance", args=[att.atelier_id]),
        "ateliers:walk_in": reverse("ateliers:walk_in", args=[att.atelier_id]),
        "ateliers:report": reverse("ateliers:report", args=[att.atelier_id]),
        "ateliers:attachment_create": reverse("ateliers:attachment_create", args=[att.atelier_id]),
        "ateliers:attachment_download": att.get_absolute_url(),
        "proposals:list": reverse("proposals:list"),
        "proposals:create": reverse("proposals:create"),
        "proposals:drafts": reverse("proposals:drafts"),
        "proposals:export": reverse("proposals:export", args=["csv"]),
        "proposals:review_queue": reverse("proposals:review_queue"),
        "proposals:capture": reverse("proposals:capture", args=[a.pk]),
        "proposals:theme_list": reverse("proposals:theme_list"),
        "proposals:theme_create": reverse("proposals:theme_create"),
        "proposals:theme_update": reverse("proposals:theme_update", args=[w["theme"].pk]),
        "proposals:detail": reverse("proposals:detail", args=[p.pk]),
        "proposals:update": reverse("proposals:update", args=[p.pk]),
        "proposals:revisions": reverse("proposals:revisions", args=[p.pk]),
        "proposals:merge_targets": reverse("proposals:merge_targets", args=[p.pk]) + "?q=a",
        "proposals:comment_update": reverse(
            "proposals:comment_update", args=[p.pk, w["comment"].pk]
        ),
        "proposals:attachment_download": reverse(
            "proposals:attachment_download", args=[p.pk, 999999]
        ),
        "proposals:decide": reverse("proposals:decide", args=[p.pk]),
        "proposals:answer": reverse("proposals:answer", args=[p.pk]),
        "pact:detail": reverse("pact:detail"),
        "pact:edit": reverse("pact:edit"),
        "pact:chapter_create": reverse("pact:chapter_create"),
        "pact:chapter_detail": w["chapter"].get_absolute_url(),
        "pact:chapter_edit": reverse("pact:chapter_edit", args=[w["chapter"].slug]),
        "pact:strategic_create": reverse("pact:strategic_create", args=[w["chapter"].slug]),
        "pact:operational_create": reverse("pact:operational_create", args=[w["strategic"].pk]),
        "pact:objective_edit": reverse(
            "pact:objective_edit", args=["strategic", w["strategic"].pk]
        ),
        "pact:unplaced": reverse("pact:unplaced") + f"?sector={w['chapter'].sector_id}",
        "pact:action_place": reverse("pact:action_place", args=[w["unplaced"].pk]),
        "pact:action_edit": reverse("pact:action_edit", args=[w["action"].pk]),
        "pact:action_remove": reverse("pact:action_remove", args=[w["action"].pk]),
        "pact:draft_list": reverse("pact:draft_list"),
        "pact:draft_request": reverse("pact:draft_request"),
        "pact:draft_detail": reverse("pact:draft_detail", args=[w["draft"].pk]),
        "pact:draft_status": reverse("pact:draft_status", args=[w["draft"].pk]),
        "pact:draft_download": reverse("pact:draft_download", args=[w["draft"].pk]),
        **_extra_urls(w),
    }


def _consultation_urls(w):
    """A round open on a ready draft (Voka and VDAB invited), with a reaction of Voka."""
    from datetime import timedelta

    from django.utils import timezone

    from consultation import services as consultation_services
    from consultation.models import Audience, Round
    from pact.models import Draft, DraftStatus

    consultation = Round.objects.first()
    if consultation is None:
        Draft.objects.filter(pk=w["draft"].pk).update(
            status=DraftStatus.READY, pdf="pact/drafts/v1.pdf", page_count=1, size=10
        )
        w["draft"].refresh_from_db()
        lead = w["lead"]
        consultation = consultation_services.round_open(
            draft=w["draft"],
            title="Ronde",
            closes_on=timezone.localdate() + timedelta(days=5),
            audience=Audience.ONLY,
            organisations=[lead.organisation, w["partner_org"]],
        )
        consultation_services.reaction_create(
            round=consultation,
            organisation=lead.organisation,
            kind="comment",
            section_kind="action",
            section_id=w["action"].pk,
            body="Goed.",
            by=lead,
        )
    reaction = consultation.reactions.first()
    pk = consultation.pk
    return {
        "consultation:round_list": reverse("consultation:round_list"),
        "consultation:round_create": reverse("consultation:round_create"),
        "consultation:round_detail": reverse("consultation:round_detail", args=[pk]),
        "consultation:round_manage": reverse("consultation:round_manage", args=[pk]),
        "consultation:round_overview": reverse("consultation:round_overview", args=[pk]),
        "consultation:round_export": reverse("consultation:round_export", args=[pk]),
        "consultation:note_download": reverse("consultation:note_download", args=[pk]),
        "consultation:note_status": reverse("consultation:note_status", args=[pk]),
        "consultation:reaction_create": reverse(
            "consultation:reaction_create", args=[pk, "action", w["action"].pk]
        ),
        "consultation:reaction_edit": reverse("consultation:reaction_edit", args=[pk, reaction.pk]),
        "consultation:reaction_answer": reverse(
            "consultation:reaction_answer", args=[pk, reaction.pk]
        ),
    }


def _extra_urls(w):
    """Pages added after this walk was written; each app adds its own here."""
    urls = {}
    names = _our_url_names()
    if "consultation:round_list" in names:
        urls.update(_consultation_urls(w))
    if "insight:index" in names:
        urls["insight:index"] = reverse("insight:index") + f"?sector={w['proposal'].sector_id}"
        urls["insight:chart_csv"] = reverse("insight:chart_csv", args=["participation"])
        urls["insight:organisation_csv"] = reverse(
            "insight:organisation_csv", args=[w["proposal"].organisation_id]
        )
    if "partners:audit_list" in names:
        urls["partners:audit_list"] = reverse("partners:audit_list")
        urls["partners:audit_object"] = reverse(
            "partners:audit_object", args=["proposals", "proposal", w["proposal"].pk]
        )
    if "monitoring:period_list" in names:
        urls.update(_monitoring_urls(w))
    if "core:design" in names:
        urls["core:design"] = reverse("core:design")
    # The adoption and the public site, with the pact adopted and real ids, so the pages are
    # really drawn (and the scale test sees whether they grow with the data).
    urls.update(_adoption_and_public_urls(w))
    return urls


def _adopted(w):
    """The world's pact adopted (once), with the action's trekker set first, so the frozen
    snapshot names it."""
    from adoption.models import Adoption

    from ..adoption.factories import adopt_pact

    adoption = Adoption.objects.current()
    if adoption is None:
        action = w["action"]
        action.trekker = w["lead"].organisation
        action.save()
        adoption = adopt_pact(pact=w["pact"], staff=w["staff"], chair=w["chair"])
    return adoption


def _adoption_and_public_urls(w):
    """The adopted pact with a ready rendition, and a published period 2014 whose monitoring
    report is ready and in which the action's trekker reported: every adoption and public page
    shows something real."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from monitoring import services as monitoring_services
    from monitoring.models import MonitoringReport, PeriodStatus, ReportingPeriod

    adoption = _adopted(w)
    rendition = adoption.renditions.order_by("number").first()
    rendition.pdf.save("pact.pdf", ContentFile(b"%PDF-1.7 stub"), save=False)
    rendition.status = "ready"
    rendition.page_count, rendition.size = 1, 13
    rendition.save()
    staff, action = w["staff"], w["action"]
    period = ReportingPeriod.objects.filter(pact=w["pact"], title="2014").first()
    if period is None:
        period = monitoring_services.period_create(
            pact=w["pact"],
            title="2014",
            starts_on=dt.date(2014, 1, 1),
            ends_on=dt.date(2014, 12, 31),
            deadline=dt.date(2015, 1, 31),
            by=staff,
        )
        monitoring_services.report_save(
            period=period,
            action=action,
            status="started",
            narrative="Gestart.",
            obstacles="",
            spent=None,
            partners_involved=[],
            values={},
            submit=True,
            by=w["lead"],
        )
        monitoring_services.period_set_status(period=period, status=PeriodStatus.CLOSED, by=staff)
        monitoring_services.period_set_status(
            period=period, status=PeriodStatus.PUBLISHED, by=staff
        )
        report = MonitoringReport(period=period, status="ready", snapshot={})
        report.pdf.save("m2014.pdf", ContentFile(b"%PDF-1.7"), save=False)
        report.save()
    content = adoption.content
    years = content["pact"]["period"]
    chapter = next(c for c in content["chapters"] if c["objectives"])
    number = chapter["objectives"][0]["operational"][0]["actions"][0]["number"]
    return {
        "adoption:list": reverse("adoption:list"),
        "adoption:detail": reverse("adoption:detail", args=[adoption.pk]),
        "adoption:adopt": reverse("adoption:adopt", args=[adoption.pk]),
        "adoption:sign": reverse("adoption:sign", args=[adoption.pk]),
        "adoption:decline": reverse("adoption:decline", args=[adoption.pk]),
        "adoption:overview": reverse("adoption:overview", args=[adoption.pk]),
        "adoption:rendition_download": reverse("adoption:rendition_download", args=[rendition.pk]),
        "adoption:signing_rights": reverse("adoption:signing_rights"),
        "public:landing": reverse("public:landing"),
        "public:pact": reverse("public:pact", args=[years]),
        "public:chapter": reverse("public:chapter", args=[years, chapter["slug"]]),
        "public:action": reverse("public:action", args=[years, number]),
        "public:signatories": reverse("public:signatories", args=[years]),
        "public:process": reverse("public:process", args=[years]),
        "public:pdf": reverse("public:pdf", args=[years]),
        "public:monitoring": reverse("public:monitoring", args=[years]),
        "public:monitoring_pdf": reverse("public:monitoring_pdf", args=[years, period.pk]),
        "public:privacy": reverse("public:privacy"),
        "public:accessibility": reverse("public:accessibility"),
        "public:robots": reverse("public:robots"),
        "public:sitemap": reverse("public:sitemap"),
        "public:my_data": reverse("public:my_data"),
        "public:my_data_download": reverse("public:my_data_download"),
        "public:erasure_list": reverse("public:erasure_list"),
    }


def _monitoring_urls(w):
    import datetime as dt

    from django.core.files.base import ContentFile

    from monitoring import services as monitoring_services
    from monitoring.models import ReportAttachment

    action, staff = w["action"], w["staff"]
    action.trekker = w["lead"].organisation
    action.save()
    _adopted(w)  # only an adopted pact is monitored
    period = monitoring_services.period_create(
        pact=w["pact"],
        title="2015",
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2015, 12, 31),
        deadline=dt.date(2016, 1, 31),
        by=staff,
    )
    indicator = monitoring_services.indicator_save(action=action, by=staff, name="Stageplaatsen")
    report = monitoring_services.report_save(
        period=period,
        action=action,
        status="on_track",
        narrative="Loopt.",
        obstacles="",
        spent=None,
        partners_involved=[],
        values={},
        submit=False,
        by=w["lead"],
    )
    attachment = ReportAttachment(
        report=report, original_name="foto.pdf", content_type="application/pdf", size=4
    )
    attachment.file.save("foto.pdf", ContentFile(b"%PDF"), save=False)
    attachment.save()
    from monitoring.models import MonitoringReport

    monitoring_report = MonitoringReport(period=period, status="ready", snapshot={})
    monitoring_report.pdf.save("m.pdf", ContentFile(b"%PDF-1.7"), save=False)
    monitoring_report.save()
    return {
        "monitoring:monitoring_report_download": monitoring_report.get_absolute_url(),
        "monitoring:period_list": reverse("monitoring:period_list"),
        "monitoring:export": reverse("monitoring:export"),
        "monitoring:period_create": reverse("monitoring:period_create"),
        "monitoring:period_detail": period.get_absolute_url(),
        "monitoring:period_edit": reverse("monitoring:period_edit", args=[period.pk]),
        "monitoring:period_export": reverse("monitoring:period_export", args=[period.pk]),
        "monitoring:report_edit": reverse("monitoring:report_edit", args=[period.pk, action.pk]),
        "monitoring:report_detail": report.get_absolute_url(),
        "monitoring:attachment_download": attachment.get_absolute_url(),
        "monitoring:action_indicators": reverse("monitoring:action_indicators", args=[action.pk])
        + f"?indicator={indicator.pk}",
    }


def test_every_page_of_ours_is_in_the_walk(world, cast):
    listed = set(_get_urls(world, cast)) | POST_ONLY
    missing = _our_url_names() - listed
    assert not missing, f"add these URL names to test_get_never_writes: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
def test_no_get_writes_for_any_role(client, role, cast, world):
    if cast[role] is not None:
        client.force_login(cast[role])
    offenders = {}
    for name, url in _get_urls(world, cast).items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code < 500, (name, response.status_code)
        writes = writes_in(captured.captured_queries)
        if writes:
            offenders[name] = writes
    assert not offenders, offenders
    assert Registration.objects.filter(pk=world["registration"].pk).exists()


def test_the_guard_catches_a_write(client_for, monkeypatch, cast):
    """The net itself: a GET that writes fails the test that made it."""
    from sectors import views

    original = views.SectorListView.get_queryset

    def writing(self):
        cast["outsider"].__class__.objects.filter(pk=cast["outsider"].pk).update(name="X")
        return original(self)

    monkeypatch.setattr(views.SectorListView, "get_queryset", writing)
    with pytest.raises(AssertionError, match="wrote to the database"):
        client_for("staff").get(reverse("sectors:list"))


def test_the_adoption_and_public_pages_are_walked_with_an_adopted_pact(client, cast, world):
    """The walk (and the scale test, which reuses it) reaches the real pages, not their 404."""
    urls = _get_urls(world, cast)
    public = [
        "public:pact",
        "public:chapter",
        "public:action",
        "public:signatories",
        "public:process",
        "public:pdf",
        "public:monitoring",
        "public:monitoring_pdf",
    ]
    for name in public:
        assert client.get(urls[name]).status_code == 200, name
    assert "Gestart." in client.get(urls["public:action"]).content.decode()
    client.force_login(cast["staff"])
    for name in ["adoption:detail", "adoption:overview", "adoption:rendition_download"]:
        assert client.get(urls[name]).status_code == 200, name

"""Hostile input at every form and query parameter of the role walk: never a 500 (issue 15).

The walk is the pages of the role matrices, each opened as a role that may use it. Every form
on those pages (found in the HTML as rendered) and every query parameter is then sent odd
Unicode (², ¹, Arabic-Indic digits, RTL marks, combining characters, invalid UTF-8 such as an
escaped surrogate), huge and negative numbers, NUL bytes and malformed dates:

1. a fixed sweep: a few values spread over every field of every form and every parameter;
2. Hypothesis (derandomised, 60 examples): a different odd value per field, from the corpus
   and generated text, numbers, bytes and dates.

A 500 fails the test (the test client re-raises the server's exception). GET and POST alike.
"""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ateliers.models import AtelierInvitation
from pact import services as pact_services
from pact.models import Chapter
from proposals.models import ProposalStatus
from proposals.services import comment_add, proposal_capture
from streekpact.partners.models import OrganisationKind
from tests.factories import (
    AtelierFactory,
    ChairFactory,
    ConclusionFactory,
    OrganisationFactory,
    ProposalFactory,
    RegistrationFactory,
    SectorFactory,
    StaffFactory,
    ThemeFactory,
    UserFactory,
)
from tests.pact.factories import OperationalObjectiveFactory, StrategicObjectiveFactory

pytestmark = pytest.mark.django_db

#: Odd values, as text or raw bytes (bytes are sent percent-encoded as they are: invalid UTF-8).
SWEEP = [
    "²", "9" * 40, "1\x00", "9999-12-31T23:59", "\u202e1\u0301", b"\xed\xa0\x80", "-1", "1e999999",
]  # fmt: skip
CORPUS = [
    "²",
    "¹",
    "٣",  # an Arabic-Indic digit: int() accepts it
    "1\u200f",  # RTL mark
    "\u202e1202",  # right-to-left override
    "1\u0301",  # combining acute accent
    "9" * 40,
    "-99999999999999999999",
    "1e999999",
    "NaN",
    "1\x00",
    "\x00",
    "9999-12-31",
    "9999-12-31T23:59",
    "0000-00-00",
    "2026-02-30T25:61",
    "-1",
    "",
    b"\xed\xa0\x80",  # an escaped surrogate (CESU-8), invalid UTF-8
    b"\xff\xfe",
]

#: Query parameters read somewhere in the portal (besides the fields of its GET forms).
QUERY_PARAMETERS = [
    "sector", "atelier", "number", "conclusion", "mine", "page", "q", "status", "theme",
    "organisation", "min_support", "order", "when", "next",
]  # fmt: skip

#: Forms not to fuzz: they end the session or change the language, not input handling.
SKIP_ACTIONS = ("/accounts/logout/", "/i18n/setlang/")


@pytest.fixture
def world(db):
    """The cast of the role matrices and one object of every kind the walk opens."""
    voka = OrganisationFactory(name="Voka", short_name="Voka", kind=OrganisationKind.EMPLOYERS)
    vdab = OrganisationFactory(name="VDAB", short_name="VDAB")
    acv = OrganisationFactory(name="ACV", short_name="ACV")
    chemie = SectorFactory(name="Chemie en farma", slug="chemie-en-farma", leads=[voka])
    SectorFactory(name="Logistiek", slug="logistiek", leads=[vdab])
    cast = {
        "staff": StaffFactory(),
        "chair": ChairFactory(),
        "lead": UserFactory(organisation=voka),
        "partner": UserFactory(organisation=vdab),
        "outsider": UserFactory(organisation=acv),
    }
    theme = ThemeFactory(name="Talent", slug="talent")
    atelier = AtelierFactory(
        sector=chemie, leads=[voka], starts_at=timezone.now() + dt.timedelta(days=14)
    )
    RegistrationFactory(atelier=atelier, user=cast["partner"])
    AtelierInvitation.objects.create(atelier=atelier, organisation=acv)
    held = AtelierFactory(
        sector=chemie, leads=[voka], starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=3), status="held",
    )  # fmt: skip
    conclusion = ConclusionFactory(atelier=held, theme=theme)
    RegistrationFactory(atelier=held, user=cast["partner"], attended=True)
    lead, partner = cast["lead"], cast["partner"]
    draft = ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.DRAFT)
    submitted = ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.SUBMITTED)
    vdab_submitted = ProposalFactory(
        sector=chemie, created_by=partner, status=ProposalStatus.SUBMITTED
    )
    approved = ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.APPROVED)
    captured = proposal_capture(
        atelier=held, organisation=vdab, title="Gevangen", text="Tekst", by=lead
    )
    comment = comment_add(proposal=submitted, author=partner, text="Mijn mening")
    pact_services.pact_prepare()
    chapter = Chapter.objects.get(sector=chemie)
    strategic = StrategicObjectiveFactory(chapter=chapter)
    operational = OperationalObjectiveFactory(strategic_objective=strategic)
    p, a = "proposals", "ateliers"
    walk = [
        ("staff", reverse("home")),
        ("staff", reverse(f"{p}:list")),
        ("staff", reverse(f"{p}:review_queue")),
        ("staff", reverse(f"{p}:theme_list")),
        ("staff", reverse(f"{p}:theme_create")),
        ("staff", reverse(f"{p}:theme_update", args=[theme.pk])),
        ("staff", reverse(f"{p}:export", args=["csv"])),
        ("staff", reverse(f"{p}:detail", args=[vdab_submitted.pk])),
        ("staff", reverse(f"{p}:decide", args=[vdab_submitted.pk])),
        ("staff", reverse(f"{p}:answer", args=[vdab_submitted.pk])),
        ("staff", reverse(f"{p}:capture", args=[held.pk])),
        ("lead", reverse(f"{p}:create")),
        ("lead", reverse(f"{p}:drafts")),
        ("lead", reverse(f"{p}:detail", args=[draft.pk])),
        ("lead", reverse(f"{p}:update", args=[draft.pk])),
        ("lead", reverse(f"{p}:withdraw", args=[draft.pk])),
        ("lead", reverse(f"{p}:revisions", args=[submitted.pk])),
        ("lead", reverse(f"{p}:capture", args=[held.pk])),
        ("lead", reverse(f"{p}:update", args=[captured.pk])),
        ("lead", reverse(f"{p}:revisions", args=[captured.pk])),
        ("lead", reverse(f"{p}:review_queue")),
        ("lead", reverse(f"{p}:decide", args=[vdab_submitted.pk])),
        ("partner", reverse(f"{p}:detail", args=[submitted.pk])),
        ("partner", reverse(f"{p}:comment_update", args=[submitted.pk, comment.pk])),
        ("partner", reverse(f"{p}:detail", args=[captured.pk])),
        ("staff", reverse(f"{a}:list")),
        ("staff", reverse(f"{a}:create")),
        ("staff", reverse(f"{a}:detail", args=[atelier.pk])),
        ("staff", reverse(f"{a}:update", args=[atelier.pk])),
        ("staff", reverse(f"{a}:duplicate", args=[atelier.pk])),
        ("staff", reverse(f"{a}:invite", args=[atelier.pk])),
        ("staff", reverse(f"{a}:cancel", args=[atelier.pk])),
        ("staff", reverse(f"{a}:attendance", args=[held.pk])),
        ("staff", reverse(f"{a}:report", args=[held.pk])),
        ("lead", reverse(f"{a}:create")),
        ("partner", reverse(f"{a}:detail", args=[atelier.pk])),
        ("outsider", reverse(f"{a}:detail", args=[atelier.pk])),
        ("staff", reverse("partners:organisation_list")),
        ("staff", reverse("partners:organisation_create")),
        ("staff", reverse("partners:organisation_update", args=[voka.pk])),
        ("staff", reverse("partners:invitation_create")),
        ("lead", reverse("partners:profile")),
        ("staff", reverse("sectors:list")),
        ("staff", reverse("sectors:create")),
        ("staff", reverse("sectors:update", args=[chemie.slug])),
        ("staff", reverse("pact:detail")),
        ("staff", reverse("pact:edit")),
        ("staff", reverse("pact:chapter_create")),
        ("staff", reverse("pact:chapter_edit", args=[chapter.slug])),
        ("staff", reverse("pact:strategic_create", args=[chapter.slug])),
        ("staff", reverse("pact:operational_create", args=[strategic.pk])),
        ("staff", reverse("pact:objective_edit", args=["operational", operational.pk])),
        ("staff", reverse("pact:action_place", args=[approved.pk])),
        ("staff", reverse("pact:draft_list")),
    ]
    del conclusion
    return cast, walk


def _targets(django_app, cast, walk):
    """(role, method, url, field names) of every page of the walk and every form on it."""
    targets = []
    for role, url in walk:
        page = django_app.get(url, user=cast[role], expect_errors=True)
        assert page.status_code in (200, 302), (role, url, page.status_code)
        targets.append((role, "get", url, QUERY_PARAMETERS))
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        for form in page.forms.values():
            action = form.action or url
            if any(action.startswith(skip) for skip in SKIP_ACTIONS):
                continue
            names = sorted({name for name in form.fields if name and name != "csrfmiddlewaretoken"})
            targets.append((role, (form.method or "get").lower(), action, names))
    return targets


def _send(clients, role, method, url, values: dict):
    query = urlencode(values, doseq=True)
    client = clients[role]
    if method == "post":
        response = client.post(url, query, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(f"{url}?{query}")
    assert response.status_code < 500, (role, method, url, values)


ODD_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=["Nd", "No", "Mn", "Cf", "Zs", "Cc", "Lo", "Sm"]
    ),
    max_size=12,
)
ODD = st.one_of(
    st.sampled_from(CORPUS),
    ODD_TEXT,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.binary(max_size=6),
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.isoformat() + "T99:99"),
)


def test_hostile_input_at_every_form_and_parameter_of_the_walk_gives_no_500(django_app, world):
    cast, walk = world
    targets = _targets(django_app, cast, walk)
    posts = {(url, tuple(names)) for _, method, url, names in targets if method == "post"}
    assert len(posts) >= 30  # every create, edit, review, attendance, report and pact form
    assert any("form_token" in names for _, names in posts)
    clients = {}
    for role, user in cast.items():
        clients[role] = Client()
        clients[role].force_login(user)

    # 1. The sweep: two requests per target; field j of target i gets value (i + j + k) of the
    #    sweep, so every value reaches fields of every kind across the walk.
    for i, (role, method, url, names) in enumerate(targets):
        for k in (0, len(SWEEP) // 2):
            values = {name: SWEEP[(i + j + k) % len(SWEEP)] for j, name in enumerate(names)}
            _send(clients, role, method, url, values)

    # 2. Hypothesis: a different odd value per field of a drawn target.
    @settings(
        max_examples=60,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def check(data):
        role, method, url, names = data.draw(st.sampled_from(targets), label="target")
        values = data.draw(st.fixed_dictionaries(dict.fromkeys(names, ODD)), label="values")
        _send(clients, role, method, url, values)

    check()

"""Demo adoption: the demo's pact adopted as final, signed by Voka and VDAB.

The live pact stays editable (the adoption freezes a copy of the latest draft, the one after
the consultation round, not the pact itself): later changes make new drafts, as in the rest of
the demo. Boerenbond's signatory has not answered yet, so the signing overview and the
signature page show someone still to sign.
Idempotent: once an adoption exists, nothing is added.
"""

from datetime import timedelta

from django.utils import timezone

from pact import services as pact_services
from streekpact.partners.models import User

from . import services
from .models import Adoption

SIGNATORIES = [
    ("voka@demo.streekpact.be", "gedelegeerd bestuurder", True),
    ("vdab@demo.streekpact.be", "administrateur-generaal", True),
    ("boerenbond@demo.streekpact.be", "voorzitter", False),
]


def seed(*, password: str) -> list[str]:
    if Adoption.objects.exists():
        return []
    staff = User.objects.filter(email="staff@demo.streekpact.be").first()
    chair = User.objects.filter(email="voorzitter@demo.streekpact.be").first()
    if staff is None or chair is None:
        return []
    draft = pact_services.draft_request_sync(user=staff)
    if draft.status != "ready":
        return [f"Adoption: draft {draft.version} did not render ({draft.failure_reason})"]
    adoption = services.adoption_propose(draft=draft, by=staff)
    adoption = services.adoption_adopt(
        adoption=adoption, adopted_on=timezone.localdate() - timedelta(days=3), by=chair
    )
    for email, function, signs in SIGNATORIES:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        services.signing_right_grant(user=user, function=function, by=staff)
        if signs:
            services.signature_sign(adoption=adoption, by=user)
    services.rendition_request(adoption=adoption, by=staff)
    period = adoption.content.get("pact", {}).get("period", "")
    return [
        f"Adopted pact: draft {draft.version} as final version {adoption.number}, "
        f"signed by Voka and VDAB; public at /pact/{period}/"
    ]

"""An adopted pact for the tests of the apps above adoption (monitoring, the public site).

`adopt_pact` freezes the pact as it stands into a ready whole-pact draft (with a stub PDF, so
nothing is rendered) and takes it through the real services: proposed by staff, adopted by the
chair. The apps above see exactly what a real adoption leaves: an adopted `Adoption` with its
frozen snapshot, and a queued first rendition.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db.models import Max

from adoption import services
from adoption.models import Adoption
from pact import services as pact_services
from pact.models import Draft, DraftScope, DraftStatus
from pact.snapshot import build_content, content_checksum


def adopt_pact(*, staff, chair, pact=None, adopted_on=dt.date(2014, 6, 30)) -> Adoption:
    pact = pact or pact_services.pact_prepare()
    content = build_content(pact=pact)
    checksum = content_checksum(content)
    version = (Draft.objects.filter(pact=pact).aggregate(m=Max("version"))["m"] or 0) + 1
    draft = Draft(
        pact=pact,
        version=version,
        scope=DraftScope.WHOLE,
        requested_by=staff,
        status=DraftStatus.READY,
        snapshot={
            "meta": {"version": version, "title": f"{pact.title} {pact.period}", "scope": "whole"},
            "content": content,
            "changes": {},
            "annexes": [],
        },
        checksum=checksum,
    )
    draft.pdf.save(f"ontwerp-{version}.pdf", ContentFile(b"%PDF-1.7 stub"), save=False)
    draft.save()
    adoption = services.adoption_propose(draft=draft, by=staff)
    return services.adoption_adopt(adoption=adoption, adopted_on=adopted_on, by=chair)

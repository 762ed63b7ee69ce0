"""Atelier pages: overview, detail, planning, registration, the day, the report, calendars.

The views are split by subject; this package re-exports them for urls.py.
"""

from .browse import AtelierDetailView, AtelierListView, AtelierSearchView
from .calendar import AtelierIcsView, CalendarFeedView
from .common import (
    AtelierFormMixin,
    AtelierObjectMixin,
    feed_token,
    user_from_feed_token,
)
from .day import (
    AttachmentCreateView,
    AttachmentDeleteView,
    AttachmentDownloadView,
    AttachmentObjectMixin,
    AttendanceView,
    ReportPublishView,
    ReportUpdateView,
    WalkInCreateView,
)
from .planning import (
    AtelierCancelView,
    AtelierCreateView,
    AtelierDuplicateView,
    AtelierUpdateView,
    InvitationCreateView,
)
from .registration import (
    ParticipantsCsvView,
    RegisterColleagueView,
    RegisterView,
    RegistrationCancelView,
)

__all__ = [
    "AtelierSearchView",
    "AtelierObjectMixin",
    "AtelierFormMixin",
    "feed_token",
    "user_from_feed_token",
    "AtelierListView",
    "AtelierDetailView",
    "AtelierCreateView",
    "AtelierDuplicateView",
    "AtelierUpdateView",
    "AtelierCancelView",
    "InvitationCreateView",
    "RegisterView",
    "RegisterColleagueView",
    "RegistrationCancelView",
    "ParticipantsCsvView",
    "AttendanceView",
    "WalkInCreateView",
    "ReportUpdateView",
    "ReportPublishView",
    "AttachmentCreateView",
    "AttachmentObjectMixin",
    "AttachmentDownloadView",
    "AttachmentDeleteView",
    "AtelierIcsView",
    "CalendarFeedView",
]

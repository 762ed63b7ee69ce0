"""Who may do what in monitoring.

Only the trekker organisation reports an action; partners named on the action only remark;
staff and the chair see all. Staff set the periods and indicators, send reports back, publish.
"""

import rules

from streekpact.partners.rules import is_chair, is_logged_in, is_partner, is_resoc_staff


def _action_of(obj):
    """The action of a report (saved or not) or of an action itself."""
    return getattr(obj, "action", obj)


@rules.predicate
def is_trekker_of(user, obj) -> bool:
    action = _action_of(obj)
    return bool(
        action is not None
        and user.is_authenticated
        and action.trekker_id is not None
        and action.trekker_id == user.organisation_id
    )


@rules.predicate
def is_partner_on(user, obj) -> bool:
    """The user's organisation is named as a partner on the action (not its trekker)."""
    action = _action_of(obj)
    if action is None or not user.is_authenticated or user.organisation_id is None:
        return False
    if action.trekker_id == user.organisation_id:
        return False
    return any(p.pk == user.organisation_id for p in action.partners.all())


@rules.predicate
def is_saved_report(user, report) -> bool:
    return bool(report is not None and report.pk is not None)


staff_or_chair = is_resoc_staff | is_chair

rules.add_perm("monitoring.view_monitoring", is_logged_in & (staff_or_chair | is_partner))
rules.add_perm("monitoring.view_overview", staff_or_chair)
rules.add_perm("monitoring.manage_periods", is_resoc_staff)
rules.add_perm("monitoring.change_indicators", is_resoc_staff)
rules.add_perm("monitoring.export", staff_or_chair)
rules.add_perm("monitoring.report_action", is_partner & is_trekker_of)
rules.add_perm(
    "monitoring.view_report",
    staff_or_chair | (is_partner & (is_trekker_of | is_partner_on)),
)
rules.add_perm("monitoring.remark_report", is_partner & is_partner_on & is_saved_report)
rules.add_perm("monitoring.send_back_report", is_resoc_staff & is_saved_report)


@rules.predicate
def is_published_ready(user, monitoring_report) -> bool:
    return bool(
        monitoring_report is not None
        and monitoring_report.status == "ready"
        and monitoring_report.period.status == "published"
    )


rules.add_perm("monitoring.request_monitoring_report", is_resoc_staff)
# Staff and the chair download every ready report; partners those of published periods.
rules.add_perm(
    "monitoring.download_monitoring_report", staff_or_chair | (is_partner & is_published_ready)
)

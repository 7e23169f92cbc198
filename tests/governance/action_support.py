"""Builders for the audit and action register's tests (and the matrices' records)."""

from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from governance.choices import ActionSource
from governance.models import Action, AuditFinding, DataProtectionAudit
from governance.services import actions as services
from tests.conftest import MINIMAL_PDF
from vpp_portal.editing import save_register_row

_audits = 0


def make_audit(actor: Any, *, with_report: bool = False, **values: Any) -> DataProtectionAudit:
    global _audits
    _audits += 1
    values = {
        "title": f"Data protection audit {_audits}",
        "scope": "The ROPA and the sharing agreements.",
        "auditor_name": "Internal Audit",
        "carried_out_on": timezone.localdate() - timedelta(days=30),
        "status": "reported",
        **values,
    }
    audit = DataProtectionAudit(**values)
    if with_report:
        audit.report = ContentFile(MINIMAL_PDF, name="report.pdf")
    return save_register_row(audit, actor=actor, reason="Audit recorded")


def make_finding(audit: DataProtectionAudit, actor: Any, **values: Any) -> AuditFinding:
    values = {"severity": "medium", "description": "Two data sets had no retention date.", **values}
    return services.finding_save(AuditFinding(audit=audit, **values), actor=actor)


def source_values(source: Any) -> dict[str, Any]:
    """The fields that link a new action to ``source`` (a finding, a breach, a DPIA risk), or
    to a Board decision when ``source`` is a date."""
    if isinstance(source, date):
        return {"source": ActionSource.BOARD_DECISION, "board_decided_on": source}
    name = type(source).__name__
    return {
        "AuditFinding": {"source": ActionSource.AUDIT_FINDING, "audit_finding": source},
        "Breach": {"source": ActionSource.BREACH_LESSON, "breach": source},
        "DpiaRisk": {"source": ActionSource.DPIA_MEASURE, "dpia_risk": source},
    }[name]


def make_action(
    actor: Any,
    source: Any = None,
    *,
    owner: Any = None,
    due_on: date | None = None,
    **values: Any,
) -> Action:
    """An open action through the service, from ``source`` (a Board decision of last week by
    default), owned by ``owner`` (``actor`` by default)."""
    today = timezone.localdate()
    source = source if source is not None else today - timedelta(days=7)
    action = Action(
        title=values.pop("title", "Add a Bcc check to the e-mail checklist"),
        owner=owner or actor,
        due_on=due_on or today + timedelta(days=14),
        **source_values(source),
        **values,
    )
    return services.action_create(action, actor=actor, reason="Action agreed")


def make_overdue(action: Action, days: int = 3) -> Action:
    """Move the due date into the past, as time passing would."""
    Action.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(days=days))
    action.refresh_from_db()
    return action


def make_url_records(staff: Any) -> dict[str, Any]:
    """An audit (with its report) with one finding, and an open action from that finding owned
    by ``staff``: the records the URL and POST matrices open."""
    audit = make_audit(staff, with_report=True, title="Matrix audit")
    finding = make_finding(audit, staff)
    action = make_action(staff, finding, title="Matrix action")
    return {"dataprotectionaudit": audit, "auditfinding": finding, "action": action}

"""The Humber demo's data-protection audit and action register: one audit with two findings,
each with its action (one of them overdue), a DPIA measure's action, and the closed breach's
lesson with its action done (``breach_lesson_action``, a step of that breach's story).

Loading twice adds nothing: an audit already there is left alone with its findings and
actions."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from sharing.models import DataSource, Organisation
from vpp_portal.editing import save_links, save_register_row

from ..choices import ActionSource
from ..models import Action, AuditFinding, Breach, DataProtectionAudit, Dpia, DpiaRisk
from ..services import actions as services

DEMO = "Humber demo data"
AUDIT_TITLE = "2026 data protection audit of the VPP core team"


def breach_lesson_action(
    breach: Breach,
    /,
    *,
    actor: User,
    title: str,
    description: str,
    evidence: str,
    reason: str = DEMO,
) -> Breach:
    """A breach's lesson put on the action register and done, with its evidence (a step of the
    demo breach's story, before it is closed)."""
    action = services.action_create(
        Action(
            title=title,
            description=description,
            source=ActionSource.BREACH_LESSON,
            breach=breach,
            owner=actor,
            due_on=timezone.localdate(),
        ),
        actor=actor,
        reason=reason,
    )
    services.action_complete(
        action, actor=actor, completed_on=timezone.localdate(), evidence=evidence, reason=reason
    )
    return Breach.objects.get(pk=breach.pk)


def load_audits(*, staff: User, dpo: User) -> None:
    """The audit, its findings and their actions; one action is left overdue."""
    if DataProtectionAudit.objects.filter(title=AUDIT_TITLE).exists():
        return
    today = timezone.localdate()
    carried_out_on = today - timedelta(days=75)
    auditor = Organisation.objects.filter(name="Humberside Police").first()
    audit = DataProtectionAudit(
        title=AUDIT_TITLE,
        scope="How the core team records its processing (the ROPA), shares partner data under "
        "its agreements, and keeps and disposes of the data sets it holds. Partners' own "
        "systems were out of scope.",
        auditor_name="Humberside Police Information Assurance team",
        auditor_organisation=auditor,
        carried_out_on=carried_out_on,
        status="reported",
    )
    save_register_row(audit, actor=dpo, reason=DEMO)
    sources = list(DataSource.objects.filter(has_personal_data=True).order_by("name")[:1])
    retention = _finding(
        audit,
        dpo,
        severity="medium",
        description="Two partner-shared data sets had no retention due date recorded, so "
        "nothing would have reminded the team to dispose of them.",
        recommendation="Give every data set a retention rule and trigger date, and check "
        "monthly that none is missing.",
        data_sources=sources,
    )
    dpias = list(Dpia.objects.filter(status="approved").order_by("title")[:1])
    access = _finding(
        audit,
        dpo,
        severity="high",
        description="Leavers' access to the partnership's shared folders was removed only "
        "at the quarterly review, weeks after they left.",
        recommendation="Remove access on the day a person leaves, as part of the leavers' "
        "checklist.",
        dpias=dpias,
    )
    _action(
        staff,
        title="Record retention rules for every partner-shared data set",
        description="Add the missing retention rules and trigger dates, then add a monthly "
        "check of data sets without one to the team's calendar.",
        source=ActionSource.AUDIT_FINDING,
        audit_finding=retention,
        owner=staff,
        due_on=today + timedelta(days=21),
    )
    overdue = _action(
        staff,
        title="Remove leavers' folder access on their last day",
        description="Add folder access to the leavers' checklist, owned by the office manager.",
        source=ActionSource.AUDIT_FINDING,
        audit_finding=access,
        owner=staff,
        due_on=today,
    )
    # Due a fortnight ago and not done: the demo's overdue action (the service refuses a due
    # date in the past, so it is moved back afterwards, as the breach log's times are).
    Action.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=14))
    risk = (
        DpiaRisk.objects.filter(dpia__status="approved")
        .exclude(measure_options="")
        .order_by("dpia__title", "number")
        .first()
    )
    if risk is not None:
        _action(
            staff,
            title="Check the pseudonymisation of each extract before it is loaded",
            description="The DPIA's measure: a second analyst checks each extract.",
            source=ActionSource.DPIA_MEASURE,
            dpia_risk=risk,
            owner=staff,
            due_on=today + timedelta(days=45),
        )
    _action(
        dpo,
        title="Report the audit's findings and their actions to the Board",
        description="A summary of the audit and the progress of its actions at the next Board.",
        source=ActionSource.BOARD_DECISION,
        board_decided_on=carried_out_on + timedelta(days=30),
        owner=dpo,
        due_on=today + timedelta(days=60),
    )


def _finding(audit: DataProtectionAudit, actor: User, **values: Any) -> AuditFinding:
    links: dict[str, Any] = {
        name: values.pop(name) for name in ("data_sources", "dpias") if name in values
    }
    finding = services.finding_save(AuditFinding(audit=audit, **values), actor=actor, reason=DEMO)
    save_links(finding, links)
    return finding


def _action(actor: User, *, due_on: date, **values: Any) -> Action:
    return services.action_create(Action(due_on=due_on, **values), actor=actor, reason=DEMO)

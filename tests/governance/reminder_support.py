"""Builders for the reminder engine's tests: one record per reminder kind, owned by ``owner``,
and helpers to move its stored due date and read the ledger.

Owned by the reminder-tests helper; used by ``test_reminder_*.py``.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db.models import Model
from django.utils import timezone

from governance.choices import ReminderKind
from governance.models import Breach, Notification, Policy, Reminder
from governance.reminders.kinds import KINDS
from ropa.models import ProcessingActivity, RetentionRule
from sharing.models import RoleHolder
from tests.factories import (
    AgreementFactory,
    ConsultationFactory,
    DataSourceFactory,
    OrganisationFactory,
)

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    """A wall-clock time in London: ``london(2026, 3, 30, 0, 0, 30)``."""
    return datetime(*args, tzinfo=LONDON)  # type: ignore[arg-type,misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[arg-type,misc]


_breaches = 0


def make_breach(owner: Any, reported_by: Any | None = None, **values: Any) -> Breach:
    global _breaches
    _breaches += 1
    aware = values.pop("became_aware_at", timezone.now())
    breach = Breach(
        reference=f"BR-{_breaches:03d}",
        title=values.pop("title", f"E-mail sent to the wrong partner {_breaches}"),
        detected_at=values.pop("detected_at", aware),
        became_aware_at=aware,
        reported_by=reported_by or owner,
        owner=owner,
        description="A spreadsheet of referrals was e-mailed to the wrong council.",
        **values,
    )
    breach.save()
    return breach


def _rule(period: int = 6, unit: str = "years") -> RetentionRule:
    count = RetentionRule.objects.count()
    return RetentionRule.objects.create(
        record_class=f"Partnership analysis {count}",
        period=period,
        period_unit=unit,
        trigger="creation",
        action="review",
    )


_counter = 0


def _n() -> int:
    global _counter
    _counter += 1
    return _counter


def build(kind: ReminderKind, owner: Any, organisation: Any = None, **extra: Any) -> Model:
    """A record of the register ``kind`` reminds about, that counts for it, owned by ``owner``.
    Its due date is whatever the builder picks: move it with ``set_due``."""
    today = timezone.localdate()
    n = _n()
    if kind == ReminderKind.DPIA_REVIEW:
        from governance.models import Dpia
        from tests.dpias import draft_dpia

        dpia = draft_dpia(owner, title=f"Youth referrals matching {n}")
        Dpia.objects.filter(pk=dpia.pk).update(
            **{"status": "approved", "review_owner": owner, "next_review_on": today, **extra}
        )
        return Dpia.objects.get(pk=dpia.pk)
    if kind in (ReminderKind.AGREEMENT_REVIEW, ReminderKind.AGREEMENT_EXPIRY):
        return AgreementFactory(  # type: ignore[return-value]
            **{"status": "active", "owner": owner, "review_on": today, "expires_on": today, **extra}
        )
    if kind == ReminderKind.POLICY_REVIEW:
        return Policy.objects.create(
            **{
                "title": f"Data Protection Policy {n}",
                "kind": "policy",
                "owner_organisation": organisation,
                "status": "in_force",
                "next_review_on": today,
                "owner": owner,
                **extra,
            }
        )
    if kind in (ReminderKind.ACTIVITY_REVIEW, ReminderKind.ACTIVITY_RETENTION):
        return ProcessingActivity.objects.create(
            **{
                "name": f"Analysis of open crime data {n}",
                "business_function": "Analysis",
                "purpose": "Hotspot analysis",
                "owner": owner,
                "next_review_on": today,
                "retention_rule": _rule(),
                "retention_trigger_on": today - relativedelta(years=6),
                **extra,
            }
        )
    if kind == ReminderKind.SOURCE_RETENTION:
        return DataSourceFactory(  # type: ignore[return-value]
            **{
                "owner": owner,
                "retention_rule": _rule(),
                "retention_trigger_on": today - relativedelta(years=6),
                **extra,
            }
        )
    if kind == ReminderKind.SOURCE_REFRESH:
        return DataSourceFactory(  # type: ignore[return-value]
            **{
                "owner": owner,
                "update_frequency": "weekly",
                "last_refreshed_on": today - timedelta(days=7),
                **extra,
            }
        )
    if kind == ReminderKind.CONSULTATION_DUE:
        if organisation is not None:
            extra["organisation"] = organisation
        return ConsultationFactory(  # type: ignore[return-value]
            **{"requested_by": owner, "due_on": today, **extra}
        )
    if kind == ReminderKind.BREACH_ICO_DEADLINE:
        return make_breach(owner, **extra)
    if kind in (ReminderKind.TRAINING_EXPIRY, ReminderKind.INDUCTION_DUE):
        from tests.governance.training_support import remindable

        return remindable(kind, owner, n, **extra)
    if kind == ReminderKind.ACTION_DUE:
        from tests.governance.action_support import make_action

        return make_action(owner, title=f"Add a Bcc check {n}", due_on=today, **extra)
    if kind == ReminderKind.POLICY_READING:
        from governance.models import PolicyReadingTask

        policy = Policy.objects.create(
            title=f"Acceptable Use Policy {n}",
            kind="policy",
            owner_organisation=organisation or owner.organisation,
            status="in_force",
            version="1.0",
            required_for_roles=[owner.role],
            reading_required_on=today,
        )
        return PolicyReadingTask.objects.create(  # type: ignore[return-value]
            **{"policy": policy, "user": owner, "version": "1.0", "due_on": today, **extra}
        )
    if kind in (ReminderKind.RIGHTS_REQUEST_DUE, ReminderKind.RIGHTS_SEARCH_DUE):
        from governance.models import RightsRequest, RightsSearch

        request = RightsRequest.objects.create(
            reference=f"RR-{n:03}",
            kind="subject_access",
            received_on=today,
            clock_started_on=today,
            due_on=today,
            requester_name="Jordan Ellis",
            requester_contact="jordan.ellis@example.com",
            summary="Copies of referral records",
            handler=owner,
            **(extra if kind == ReminderKind.RIGHTS_REQUEST_DUE else {}),
        )
        if kind == ReminderKind.RIGHTS_REQUEST_DUE:
            return request
        return RightsSearch.objects.create(  # type: ignore[return-value]
            **{
                "rights_request": request,
                "organisation": organisation or OrganisationFactory(),
                "question": f"Referral records {n}",
                "due_on": today,
                "requested_by": owner,
                **extra,
            }
        )
    if kind == ReminderKind.SYSTEM_REVIEW:
        from governance.models import System

        return System.objects.create(  # type: ignore[return-value]
            **{
                "name": f"Analysis workspace {n}",
                "supplier": organisation or OrganisationFactory(),
                "hosting": "LJMU data centre, Liverpool, UK",
                "asset_owner": owner,
                "next_board_review_on": today,
                **extra,
            }
        )
    raise AssertionError(f"No builder for {kind}")


def set_due(kind: ReminderKind, record: Model, due: date | datetime) -> None:
    """Store ``due`` in the record's due field, as if the portal had derived it."""
    spec = KINDS[kind]
    type(record)._default_manager.filter(pk=record.pk).update(**{spec.due_field: due})


def stages_of(kind: ReminderKind, record: Model, state: str | None = None) -> list[str]:
    rows = Reminder.objects.filter(kind=kind, object_id=record.pk)
    if state is not None:
        rows = rows.filter(state=state)
    return sorted(rows.values_list("stage", flat=True))


def ledger(kind: ReminderKind | None = None) -> list[tuple[str, int, str, str]]:
    rows = Reminder.objects.all() if kind is None else Reminder.objects.filter(kind=kind)
    return sorted(rows.values_list("kind", "object_id", "stage", "state"))


def told(user: Any) -> list[str]:
    """The titles of the notifications ``user`` has, oldest first."""
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True)
    )


def make_dpo_holder(organisation: Any, user: Any | None, name: str = "Dana DPO") -> RoleHolder:
    return RoleHolder.objects.create(
        organisation=organisation,
        role="dpo",
        name=name,
        user=user,
        starts_on=date(2020, 1, 1),
    )

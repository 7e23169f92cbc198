"""The one table of reminder kinds: what falls due, for which records, when to remind, and whom.

Each kind names its model, the stored field holding the due date (a calendar date in
Europe/London, or for a breach the exact 72-hour deadline), the field naming the record's owner,
which records count, and its stages. A stage is "N days (or hours) before", "on the day" or
"overdue"; overdue always escalates to the DPO. The sweep (``planning``) and the sender
(``delivery``) read nothing else.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from ..choices import DpiaStatus, ReminderKind, ReminderStage
from ..training.querysets import reminded_inductions, reminded_training


@dataclass(frozen=True)
class Stage:
    """``before`` is how far ahead of the due date the stage starts (days for date kinds,
    hours for deadline kinds); ``None`` means overdue. A stage lasts until the next one."""

    stage: ReminderStage
    before: int | None

    @property
    def is_overdue(self) -> bool:
        return self.before is None


DAYS_30 = Stage(ReminderStage.DAYS_30, 30)
DAYS_7 = Stage(ReminderStage.DAYS_7, 7)
ON_THE_DAY = Stage(ReminderStage.ON_THE_DAY, 0)
OVERDUE = Stage(ReminderStage.OVERDUE, None)
HOURS_72 = Stage(ReminderStage.HOURS_72, 72)
HOURS_24 = Stage(ReminderStage.HOURS_24, 24)

DATE_STAGES = (DAYS_30, DAYS_7, ON_THE_DAY, OVERDUE)


@dataclass(frozen=True)
class Kind:
    kind: ReminderKind
    model_label: str
    due_field: str
    owner_field: str
    #: What is due, as a noun phrase about the record: "the review of DPIA-004 …".
    subject: str
    stages: tuple[Stage, ...] = DATE_STAGES
    #: Which records count (e.g. only approved DPIAs are reviewed).
    counts: Callable[[], Q] = lambda: Q()
    #: True when the due field is a deadline (a datetime) rather than a calendar date.
    is_deadline: bool = False
    #: Checked every hour rather than every day.
    hourly: bool = False
    #: The DPO hears about every stage, not only when it is overdue.
    always_tell_dpo: bool = False
    #: Partner users of this related organisation are told too (they have something to do).
    partner_organisation_field: str | None = None
    #: Relations ``str(record)`` reads, loaded with the records.
    related: tuple[str, ...] = ()

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def records(self) -> QuerySet[Any]:
        """The records this kind reminds about, whatever their due date."""
        return (
            self.model._default_manager.filter(self.counts())
            .exclude(**{f"{self.due_field}__isnull": True})
            .order_by()
        )

    def due_of(self, record: Model) -> date | datetime | None:
        value: date | datetime | None = getattr(record, self.due_field)
        return value

    def owner_id_of(self, record: Model) -> int | None:
        value: int | None = getattr(record, f"{self.owner_field}_id")
        return value

    def stage(self, code: str) -> Stage:
        return next(stage for stage in self.stages if stage.stage == code)

    def step(self, before: int) -> timedelta:
        return timedelta(hours=before) if self.is_deadline else timedelta(days=before)


def _reading_counts() -> Q:
    """Reading tasks not yet confirmed, of the policy's current version, while the policy is
    required reading for the person's role (see ``selectors.policy_reading``)."""
    from ..selectors.policy_reading import reading_task_counts

    return reading_task_counts()


def _not(status_field: str, *values: str) -> Callable[[], Q]:
    return lambda: ~Q(**{f"{status_field}__in": values})


KINDS: dict[ReminderKind, Kind] = {
    spec.kind: spec
    for spec in (
        Kind(
            ReminderKind.DPIA_REVIEW,
            "governance.Dpia",
            "next_review_on",
            "review_owner",
            "the review of {record}",
            counts=lambda: Q(status=DpiaStatus.APPROVED),
        ),
        Kind(
            ReminderKind.AGREEMENT_REVIEW,
            "sharing.Agreement",
            "review_on",
            "owner",
            "the review of agreement ‘{record}’",
            counts=lambda: Q(status="active"),
        ),
        Kind(
            ReminderKind.AGREEMENT_EXPIRY,
            "sharing.Agreement",
            "expires_on",
            "owner",
            "the expiry of agreement ‘{record}’",
            counts=lambda: Q(status="active"),
        ),
        Kind(
            ReminderKind.POLICY_REVIEW,
            "governance.Policy",
            "next_review_on",
            "owner",
            "the review of policy ‘{record}’",
            counts=_not("status", "withdrawn"),
        ),
        Kind(
            ReminderKind.ACTIVITY_REVIEW,
            "ropa.ProcessingActivity",
            "next_review_on",
            "owner",
            "the review of processing activity ‘{record}’",
            counts=_not("status", "retired"),
        ),
        Kind(
            ReminderKind.ACTIVITY_RETENTION,
            "ropa.ProcessingActivity",
            "retention_due_on",
            "owner",
            "the end of the retention period of processing activity ‘{record}’",
            counts=_not("status", "retired"),
        ),
        Kind(
            ReminderKind.SOURCE_RETENTION,
            "sharing.DataSource",
            "retention_due_on",
            "owner",
            "the end of the retention period of data source ‘{record}’",
            counts=lambda: Q(retired_on__isnull=True),
        ),
        Kind(
            ReminderKind.SOURCE_REFRESH,
            "sharing.DataSource",
            "refresh_due_on",
            "owner",
            "the refresh of open data ‘{record}’",
            stages=(ON_THE_DAY, OVERDUE),
            counts=lambda: Q(retired_on__isnull=True, classification="open"),
        ),
        Kind(
            ReminderKind.CONSULTATION_DUE,
            "sharing.Consultation",
            "due_on",
            "requested_by",
            "the answer to the consultation ‘{record}’",
            stages=(DAYS_7, ON_THE_DAY, OVERDUE),
            counts=lambda: Q(response="pending"),
            partner_organisation_field="organisation",
            related=("product", "organisation"),
        ),
        Kind(
            ReminderKind.BREACH_ICO_DEADLINE,
            "governance.Breach",
            "ico_deadline_at",
            "owner",
            "the 72-hour deadline to tell the ICO about breach {record}",
            stages=(HOURS_72, HOURS_24, OVERDUE),
            counts=lambda: (
                Q(ico_told_at__isnull=True) & ~Q(ico_decision="not_required") & ~Q(status="closed")
            ),
            is_deadline=True,
            hourly=True,
            always_tell_dpo=True,
        ),
        Kind(
            ReminderKind.RIGHTS_REQUEST_DUE,
            "governance.RightsRequest",
            "due_on",
            "handler",
            "the response to request {record}",
            stages=(DAYS_7, ON_THE_DAY, OVERDUE),
            # A paused request has no due date; a responded one is done.
            counts=lambda: ~Q(status__in=("responded", "paused")),
        ),
        Kind(
            ReminderKind.RIGHTS_SEARCH_DUE,
            "governance.RightsSearch",
            "due_on",
            "requested_by",
            "the answer to the search ‘{record}’",
            stages=(DAYS_7, ON_THE_DAY, OVERDUE),
            counts=lambda: Q(answer="pending"),
            partner_organisation_field="organisation",
            related=("rights_request", "organisation"),
        ),
        Kind(
            ReminderKind.SYSTEM_REVIEW,
            "governance.System",
            "next_board_review_on",
            "asset_owner",
            "the Board review of system ‘{record}’",
            # A system the Board decided to withdraw is not reviewed again.
            counts=_not("board_decision", "withdraw"),
        ),
        Kind(
            ReminderKind.ACTION_DUE,
            "governance.Action",
            "due_on",
            "owner",
            "the action ‘{record}’",
            # Open or in progress; a done or cancelled action is not chased.
            counts=lambda: Q(status__in=("open", "in_progress")),
        ),
        Kind(
            ReminderKind.TRAINING_EXPIRY,
            "governance.TrainingRecord",
            "expires_on",
            "person",
            "the renewal of ‘{record}’",
            # The latest record of each course (a renewed one is not chased), people still here.
            counts=reminded_training,
            related=("person", "course"),
        ),
        Kind(
            ReminderKind.INDUCTION_DUE,
            "governance.TrainingProfile",
            "induction_due_on",
            "person",
            "the induction training of {record}",
            # From the start date (30 days before it is due) until the induction is recorded.
            counts=reminded_inductions,
            related=("person",),
        ),
        Kind(
            # One reading task per person asked (a ledger row has one owner), so each reader
            # is reminded of their own; overdue, the DPO hears who has not confirmed.
            ReminderKind.POLICY_READING,
            "governance.PolicyReadingTask",
            "due_on",
            "user",
            "the confirmation that ‘{record}’ was read",
            stages=(DAYS_7, ON_THE_DAY, OVERDUE),
            counts=_reading_counts,
            related=("user", "policy"),
        ),
    )
}

DAILY_KINDS = tuple(kind for kind, spec in KINDS.items() if not spec.hourly)
HOURLY_KINDS = tuple(kind for kind, spec in KINDS.items() if spec.hourly)


def stage_for(spec: Kind, due: date | datetime, today: date, now: datetime) -> Stage | None:
    """The stage a record due at ``due`` is in: by London calendar days for a date, by elapsed
    hours for a deadline. ``None`` before the first stage starts."""
    if spec.is_deadline:
        assert isinstance(due, datetime)
        # In UTC: the difference of two London times is by the wall clock, an hour out across
        # a clock change.
        left: timedelta = due.astimezone(UTC) - now.astimezone(UTC)
        reached = [
            stage
            for stage in spec.stages
            if (stage.is_overdue and left <= timedelta(0))
            or (
                not stage.is_overdue
                and stage.before is not None
                and timedelta(0) < left <= spec.step(stage.before)
            )
        ]
    else:
        days_left = (due - today).days  # type: ignore[operator]
        reached = [
            stage
            for stage in spec.stages
            if (stage.is_overdue and days_left < 0)
            or (
                not stage.is_overdue and stage.before is not None and 0 <= days_left <= stage.before
            )
        ]
    # The latest stage reached: fewest days (or hours) before, overdue last of all.
    return min(
        reached, key=lambda stage: -1 if stage.before is None else stage.before, default=None
    )

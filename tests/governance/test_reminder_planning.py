"""Planning reminders: the ledger rows the sweep writes, once each, with one statement per kind
and stage whatever the number of records."""

import operator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.choices import ReminderKind, ReminderStage, ReminderState
from governance.models import Reminder
from governance.reminders import plan, sweep
from governance.reminders.kinds import KINDS, stage_for
from governance.reminders.planning import window
from tests.governance.reminder_support import (
    LONDON,
    build,
    ledger,
    london,
    make_breach,
    set_due,
    stages_of,
    utc,
)
from tests.support.hypothesis import examples

pytestmark = pytest.mark.django_db

POLICY = ReminderKind.POLICY_REVIEW
BREACH = ReminderKind.BREACH_ICO_DEADLINE
DATE_KINDS = [kind for kind, spec in KINDS.items() if not spec.is_deadline]
STATEMENTS_PER_SWEEP = sum(len(spec.stages) for spec in KINDS.values())


# --- window() and stage_for() agree -------------------------------------------------------------

#: Moments through 2026, both clock changes included, as UTC or as London times.
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001 — hypothesis takes naive bounds, adds the zone
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001 — as above
    timezones=st.just(UTC),
).flatmap(lambda moment: st.sampled_from([moment, moment.astimezone(LONDON)]))
#: Days from today to the due date: every stage's edges, and anything around them.
day_offsets = st.one_of(
    st.sampled_from([-31, -1, 0, 1, 6, 7, 8, 29, 30, 31]), st.integers(min_value=-60, max_value=60)
)
#: Time from now to the deadline: every stage's edges to the microsecond, and anything between.
_edges = [timedelta(hours=hours) for hours in (0, 24, 72)]
deadline_offsets = st.one_of(
    st.sampled_from(
        [edge + delta for edge in _edges for delta in (-timedelta(microseconds=1), timedelta(0))]
        + [edge + timedelta(microseconds=1) for edge in _edges]
    ),
    st.timedeltas(min_value=timedelta(hours=-100), max_value=timedelta(hours=100)),
)


def _agrees(kind, record, due, now):
    spec = KINDS[kind]
    today = timezone.localdate(now)
    Reminder.objects.filter(kind=kind, object_id=record.pk).delete()
    set_due(kind, record, due)
    report = plan(today, now, (kind,), object_id=record.pk)
    expected = stage_for(spec, due, today, now)
    assert stages_of(kind, record) == ([expected.stage] if expected else []), (due, now)
    assert report.total == (1 if expected else 0)


@pytest.fixture
def record(kind, opcc, hull, staff):
    """One record of ``kind`` for the whole test: hypothesis runs every example in it."""
    return build(kind, staff, hull if kind == ReminderKind.CONSULTATION_DUE else opcc)


@pytest.mark.parametrize("kind", DATE_KINDS)
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(now=moments, offset=day_offsets)
def test_planning_a_date_kind_writes_the_stage_stage_for_gives(kind, record, now, offset):
    _agrees(kind, record, timezone.localdate(now) + timedelta(days=offset), now)


@pytest.mark.parametrize("kind", [BREACH])
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(now=moments, offset=deadline_offsets)
def test_planning_a_breach_deadline_writes_the_stage_stage_for_gives(kind, record, now, offset):
    _agrees(kind, record, now + offset, now)


#: The comparisons ``window()`` builds its filters from, applied to a Python value.
COMPARISONS = {"lt": operator.lt, "lte": operator.le, "gt": operator.gt, "gte": operator.ge}


def _in_window(condition, due) -> bool:
    """Whether a due date (or deadline) passes the filter ``window()`` gave."""
    assert condition.connector == "AND" and not condition.negated, condition
    for lookup, bound in condition.children:
        _field, _, comparison = lookup.rpartition("__")
        if not COMPARISONS[comparison](due, bound):
            return False
    return True


def _due_values_around_the_edges(spec, today, now):
    """Every day from before the overdue edge to past the first stage (date kinds), or each
    deadline edge to the microsecond and the hours between (deadline kinds)."""
    furthest = max(stage.before for stage in spec.stages if stage.before is not None)
    if not spec.is_deadline:
        return [today + timedelta(days=days) for days in range(-3, furthest + 4)]
    now = now.astimezone(UTC)
    tick = timedelta(microseconds=1)
    edges = [now] + [now + spec.step(s.before) for s in spec.stages if s.before is not None]
    hours = [now + timedelta(hours=hours) for hours in range(-3, furthest + 4)]
    return sorted(
        {edge + delta for edge in edges for delta in (-tick, 0 * tick, tick)} | set(hours)
    )


@pytest.mark.parametrize(
    ("today", "now"),
    [
        (date(2026, 3, 29), london(2026, 3, 29, 12, 0)),  # the clocks go forward
        (date(2026, 10, 25), london(2026, 10, 25, 0, 30)),  # the clocks go back
        (date(2026, 6, 1), london(2026, 6, 1, 23, 59)),
    ],
)
def test_windows_of_a_kind_never_overlap_and_leave_no_gap_after_the_first_stage(today, now):
    for spec in KINDS.values():
        assert len({stage.stage for stage in spec.stages}) == len(spec.stages)
        assert spec.stages[-1].is_overdue, spec.kind
        windows = {stage.stage: window(spec, stage, today, now) for stage in spec.stages}
        furthest = max(stage.before for stage in spec.stages if stage.before is not None)
        # Hours are counted in UTC, as window() counts them (London wall-clock hours differ
        # by one across a clock change).
        start = now.astimezone(UTC) if spec.is_deadline else today
        first_stage_starts = start + spec.step(furthest)
        for due in _due_values_around_the_edges(spec, today, now):
            stages = [name for name, condition in windows.items() if _in_window(condition, due)]
            assert len(stages) <= 1, f"{spec.kind}: {due} is in the windows of {stages}"
            if due <= first_stage_starts:
                assert stages, f"{spec.kind}: {due} falls in no window (a gap)"
            else:
                assert not stages, f"{spec.kind}: {due} is in {stages} before the first stage"


# --- The ledger's uniqueness ---------------------------------------------------------------------


def test_the_same_date_reminder_cannot_be_written_twice():
    values = {"kind": POLICY, "object_id": 7, "due_on": date(2026, 3, 30), "stage": "days_7"}
    Reminder.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**values)
    # Another stage, date or record is another reminder.
    Reminder.objects.create(**{**values, "stage": "on_the_day"})
    Reminder.objects.create(**{**values, "due_on": date(2026, 3, 31)})
    Reminder.objects.create(**{**values, "object_id": 8})
    assert Reminder.objects.count() == 4


def test_the_same_deadline_reminder_cannot_be_written_twice():
    values = {
        "kind": BREACH,
        "object_id": 3,
        "due_on": date(2026, 3, 31),
        "due_at": utc(2026, 3, 31, 12, 0),
        "stage": "hours_24",
    }
    Reminder.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**values)
    # A deadline moved by an hour on the same day is a new deadline with reminders of its own.
    Reminder.objects.create(**{**values, "due_at": utc(2026, 3, 31, 13, 0)})
    assert Reminder.objects.filter(kind=BREACH).count() == 2


def test_planning_twice_writes_nothing_the_second_time(opcc, staff, hull):
    today = timezone.localdate()
    records = {
        kind: build(kind, staff, hull if kind == "consultation_due" else opcc) for kind in KINDS
    }
    for kind, record in records.items():
        if kind != BREACH:
            set_due(kind, record, today)

    first = plan(today, timezone.now())
    second = plan(today, timezone.now())

    assert {kind for kind, _, _, _ in ledger()} == set(KINDS)
    assert first.total == len(ledger())
    assert second.total == 0
    assert second.statements == STATEMENTS_PER_SWEEP
    assert len(ledger()) == first.total


def test_a_breach_planned_twice_in_the_same_stage_has_one_row_per_deadline(staff):
    with time_machine.travel(london(2026, 3, 28, 12, 0), tick=False):
        breach = make_breach(staff, became_aware_at=timezone.now())
        assert plan(timezone.localdate(), timezone.now(), (BREACH,)).total == 1
        assert plan(timezone.localdate(), timezone.now(), (BREACH,)).total == 0
        # Awareness corrected to an hour earlier: the new deadline is planned on its own.
        set_due(BREACH, breach, breach.ico_deadline_at - timedelta(hours=1))
        assert plan(timezone.localdate(), timezone.now(), (BREACH,)).total == 1
    assert list(
        Reminder.objects.filter(kind=BREACH).order_by("due_at").values_list("due_at", "stage")
    ) == [
        (utc(2026, 3, 31, 11, 0), "hours_72"),
        (utc(2026, 3, 31, 12, 0), "hours_72"),
    ]


def test_a_breach_reminder_carries_the_london_date_of_its_deadline(staff):
    # 23:30 UTC on 30 March is 00:30 BST on 31 March.
    with time_machine.travel(utc(2026, 3, 28, 23, 30), tick=False):
        breach = make_breach(staff, became_aware_at=timezone.now())
        sweep("hourly")
    reminder = Reminder.objects.get(kind=BREACH, object_id=breach.pk)
    assert reminder.due_at == utc(2026, 3, 31, 23, 30)
    assert reminder.due_on == date(2026, 4, 1)


# --- What is planned -----------------------------------------------------------------------------


def test_the_report_counts_new_rows_by_kind_and_stage(opcc, staff):
    today = timezone.localdate()
    for offset in (0, 3, 3, 20, -5):
        set_due(POLICY, build(POLICY, staff, opcc), today + timedelta(days=offset))
    report = plan(today, timezone.now(), (POLICY,))
    assert report.planned == {
        ("policy_review", "days_30"): 1,
        ("policy_review", "days_7"): 2,
        ("policy_review", "on_the_day"): 1,
        ("policy_review", "overdue"): 1,
    }
    assert report.total == 5
    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.PENDING}


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        (ReminderKind.DPIA_REVIEW, {"status": "superseded"}),
        (ReminderKind.AGREEMENT_REVIEW, {"status": "terminated"}),
        (ReminderKind.AGREEMENT_EXPIRY, {"status": "expired"}),
        (ReminderKind.POLICY_REVIEW, {"status": "withdrawn"}),
        (ReminderKind.ACTIVITY_REVIEW, {"status": "retired"}),
        (ReminderKind.ACTIVITY_RETENTION, {"status": "retired"}),
        (ReminderKind.SOURCE_RETENTION, {"retired_on": date(2026, 1, 5)}),
        (ReminderKind.SOURCE_REFRESH, {"retired_on": date(2026, 1, 5)}),
        (ReminderKind.CONSULTATION_DUE, {"response": "agreed"}),
        (ReminderKind.BREACH_ICO_DEADLINE, {"ico_decision": "not_required"}),
    ],
)
def test_records_that_no_longer_count_are_not_planned(opcc, hull, staff, kind, change):
    record = build(kind, staff, hull if kind == ReminderKind.CONSULTATION_DUE else opcc)
    if "ico_decision" in change:
        change["ico_decision_reasons"] = "Nobody can be identified from what was sent."
    type(record)._default_manager.filter(pk=record.pk).update(**change)
    assert plan(timezone.localdate(), timezone.now(), (kind,)).total == 0


def test_records_without_a_due_date_are_not_planned(opcc, staff):
    build(POLICY, staff, opcc, next_review_on=None)
    assert plan(timezone.localdate(), timezone.now()).total == 0


def test_the_daily_sweep_leaves_breaches_to_the_hourly_one(opcc, staff):
    breach = make_breach(staff)
    policy = build(POLICY, staff, opcc)
    sweep("daily")
    assert stages_of(BREACH, breach) == []
    assert stages_of(POLICY, policy) == [ReminderStage.ON_THE_DAY]
    sweep("hourly")
    assert stages_of(BREACH, breach) == [ReminderStage.HOURS_72]


# --- Query counts --------------------------------------------------------------------------------


def _plan_statements(today, now):
    with CaptureQueriesContext(connection) as queries:
        report = plan(today, now)
    return len(queries.captured_queries), report


@pytest.mark.parametrize("copies", [1, 6])
def test_planning_runs_one_statement_per_kind_and_stage_whatever_the_number_of_records(
    opcc, hull, staff, copies
):
    today = timezone.localdate()
    for kind in KINDS:
        for n in range(copies):
            record = build(kind, staff, hull if kind == ReminderKind.CONSULTATION_DUE else opcc)
            if kind != BREACH:
                # Spread the records over every stage.
                set_due(kind, record, today + timedelta(days=(-3, 0, 5, 20)[n % 4]))
    count, report = _plan_statements(today, timezone.now())
    assert count == report.statements == STATEMENTS_PER_SWEEP == 61
    assert report.total >= copies * len(KINDS) // 2

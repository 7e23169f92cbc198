"""The breach log's services: recording, editing, the ICO decision, and the flow open →
contained → closed → open, each rule refusing with a message on the field to fix."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance.choices import ReminderKind, ReminderStage
from governance.models import Breach, Notification, Reminder
from governance.services import breaches as services
from vpp_portal.editing import EditConflict

from .breach_helpers import hours_ago, make_breach

pytestmark = pytest.mark.django_db


def new_breach(**values) -> Breach:
    aware = values.pop("became_aware_at", hours_ago(2))
    return Breach(
        title=values.pop("title", "Laptop left on a train"),
        detected_at=values.pop("detected_at", aware - datetime.timedelta(minutes=30)),
        became_aware_at=aware,
        description=values.pop("description", "An encrypted laptop was left on a train."),
        **values,
    )


def field_errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- Recording --------------------------------------------------------------------------------


def test_recording_gives_the_next_reference_and_a_history_row_with_who_and_why(staff):
    first = services.breach_record(new_breach(), actor=staff, reason="Phoned in")
    second = services.breach_record(new_breach(title="Wrong address"), actor=staff)
    assert (first.reference, second.reference) == ("BR-001", "BR-002")
    record = first.history.get()
    assert (record.history_user, record.history_change_reason) == (staff, "Phoned in")
    assert first.reported_by == staff
    assert first.ico_deadline_at == first.became_aware_at + datetime.timedelta(hours=72)


def test_references_count_on_past_br_999_as_numbers(staff):
    make_breach(staff, reference="BR-999")
    make_breach(staff, reference="BR-1000")
    assert services.breach_record(new_breach(), actor=staff).reference == "BR-1001"


def test_a_reference_taken_in_between_is_skipped(staff, monkeypatch):
    make_breach(staff, reference="BR-001")
    answers = iter(["BR-001", "BR-002"])  # the first try collides, as if another save won
    monkeypatch.setattr(services, "_next_reference", lambda: next(answers))
    assert services.breach_record(new_breach(), actor=staff).reference == "BR-002"
    assert Breach.objects.count() == 2


def test_recording_a_breach_plans_its_72_hour_reminder_and_tells_the_dpo(
    staff, dpo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        breach = services.breach_record(new_breach(owner=staff), actor=staff)
    reminder = Reminder.objects.get(object_id=breach.pk)
    assert (reminder.kind, reminder.stage) == (
        ReminderKind.BREACH_ICO_DEADLINE,
        ReminderStage.HOURS_72,
    )
    assert Notification.objects.filter(user=dpo, reminder=reminder).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"detected_at": hours_ago(-1), "became_aware_at": hours_ago(-2)}, "detected_at"),
        ({"became_aware_at": hours_ago(-1)}, "became_aware_at"),
        ({"detected_at": hours_ago(1), "became_aware_at": hours_ago(3)}, "became_aware_at"),
        ({"individuals_told": "told"}, "individuals_told_at"),
        ({"individuals_told_at": hours_ago(1)}, "individuals_told_at"),
    ],
    ids=[
        "detected in the future",
        "aware in the future",
        "aware before detected",
        "told without a time",
        "a time without told",
    ],
)
def test_recording_refuses_impossible_times_beside_the_field(staff, values, field):
    with pytest.raises(ValidationError) as excinfo:
        services.breach_record(new_breach(**values), actor=staff)
    assert field in field_errors(excinfo)
    assert not Breach.objects.exists()


# --- Editing ----------------------------------------------------------------------------------


def test_an_edit_saves_with_its_reason_and_refuses_a_stale_version(staff, dpo):
    breach = services.breach_record(new_breach(), actor=staff)
    seen = breach.row_version
    edit = Breach.objects.get(pk=breach.pk)
    edit.people_affected = 12
    services.breach_update(edit, actor=dpo, reason="Count confirmed", expected_version=seen)
    breach.refresh_from_db()
    latest = breach.history.first()
    assert (breach.people_affected, latest.history_user, latest.history_change_reason) == (
        12,
        dpo,
        "Count confirmed",
    )
    stale = Breach.objects.get(pk=breach.pk)
    stale.people_affected = 99
    with pytest.raises(EditConflict):
        services.breach_update(stale, actor=staff, expected_version=seen)
    breach.refresh_from_db()
    assert breach.people_affected == 12


def test_moving_the_awareness_time_moves_the_deadline_and_plans_new_reminders(
    staff, dpo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        breach = services.breach_record(new_breach(), actor=staff)
    edit = Breach.objects.get(pk=breach.pk)
    edit.became_aware_at = breach.became_aware_at + datetime.timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        saved = services.breach_update(edit, actor=staff)
    assert len(callbacks) == 1
    assert saved.ico_deadline_at == edit.became_aware_at + datetime.timedelta(hours=72)
    assert Reminder.objects.filter(object_id=breach.pk, due_at=saved.ico_deadline_at).exists()


def test_an_edit_that_keeps_the_awareness_time_queues_nothing(
    staff, django_capture_on_commit_callbacks
):
    breach = make_breach(staff)
    breach.actions = "Asked the school to delete it."
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.breach_update(breach, actor=staff)
    assert callbacks == []


def test_a_closed_breach_cannot_be_edited(staff):
    breach = make_breach(
        staff, status="closed", ico_decision="not_required", ico_decision_reasons="Encrypted."
    )
    breach.title = "Changed"
    with pytest.raises(ValidationError, match="reopen it first"):
        services.breach_update(breach, actor=staff)
    breach.refresh_from_db()
    assert breach.title != "Changed"


# --- The ICO decision -------------------------------------------------------------------------


def test_the_dpo_records_that_the_ico_was_told(staff, dpo):
    breach = make_breach(staff)
    told = hours_ago(1)
    saved = services.breach_record_ico_decision(
        breach,
        actor=dpo,
        ico_decision="report",
        ico_decision_reasons="Health data of 12 children.",
        ico_told_at=told,
        ico_reference="IC-1234",
        reason="Reported by phone",
    )
    assert (saved.ico_decision, saved.ico_told_at, saved.ico_reference) == (
        "report",
        told,
        "IC-1234",
    )
    latest = saved.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Reported by phone")


def test_only_the_dpo_decides_on_the_ico(staff):
    breach = make_breach(staff)
    with pytest.raises(ValidationError, match="Only the Data Protection Officer"):
        services.breach_record_ico_decision(
            breach, actor=staff, ico_decision="not_required", ico_decision_reasons="Low"
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ico_decision": "report"}, "ico_decision_reasons"),
        ({"ico_decision": "not_required"}, "ico_decision_reasons"),
        (
            {"ico_decision": "not_required", "ico_decision_reasons": "x", "ico_told_at": "now"},
            "ico_told_at",
        ),
        (
            {"ico_decision": "undecided", "ico_told_at": "now"},
            "ico_told_at",
        ),
        (
            {"ico_decision": "report", "ico_decision_reasons": "x", "ico_told_at": "before"},
            "ico_told_at",
        ),
    ],
    ids=[
        "report without reasons",
        "not required without reasons",
        "told although not required",
        "told although undecided",
        "told before awareness",
    ],
)
def test_the_ico_decision_refuses_beside_the_field(staff, dpo, values, field):
    breach = make_breach(staff)
    told = {"now": hours_ago(0.5), "before": breach.became_aware_at - datetime.timedelta(hours=1)}
    values = {**values}
    if "ico_told_at" in values:
        values["ico_told_at"] = told[values["ico_told_at"]]
    with pytest.raises(ValidationError) as excinfo:
        services.breach_record_ico_decision(breach, actor=dpo, **values)
    assert field in field_errors(excinfo)
    breach.refresh_from_db()
    assert breach.ico_decision == "undecided"


# --- The flow ---------------------------------------------------------------------------------


def test_containing_needs_the_actions_taken(staff):
    breach = make_breach(staff)
    with pytest.raises(ValidationError) as excinfo:
        services.breach_contain(breach, actor=staff)
    assert "actions" in field_errors(excinfo)
    contained = services.breach_contain(
        breach, actor=staff, actions="Recalled the e-mail.", reason="Recalled"
    )
    assert (contained.status, contained.actions) == ("contained", "Recalled the e-mail.")
    assert contained.contained_at is not None
    assert contained.history.first().history_change_reason == "Recalled"


def test_closing_lists_everything_still_missing(staff, dpo):
    breach = make_breach(staff, risk="high")
    with pytest.raises(ValidationError) as excinfo:
        services.breach_close(breach, actor=dpo)
    assert set(field_errors(excinfo)) == {"ico_decision", "lessons_learnt", "individuals_told"}
    breach.refresh_from_db()
    assert breach.status == "open"


def test_closing_a_reportable_breach_needs_the_time_the_ico_was_told(staff, dpo):
    breach = make_breach(
        staff,
        ico_decision="report",
        ico_decision_reasons="Risk",
        lessons_learnt="Check lists.",
        no_action_reason="Checking lists is already the rule.",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.breach_close(breach, actor=dpo)
    assert set(field_errors(excinfo)) == {"ico_told_at"}


def test_the_dpo_closes_a_settled_breach_and_reopens_it_with_a_reason(staff, dpo):
    breach = make_breach(
        staff,
        status="contained",
        actions="Recalled.",
        ico_decision="not_required",
        ico_decision_reasons="The file was encrypted.",
        # Its lessons need no action on the action register (tests/governance/test_actions.py).
        no_action_reason="Encrypting attachments is already the rule.",
    )
    closed = services.breach_close(
        breach, actor=dpo, lessons_learnt="Encrypt every attachment.", reason="Done"
    )
    assert (closed.status, closed.lessons_learnt) == ("closed", "Encrypt every attachment.")
    assert closed.closed_at is not None
    with pytest.raises(ValidationError) as excinfo:
        services.breach_reopen(closed, actor=dpo, reason=" ")
    assert "reason" in field_errors(excinfo)
    reopened = services.breach_reopen(closed, actor=dpo, reason="The school complained")
    assert (reopened.status, reopened.closed_at) == ("open", None)
    latest = reopened.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "The school complained")


def test_staff_cannot_close_or_reopen(staff):
    breach = make_breach(
        staff,
        ico_decision="not_required",
        ico_decision_reasons="Encrypted.",
        lessons_learnt="Encrypt.",
    )
    with pytest.raises(ValidationError, match="Only the Data Protection Officer"):
        services.breach_close(breach, actor=staff)
    with pytest.raises(ValidationError, match="Only the Data Protection Officer"):
        services.breach_reopen(breach, actor=staff, reason="Why not")


def test_a_step_the_status_does_not_allow_is_refused(staff, dpo):
    breach = make_breach(staff)
    with pytest.raises(ValidationError, match="while the breach is ‘Open’"):
        services.breach_reopen(breach, actor=dpo, reason="Again")
    closed = make_breach(
        staff,
        reference="BR-002",
        status="closed",
        ico_decision="not_required",
        ico_decision_reasons="Encrypted.",
        actions="Recalled.",
    )
    with pytest.raises(ValidationError, match="while the breach is ‘Closed’"):
        services.breach_contain(closed, actor=staff)

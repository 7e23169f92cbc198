"""Training and awareness: who sees which records, how expiry is worked out, where each person
stands, and the findings each rule produces and clears."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from governance.findings import counts, findings_for
from governance.models import TrainingRecord
from governance.training.choices import TrainingState
from governance.training.rules import (
    in_date,
    induction_overdue,
    key_role_course_missing,
    people_visible_to,
    person_standings,
)
from sharing.models import RoleHolder
from tests.governance.training_support import (
    course,
    induction,
    record,
    refresher,
    specialist,
    started,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def names(rows):
    return sorted(str(row) for row in rows)


# --- visible_to ---------------------------------------------------------------------------------


def test_a_partner_sees_only_the_training_of_people_in_their_own_organisation(
    staff, partner_hull, partner_police
):
    course_ = refresher(staff)
    hull_record = record(staff, partner_hull, course_, TODAY)
    police_record = record(staff, partner_police, course_, TODAY)
    staff_record = record(staff, staff, course_, TODAY)
    assert list(TrainingRecord.objects.visible_to(partner_hull)) == [hull_record]
    assert list(TrainingRecord.objects.visible_to(partner_police)) == [police_record]
    assert set(TrainingRecord.objects.visible_to(staff)) == {
        hull_record,
        police_record,
        staff_record,
    }
    assert list(people_visible_to(partner_hull)) == [partner_hull]


def test_nobody_signed_out_sees_any_training(staff, db):
    from django.contrib.auth.models import AnonymousUser

    record(staff, staff, refresher(staff), TODAY)
    assert not TrainingRecord.objects.visible_to(AnonymousUser()).exists()


# --- expiry -------------------------------------------------------------------------------------


def test_the_service_works_out_expiry_from_the_renewal_period(staff):
    yearly = refresher(staff, months=12)
    assert record(staff, staff, yearly, date(2026, 1, 31)).expires_on == date(2027, 1, 31)
    monthly = course(staff, renewal_months=1)
    # 31 January + 1 month: the last day of February.
    assert record(staff, staff, monthly, date(2026, 1, 31)).expires_on == date(2026, 2, 28)
    assert record(staff, staff, induction(staff), date(2026, 1, 31)).expires_on is None


def test_changing_a_renewal_period_moves_the_expiry_of_its_records_with_history(staff):
    from governance.services.training import course_save

    yearly = refresher(staff, months=12)
    done = record(staff, staff, yearly, date(2026, 1, 10))
    yearly.renewal_months = 24
    course_save(yearly, actor=staff, reason="Every two years now")
    done.refresh_from_db()
    assert done.expires_on == date(2028, 1, 10)
    assert done.history.first().history_change_reason == (
        "Renewal period of ‘Data protection refresher’ changed"
    )


def test_training_cannot_be_recorded_in_the_future(staff):
    with pytest.raises(ValidationError) as error:
        record(staff, staff, refresher(staff), TODAY + timedelta(days=1))
    assert "completed_on" in error.value.error_dict


def test_a_start_date_puts_the_induction_due_thirty_days_later(staff):
    assert started(staff, staff, date(2026, 5, 1)).induction_due_on == date(2026, 5, 31)


def test_recording_a_record_writes_one_history_row_with_who_and_why(staff):
    done = record(staff, staff, refresher(staff), TODAY)
    (row,) = done.history.all()
    assert row.history_user == staff
    assert row.history_change_reason == "Test record"


# --- where a person stands ----------------------------------------------------------------------


def states(person):
    return {s.course.title: (s.state, s.text) for s in person_standings(person, TODAY)}


def test_each_course_that_applies_shows_its_state(staff, dpo, opcc):
    intro = induction(staff)
    yearly = refresher(staff)
    specialist(staff)
    course(staff, title="Analyst tools", audience="role", role="staff")
    record(staff, staff, intro, date(2024, 1, 1))
    record(staff, staff, yearly, TODAY - timedelta(days=350))  # expires in 15 days
    assert states(staff) == {
        "Induction": (TrainingState.IN_DATE, "In date"),
        "Data protection refresher": (TrainingState.DUE, "Due by 30 June 2026"),
        "Analyst tools": (TrainingState.NEVER_DONE, "Never done"),
    }
    # The DPO's page: no analyst course, and the specialist course once they hold the role.
    RoleHolder.objects.create(
        organisation=opcc, role="dpo", name="Dana DPO", user=dpo, starts_on=date(2020, 1, 1)
    )
    record(staff, dpo, yearly, TODAY - timedelta(days=400))
    assert states(dpo) == {
        "Induction": (TrainingState.NEVER_DONE, "Never done"),
        "Data protection refresher": (TrainingState.EXPIRED, "Expired 11 May 2026"),
        "SIRO and DPO specialist training": (TrainingState.NEVER_DONE, "Never done"),
    }


def test_a_new_starter_is_due_their_induction_until_thirty_days_have_passed(staff):
    induction(staff)
    started(staff, staff, TODAY - timedelta(days=10))
    assert states(staff)["Induction"] == (TrainingState.DUE, "Due by 5 July 2026")
    assert staff in people_in_date()


def people_in_date():
    from accounts.models import User

    return list(User.objects.filter(in_date(TODAY)))


def test_the_sql_and_the_page_agree_on_who_is_in_date(staff, dpo, siro, opcc):
    intro = induction(staff)
    yearly = refresher(staff)
    key = specialist(staff)
    RoleHolder.objects.create(
        organisation=opcc, role="siro", name="Simon SIRO", user=siro, starts_on=date(2020, 1, 1)
    )
    for person in (staff, dpo, siro):
        record(staff, person, intro, date(2024, 1, 1))
    record(staff, staff, yearly, TODAY - timedelta(days=10))
    record(staff, dpo, yearly, TODAY - timedelta(days=400))
    record(staff, siro, yearly, TODAY - timedelta(days=10))
    from accounts.models import User

    for person in (staff, dpo, siro):
        on_page = not any(s.is_out_of_date for s in person_standings(person, TODAY))
        in_sql = User.objects.filter(in_date(TODAY), pk=person.pk).exists()
        assert on_page == in_sql, person
    assert set(people_in_date()) == {staff}
    record(staff, siro, key, TODAY)
    assert set(people_in_date()) == {staff, siro}


# --- findings -----------------------------------------------------------------------------------


def test_a_new_starter_without_induction_after_thirty_days_is_found_and_cleared(staff):
    intro = induction(staff)
    profile = started(staff, staff, TODAY - timedelta(days=31))
    assert counts(TODAY)["training-induction-overdue"] == 1
    (finding,) = [f for f in findings_for(profile, TODAY) if f.kind == "training-induction-overdue"]
    assert "Sam Staff started on 15 May 2026" in finding.message
    from accounts.models import User

    assert list(User.objects.filter(induction_overdue(TODAY))) == [staff]
    record(staff, staff, intro, TODAY)
    assert counts(TODAY)["training-induction-overdue"] == 0
    assert not User.objects.filter(induction_overdue(TODAY)).exists()


def test_a_new_starter_within_thirty_days_is_not_a_finding(staff):
    induction(staff)
    started(staff, staff, TODAY - timedelta(days=30))
    assert counts(TODAY)["training-induction-overdue"] == 0


def test_expired_training_is_found_and_cleared_by_the_renewal(staff):
    yearly = refresher(staff)
    old = record(staff, staff, yearly, TODAY - timedelta(days=400))
    assert counts(TODAY)["training-expired"] == 1
    (finding,) = findings_for(old, TODAY)
    assert finding.message.startswith("Sam Staff's ‘Data protection refresher’ was due on")
    assert "person=" in finding.fix_url and f"course={yearly.pk}" in finding.fix_url
    record(staff, staff, yearly, TODAY)
    assert counts(TODAY)["training-expired"] == 0


def test_a_key_role_holder_without_their_specialist_course_is_found_and_cleared(staff, dpo, opcc):
    key = specialist(staff, is_for_dpo=True)
    holder = RoleHolder.objects.create(
        organisation=opcc, role="dpo", name="Dana DPO", user=dpo, starts_on=date(2020, 1, 1)
    )
    assert counts(TODAY)["training-key-role-course-missing"] == 1
    (finding,) = [
        f for f in findings_for(holder, TODAY) if f.kind == "training-key-role-course-missing"
    ]
    assert "Dana DPO is DPO at" in finding.message
    from accounts.models import User

    assert list(User.objects.filter(key_role_course_missing(TODAY))) == [dpo]
    record(staff, dpo, key, TODAY - timedelta(days=800))  # expired, but completed
    assert counts(TODAY)["training-key-role-course-missing"] == 0
    assert not User.objects.filter(key_role_course_missing(TODAY)).exists()


def test_a_specialist_course_for_another_key_role_does_not_count(staff, dpo, opcc):
    specialist(staff, is_for_siro=True)
    RoleHolder.objects.create(
        organisation=opcc, role="dpo", name="Dana DPO", user=dpo, starts_on=date(2020, 1, 1)
    )
    assert counts(TODAY)["training-key-role-course-missing"] == 0

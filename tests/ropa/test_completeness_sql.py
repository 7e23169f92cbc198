"""The ROPA completeness rule has one definition (``ropa.ico``'s column table) and two forms:
``missing_columns`` for one record in Python, ``incomplete_condition`` for a whole table in SQL
(the list filter, the dashboard's count, the findings). These tests hold the two to the same
answer, column by column, for records that leave each required column empty in turn, with and
without the flags that make a column required, and with the retention rule standing in for
the schedule."""

import pytest

from ropa.ico import ICO_COLUMNS, OPTIONAL, STANDS_IN_FOR, missing_columns, missing_condition
from ropa.models import ProcessingActivity

from .test_round_trip import full_activity, reference_data

pytestmark = pytest.mark.django_db

FLAGS = ("has_personal_data", "has_special_category_data", "has_criminal_offence_data")
REQUIRED = [column for column in ICO_COLUMNS if column.required != OPTIONAL]


def emptied(ref: dict, column_field: str, index: int, **flags: bool) -> ProcessingActivity:
    """A full record with ``column_field`` left empty (and what stands in for it too)."""
    field = ProcessingActivity._meta.get_field(column_field)
    overrides: dict = dict(flags)
    if not field.many_to_many:
        overrides[column_field] = None if field.is_relation else ""
    if column_field in STANDS_IN_FOR:
        overrides[STANDS_IN_FOR[column_field]] = None
    activity = full_activity(ref, f"Activity {index}", **overrides)
    if field.many_to_many:
        getattr(activity, column_field).clear()
    return activity


@pytest.fixture
def activities(opcc, staff) -> list[ProcessingActivity]:
    ref = reference_data(opcc, staff)
    made = [full_activity(ref, "Complete")]
    index = 0
    for column in REQUIRED:
        for flags in ({}, dict.fromkeys(FLAGS, False), {"has_special_category_data": False}):
            index += 1
            made.append(emptied(ref, column.field, index, **flags))
    # The schedule left empty while the retention rule is set: the rule is the schedule.
    made.append(full_activity(ref, "Rule, no schedule", retention_schedule=""))
    return made


def test_there_is_something_to_compare(activities):
    # Every required column is found missing somewhere, and the full record is complete.
    found = {column.field for activity in activities for column in missing_columns(activity)}
    assert found == {column.field for column in REQUIRED}
    assert missing_columns(activities[0]) == []
    assert missing_columns(activities[-1]) == []


def test_each_column_is_missing_in_sql_exactly_where_it_is_in_python(activities):
    everything = ProcessingActivity.objects.all()
    for column in ICO_COLUMNS:
        condition = missing_condition(ProcessingActivity, column)
        in_sql = set()
        if condition is not None:
            in_sql = set(everything.filter(condition).values_list("pk", flat=True))
        in_python = {activity.pk for activity in activities if column in missing_columns(activity)}
        assert in_sql == in_python, column.heading


def test_incomplete_and_complete_split_the_register_as_missing_columns_does(activities):
    everything = ProcessingActivity.objects.all()
    incomplete = set(everything.incomplete().values_list("pk", flat=True))
    complete = set(everything.complete().values_list("pk", flat=True))
    assert incomplete == {activity.pk for activity in activities if missing_columns(activity)}
    assert complete == {activity.pk for activity in activities if not missing_columns(activity)}
    assert len(complete) >= 2 and len(incomplete) >= len(REQUIRED)


def test_the_sql_form_costs_one_query_whatever_the_rows(activities, django_assert_num_queries):
    with django_assert_num_queries(1):
        ProcessingActivity.objects.incomplete().count()

"""Notification pages, the reminder ledger and the header's unread badge run a fixed number of
SQL queries, whatever the number of rows.

Every page for a signed-in user costs 5 (session, user, their organisation, user and group
permissions) plus 1 for the header's unread badge; the comments say what the rest is for.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.choices import ReminderKind, ReminderStage, ReminderState
from governance.models import EmailPreference, Notification, Policy, Reminder
from tests.factories import DataSourceFactory

pytestmark = pytest.mark.django_db

NOTIFICATION_LIST_QUERIES = 8  # + count, the page's notifications (the unread count is shared)
NOTIFICATION_SETTINGS_QUERIES = 7  # + the user's e-mail preferences
# + the DPO's review-queue badge, count, rows, one per kind of record on the page (2 here)
REMINDER_LEDGER_QUERIES = 11
BADGE_QUERIES = 1  # on any page, however many notifications


def queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def notify(user, count: int, **values) -> None:
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=ReminderKind.POLICY_REVIEW,
            title=f"Reminder {index}",
            url="/governance/policies/",
            is_escalation=index % 2 == 0,
            **values,
        )
        for index in range(count)
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_notification_list_runs_a_fixed_number_of_queries(client, staff, rows):
    notify(staff, rows)
    client.force_login(staff)
    assert len(queries_for(client, reverse("governance:notification_list"))) == (
        NOTIFICATION_LIST_QUERIES
    )


@pytest.mark.parametrize("turned_off", [0, len(ReminderKind)])
def test_the_notification_settings_page_runs_a_fixed_number_of_queries(client, staff, turned_off):
    EmailPreference.objects.bulk_create(
        EmailPreference(user=staff, kind=kind, send_email=False)
        for kind in list(ReminderKind)[:turned_off]
    )
    client.force_login(staff)
    assert len(queries_for(client, reverse("governance:notification_settings"))) == (
        NOTIFICATION_SETTINGS_QUERIES
    )


@pytest.mark.parametrize("rows", [1, 25])
def test_the_reminder_ledger_runs_a_fixed_number_of_queries(client, dpo, opcc, rows):
    """Rows about policies and data sources: one query names each kind's records."""
    for index in range(rows):
        policy = Policy.objects.create(
            title=f"Policy {index}", kind="policy", owner_organisation=opcc
        )
        source = DataSourceFactory()
        for record, kind in ((policy, "policy_review"), (source, "source_retention")):
            Reminder.objects.create(
                kind=kind,
                object_id=record.pk,
                due_on=datetime.date(2026, 5, 1),
                stage=ReminderStage.OVERDUE,
                state=ReminderState.SENT,
                sent_at=datetime.datetime(2026, 5, 2, 7, tzinfo=datetime.UTC),
            )
    client.force_login(dpo)
    assert len(queries_for(client, reverse("governance:reminder_list"))) == (
        REMINDER_LEDGER_QUERIES
    )


@pytest.mark.parametrize("unread", [0, 1, 50])
@pytest.mark.parametrize(
    "url_name", ["home", "sharing:organisation_list", "governance:notification_list"]
)
def test_the_unread_badge_costs_one_query_on_any_page(client, staff, unread, url_name):
    notify(staff, unread)
    client.force_login(staff)
    queries = queries_for(client, reverse(url_name))
    counts = [sql for sql in queries if "COUNT" in sql and "read_at" in sql and "IS NULL" in sql]
    assert len(counts) == BADGE_QUERIES


def test_a_signed_out_page_asks_nothing_about_notifications(client):
    queries = queries_for(client, reverse("account_login"))
    assert not [sql for sql in queries if "governance_notification" in sql]

"""The reminder ledger page: who may see it, what each row says, and its filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.choices import ReminderKind, ReminderStage, ReminderState
from governance.models import Policy, Reminder

pytestmark = pytest.mark.django_db

URL = reverse("governance:reminder_list")


def policy(opcc, title: str = "Data Protection Policy") -> Policy:
    return Policy.objects.create(title=title, kind="policy", owner_organisation=opcc)


def ledger_row(record, **values) -> Reminder:
    values.setdefault("kind", ReminderKind.POLICY_REVIEW)
    values.setdefault("due_on", datetime.date(2026, 5, 1))
    values.setdefault("stage", ReminderStage.DAYS_30)
    return Reminder.objects.create(object_id=record.pk, **values)


def rows(response) -> list[Reminder]:
    return list(response.context["table"].page.object_list.data)


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("staff", 403),
        ("dpo", 200),
        ("siro", 200),
        ("director", 200),
        ("admin_user", 200),
        ("partner_police", 403),
        ("partner_hull", 403),
    ],
)
def test_only_the_dpo_siro_director_and_admins_see_the_ledger(request, client_for, actor, status):
    assert client_for(request.getfixturevalue(actor)).get(URL).status_code == status


def test_each_row_names_its_record_due_date_stage_state_and_sending(client, dpo, opcc):
    record = policy(opcc)
    sent_at = datetime.datetime(2026, 4, 1, 6, 0, tzinfo=datetime.UTC)
    ledger_row(
        record,
        state=ReminderState.SENT,
        sent_at=sent_at,
        attempts=2,
    )
    client.force_login(dpo)
    page = client.get(URL).content.decode()
    assert f'href="{record.get_absolute_url()}">Data Protection Policy</a>' in page
    for text in (
        "Policy review dates",
        "1 May 2026",
        "30 days before",
        'govuk-tag--green">Sent</strong>',
        "1 Apr 2026, 07:00",  # 06:00 UTC is 07:00 in London in summer
        '<td class="govuk-table__cell">2</td>',
    ):
        assert text in page


def test_a_breach_deadline_shows_its_time_as_well_as_its_day(client, dpo, opcc):
    record = policy(opcc)  # any record: the deadline is what is shown
    deadline = datetime.datetime(2026, 1, 9, 15, 30, tzinfo=timezone.get_current_timezone())
    ledger_row(record, due_on=deadline.date(), due_at=deadline, stage=ReminderStage.HOURS_24)
    client.force_login(dpo)
    assert "9 Jan 2026, 15:30" in client.get(URL).content.decode()


def test_the_newest_reminders_come_first(client, dpo, opcc):
    record = policy(opcc)
    now = timezone.now()
    ledger_row(record, stage=ReminderStage.DAYS_30, created_at=now - datetime.timedelta(days=23))
    ledger_row(record, stage=ReminderStage.DAYS_7, created_at=now)
    client.force_login(dpo)
    assert [r.stage for r in rows(client.get(URL))] == [ReminderStage.DAYS_7, ReminderStage.DAYS_30]


def test_the_ledger_filters_by_kind_stage_and_state(client, dpo, opcc):
    record = policy(opcc)
    ledger_row(
        record, stage=ReminderStage.DAYS_30, state=ReminderState.SENT, sent_at=timezone.now()
    )
    ledger_row(record, stage=ReminderStage.DAYS_7)
    ledger_row(record, kind=ReminderKind.DPIA_REVIEW, stage=ReminderStage.OVERDUE)
    client.force_login(dpo)
    assert [r.stage for r in rows(client.get(URL, {"stage": "days_7"}))] == ["days_7"]
    assert [r.stage for r in rows(client.get(URL, {"state": "sent"}))] == ["days_30"]
    assert [r.kind for r in rows(client.get(URL, {"kind": "dpia_review"}))] == ["dpia_review"]


def test_a_nonsense_filter_is_a_message_not_an_error(client, dpo):
    client.force_login(dpo)
    response = client.get(URL, {"kind": "nonsense", "sort": "claim_token", "page": "x"})
    assert response.status_code in (200, 404)
    assert response.status_code != 500


def test_a_reminder_about_a_deleted_record_says_so_without_a_link(client, dpo, opcc):
    record = policy(opcc)
    ledger_row(record)
    Reminder.objects.update(object_id=record.pk + 1000)
    client.force_login(dpo)
    assert "Policy #" in client.get(URL).content.decode()
    assert "(deleted)" in client.get(URL).content.decode()


def test_the_page_says_each_reminder_is_sent_exactly_once(client, dpo):
    client.force_login(dpo)
    page = client.get(URL).content.decode()
    assert "Each reminder is sent exactly once" in page


def test_the_notifications_page_links_to_the_ledger_for_those_who_may_see_it(
    client_for, dpo, staff
):
    notifications = reverse("governance:notification_list")
    assert URL in client_for(dpo).get(notifications).content.decode()
    assert URL not in client_for(staff).get(notifications).content.decode()

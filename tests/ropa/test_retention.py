"""Retention rules, the due-for-disposal list and the retention of data sources."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ropa.models import ProcessingActivity, RetentionRule
from ropa.selectors import records_due_for_disposal
from ropa.services import retention_rule_save
from sharing.models import DataSource
from tests.factories import DataSourceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("ropa:retentionrule_list")
ADD = reverse("ropa:retentionrule_create")
DUE = reverse("ropa:retention_due")


def edit_url(rule):
    return reverse("ropa:retentionrule_update", kwargs={"pk": rule.pk})


def make_rule(record_class="Partnership analysis", period=6, unit="years", **values):
    values = {"trigger": "creation", "action": "destroy", **values}
    return RetentionRule.objects.create(
        record_class=record_class, period=period, period_unit=unit, **values
    )


def make_activity(name, rule=None, trigger_on=None, **values):
    return ProcessingActivity.objects.create(
        name=name,
        business_function="Analysis",
        purpose="Hotspot analysis",
        retention_rule=rule,
        retention_trigger_on=trigger_on,
        **values,
    )


def form_data(rule=None, **changes):
    data = {
        "record_class": "Partnership analysis",
        "period": "6",
        "period_unit": "years",
        "trigger": "creation",
        "action": "review",
        "authority_kind": "policy",
        "authority": "OPCC Retention Policy, para 4.2",
        "change_reason": "",
    }
    if rule is not None:
        data.update(
            record_class=rule.record_class,
            period=str(rule.period),
            period_unit=rule.period_unit,
            trigger=rule.trigger,
            action=rule.action,
            authority_kind=rule.authority_kind,
            authority=rule.authority,
            row_version=rule.row_version,
        )
    data.update(changes)
    return data


def page_text(response):
    return response.content.decode()


def record_classes(response):
    return [row.record.record_class for row in response.context["table"].rows]


# --- Due-date arithmetic -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "unit", "trigger_on", "due_on"),
    [
        (6, "years", datetime.date(2020, 1, 1), datetime.date(2026, 1, 1)),
        (18, "months", datetime.date(2024, 8, 15), datetime.date(2026, 2, 15)),
        # A month end is kept where the month is shorter: 31 Aug + 6 months is 28 Feb.
        (6, "months", datetime.date(2025, 8, 31), datetime.date(2026, 2, 28)),
        (1, "months", datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),
        # 29 February: a year on is 28 February, four years on is 29 February again.
        (1, "years", datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (4, "years", datetime.date(2024, 2, 29), datetime.date(2028, 2, 29)),
        (12, "months", datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
    ],
)
def test_the_due_date_adds_calendar_months_and_years(period, unit, trigger_on, due_on):
    rule = RetentionRule(record_class="Test", period=period, period_unit=unit)
    assert rule.due_on(trigger_on) == due_on


def test_a_record_without_a_trigger_date_has_no_due_date():
    assert RetentionRule(record_class="Test", period=6).due_on(None) is None


# --- The due list (selector) -------------------------------------------------------------------


@pytest.fixture
def due_register(staff):
    """Records around a fixed today of 15 March 2026 and its 90-day horizon (13 June 2026)."""
    years = make_rule("Partnership analysis", 6, "years")
    months = make_rule("Contact lists", 18, "months")
    source = DataSourceFactory(
        name="Hull contacts", retention_rule=months, retention_trigger_on=datetime.date(2024, 10, 1)
    )
    return {
        "today": datetime.date(2026, 3, 15),
        # Due 1 Jan 2026: overdue.
        "overdue": make_activity("Old hotspot study", years, datetime.date(2020, 1, 1)),
        # Due 15 Mar 2026, today: overdue.
        "due_today": make_activity("Knife crime review", years, datetime.date(2020, 3, 15)),
        # Due 1 Apr 2026: due soon.
        "source": source,
        # Due 13 Jun 2026, the last day of the horizon: due soon.
        "horizon": make_activity("Night-time economy", years, datetime.date(2020, 6, 13)),
        # Due 14 Jun 2026: one day too late.
        "later": make_activity("Schools outreach", years, datetime.date(2020, 6, 14)),
        # Overdue, but retired.
        "retired": make_activity(
            "Retired study", years, datetime.date(2019, 1, 1), status="retired"
        ),
        "retired_source": DataSourceFactory(
            name="Old police extract",
            retention_rule=months,
            retention_trigger_on=datetime.date(2020, 1, 1),
            retired_on=datetime.date(2025, 1, 1),
        ),
        # No trigger date, or no rule: no due date.
        "no_trigger": make_activity("Open data dashboards", years, None),
        "no_rule": make_activity("Community survey", None, datetime.date(2000, 1, 1)),
    }


def test_the_due_list_holds_overdue_and_due_soon_records_sorted_by_due_date(staff, due_register):
    due = records_due_for_disposal(staff, due_register["today"])
    assert [(item.name, item.due_on, item.is_overdue, item.kind) for item in due] == [
        ("Old hotspot study", datetime.date(2026, 1, 1), True, "activity"),
        ("Knife crime review", datetime.date(2026, 3, 15), True, "activity"),
        ("Hull contacts", datetime.date(2026, 4, 1), False, "data_source"),
        ("Night-time economy", datetime.date(2026, 6, 13), False, "activity"),
    ]


def test_the_horizon_can_be_shortened(staff, due_register):
    due = records_due_for_disposal(staff, due_register["today"], horizon_days=20)
    assert [item.name for item in due] == [
        "Old hotspot study",
        "Knife crime review",
        "Hull contacts",
    ]


def test_the_due_list_costs_three_queries_however_many_records(
    staff, due_register, django_assert_num_queries
):
    rule = RetentionRule.objects.get(record_class="Partnership analysis")
    for index in range(30):
        make_activity(f"Extra {index}", rule, datetime.date(2019, 1, 1))
    with django_assert_num_queries(3):  # rules, activities, data sources
        due = records_due_for_disposal(staff, due_register["today"])
        assert [str(item.rule) for item in due]  # the rule is known without a query
    assert len(due) == 34


def test_a_partner_is_given_nothing(partner_hull, due_register):
    assert records_due_for_disposal(partner_hull, due_register["today"]) == []


# --- The due list (page) -----------------------------------------------------------------------


@pytest.fixture
def due_now(staff):
    rule = make_rule("Partnership analysis", 6, "years")
    return {
        "rule": rule,
        "overdue": make_activity("Old hotspot study", rule, TODAY - datetime.timedelta(days=2200)),
        "soon": DataSourceFactory(
            name="Hull contacts",
            retention_rule=rule,
            retention_trigger_on=TODAY - datetime.timedelta(days=6 * 365 - 40),
        ),
    }


def test_the_due_page_tags_each_record_and_links_to_it_and_to_recording_its_disposal(
    client, staff, due_now
):
    client.force_login(staff)
    response = client.get(DUE)
    assert response.status_code == 200
    text = page_text(response)
    activity, source = due_now["overdue"], due_now["soon"]
    assert [item.record for item in response.context["due"]] == [activity, source]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in text
    assert "1 overdue, 1 due in the next 90 days." in text
    assert f'href="{activity.get_absolute_url()}"' in text
    assert f'href="{source.get_absolute_url()}"' in text
    create = reverse("ropa:disposal_create")
    assert f'href="{create}?activity={activity.pk}"' in text
    assert f'href="{create}?data_source={source.pk}"' in text
    assert f'href="{due_now["rule"].get_absolute_url()}"' in text


def test_readers_see_the_due_list_without_disposal_links(client, siro, due_now):
    client.force_login(siro)
    text = page_text(client.get(DUE))
    assert "Old hotspot study" in text
    assert "Propose a disposal" not in text


def test_the_due_page_says_when_nothing_is_due(client, staff):
    client.force_login(staff)
    assert "Nothing is due for disposal in the next 90 days." in page_text(client.get(DUE))


# --- Access ------------------------------------------------------------------------------------


def test_partners_cannot_open_retention_pages(client, partner_hull):
    rule = make_rule()
    client.force_login(partner_hull)
    for url in (LIST, ADD, DUE, rule.get_absolute_url(), edit_url(rule)):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_cannot_add_or_edit_a_rule(request, client, role):
    rule = make_rule()
    client.force_login(request.getfixturevalue(role))
    assert client.get(LIST).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data(record_class="New class")).status_code == 403
    assert client.get(edit_url(rule)).status_code == 403
    assert client.post(edit_url(rule), form_data(rule, period="7")).status_code == 403
    rule.refresh_from_db()
    assert (RetentionRule.objects.count(), rule.period, rule.history.count()) == (1, 6, 1)
    text = page_text(client.get(rule.get_absolute_url()))
    assert edit_url(rule) not in text


# --- List and export ---------------------------------------------------------------------------


@pytest.fixture
def rules():
    return [
        make_rule("Partnership analysis", 6, "years", action="review"),
        make_rule(
            "Criminal justice extracts",
            18,
            "months",
            trigger="end_of_agreement",
            authority_kind="statute",
            authority="DPA 2018 s 39",
        ),
        make_rule("Consultation responses", 1, "years", trigger="closure"),
    ]


def test_the_list_filters_by_search_trigger_action_and_authority(client, staff, rules):
    client.force_login(staff)
    assert record_classes(client.get(LIST)) == [
        "Consultation responses",
        "Criminal justice extracts",
        "Partnership analysis",
    ]
    assert record_classes(client.get(LIST, {"q": "s 39"})) == ["Criminal justice extracts"]
    assert record_classes(client.get(LIST, {"trigger": "closure"})) == ["Consultation responses"]
    assert record_classes(client.get(LIST, {"action": "review"})) == ["Partnership analysis"]
    by_authority = client.get(LIST, {"authority_kind": "policy"})
    assert record_classes(by_authority) == ["Consultation responses", "Partnership analysis"]


def test_the_list_shows_periods_in_words_and_sorts_by_them(client, staff, rules):
    client.force_login(staff)
    response = client.get(LIST, {"sort": "period"})
    assert record_classes(response) == [
        "Criminal justice extracts",
        "Consultation responses",
        "Partnership analysis",
    ]
    text = page_text(response)
    assert "18 months" in text
    assert "1 year<" in text
    assert "6 years" in text


def test_the_csv_and_excel_exports_hold_exactly_the_filtered_list(client, staff, rules):
    from openpyxl import load_workbook

    client.force_login(staff)
    params = {"trigger": "creation", "sort": "-record_class"}
    screen = record_classes(client.get(LIST, params))
    export = client.get(reverse("ropa:retentionrule_export", kwargs={"format": "csv"}), params)
    assert "attachment" in export["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == ["Record class", "Kept for", "From", "Then", "Authority", "Reference"]
    assert [row[0] for row in rows] == screen == ["Partnership analysis"]
    assert rows[0][1:5] == ["6 years", "Creation", "Review", "OPCC retention policy"]
    xlsx = client.get(reverse("ropa:retentionrule_export", kwargs={"format": "xlsx"}), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [[cell.value or "" for cell in row] for row in sheet.iter_rows()] == [header, *rows]


def test_the_list_page_links_its_exports_with_the_current_filters(client, staff, rules):
    client.force_login(staff)
    text = page_text(client.get(LIST, {"action": "destroy"}))
    assert "/ropa/retention-rules/export.csv?action=destroy" in text
    assert "Add a retention rule" in text


# --- Detail ------------------------------------------------------------------------------------


def test_the_rule_page_shows_the_rule_and_what_is_held_under_it_with_due_dates(client, staff):
    rule = make_rule(
        "Contact lists", 18, "months", authority_kind="statute", authority="DPA 2018 s 39"
    )
    overdue = make_activity("Old contacts", rule, TODAY - datetime.timedelta(days=600))
    retired = make_activity(
        "Retired contacts", rule, TODAY - datetime.timedelta(days=900), status="retired"
    )
    untriggered = make_activity("Current contacts", rule, None)
    source = DataSourceFactory(
        name="Hull contacts", retention_rule=rule, retention_trigger_on=datetime.date(2025, 1, 31)
    )
    make_activity("Unrelated", make_rule("Other", 1), TODAY)
    client.force_login(staff)
    response = client.get(rule.get_absolute_url())
    text = page_text(response)
    assert "Contact lists: kept for 18 months from creation, then destroy." in text
    assert "Statute: DPA 2018 s 39" in text
    held = response.context["held"]
    assert [item.record for item in held["activities"]] == [retired, overdue, untriggered]
    assert [item.record for item in held["data_sources"]] == [source]
    assert held["data_sources"][0].due_on == datetime.date(2026, 7, 31)
    assert [item.is_overdue for item in held["activities"]] == [False, True, False]
    assert "Unrelated" not in text
    assert "No trigger date yet" in text
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--grey">Retired</strong>' in text
    assert "31 Jul 2026" in text
    assert edit_url(rule) in text


# --- Add and edit ------------------------------------------------------------------------------


def test_staff_add_a_rule_and_history_records_who_and_why(client, staff):
    client.force_login(staff)
    response = client.post(ADD, form_data(change_reason="Agreed with the DPO"))
    rule = RetentionRule.objects.get()
    assert response["Location"] == rule.get_absolute_url()
    assert (rule.period, rule.period_unit, rule.action, rule.created_by) == (
        6,
        "years",
        "review",
        staff,
    )
    (entry,) = rule.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Agreed with the DPO",
    )


def test_an_edit_writes_exactly_one_history_row_with_user_and_reason(client, dpo):
    rule = make_rule()
    client.force_login(dpo)
    response = client.post(
        edit_url(rule), form_data(rule, period="7", change_reason="Policy revised in 2026")
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.period, rule.row_version) == (7, 2)
    assert rule.history.count() == 2
    latest = rule.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Policy revised in 2026")


def test_a_rule_edited_through_its_service_writes_history_for_the_records_it_moves(dpo):
    rule = make_rule(period=6, unit="years")
    held = make_activity("Held", rule, datetime.date(2020, 1, 15))
    source = DataSourceFactory(retention_rule=rule, retention_trigger_on=datetime.date(2021, 2, 1))
    untriggered = make_activity("No trigger yet", rule)
    rule.period = 7
    retention_rule_save(rule, actor=dpo, reason="Policy revised in 2026")

    for record, due_on in ((held, datetime.date(2027, 1, 15)), (source, datetime.date(2028, 2, 1))):
        record.refresh_from_db()
        assert record.retention_due_on == due_on
        latest = record.history.first()
        assert (latest.history_user, latest.history_change_reason) == (
            dpo,
            "Policy revised in 2026",
        )
        assert latest.retention_due_on == due_on
    # A record whose date does not move gets no history row.
    assert untriggered.history.count() == 1


def test_a_rules_page_edit_moves_the_due_dates_of_what_it_holds(client, dpo):
    rule = make_rule()
    held = make_activity("Held", rule, datetime.date(2020, 1, 15))
    client.force_login(dpo)
    client.post(edit_url(rule), form_data(rule, period="7", change_reason="Policy revised"))
    held.refresh_from_db()
    assert held.retention_due_on == datetime.date(2027, 1, 15)
    assert held.history.first().history_change_reason == "Policy revised"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"record_class": ""}, "record_class", "Enter the class of records the rule is for."),
        ({"period": ""}, "period", "Enter how many months or years the records are kept."),
        ({"period": "six"}, "period", "Enter the retention period as a whole number, like 6."),
        ({"period": "0"}, "period", "The retention period must be at least 1."),
        (
            {"period": "101"},
            "period",
            "Enter a retention period of 100 years (1,200 months) or less.",
        ),
        ({"trigger": ""}, "trigger", "Select what the retention period is counted from."),
        ({"action": ""}, "action", "Select what happens at the end of the retention period."),
    ],
)
def test_wrong_answers_are_reported_next_to_their_fields(client, staff, changes, field, message):
    client.force_login(staff)
    response = client.post(ADD, form_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "There is a problem" in page_text(response)
    assert not RetentionRule.objects.exists()


def test_a_second_rule_for_the_same_record_class_is_refused(client, staff):
    make_rule("Partnership analysis")
    client.force_login(staff)
    response = client.post(ADD, form_data())
    assert response.context["form"].errors["record_class"] == [
        "There is already a rule for this record class: edit that rule."
    ]
    assert RetentionRule.objects.count() == 1


# --- Data sources ------------------------------------------------------------------------------


def source_form(source, **changes):
    data = {
        "name": source.name,
        "classification": source.classification,
        "url": source.url,
        "publisher": source.publisher,
        "row_version": source.row_version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def test_a_data_source_gets_a_rule_and_trigger_date_under_retention(client, staff):
    rule = make_rule("Open data copies", 2, "years")
    source = DataSourceFactory(name="police.uk street crime")
    client.force_login(staff)
    edit = reverse("sharing:datasource_update", kwargs={"pk": source.pk})
    form_page = page_text(client.get(edit))
    fieldset = re.search(r"<legend[^>]*>\s*Retention\s*</legend>(.*?)</fieldset>", form_page, re.S)
    assert 'id="id_retention_rule"' in fieldset[1]
    assert 'id="id_retention_trigger_on"' in fieldset[1]
    response = client.post(
        edit,
        source_form(
            source,
            retention_rule=rule.pk,
            retention_trigger_on="2024-02-29",
            change_reason="Retention agreed",
        ),
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.retention_rule, source.retention_trigger_on) == (
        rule,
        datetime.date(2024, 2, 29),
    )
    assert source.retention_due_on == datetime.date(2026, 2, 28)
    latest = source.history.first()
    assert source.history.count() == 2
    assert (latest.history_user, latest.history_change_reason) == (staff, "Retention agreed")


def test_a_trigger_date_needs_a_rule(client, staff):
    source = DataSourceFactory(name="police.uk street crime")
    client.force_login(staff)
    edit = reverse("sharing:datasource_update", kwargs={"pk": source.pk})
    response = client.post(edit, source_form(source, retention_trigger_on="2024-02-29"))
    assert response.context["form"].errors["retention_trigger_on"] == [
        "Choose the retention rule this date starts, or clear the date."
    ]


def test_the_data_source_page_shows_its_rule_trigger_and_due_date(client, staff):
    rule = make_rule("Open data copies", 2, "years")
    source = DataSourceFactory(
        name="police.uk street crime",
        retention_rule=rule,
        retention_trigger_on=datetime.date(2020, 5, 1),
    )
    client.force_login(staff)
    text = page_text(client.get(source.get_absolute_url()))
    assert f'<a class="govuk-link" href="{rule.get_absolute_url()}">{rule}</a>' in text
    assert "1 May 2020" in text
    assert "1 May 2022" in text
    assert 'data-testid="retention-overdue">Overdue</strong>' in text
    assert "Still in use" in text


def test_a_data_source_without_a_rule_says_its_due_date_is_not_known(client, staff):
    source = DataSourceFactory(name="police.uk street crime")
    client.force_login(staff)
    text = page_text(client.get(source.get_absolute_url()))
    assert "Not known: it needs a rule and a trigger date" in text
    assert DataSource.objects.get().retention_due_on is None

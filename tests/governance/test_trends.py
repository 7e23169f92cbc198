"""Trends: monthly figures worked out from history, stored, and drawn as charts with tables.

The history is built by living through it with time-machine: records are created and changed
on given days of past months, exactly as the portal would have written their history rows.
"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils.html import escape

from governance.models import Breach, Dpia, MonthlyFigure, Policy
from governance.tasks import record_monthly_figures
from governance.trends import charts, rebuild, record_month, recording
from ropa.models import ProcessingActivity, RetentionRule
from sharing.models import DataSource
from tests.dpias import draft_dpia
from tests.factories import AgreementFactory, DataSourceFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
#: "Today" for these tests: the history below runs from September to December 2026.
TODAY = datetime.datetime(2026, 12, 15, 9, 0, tzinfo=LONDON)
SEP, OCT, NOV, DEC = (datetime.date(2026, month, 1) for month in (9, 10, 11, 12))
AUG = datetime.date(2026, 8, 1)


def on(month: int, day: int, hour: int = 10):
    return time_machine.travel(datetime.datetime(2026, month, day, hour, tzinfo=LONDON), tick=False)


def stored(series: str, month: datetime.date) -> dict[str, int]:
    return dict(
        MonthlyFigure.objects.filter(series=series, month=month).values_list("key", "value")
    )


def nonzero(series: str, month: datetime.date) -> dict[str, int]:
    return {key: value for key, value in stored(series, month).items() if value}


def save(record, **values):
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


@pytest.fixture
def lived_history(opcc, staff):
    """September to December 2026, as the registers lived it."""
    with on(9, 15):
        active = AgreementFactory(title="Hull ISA")
        doomed = AgreementFactory(title="Abandoned MoU")
        expiring = AgreementFactory(title="Fire ISA", status="active")
        source = DataSourceFactory(
            name="Fire call-outs", classification="partner_shared", covering_agreement=expiring
        )
        rule = RetentionRule.objects.create(
            record_class="Open data copies",
            period=1,
            period_unit="months",
            trigger="creation",
            action="destroy",
            authority_kind="policy",
            authority="OPCC retention policy",
        )
        kept = DataSourceFactory(
            name="Census extract",
            retention_rule=rule,
            retention_trigger_on=datetime.date(2026, 8, 15),
        )
        policy = Policy.objects.create(
            title="Information security policy",
            kind="policy",
            owner_organisation=opcc,
            status="in_force",
            next_review_on=datetime.date(2026, 10, 10),
        )
        activity = ProcessingActivity.objects.create(
            name="Youth referrals",
            business_function="Analysis",
            purpose="Referrals",
            next_review_on=datetime.date(2026, 9, 20),
        )
        dpia = draft_dpia(staff)
    with on(10, 5):
        save(active, status="active", review_on=datetime.date(2026, 11, 1))
        save(Dpia.objects.get(pk=dpia.pk), status="submitted")
        save(activity, status="retired")
    with on(10, 20):
        save(
            Dpia.objects.get(pk=dpia.pk),
            status="approved",
            next_review_on=datetime.date(2026, 11, 15),
        )
    with on(11, 5):
        save(expiring, status="expired")
    with on(11, 10):
        doomed.delete()
        save(policy, next_review_on=datetime.date(2027, 10, 10))
        breach = Breach(
            reference="BR-001",
            reported_by=staff,
            title="Referral list e-mailed to the wrong school",
            detected_at=datetime.datetime(2026, 11, 10, 8, tzinfo=LONDON),
            became_aware_at=datetime.datetime(2026, 11, 10, 9, tzinfo=LONDON),
            description="A list of 12 referrals went to the wrong school's inbox.",
        )
        breach.save()
    with on(11, 20):
        save(DataSource.objects.get(pk=kept.pk), retired_on=datetime.date(2026, 11, 20))
    with on(12, 3):
        save(
            breach,
            ico_decision="not_required",
            ico_decision_reasons="Recalled unread within the hour.",
        )
        save(DataSource.objects.get(pk=source.pk), covering_agreement=None)
    return {"active": active, "dpia": dpia}


@pytest.fixture
def rebuilt(lived_history):
    with time_machine.travel(TODAY, tick=False):
        rebuild(months=5)


def test_agreements_by_state_follow_each_months_history(rebuilt):
    assert nonzero("agreements_by_state", AUG) == {}
    assert nonzero("agreements_by_state", SEP) == {"drafting": 2, "active": 1}
    assert nonzero("agreements_by_state", OCT) == {"drafting": 1, "active": 2}
    # The abandoned MoU was deleted on 10 November: it no longer counts at all.
    assert nonzero("agreements_by_state", NOV) == {"active": 1, "expired": 1}
    assert nonzero("agreements_by_state", DEC) == {"active": 1, "expired": 1}
    assert set(stored("agreements_by_state", SEP)) == {
        "requested_via_forum",
        "drafting",
        "in_negotiation",
        "active",
        "expired",
        "terminated",
    }


def test_dpias_by_state_follow_each_months_history(rebuilt):
    assert nonzero("dpias_by_state", SEP) == {"draft": 1}
    assert nonzero("dpias_by_state", OCT) == {"approved": 1}
    assert nonzero("dpias_by_state", DEC) == {"approved": 1}


def test_overdue_items_are_those_past_their_date_at_the_months_end(rebuilt):
    # September: the activity's review (20 Sep) and the census copy's retention (15 Sep).
    assert nonzero("overdue", SEP) == {"activity_review": 1, "retention": 1}
    # October: the activity was retired; the policy's review (10 Oct) is late.
    assert nonzero("overdue", OCT) == {"policy_review": 1, "retention": 1}
    # November: the policy was reviewed, the census copy disposed of; the agreement's review
    # (1 Nov) and the DPIA's (15 Nov) are late.
    assert nonzero("overdue", NOV) == {"agreement_review": 1, "dpia_review": 1}
    assert nonzero("overdue", DEC) == {"agreement_review": 1, "dpia_review": 1}


def test_findings_traced_from_history(rebuilt):
    assert nonzero("findings", SEP) == {"reviews_overdue": 1, "retention_overdue": 1}
    assert nonzero("findings", OCT) == {"reviews_overdue": 1, "retention_overdue": 1}
    # November: the Fire ISA expired but still covers its source; the breach's 72 hours ran
    # out on 13 November with no decision about the ICO.
    assert nonzero("findings", NOV) == {
        "reviews_overdue": 2,
        "expired_agreement_in_use": 1,
        "breach_72_hours": 1,
    }
    # December: the ICO decision was recorded and the source no longer relies on the Fire ISA.
    assert nonzero("findings", DEC) == {"reviews_overdue": 2}


def test_the_month_under_way_counts_up_to_today(lived_history):
    with time_machine.travel(datetime.datetime(2026, 11, 12, 9, tzinfo=LONDON), tick=False):
        record_month(NOV)
    # On 12 November the agreement's review was late but the DPIA's (15 Nov) not yet, and the
    # breach's 72 hours had not run out.
    assert nonzero("overdue", NOV) == {"agreement_review": 1, "retention": 1}
    assert stored("findings", NOV)["breach_72_hours"] == 0


def test_rebuilding_twice_leaves_the_same_rows(rebuilt):
    before = set(MonthlyFigure.objects.values_list("series", "month", "key", "value"))
    with time_machine.travel(TODAY, tick=False):
        rebuild(months=5)
    assert set(MonthlyFigure.objects.values_list("series", "month", "key", "value")) == before
    assert MonthlyFigure.objects.count() == len(before)


def test_a_rebuild_corrects_a_figure_stored_wrongly(rebuilt):
    MonthlyFigure.objects.filter(series="overdue", month=OCT, key="policy_review").update(value=99)
    MonthlyFigure.objects.create(series="overdue", month=OCT, key="gone", value=5)
    with time_machine.travel(TODAY, tick=False):
        record_month(OCT)
    assert nonzero("overdue", OCT) == {"policy_review": 1, "retention": 1}


def test_a_month_not_yet_started_is_refused(db):
    with time_machine.travel(TODAY, tick=False), pytest.raises(ValueError, match="January 2027"):
        record_month(datetime.date(2027, 1, 1))


def test_the_command_rebuilds_the_months_asked_for(lived_history):
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("rebuild_trends", "--months", "3", stdout=out)
    assert out.getvalue().startswith("Trends: ")
    assert "for the last 3 months" in out.getvalue()
    assert sorted(set(MonthlyFigure.objects.values_list("month", flat=True))) == [OCT, NOV, DEC]
    assert nonzero("overdue", OCT) == {"policy_review": 1, "retention": 1}


def test_the_command_refuses_a_silly_window(db):
    with pytest.raises(CommandError, match="between 1 and 120"):
        call_command("rebuild_trends", "--months", "0")


def test_the_nightly_task_records_this_month_and_last_and_is_safe_twice(lived_history):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 6, tzinfo=LONDON), tick=False):
        first = record_monthly_figures.delay().get()
        rows = set(MonthlyFigure.objects.values_list("series", "month", "key", "value"))
        assert record_monthly_figures.delay().get() == first
    assert set(MonthlyFigure.objects.values_list("series", "month", "key", "value")) == rows
    assert sorted(set(MonthlyFigure.objects.values_list("month", flat=True))) == [NOV, DEC]
    assert nonzero("overdue", NOV) == {"agreement_review": 1, "dpia_review": 1}


def test_the_task_is_scheduled_nightly(settings):
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "governance.record_monthly_figures" in schedule


def test_charts_read_the_stored_figures(rebuilt):
    with time_machine.travel(TODAY, tick=False):
        by_slug = {chart.slug: chart for chart in charts(months=4)}
    overdue = by_slug["overdue"]
    assert overdue.title == "Overdue items by month"
    assert [label for label, _ in overdue.rows] == ["Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"]
    assert overdue.series == [
        "DPIA reviews",
        "Agreement reviews",
        "Policy reviews",
        "Activity reviews",
        "Retention",
    ]
    assert overdue.rows[0] == ("Sep 2026", [0, 0, 0, 1, 1])
    assert overdue.summary == "Overdue items stayed at 2 from Sep 2026 to Dec 2026."
    agreements = by_slug["agreements"]
    # States no agreement reached in the window are left out of the chart and its table.
    assert agreements.series == ["Drafting", "Active", "Expired"]
    assert agreements.summary == "Active agreements stayed at 1 from Sep 2026 to Dec 2026."
    dpias = by_slug["dpias"]
    assert dpias.summary == "Approved DPIAs rose from 0 in Sep 2026 to 1 in Dec 2026."
    findings = by_slug["findings"]
    assert findings.summary.startswith("Findings stayed at 2 from Sep 2026 to Dec 2026.")


def test_months_never_worked_out_are_left_out_not_drawn_as_zeros(rebuilt):
    MonthlyFigure.objects.filter(month=OCT).delete()
    with time_machine.travel(TODAY, tick=False):
        overdue = {chart.slug: chart for chart in charts(months=4)}["overdue"]
    assert [label for label, _ in overdue.rows] == ["Sep 2026", "Nov 2026", "Dec 2026"]


def test_with_nothing_stored_each_chart_says_so(db):
    for chart in charts():
        assert chart.rows == []
        assert "not been worked out" in chart.summary


def test_bars_are_drawn_in_steps_relative_to_the_tallest_month(rebuilt):
    with time_machine.travel(TODAY, tick=False):
        findings = {chart.slug: chart for chart in charts(months=4)}["findings"]
    november = findings.columns[2]
    assert (november.label, november.total) == ("Nov 2026", 4)
    assert [segment.height for segment in november.segments] == [50, 0, 25, 25]
    september = findings.columns[0]
    assert [segment.height for segment in september.segments] == [25, 25, 0, 0]


def test_charts_take_one_query_whatever_the_months(rebuilt, django_assert_num_queries):
    with time_machine.travel(TODAY, tick=False):
        with django_assert_num_queries(1):
            charts(months=2)
        with django_assert_num_queries(1):
            charts(months=12)


def test_working_out_a_month_takes_the_same_queries_for_more_history(
    lived_history, staff, django_assert_num_queries
):
    with time_machine.travel(TODAY, tick=False):
        with CountQueries() as small:
            record_month(NOV)
        for number in range(20):
            agreement = AgreementFactory(title=f"More {number}")
            save(agreement, status="active", review_on=datetime.date(2026, 1, 1))
            draft_dpia(staff, title=f"More {number}")
        with CountQueries() as big:
            record_month(NOV)
    assert big.count == small.count


class CountQueries:
    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        self.count = len(self.context.captured_queries)


def test_todays_full_findings_check_is_recorded_for_the_month_under_way(rebuilt, monkeypatch):
    monkeypatch.setattr(
        recording, "live_findings_by_severity", lambda: {"high": 3, "medium": 1, "low": 0}
    )
    with time_machine.travel(TODAY, tick=False):
        record_month(NOV)
        record_month(DEC)
        findings = {chart.slug: chart for chart in charts(months=4)}["findings"]
    assert stored("findings_live", NOV) == {}
    assert stored("findings_live", DEC) == {"high": 3, "medium": 1, "low": 0}
    assert findings.summary.endswith("Today's full check finds 4 in all (3 high, 1 medium, 0 low).")


def test_the_partial_draws_bars_and_carries_the_figures_in_a_table(rebuilt):
    with time_machine.travel(TODAY, tick=False):
        chart = {chart.slug: chart for chart in charts(months=4)}["findings"]
    html = render_to_string("governance/includes/_trend_chart.html", {"chart": chart})
    assert '<h3 class="govuk-heading-s" id="trend-findings-title">Findings by month</h3>' in html
    assert escape(chart.summary) in html
    assert 'class="app-trend__chart" aria-hidden="true"' in html
    assert "<caption" in html and "Findings by month: the figures" in html
    assert '<th scope="row" class="govuk-table__header">Nov 2026</th>' in html
    assert "app-trend__bar app-trend__fill--0 app-bar--50" in html
    assert "style=" not in html
    november_row = html.split("Nov 2026</th>")[1].split("</tr>")[0]
    assert [cell.split("</td>")[0].strip() for cell in november_row.split('numeric">')[1:]] == [
        "2",
        "0",
        "1",
        "1",
        "4",
    ]


def test_the_partial_takes_the_heading_level_it_is_given(rebuilt):
    with time_machine.travel(TODAY, tick=False):
        chart = charts(months=4)[0]
    html = render_to_string(
        "governance/includes/_trend_chart.html", {"chart": chart, "heading_level": 4}
    )
    assert '<h4 class="govuk-heading-s"' in html and "</h4>" in html


def test_an_empty_chart_renders_only_its_summary(db):
    html = render_to_string("governance/includes/_trend_chart.html", {"chart": charts()[0]})
    assert "not been worked out" in html
    assert "<table" not in html

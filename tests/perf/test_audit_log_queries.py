"""The audit log runs the same number of SQL queries whatever the size of the history, never
counts a whole history table and never pages with OFFSET.

Every page for a signed-in user costs 5 (session, user, their organisation, user and group
permissions) plus the header's badges; the page itself is one query for its keys (a UNION ALL
over the history tables, or one table when a register is chosen), then per register on the
page: its rows with their previous versions, the names of what their foreign keys point at,
and the current records for their names and links.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Policy
from sharing.models import DataSource, Organisation
from tests.factories import DataSourceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("governance:audit_log")
EXPORT_URL = reverse("governance:audit_log_export")

#: A COUNT over a history table with no WHERE clause: what the log must never run.
UNFILTERED_COUNT = re.compile(r'SELECT COUNT\(\*\).* FROM "\w*historical\w*"(?!.*WHERE)', re.S)


def build_history(rows: int, owner, editor, prefix: str = "") -> None:
    """``rows`` records in each of three registers, each created and then changed, saved in
    turn so that every page holds changes of all three."""
    start = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=timezone.get_current_timezone())
    for index in range(rows):
        organisation = OrganisationFactory(name=f"Organisation {prefix}{index}")
        policy = Policy.objects.create(
            title=f"Policy {prefix}{index}", kind="policy", owner_organisation=owner
        )
        source = DataSourceFactory(name=f"Source {prefix}{index}")
        for record in (organisation, policy, source):
            record._change_reason = "Reviewed"
            record._history_user = editor
            record.save()
    # Interleave the registers in time, a minute apart, as a working week would.
    for offset, model in enumerate((Organisation, Policy, DataSource)):
        for position, row in enumerate(model.history.order_by("history_id")):
            moment = start + datetime.timedelta(minutes=3 * position + offset)
            model.history.filter(history_id=row.history_id).update(history_date=moment)


def captured(client, url: str, query: dict | None = None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def assert_no_unbounded_history_reads(statements: list[str]) -> None:
    for sql in statements:
        assert not UNFILTERED_COUNT.search(sql), sql
        if "historical" in sql:
            assert " OFFSET " not in sql.upper(), sql


QUERIES = {
    # header (5 + review-queue badge + unread badge), the page's keys, then per register
    # (organisations, policies, data sources): rows and previous versions, the names of
    # foreign keys (a policy's owner organisation, a source's supplier), the current records
    "all registers": {},
    "one register": {"register": "governance.policy"},
    "filtered": {"person": "Dana", "action": "changed", "date_from": "2026-01-01"},
}


@pytest.mark.parametrize("filters", QUERIES.values(), ids=QUERIES.keys())
def test_the_audit_log_runs_the_same_queries_for_a_small_and_a_large_history(
    client, dpo, hull, filters
):
    build_history(3, hull, dpo)
    client.force_login(dpo)
    small = captured(client, URL, filters)
    build_history(40, hull, dpo, prefix="more ")
    large = captured(client, URL, filters)
    assert len(small) == len(large)
    assert len(large) <= 20
    assert_no_unbounded_history_reads(small + large)


def test_an_older_page_costs_the_same_however_deep_it_is(client, dpo, hull):
    build_history(30, hull, dpo)  # 180 entries of three registers: nearly four pages
    client.force_login(dpo)
    second_url = f"{URL}?{client.get(URL).context['older_query']}"
    third_url = f"{URL}?{client.get(second_url).context['older_query']}"
    second, third = captured(client, second_url), captured(client, third_url)
    assert len(second) == len(third)
    assert_no_unbounded_history_reads(second + third)


def test_the_export_reads_in_batches_not_row_by_row(client, dpo, hull, monkeypatch):
    monkeypatch.setattr("governance.audit.query.EXPORT_BATCH", 25)
    build_history(5, hull, dpo)
    client.force_login(dpo)
    small = captured(client, EXPORT_URL, {"register": "governance.policy"})
    build_history(20, hull, dpo, prefix="more ")
    large = captured(client, EXPORT_URL, {"register": "governance.policy"})
    # 25 policies (50 entries) is two batches where 5 (10 entries) is one: each batch is a
    # fixed number of queries, not one per row.
    assert len(large) - len(small) <= 4
    assert_no_unbounded_history_reads(small + large)


def test_on_postgresql_each_history_table_is_read_through_its_history_date_index(hull, dpo):
    """Each select of the UNION ALL is ordered and limited on its own, so PostgreSQL walks
    each table's ``history_date`` index backwards from the cursor for one page of rows."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    from governance.audit import AuditQuery, Cursor
    from governance.audit.query import _keys_queryset

    build_history(3, hull, dpo)
    cursor = Cursor(timezone.now(), "governance.policy", 2**31)
    rows = _keys_queryset(
        AuditQuery(), older_than=cursor, newer_than=None, descending=True, limit=51
    )[:51]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as db:
        db.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
        db.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in db.fetchall())
    assert "Seq Scan" not in plan, plan
    for table in ("sharing_historicalorganisation", "governance_historicalpolicy"):
        assert re.search(rf"Index Scan Backward using \w+ on {table}", plan), plan

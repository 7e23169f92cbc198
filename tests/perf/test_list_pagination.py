"""Every ROPA and sharing list and queue is paginated: 25 rows a page, in the order it states,
page 2 holding the rest; and each page runs the same number of queries at 1 row and at 50.

The rows each test makes sort before anything the fixtures hold ("A list row 00", the oldest
proposal, the soonest due date, the latest request), so the first page is exactly the first 25
of them and the second page starts with the rest.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ropa.models import Disposal, ProcessingActivity, RetentionRule
from sharing.models import ConnectionRequest, RoleHolder
from tests.factories import (
    AgreementFactory,
    ConsultationFactory,
    DataSourceFactory,
    ForumFactory,
    OrganisationFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PER_PAGE = 25


def name(index: int) -> str:
    return f"A list row {index:02d}"


def activity(index: int, **values: Any) -> ProcessingActivity:
    return ProcessingActivity.objects.create(
        name=name(index), business_function="Analysis", purpose="Analysis", **values
    )


def disposal(index: int, person: Any, **values: Any) -> Disposal:
    return Disposal.objects.create(
        data_source=DataSourceFactory(),
        disposed_on=TODAY - datetime.timedelta(days=index),
        method="secure_deletion",
        carried_out_by=person,
        evidence_reference=f"DEL-{index}",
        proposed_by=person,
        proposed_at=timezone.now() - datetime.timedelta(hours=100 - index),
        **values,
    )


def due_pair(index: int) -> list[Any]:
    """An activity and a data source due on the same day, index days from 60 days ago; on one
    day the activity's name sorts first."""
    rule = RetentionRule.objects.get_or_create(
        record_class="List rule",
        defaults={"period": 1, "period_unit": "years", "trigger": "creation", "action": "destroy"},
    )[0]
    trigger_on = TODAY - datetime.timedelta(days=365 + 60 - index)
    record = activity(index, retention_rule=rule, retention_trigger_on=trigger_on)
    source = DataSourceFactory(
        name=f"{name(index)} source", retention_rule=rule, retention_trigger_on=trigger_on
    )
    return [record, source]


@dataclass(frozen=True)
class Case:
    url_name: str
    role: str
    #: Makes row ``index`` (one record, or the due list's pair) given the signed-in user; rows
    #: come back in the list's stated order.
    make: Callable[[int, Any], Any]
    #: The records a page shows, from the response.
    rows: Callable[[Any], list[Any]] = lambda response: [
        row.record for row in response.context["table"].page.object_list
    ]


def due_rows(response: Any) -> list[Any]:
    return [item.record for item in response.context["due"]]


CASES = {
    "organisations": Case(
        "sharing:organisation_list", "staff", lambda i, _: OrganisationFactory(name=name(i))
    ),
    "agreements": Case(
        "sharing:agreement_list", "staff", lambda i, _: AgreementFactory(title=name(i))
    ),
    "data sources": Case(
        "sharing:datasource_list", "staff", lambda i, _: DataSourceFactory(name=name(i))
    ),
    "products": Case("sharing:product_list", "staff", lambda i, _: ProductFactory(title=name(i))),
    "consultations (answer due soonest first)": Case(
        "sharing:consultation_list",
        "staff",
        lambda i, _: ConsultationFactory(due_on=TODAY + datetime.timedelta(days=i)),
    ),
    "forums": Case("sharing:forum_list", "staff", lambda i, _: ForumFactory(name=name(i))),
    "connection requests (newest first)": Case(
        "sharing:connectionrequest_list",
        "staff",
        lambda i, _: ConnectionRequest.objects.create(
            forum=ForumFactory(),
            purpose="Joint analysis",
            requested_on=TODAY + datetime.timedelta(days=100 - i),
        ),
    ),
    "role holders (by organisation)": Case(
        "sharing:roleholder_list",
        "staff",
        lambda i, _: RoleHolder.objects.create(
            organisation=OrganisationFactory(name=name(i)),
            role="siro",
            name=f"SIRO {i}",
            starts_on=datetime.date(2020, 1, 1),
        ),
    ),
    "processing activities": Case(
        "ropa:processingactivity_list", "staff", lambda i, _: activity(i)
    ),
    "retention rules": Case(
        "ropa:retentionrule_list",
        "staff",
        lambda i, _: RetentionRule.objects.create(
            record_class=name(i), period=1 + i, trigger="creation", action="destroy"
        ),
    ),
    "disposal log (latest disposal first)": Case(
        "ropa:disposal_list", "staff", lambda i, user: disposal(i, user)
    ),
    "disposal queue (oldest proposal first)": Case(
        "ropa:disposal_queue", "dpo", lambda i, user: disposal(i, user)
    ),
    "retention due (soonest first, both registers)": Case(
        "ropa:retention_due", "staff", lambda i, _: due_pair(i), rows=due_rows
    ),
}


def flatten(made: list[Any]) -> list[Any]:
    return [record for row in made for record in (row if isinstance(row, list) else [row])]


def sign_in(request: Any, client: Any, role: str) -> Any:
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_26_or_more_rows_make_two_pages_and_page_2_shows_the_rest(request, client, case):
    user = sign_in(request, client, case.role)
    made = flatten([case.make(index, user) for index in range(30)])[:30]  # (15 due pairs)
    url = reverse(case.url_name)
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert first.status_code == second.status_code == 200
    first_rows, second_rows = case.rows(first), case.rows(second)
    assert first_rows == made[:PER_PAGE]
    assert second_rows[: len(made) - PER_PAGE] == made[PER_PAGE:]
    assert not set(first_rows) & set(second_rows)
    page = first.context["table"].page if "table" in first.context else first.context["page"]
    assert page.paginator.num_pages >= 2
    assert 'aria-label="Page 2"' in first.content.decode()
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_page_runs_the_same_queries_at_1_row_and_at_50(request, client, case):
    user = sign_in(request, client, case.role)
    url = reverse(case.url_name)
    counts = []
    made = 0
    for rows in (1, 50):
        for index in range(made, rows):
            case.make(index, user)
        made = rows
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{counts[0]} queries at 1 row, {counts[1]} at 50"

"""Register exports: the same cells as the old export (django-tables2's ``as_values()``), read
from a database iterator instead; typed XLSX cells; a fixed number of queries; the threshold.

The reference below is the algorithm the portal used before: build the list's table over the
filtered rows and write ``str()`` of every ``as_values()`` cell. The new export must give the
same text in every cell of every register, for the demo data, except where a cell changed on
purpose; those columns are listed in ``CHANGED_ON_PURPOSE`` and compared after normalising.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.http import HttpRequest, QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_tables2 import RequestConfig
from openpyxl import load_workbook

from accounts.models import User
from governance.choices import ReportJobKind, ReportJobStatus
from governance.models import ReportJob
from tests.factories import AgreementFactory
from vpp_portal.registers import RegisterExportView


def export_url_names() -> list[str]:
    """Every URL served by a register export view (``<namespace>:<name>_export``)."""
    found: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                walk(
                    pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = getattr(pattern.callback, "view_class", None)
                if view and issubclass(view, RegisterExportView):
                    found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(found)


EXPORTS = export_url_names()

#: Cells that changed on purpose (the list's date columns), by export and heading. Dates:
#: an empty one was "—" and is now an empty cell. Date-times were ``str()`` of the UTC value
#: ("2026-12-02 18:07:06.813578+00:00") and are now the local time to the minute, as the page
#: shows it ("2026-12-02 18:07"), a date-time cell in XLSX.
#: In any column, an empty value was written ``str(None)``; it is an empty cell now.
OLD_EMPTY = "None"
DATES = "date"
DATE_TIMES = "datetime"
CHANGED_ON_PURPOSE: dict[str, dict[str, str]] = {
    "sharing:agreement_export": {"Review": DATES, "Expires": DATES},
    "sharing:organisation_export": {"Last updated": DATE_TIMES},
    "sharing:product_export": {"Published": DATES},
    "sharing:consultation_export": {"Asked": DATE_TIMES, "Answer due": DATES},
    "sharing:connectionrequest_export": {"Requested on": DATES},
    "ropa:disposal_export": {"Disposed on": DATES},
}


def old_export(name: str, user: User, query: str = "") -> list[list[str]]:
    """The export as the portal wrote it before: ``str()`` of each ``as_values()`` cell."""
    path = reverse(name, kwargs={"format": "csv"})
    match = resolve(path)
    view = match.func.view_class(**match.func.view_initkwargs)
    request = HttpRequest()
    request.method = "GET"
    request.path = path
    request.GET = QueryDict(query)
    request.user = user
    request.resolver_match = match
    view.setup(request, **match.kwargs)
    filterset = view.get_filterset(view.get_filterset_class())
    if not filterset.is_bound or filterset.is_valid() or not view.get_strict():
        rows = filterset.qs
    else:
        rows = filterset.queryset.none()
    table = view.table_class(rows)
    RequestConfig(request, paginate=False).configure(table)
    return [[str(value) for value in row] for row in table.as_values()]


def read_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def streamed(client, name: str, query: str = "") -> list[list[str]]:
    url = reverse(name, kwargs={"format": "csv"}) + (f"?{query}" if query else "")
    response = client.get(url)
    assert response.status_code == 200, (name, response.status_code)
    assert response.streaming
    return read_csv(b"".join(response.streaming_content))


def normalised(old: str, kind: str | None) -> str:
    """The old cell as the new export writes it, for the changes made on purpose."""
    if old == OLD_EMPTY:
        return ""
    if kind is not None and old == "—":
        return ""
    if kind == DATE_TIMES:
        return timezone.localtime(datetime.fromisoformat(old)).strftime("%Y-%m-%d %H:%M")
    return old


def compare(name: str, old: list[list[str]], new: list[list[str]]) -> Iterator[str]:
    """Every cell that differs, after normalising the cells that changed on purpose."""
    if new[0] != old[0]:
        yield f"{name}: headings {new[0]} != {old[0]}"
        return
    if len(new) != len(old):
        yield f"{name}: {len(new) - 1} rows, the old export had {len(old) - 1}"
        return
    kinds = CHANGED_ON_PURPOSE.get(name, {})
    for number, (old_row, new_row) in enumerate(zip(old[1:], new[1:], strict=True), start=1):
        for heading, before, after in zip(old[0], old_row, new_row, strict=True):
            if normalised(before, kinds.get(heading)) != after:
                yield f"{name} row {number} {heading!r}: {after!r}, was {before!r}"


@pytest.fixture
def demo(db, settings):
    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo", stdout=io.StringIO())
    return {user.email: user for user in User.objects.filter(email__endswith="@demo.vpp.test")}


def test_every_register_streams_the_cells_of_the_old_export_for_the_demo(client, demo):
    differences: list[str] = []
    for email in ("dpo@demo.vpp.test", "partner.hull@demo.vpp.test"):
        user = demo[email]
        client.force_login(user)
        for name in EXPORTS:
            if not user.has_perms(resolve_permission(name)):
                continue
            old = old_export(name, user)
            assert len(old) > 1 or email.startswith("partner"), f"{name}: no demo rows"
            differences += compare(name, old, streamed(client, name))
        # A filter and a sort, as the list's export link carries them.
        query = "status=active&sort=-title"
        name = "sharing:agreement_export"
        differences += compare(name, old_export(name, user, query), streamed(client, name, query))
    assert differences == []


def resolve_permission(name: str) -> tuple[str, ...]:
    match = resolve(reverse(name, kwargs={"format": "csv"}))
    view = match.func.view_class(**match.func.view_initkwargs)
    opts = view.model._meta
    return (f"{opts.app_label}.view_{opts.model_name}",)


def test_the_columns_changed_on_purpose_are_the_date_columns_of_real_exports(staff):
    """What is compared after normalising names real columns (a renamed column would
    otherwise be compared as it is, or not at all)."""
    for name, columns in CHANGED_ON_PURPOSE.items():
        assert name in EXPORTS
        headings = old_export(name, staff)[0]
        assert set(columns) <= set(headings), name


def test_xlsx_cells_are_typed_and_names_link_to_their_records(client, staff, opcc, hull, settings):
    settings.PORTAL_BASE_URL = "https://vpp.example/"
    agreement = AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        review_on=date(2027, 3, 1),
        parties=[(opcc, "controller"), (hull, "controller")],
    )
    client.force_login(staff)

    response = client.get(reverse("sharing:agreement_export", kwargs={"format": "xlsx"}))

    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[1]]
    row = dict(zip(headings, sheet[2], strict=True))
    assert row["Title"].value == "Hull youth violence ISA"
    assert row["Title"].hyperlink.target == "https://vpp.example" + agreement.get_absolute_url()
    assert row["Review"].is_date and row["Review"].value.date() == date(2027, 3, 1)
    assert row["Expires"].value is None
    assert row["Kind"].value == "Information Sharing Agreement"  # the label, not "isa"
    assert row["Status"].value == "Active"


def test_a_formula_in_a_name_is_written_as_text_in_both_formats(client, staff, opcc, hull):
    AgreementFactory(title='=HYPERLINK("http://evil")', parties=[(opcc, "controller")])
    client.force_login(staff)

    rows = streamed(client, "sharing:agreement_export")
    xlsx = client.get(reverse("sharing:agreement_export", kwargs={"format": "xlsx"}))

    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    cell = load_workbook(io.BytesIO(xlsx.content)).active["A2"]
    assert cell.value == '\'=HYPERLINK("http://evil")' and cell.data_type == "s"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_runs_the_same_queries_for_one_row_and_for_forty(client, staff, opcc, fmt):
    client.force_login(staff)
    url = reverse("sharing:agreement_export", kwargs={"format": fmt})

    def queries() -> int:
        from django.db import connection

        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        return len(captured)

    AgreementFactory(parties=[(opcc, "controller")])
    one = queries()
    for _ in range(39):
        AgreementFactory(parties=[(opcc, "controller")])
    assert queries() == one


def test_past_the_threshold_an_export_becomes_the_requesters_job(
    client, staff, opcc, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_JOB_THRESHOLD_ROWS = 2
    for _ in range(3):
        AgreementFactory(parties=[(opcc, "controller")])
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(
            reverse("sharing:agreement_export", kwargs={"format": "csv"}) + "?sort=-title"
        )

    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.kind, job.status, job.requested_by, job.row_count) == (
        ReportJobKind.REGISTER_EXPORT,
        ReportJobStatus.QUEUED,
        staff,
        3,
    )
    assert job.params["query"] == "sort=-title"
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert "Agreements export (CSV)" in page.content.decode()
    assert "This export has 3 rows" in page.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_job_writes_the_same_rows_as_the_list_for_its_requester_alone(
    client, staff, dpo, opcc, hull, settings, django_capture_on_commit_callbacks, fmt
):
    settings.EXPORT_JOB_THRESHOLD_ROWS = 2
    for title in ("Bravo", "Alpha", "Charlie"):
        AgreementFactory(title=title, status="active", parties=[(opcc, "controller")])
    AgreementFactory(title="Drafting one", parties=[(hull, "controller")])
    client.force_login(staff)
    url = reverse("sharing:agreement_export", kwargs={"format": fmt}) + "?status=active&sort=-title"

    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process
        response = client.get(url)

    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.filename) == (
        ReportJobStatus.DONE,
        100,
        f"agreements-{timezone.localdate().isoformat()}.{fmt}",
    )
    page = client.get(response.url).content.decode()
    assert "Your file is ready" in page and f"({fmt.upper()}," in page
    download = client.get(reverse("governance:reportjob_download", args=[job.pk]))
    body = b"".join(download.streaming_content)
    if fmt == "csv":
        titles = [row[0] for row in read_csv(body)[1:]]
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        titles = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert titles == ["Charlie", "Bravo", "Alpha"]

    client.force_login(dpo)
    assert client.get(response.url).status_code == 404
    assert client.get(reverse("governance:reportjob_download", args=[job.pk])).status_code == 404

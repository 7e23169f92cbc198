"""The ROPA export in the ICO's layout: header block, the 30 columns in order, the list's
filter, formula injection neutralised, and a fixed number of queries."""

import csv
import io
from datetime import datetime
from itertools import zip_longest

import pytest
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from governance.models import Policy
from ropa.filters.activities import ProcessingActivityFilterSet
from ropa.ico import ICO_COLUMNS
from ropa.models import ProcessingActivity
from ropa.spreadsheets import FORMULA_STARTS, guard_cell, unguard_cell, writer

from .test_round_trip import cells, complete_register, export, full_activity, reference_data

pytestmark = pytest.mark.django_db

#: session, user, the user's and the group's permissions, the activities (with their
#: foreign keys), the seven many-to-many relations, the linked DPIAs (columns 22 and 23), the
#: controller header, the current DPO (role-holder register).
ICO_EXPORT_QUERIES = 15

PARTNERSHIP_HEADINGS = [
    "Status",
    "Personal data",
    "Special category data",
    "Criminal offence data",
    "Covering agreement",
    "Processors",
    "Retention rule",
    "Retention trigger date",
    "Safeguards policy",
    "Owner e-mail",
    "Next review date",
]


def rows_as_dicts(rows: list[tuple]) -> list[dict]:
    headings = rows[4]
    # A read-only workbook leaves out a row's trailing empty cells.
    return [dict(zip_longest(headings, row)) for row in rows[5:]]


def test_the_xlsx_starts_with_the_header_block_then_a_blank_row_then_the_headings(
    client, opcc, staff
):
    complete_register(opcc, staff)
    client.force_login(staff)

    rows = cells(export(client))

    assert rows[0] == (
        "Controller",
        "Office of the Police and Crime Commissioner for Humberside",
        "The Lawns, Harland Way, Cottingham HU16 5SN",
        "opcc@humberside.pcc.police.uk",
        "01482 220787",
    )
    assert rows[1][:2] == ("Data Protection Officer", "Dana DPO")
    assert rows[2][:2] == ("Representative", "Not applicable (UK controller)")
    assert rows[3] == ()
    headings = list(rows[4])
    assert headings[0] == "Name"
    assert headings[1:31] == [column.heading for column in ICO_COLUMNS]  # contiguous, in order
    assert headings[31:] == PARTNERSHIP_HEADINGS


def test_without_controller_details_the_header_block_has_its_labels_and_empty_cells(client, staff):
    client.force_login(staff)

    rows = cells(export(client))

    assert [row[0] for row in rows[:3]] == [
        "Controller",
        "Data Protection Officer",
        "Representative",
    ]
    assert all(value is None for row in rows[:3] for value in row[1:])
    assert len(rows) == 5  # header block, blank row, headings: no activities


def test_cells_show_labels_names_yes_no_and_dates(client, opcc, staff):
    complete_register(opcc, staff)
    client.force_login(staff)

    row = rows_as_dicts(cells(export(client)))[0]

    assert row["Name"] == "A&E and police violence matching"
    assert row["Article 6 lawful basis for processing personal data"] == "Art 6(1)(e) public task"
    assert row["Article 9 basis for processing special category data"] == (
        "Art 9(2)(g) reasons of substantial public interest"
    )
    assert row["Data Protection Act 2018 Schedule 1 condition for processing"] == (
        "Sch 1 para 10 preventing or detecting unlawful acts"
    )
    assert row["Data Protection Impact Assessment required?"] == "Yes"
    assert row["Name and contact details of joint controller (if applicable)"] == (
        "Hull City Council; Humberside Police"
    )
    assert row["Categories of individuals"] == "Children and young people; Victims of violence"
    assert row["Link to contract with processor"] == "Analytics platform contract"
    assert row["The source of the personal data (if applicable)"] == (
        "A&E assault attendances; Police recorded crime"
    )
    assert row["Link to retention and erasure policy document"] == "OPCC Retention Policy"
    assert row["Personal data breach?"] == "Yes"
    assert row["Is personal data retained and erased in accordance with the policy document?"] == (
        "No"
    )
    assert row["Status"] == "Draft"
    assert row["Covering agreement"] == "Hull youth violence ISA"
    assert row["Owner e-mail"] == "staff@test.vpp"
    # Date cells, shown year-month-day (openpyxl reads a date cell as a datetime).
    assert row["Retention trigger date"] == datetime(2024, 4, 1)  # noqa: DTZ001 — a date cell
    assert row["Next review date"] == datetime(2026, 4, 1)  # noqa: DTZ001 — a date cell
    sheet = load_workbook(io.BytesIO(export(client))).active
    review = [cell.value for cell in sheet[5]].index("Next review date")
    assert sheet.cell(6, review + 1).is_date
    assert sheet.cell(6, review + 1).number_format == "yyyy-mm-dd"
    # Windows line breaks become the spreadsheet's own.
    assert row["Purpose of processing"].endswith("happens\nso partners can act early.")


def test_empty_columns_are_empty_cells_and_unset_flags_say_no(client, staff):
    ProcessingActivity.objects.create(
        name="Open data analysis", business_function="Analysis", purpose="Hotspots"
    )
    client.force_login(staff)

    row = rows_as_dicts(cells(export(client)))[0]

    assert row["Categories of individuals"] is None
    assert row["Article 6 lawful basis for processing personal data"] is None
    assert row["Next review date"] is None
    assert row["Personal data"] == "No"
    assert row["Personal data breach?"] == "No"


def test_the_xlsx_has_bold_headings_frozen_panes_and_column_widths(client, staff):
    client.force_login(staff)

    workbook = load_workbook(io.BytesIO(export(client)))
    sheet = workbook.active

    assert sheet.title == "ROPA"
    assert sheet.freeze_panes == "B6"
    assert all(cell.font.b for cell in sheet[5])
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["A"].width == 40
    assert sheet.column_dimensions["B"].width == 30


def as_csv_shows_it(cell) -> str:
    """A workbook cell as the CSV writes it: dates in ISO, a hyperlink to a portal page as
    its text then its address."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, datetime):
        return cell.value.date().isoformat()
    if cell.hyperlink is not None and cell.hyperlink.target != cell.value:
        return f"{cell.value} {cell.hyperlink.target}"
    return cell.value


def test_the_csv_holds_the_same_rows_as_the_xlsx(client, opcc, staff):
    complete_register(opcc, staff)
    client.force_login(staff)

    body = export(client, "csv")

    assert body.startswith("\ufeff".encode())
    csv_rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(export(client))).active
    xlsx_rows = [[as_csv_shows_it(cell) for cell in row] for row in sheet.iter_rows()]
    assert [row[: len(csv_row)] for row, csv_row in zip(xlsx_rows, csv_rows, strict=True)] == (
        csv_rows
    )
    first = dict(zip(csv_rows[4], csv_rows[5], strict=True))
    policy = Policy.objects.get(kind="policy")
    assert first["Link to retention and erasure policy document"] == (
        f"OPCC Retention Policy {settings.PORTAL_BASE_URL}{policy.get_absolute_url()}"
    )
    assert first["Retention trigger date"] == "2024-04-01"


def link_cells(sheet, heading: str) -> dict[str, object]:
    """The cells of the column ``heading``, by the activity's name."""
    position = [cell.value for cell in sheet[5]].index(heading)
    return {row[0].value: row[position] for row in sheet.iter_rows(min_row=6)}


def test_the_link_columns_are_hyperlinks_to_the_records_pages(client, opcc, staff, settings):
    settings.PORTAL_BASE_URL = "https://vpp.example"
    ref = reference_data(opcc, staff)
    full_activity(ref, "One contract")
    several = full_activity(ref, "Two contracts", lia_link="LIA kept by the DPO")
    several.processor_contracts.add(ref["isa"])
    client.force_login(staff)

    sheet = load_workbook(io.BytesIO(export(client))).active

    contract = link_cells(sheet, "Link to contract with processor")
    assert contract["One contract"].value == "Analytics platform contract"
    assert contract["One contract"].hyperlink.target == (
        f"https://vpp.example{ref['contract'].get_absolute_url()}"
    )
    # Several contracts in one cell: the link opens the activity's page, which links each.
    assert contract["Two contracts"].value == "Analytics platform contract; Hull youth violence ISA"
    assert contract["Two contracts"].hyperlink.target == (
        f"https://vpp.example{several.get_absolute_url()}"
    )
    policy = link_cells(sheet, "Link to retention and erasure policy document")["One contract"]
    assert policy.value == "OPCC Retention Policy"
    assert policy.hyperlink.target == (
        f"https://vpp.example{ref['retention_policy'].get_absolute_url()}"
    )
    # A link column holding a web address links to it; other text stays text.
    lia = link_cells(sheet, "Link to record of legitimate interests assessment (if applicable)")
    assert lia["One contract"].value == "https://sharepoint.example/lia/1"
    assert lia["One contract"].hyperlink.target == "https://sharepoint.example/lia/1"
    assert lia["Two contracts"].value == "LIA kept by the DPO"
    assert lia["Two contracts"].hyperlink is None
    consent = link_cells(sheet, "Link to record of consent")["One contract"]
    assert (consent.value, consent.hyperlink) == ("'+44 consent register", None)
    # No other column links anywhere.
    linked = {
        sheet.cell(5, cell.column).value
        for row in sheet.iter_rows()
        for cell in row
        if cell.hyperlink
    }
    assert linked == {
        "Link to contract with processor",
        "Link to retention and erasure policy document",
        "Link to record of legitimate interests assessment (if applicable)",
    }


def test_past_excels_limit_of_hyperlinks_link_cells_show_their_text(
    client, opcc, staff, monkeypatch
):
    monkeypatch.setattr(writer, "MAX_HYPERLINKS", 3)
    ref = reference_data(opcc, staff)
    for name in ("Activity A", "Activity B"):
        full_activity(ref, name)  # three link cells each
    client.force_login(staff)

    sheet = load_workbook(io.BytesIO(export(client))).active

    contract = link_cells(sheet, "Link to contract with processor")
    policy = link_cells(sheet, "Link to retention and erasure policy document")
    assert contract["Activity A"].hyperlink is not None
    assert policy["Activity A"].hyperlink is not None
    assert policy["Activity B"].value == "OPCC Retention Policy"
    assert policy["Activity B"].hyperlink is None
    assert sum(1 for row in sheet.iter_rows() for cell in row if cell.hyperlink) == 3


def test_the_response_is_a_private_download_named_after_the_layout(client, staff):
    client.force_login(staff)

    response = client.get(reverse("ropa:processingactivity_ico_export", kwargs={"format": "csv"}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ropa-ico-')
    assert response["Cache-Control"] == "private, no-store"


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client, opcc, staff):
    ref = reference_data(opcc, staff)
    full_activity(
        ref,
        '=HYPERLINK("http://evil.example","Click")',
        business_function="+cmd|' /C calc'!A0",
        location="@SUM(1+1)",
        third_countries="-2+3",
    )
    client.force_login(staff)

    xlsx_row = rows_as_dicts(cells(export(client)))[0]
    csv_rows = list(csv.reader(io.StringIO(export(client, "csv").decode("utf-8-sig"))))
    csv_row = dict(zip(csv_rows[4], csv_rows[5], strict=True))

    for row in (xlsx_row, csv_row):
        assert row["Name"] == '\'=HYPERLINK("http://evil.example","Click")'
        assert row["Business function"] == "'+cmd|' /C calc'!A0"
        assert row["Location of personal data"] == "'@SUM(1+1)"
        assert row[ICO_COLUMNS[7].heading] == "'-2+3"
    workbook = load_workbook(io.BytesIO(export(client)))
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


@given(st.text(max_size=30))
def test_a_guarded_cell_never_starts_a_formula_and_unguards_to_the_same_value(value):
    guarded = guard_cell(value)
    assert guarded[:1] not in FORMULA_STARTS
    assert unguard_cell(guarded) == value


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=active",
        "status=retired",
        "has_personal_data=true",
        "status=draft&has_personal_data=false",
        "q=hull",
        "q=zzz",
        "completeness=incomplete",
        "status=not-a-status",
    ],
)
def test_the_export_holds_the_activities_the_list_filter_gives(client, opcc, staff, query):
    ref = reference_data(opcc, staff)
    full_activity(ref, "Hull youth violence analysis", status="active")
    full_activity(ref, "Police hotspot analysis", status="retired")
    ProcessingActivity.objects.create(
        name="Open data dashboard", business_function="Analysis", purpose="Hull open data"
    )
    client.force_login(staff)

    exported = [row["Name"] for row in rows_as_dicts(cells(export(client, query=query)))]

    filterset = ProcessingActivityFilterSet(
        QueryDict(query) or None, queryset=ProcessingActivity.objects.all()
    )
    # As the list (a strict FilterView) does: a filter that does not validate shows nothing.
    listed = filterset.qs if not filterset.is_bound or filterset.is_valid() else []
    assert exported == [activity.name for activity in listed]


@pytest.mark.parametrize("query", ["status=active", "q=police", "status=not-a-status"])
def test_the_export_holds_the_activities_the_list_page_shows(client, opcc, staff, query):
    ref = reference_data(opcc, staff)
    full_activity(ref, "Hull youth violence analysis", status="active")
    full_activity(ref, "Police hotspot analysis", status="retired")
    client.force_login(staff)

    page = client.get(f"{reverse('ropa:processingactivity_list')}?{query}")

    exported = [row["Name"] for row in rows_as_dicts(cells(export(client, query=query)))]
    assert exported == [activity.name for activity in page.context["object_list"]]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_export_runs_a_fixed_number_of_queries(client, opcc, staff, rows, fmt):
    ref = reference_data(opcc, staff)
    for number in range(rows):
        full_activity(ref, f"Activity {number:03d}")
    client.force_login(staff)
    url = reverse("ropa:processingactivity_ico_export", kwargs={"format": fmt})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = response.getvalue()  # a streamed CSV runs its queries as it is read

    assert response.status_code == 200
    written = cells(body) if fmt == "xlsx" else list(csv.reader(io.StringIO(body.decode())))
    assert len(written) == 5 + rows
    assert len(queries) == ICO_EXPORT_QUERIES, [q["sql"][:80] for q in queries]


def test_a_register_longer_than_a_chunk_is_read_chunk_by_chunk_with_every_link_on_its_row(
    client, opcc, staff, monkeypatch
):
    monkeypatch.setattr(writer, "CHUNK_SIZE", 4)
    ref = reference_data(opcc, staff)
    for number in range(10):
        activity = full_activity(ref, f"Activity {number:02d}", third_countries=str(number))
        if number % 3 == 0:
            activity.joint_controllers.set([ref["hull"]])
    client.force_login(staff)
    url = reverse("ropa:processingactivity_ico_export", kwargs={"format": "csv"})

    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).getvalue()

    rows = rows_as_dicts(list(csv.reader(io.StringIO(body.decode("utf-8-sig")))))
    assert [row["Name"] for row in rows] == [f"Activity {number:02d}" for number in range(10)]
    joint = ICO_COLUMNS[2].heading
    assert [row[joint] for row in rows] == [
        "Hull City Council" if number % 3 == 0 else "Hull City Council; Humberside Police"
        for number in range(10)
    ]
    assert [row[ICO_COLUMNS[7].heading] for row in rows] == [str(n) for n in range(10)]
    # Three chunks: each one runs the relations' eight queries once more.
    assert len(queries) == ICO_EXPORT_QUERIES + 2 * 8

"""Importing processing activities from a workbook in the ICO's layout: the preview lists every
problem by row and column and saves nothing; confirming saves every row, or none."""

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from ropa import spreadsheets
from ropa.ico import ICO_COLUMNS
from ropa.models import ProcessingActivity
from ropa.spreadsheets import COLUMNS, NOT_A_WORKBOOK
from ropa.views.spreadsheets import stored_upload
from tests.conftest import MINIMAL_PDF
from tests.factories import AgreementFactory, UserFactory

from .test_round_trip import confirm, import_file, reference_data

pytestmark = pytest.mark.django_db

ICO_HEADINGS = [column.heading for column in ICO_COLUMNS]
OUR_HEADINGS = [column.heading for column in COLUMNS]


def workbook(rows: list[list], *, sheets_before: int = 0) -> bytes:
    """A workbook whose (last) sheet holds ``rows``; ``sheets_before`` guidance sheets first."""
    book = Workbook()
    first = book.active
    for number in range(sheets_before):
        sheet = first if number == 0 else book.create_sheet()
        sheet.title = f"Guidance {number + 1}"
        sheet.append(["How to fill in the record of processing activities"])
    sheet = book.create_sheet("ROPA") if sheets_before else first
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ropa_file(*activities: dict, headings: list[str] = OUR_HEADINGS) -> bytes:
    """Our export's layout: header block, blank row, ``headings``, one row per dict."""
    rows: list[list] = [
        ["Controller", "OPCC", "Hull", "opcc@example.test", "01482"],
        ["Data Protection Officer", "Dana DPO", "", "", ""],
        ["Representative", "", "", "", ""],
        [],
        headings,
    ]
    rows += [[activity.get(heading) for heading in headings] for activity in activities]
    return workbook(rows)


def row(name: str = "Hotspot analysis", **cells) -> dict:
    """A valid row; ``cells`` by heading (or by field name) override or add to it."""
    by_field = {column.field: column.heading for column in COLUMNS}
    values = {
        "Name": name,
        "Business function": "Analysis",
        "Purpose of processing": f"{name}: where violence happens",
    }
    values.update({by_field.get(key, key): value for key, value in cells.items()})
    return values


def stored_files() -> list[Path]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    return sorted(folder.glob("*")) if folder.exists() else []


def problems_of(response) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in response.context["problems"]]


def assert_problem(response, row_number, column, text) -> None:
    """The preview lists a problem at ``row_number``/``column`` whose message has ``text``;
    nothing is saved or kept."""
    assert response.status_code == 200
    found = problems_of(response)
    assert any(r == row_number and c == column and text in message for r, c, message in found), (
        found
    )
    assert response.context["token"] == ""
    assert ProcessingActivity.objects.count() == 0
    assert stored_files() == []
    assert "There is a problem" in response.content.decode()


@pytest.fixture
def ref(opcc, staff):
    return reference_data(opcc, staff)


@pytest.fixture
def editor(client, staff):
    client.force_login(staff)
    return client


# --- the happy path ----------------------------------------------------------------------------


def test_the_upload_page_is_a_gov_uk_file_upload(editor):
    response = editor.get(reverse("ropa:processingactivity_import"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "govuk-file-upload" in page
    assert "Upload and check" in page


def test_a_valid_file_is_previewed_and_nothing_is_saved_until_confirmed(editor, ref):
    data = ropa_file(
        row("Hotspot analysis"),
        row(
            "A&E violence matching",
            has_personal_data="Yes",
            joint_controllers="Humberside Police; Hull City Council",
            individual_categories="Victims of violence",
            data_categories="Contact details; Injury and health data",
            recipient_categories="Partner analysts",
            processor_contracts="Analytics platform contract",
            sources="A&E assault attendances",
            art6_basis="Art 6(1)(e) public task",
            retention_policy="OPCC Retention Policy",
            covering_agreement="Hull youth violence ISA",
            processors="Insight Analytics Ltd",
            owner="STAFF@test.vpp",
            next_review_on="2026-04-01",
        ),
    )

    preview = import_file(editor, data)

    assert preview.status_code == 200
    assert problems_of(preview) == []
    page = preview.content.decode()
    assert "Import 2 processing activities" in page
    assert "A&amp;E violence matching" in page
    assert ProcessingActivity.objects.count() == 0
    token = preview.context["token"]
    assert [f.name for f in stored_files()] == sorted([f"{token}.json", f"{token}.xlsx"])


def test_confirming_saves_every_row_as_a_draft_with_one_history_row_naming_the_file(
    editor, staff, ref
):
    data = ropa_file(
        row("Hotspot analysis", status="Active"),
        row(
            "A&E violence matching",
            has_personal_data="Yes",
            has_special_category_data="Yes",
            joint_controllers="Humberside Police; Hull City Council",
            individual_categories="victims of violence",
            sources="A&E assault attendances; Police recorded crime",
            art9_condition="Art 9(2)(h) health or social care",
            dpia_required="No",
            owner="staff@test.vpp",
            next_review_on="01/04/2026",
        ),
    )
    preview = import_file(editor, data, name="Humber ROPA 2026.xlsx")

    response = confirm(editor, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("ropa:processingactivity_list")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["2 processing activities imported"]
    matching = ProcessingActivity.objects.get(name="A&E violence matching")
    assert matching.status == "draft"
    assert matching.has_special_category_data
    assert matching.art9_condition == "h"
    assert matching.dpia_required == "no"
    assert matching.owner == staff
    assert matching.next_review_on == date(2026, 4, 1)
    assert set(matching.joint_controllers.all()) == {ref["police"], ref["hull"]}
    assert list(matching.individual_categories.all()) == [ref["victims"]]
    assert set(matching.sources.all()) == {ref["ae"], ref["crime"]}
    # The Status column is for reading: every import is a draft.
    assert ProcessingActivity.objects.get(name="Hotspot analysis").status == "draft"
    for activity in ProcessingActivity.objects.all():
        history = list(activity.history.all())
        assert len(history) == 1
        assert history[0].history_change_reason == "imported from Humber ROPA 2026.xlsx"
        assert history[0].history_user == staff
        assert history[0].history_type == "+"
    # The links are part of that one history row.
    snapshot = matching.history.get()
    assert {m.organisation_id for m in snapshot.joint_controllers.all()} == {
        ref["police"].pk,
        ref["hull"].pk,
    }
    assert stored_files() == []


def test_the_ico_template_as_people_fill_it_in_imports_named_after_each_purpose(editor, ref):
    long_purpose = "Mapping where serious violence happens across the Humber area " * 5
    activities = [
        {
            "Business function": "Analysis",
            "Purpose of processing": f"{long_purpose}\nSecond line of detail.",
            "Categories of individuals": "Victims of violence",
            "Article 6 lawful basis for processing personal data": "public task",
            "Personal data breach?": "",
        },
        {
            "Business function": "Commissioning",
            "Purpose of processing": "Evaluating the youth diversion scheme",
        },
    ]
    # Only the 30 ICO headings, in another order, under a title, on the workbook's 2nd sheet.
    headings = list(reversed(ICO_HEADINGS))
    data = workbook(
        [
            ["Record of processing activities (controller)"],
            [],
            headings,
            *[[activity.get(h) for h in headings] for activity in activities],
        ],
        sheets_before=1,
    )

    preview = import_file(editor, data, name="ICO template.xlsx")

    assert problems_of(preview) == []
    assert preview.context["names_from_purpose"]
    assert "named after its purpose" in preview.content.decode()
    assert confirm(editor, preview).status_code == 302
    evaluation, mapping = ProcessingActivity.objects.order_by("business_function")[::-1]
    assert evaluation.name == "Evaluating the youth diversion scheme"
    assert len(mapping.name) <= 200
    assert mapping.name.startswith("Mapping where serious violence")
    assert mapping.name.endswith("…")
    assert mapping.art6_basis == "public_task"
    assert not mapping.has_personal_data  # no flag columns: "No"
    assert list(mapping.individual_categories.all()) == [ref["victims"]]


def test_spreadsheet_types_of_cells_are_read_as_what_they_show(editor, ref):
    data = ropa_file(
        row(
            "Typed cells",
            has_personal_data=True,
            next_review_on=datetime(2026, 4, 1),  # noqa: DTZ001 — a spreadsheet date cell, as openpyxl writes it
            retention_trigger_on=date(2024, 1, 31),
            third_countries=12,
            retention_schedule=6.0,
        )
    )

    assert confirm(editor, import_file(editor, data)).status_code == 302

    activity = ProcessingActivity.objects.get()
    assert activity.has_personal_data
    assert activity.next_review_on == date(2026, 4, 1)
    assert activity.retention_trigger_on == date(2024, 1, 31)
    assert (activity.third_countries, activity.retention_schedule) == ("12", "6")


def test_the_formula_guard_of_an_export_is_taken_off_again_and_nothing_else(editor, ref):
    data = ropa_file(
        row(
            "Guarded cells",
            security_measures="'=SUM(1,2)",
            rights_available="''- access",
            location="'Quoted on purpose'",
        )
    )

    assert confirm(editor, import_file(editor, data)).status_code == 302

    activity = ProcessingActivity.objects.get()
    assert activity.security_measures == "=SUM(1,2)"
    assert activity.rights_available == "'- access"
    assert activity.location == "'Quoted on purpose'"


# --- problems by row and column ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "column", "text"),
    [
        (
            {"art6_basis": "Public interest"},
            "Article 6 lawful basis for processing personal data",
            "‘Public interest’ is not a choice here. Use one of: ‘Art 6(1)(a) consent’",
        ),
        (
            {"art9_condition": "Art 9(2)(z) because"},
            "Article 9 basis for processing special category data",
            "‘Art 9(2)(z) because’ is not a choice here",
        ),
        (
            {"schedule1_condition": "Sch 1 para 99"},
            "Data Protection Act 2018 Schedule 1 condition for processing",
            "‘Sch 1 para 99’ is not a choice here",
        ),
        (
            {"Business function": ""},
            "Business function",
            "Enter the business function",
        ),
        (
            {"Purpose of processing": "   "},
            "Purpose of processing",
            "Enter the purpose of the processing",
        ),
        ({"Name": ""}, "Name", "Enter the activity’s name"),
        (
            {"joint_controllers": "Humberside Police; Atlantis Council"},
            "Name and contact details of joint controller (if applicable)",
            "There is no organisation called ‘Atlantis Council’. Add the organisation",
        ),
        (
            {"processor_contracts": "Unsigned contract"},
            "Link to contract with processor",
            "There is no agreement called ‘Unsigned contract’",
        ),
        (
            {"sources": "Crystal ball"},
            "The source of the personal data (if applicable)",
            "There is no data source called ‘Crystal ball’",
        ),
        (
            {"retention_policy": "Keep everything forever"},
            "Link to retention and erasure policy document",
            "There is no policy called ‘Keep everything forever’",
        ),
        (
            {"owner": "nobody@test.vpp"},
            "Owner e-mail",
            "There is no user called ‘nobody@test.vpp’",
        ),
        (
            {"has_breach": "Maybe"},
            "Personal data breach?",
            "Enter Yes or No, not ‘Maybe’",
        ),
        (
            {"next_review_on": "next spring"},
            "Next review date",
            "Enter a date like 2026-03-31 (year-month-day), not ‘next spring’",
        ),
        (
            {"has_special_category_data": "Yes"},
            "Special category data",
            "Special category data is personal data: put Yes in ‘Personal data’ too",
        ),
        (
            {"has_criminal_offence_data": "Yes", "has_personal_data": "No"},
            "Criminal offence data",
            "Criminal offence data is personal data",
        ),
        (
            {"third_countries": "x" * 251},
            ICO_COLUMNS[7].heading,
            "Ensure this value has at most 250 characters (it has 251)",
        ),
        (
            {"Name": "n" * 201},
            "Name",
            "Ensure this value has at most 200 characters",
        ),
        (
            {"dpia_required": "Nearly there"},
            "Data Protection Impact Assessment required?",
            "‘Nearly there’ is not a choice here",
        ),
    ],
)
def test_each_problem_is_listed_by_row_and_column_and_nothing_is_saved(
    editor, ref, cells, column, text
):
    data = ropa_file(row("First activity"), row("Second activity", **cells))

    assert_problem(import_file(editor, data), 7, column, text)


def test_a_partner_user_cannot_own_an_activity(editor, ref, partner_hull):
    data = ropa_file(row(owner=partner_hull.email))

    assert_problem(import_file(editor, data), 6, "Owner e-mail", "There is no user called")


def test_a_name_used_twice_in_the_file_is_a_problem_on_the_second_row(editor, ref):
    data = ropa_file(row("Hotspot analysis"), row("Other"), row("HOTSPOT  analysis"))

    assert_problem(
        import_file(editor, data),
        8,
        "Name",
        "‘HOTSPOT  analysis’ is also the name in row 6: each activity needs a name of its own.",
    )


def test_a_name_already_in_the_register_is_a_problem_the_import_never_updates(editor, ref):
    existing = ProcessingActivity.objects.create(
        name="Hotspot analysis", business_function="Analysis", purpose="Original purpose"
    )

    response = import_file(editor, ropa_file(row("hotspot analysis")))

    assert problems_of(response) == [
        (
            6,
            "Name",
            "An activity called ‘hotspot analysis’ is already in the register. The import only "
            "adds activities: rename this one, or change the existing one in the portal.",
        )
    ]
    existing.refresh_from_db()
    assert existing.purpose == "Original purpose"
    assert ProcessingActivity.objects.count() == 1


def test_two_agreements_with_the_same_title_cannot_be_told_apart(editor, ref):
    AgreementFactory(title="Analytics platform contract", kind="art28")

    assert_problem(
        import_file(editor, ropa_file(row(processor_contracts="Analytics platform contract"))),
        6,
        "Link to contract with processor",
        "More than one agreement is called ‘Analytics platform contract’",
    )


def test_a_policy_may_be_named_with_its_version_as_the_portal_shows_it(editor, ref):
    data = ropa_file(row(retention_policy="OPCC Retention Policy (v2)"))

    assert confirm(editor, import_file(editor, data)).status_code == 302

    assert ProcessingActivity.objects.get().retention_policy == ref["retention_policy"]


def test_every_problem_of_every_row_is_listed_at_once(editor, ref):
    data = ropa_file(
        row("One", art6_basis="Nope", has_breach="Perhaps"),
        row("Two", sources="Crystal ball"),
        row("Three"),
    )

    found = problems_of(import_file(editor, data))

    assert [(r, c) for r, c, _ in found] == [
        (6, "Article 6 lawful basis for processing personal data"),
        (6, "Personal data breach?"),
        (7, "The source of the personal data (if applicable)"),
    ]


def test_a_cell_under_no_heading_is_a_problem(editor, ref):
    values = row()
    data = workbook([[*OUR_HEADINGS, None], [*(values.get(h) for h in OUR_HEADINGS), "stray"]])

    assert_problem(
        import_file(editor, data),
        2,
        f"Column {spreadsheets.get_column_letter(len(OUR_HEADINGS) + 1)}",
        "This cell is in a column without a heading",
    )


def test_a_missing_ico_heading_is_a_problem_of_the_heading_row_an_unknown_one_is_ignored(
    editor, ref
):
    headings = [h for h in OUR_HEADINGS if h != "Location of personal data"] + ["Notes"]
    values = row()
    data = workbook([headings, [values.get(h) for h in headings]])

    response = import_file(editor, data)

    assert_problem(
        response, 1, "Location of personal data", "This ICO column is missing from the heading row"
    )
    assert [p[1] for p in problems_of(response)] == ["Location of personal data"]
    assert response.context["ignored_columns"] == ["Notes"]


def test_a_heading_given_twice_is_a_problem(editor, ref):
    headings = [*OUR_HEADINGS, "Name"]
    values = row()
    data = workbook([headings, [values.get(h) for h in headings]])

    assert_problem(import_file(editor, data), 1, "Name", "This heading is in the row twice")


# --- files that are not an ICO ROPA workbook ----------------------------------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"Business function,Purpose of processing\nAnalysis,Hotspots\n", None),
        ("ropa.csv", b"Name,Business function\n", None),
        ("agreement.pdf", MINIMAL_PDF, None),
        ("ropa.xlsx", b"PK\x03\x04" + b"\x00" * 200, None),  # a zip header and nothing else
        ("ropa.xlsx", zip_of({"hello.txt": b"not a workbook"}), None),
        (
            "ropa.docx",
            zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
            None,
        ),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, None),
        ("empty.xlsx", workbook([]), "The selected file has no heading row"),
        (
            "no-headings.xlsx",
            workbook([["Analysis", "Hotspots"], ["Commissioning", "Evaluation"]]),
            "The selected file has no heading row",
        ),
        (
            "headings-only.xlsx",
            workbook([OUR_HEADINGS]),
            "The selected file has no processing activities below its heading row",
        ),
    ],
)
def test_a_file_that_is_not_an_ico_ropa_workbook_gets_a_clear_message(
    editor, ref, name, data, message
):
    response = import_file(editor, data, name=name)

    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert error.startswith(message) if message else error == NOT_A_WORKBOOK
    assert "There is a problem" in response.content.decode()
    assert ProcessingActivity.objects.count() == 0
    assert stored_files() == []


def test_an_empty_upload_or_none_at_all_is_refused(editor):
    url = reverse("ropa:processingactivity_import")

    assert editor.post(url).context["form"].errors["file"] == ["Select the spreadsheet to import."]
    assert import_file(editor, b"").context["form"].errors["file"] == [
        "The selected file is empty."
    ]


def test_a_file_over_the_size_limit_is_refused_unread(editor, settings):
    settings.ROPA_IMPORT_MAX_BYTES = 1024

    response = import_file(editor, b"x" * 2048)

    assert response.context["form"].errors["file"] == [
        "The selected file must be smaller than 1.0\xa0KB"
    ]


def test_a_file_with_more_rows_than_one_import_takes_is_refused(editor, monkeypatch):
    monkeypatch.setattr(spreadsheets.reader, "MAX_ROWS", 2)

    response = import_file(editor, ropa_file(row("One"), row("Two"), row("Three")))

    assert response.context["form"].errors["file"] == [
        "The selected file has more than 2 processing activities: split it into files of 2 or fewer"
    ]


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_parsed(editor, monkeypatch):
    monkeypatch.setattr(spreadsheets.reader, "MAX_UNPACKED_BYTES", 1000)

    response = import_file(editor, ropa_file(row()))

    [error] = response.context["form"].errors["file"]
    assert error.startswith("The selected file is too large once unpacked")


# --- confirming --------------------------------------------------------------------------------


def confirm_url(token: str) -> str:
    return reverse("ropa:processingactivity_import_confirm", kwargs={"token": token})


def test_the_confirm_page_shows_the_preview_again(editor, ref):
    preview = import_file(editor, ropa_file(row()))

    response = editor.get(confirm_url(preview.context["token"]))

    assert response.status_code == 200
    assert "Import 1 processing activity" in response.content.decode()
    assert ProcessingActivity.objects.count() == 0


@pytest.mark.parametrize(
    "token",
    ["no-such-import", "a" * 19, "." * 24, "..%2F..%2Fsecrets", "abc.def_ghi-jkl-mno-pqr"],
)
def test_an_unknown_or_malformed_token_is_not_found(editor, token):
    assert editor.get(confirm_url(token)).status_code == 404
    assert editor.post(confirm_url(token)).status_code == 404


@pytest.mark.parametrize(
    "token", ["../" * 8 + "etc/passwd", "..", "imports/../../x" * 3, "a" * 30 + "/..", "a" * 101]
)
def test_a_token_never_reaches_a_file_outside_the_imports_folder(ref, staff, token):
    # Files one folder up, where a path in the token would lead.
    folder = Path(settings.PRIVATE_MEDIA_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "passwd.xlsx").write_bytes(ropa_file(row()))

    assert stored_upload(token, user=staff) is None


def test_another_users_upload_is_not_found(client, ref, staff, dpo):
    client.force_login(staff)
    token = import_file(client, ropa_file(row())).context["token"]

    client.force_login(dpo)

    assert client.post(confirm_url(token)).status_code == 404
    assert ProcessingActivity.objects.count() == 0


def test_an_expired_upload_is_not_found_and_removed(editor, ref):
    token = import_file(editor, ropa_file(row())).context["token"]
    details_file = Path(settings.PRIVATE_MEDIA_ROOT) / "imports" / f"{token}.json"
    details = json.loads(details_file.read_text())
    details["at"] = (datetime.fromisoformat(details["at"]) - timedelta(hours=2)).isoformat()
    details_file.write_text(json.dumps(details))

    assert editor.post(confirm_url(token)).status_code == 404
    assert stored_files() == []


def test_a_role_that_may_not_add_activities_cannot_import(client, siro, partner_hull):
    for user in (siro, partner_hull):
        client.force_login(user)
        assert client.get(reverse("ropa:processingactivity_import")).status_code == 403
        assert import_file(client, ropa_file(row())).status_code == 403
        assert client.post(confirm_url("x" * 32)).status_code == 403


def test_confirm_reads_the_stored_file_again_and_a_name_taken_since_the_preview_stops_it(
    editor, ref
):
    preview = import_file(editor, ropa_file(row("One"), row("Two"), row("Three")))
    ProcessingActivity.objects.create(name="Three", business_function="Analysis", purpose="P")

    response = confirm(editor, preview)

    assert response.status_code == 200
    assert [(r, c) for r, c, _ in problems_of(response)] == [(8, "Name")]
    assert ProcessingActivity.objects.count() == 1


def test_when_the_database_refuses_the_last_row_no_row_is_saved(editor, ref, monkeypatch):
    preview = import_file(editor, ropa_file(row("One"), row("Two"), row("Three")))
    ProcessingActivity.objects.create(name="Three", business_function="Analysis", purpose="P")
    # A race: the name is taken after confirm's own check, so only the save can catch it.
    monkeypatch.setattr(spreadsheets.importer, "existing_names", set)

    response = confirm(editor, preview)

    assert response.status_code == 200
    assert problems_of(response) == [
        (8, "Name", "Processing activity with this Name already exists.")
    ]
    assert list(ProcessingActivity.objects.values_list("name", flat=True)) == ["Three"]
    assert not ProcessingActivity.history.filter(history_change_reason__startswith="imported")


def test_when_the_database_constraint_refuses_a_row_no_row_is_saved(editor, ref, monkeypatch):
    preview = import_file(editor, ropa_file(row("One"), row("Two")))
    ProcessingActivity.objects.create(name="Two", business_function="Analysis", purpose="P")
    monkeypatch.setattr(spreadsheets.importer, "existing_names", set)
    # Past every check in Python, the unique index itself refuses the row.
    monkeypatch.setattr(ProcessingActivity, "validate_unique", lambda self, exclude=None: None)

    response = confirm(editor, preview)

    assert response.status_code == 200
    assert [(r, c) for r, c, _ in problems_of(response)] == [(7, "")]
    assert list(ProcessingActivity.objects.values_list("name", flat=True)) == ["Two"]


@pytest.mark.parametrize("rows", [1, 30])
def test_checking_a_file_runs_a_fixed_number_of_queries(editor, ref, rows):
    data = ropa_file(
        *[
            row(
                f"Activity {n}",
                joint_controllers="Humberside Police",
                individual_categories="Victims of violence",
                data_categories="Contact details",
                recipient_categories="Partner analysts",
                processor_contracts="Analytics platform contract",
                processors="Insight Analytics Ltd",
                sources="Police recorded crime",
                covering_agreement="Hull youth violence ISA",
                retention_rule="Partnership analysis",
                retention_policy="OPCC Retention Policy",
                safeguards_policy="Appropriate Policy Document",
                owner="staff@test.vpp",
            )
            for n in range(rows)
        ]
    )

    with CaptureQueriesContext(connection) as queries:
        preview = import_file(editor, data)

    assert problems_of(preview) == []
    # session, user, 2 permissions, the register's names, each referenced table once (9:
    # organisations, three vocabularies, agreements, sources, retention rules, policies,
    # users), the identity bar's organisation
    assert len(queries) == 16, [q["sql"][:70] for q in queries]


def test_the_file_name_is_recorded_without_the_folders_a_browser_sends(editor, ref):
    confirm(editor, import_file(editor, ropa_file(row()), name="C:\\Users\\dpo\\ROPA.xlsx"))

    assert ProcessingActivity.history.get().history_change_reason == "imported from ROPA.xlsx"


def test_the_owner_is_found_by_e_mail_whatever_its_case(editor, ref):
    owner = UserFactory(email="owner@test.vpp")

    confirm(editor, import_file(editor, ropa_file(row(owner="Owner@Test.VPP"))))

    assert ProcessingActivity.objects.get().owner == owner

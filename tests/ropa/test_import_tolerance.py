"""The ROPA import reads workbooks as people really fill them in: legal bases in the ICO
template's own wording, vocabulary terms the portal does not hold yet (the DPO adds them from
the preview), extra columns (ignored and listed); and activity names are unique whatever
their case, in the database as on the form."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from openpyxl import Workbook

from ropa.choices import Art9Condition, Schedule1Condition
from ropa.ico import ICO_COLUMNS
from ropa.models import (
    DataCategory,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
)
from ropa.spreadsheets import terms as vocabulary_terms
from ropa.spreadsheets.legal_bases import (
    LegalBasisProblem,
    legal_references,
    read_legal_choice,
)
from ropa.views.spreadsheets import store_upload
from sharing.choices import LawfulBasis

from .test_round_trip import (
    cells,
    complete_register,
    confirm,
    export,
    full_activity,
    import_file,
    reference_data,
)

pytestmark = pytest.mark.django_db

ART6, ART9, SCH1 = LawfulBasis.choices, Art9Condition.choices, Schedule1Condition.choices

# --- the legal bases, as people write them ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "choices", "stored"),
    [
        ("Article 6(1)(e) public task", ART6, "public_task"),
        ("Art. 6(1)(e)", ART6, "public_task"),
        ("Art 6(1)(e)", ART6, "public_task"),
        ("6(1)(e)", ART6, "public_task"),
        ("UK GDPR Article 6(1)(e) – public task", ART6, "public_task"),
        ("ARTICLE 6 (1) (E) — PUBLIC TASK", ART6, "public_task"),
        ("art6(1)e - public task", ART6, "public_task"),
        ("GDPR Art 6.1.e", ART6, "public_task"),
        ("Public task (Article 6(1)(e))", ART6, "public_task"),
        ("Art 6(1)(e) public task", ART6, "public_task"),  # the portal's own label
        ("public task", ART6, "public_task"),
        ("Public-Task.", ART6, "public_task"),
        ("public_task", ART6, "public_task"),
        ("Article 6(1)(c) – legal obligation", ART6, "legal_obligation"),
        ("Article 6(1)(f) legitimate interests", ART6, "legitimate_interests"),
        # An Art 9 condition named beside it is the Art 9 column's business.
        ("Article 6(1)(e) public task; Article 9(2)(g)", ART6, "public_task"),
        ("Article 9(2)(g) – substantial public interest", ART9, "g"),
        ("Art 9(2)(g)", ART9, "g"),
        ("art. 9 (2) (g)", ART9, "g"),
        ("UK GDPR Article 9(2)(h) - health or social care", ART9, "h"),
        ("substantial public interest", ART9, "g"),
        ("Reasons of substantial public interest", ART9, "g"),
        ("Article 9(2)(g) (DPA 2018 Sch 1 para 6)", ART9, "g"),
        ("Schedule 1 paragraph 10", SCH1, "p2_10"),
        ("DPA 2018 Schedule 1, Part 2, paragraph 10", SCH1, "p2_10"),
        ("Sch. 1 para. 18 – safeguarding", SCH1, "p2_18"),
        ("paragraph 6 of Schedule 1", SCH1, "p2_6"),
        ("Sch 1 para 10 preventing or detecting unlawful acts", SCH1, "p2_10"),
        ("   ", ART6, ""),
    ],
)
def test_the_common_spellings_of_a_legal_basis_are_read_as_its_choice(text, choices, stored):
    assert read_legal_choice(text, choices) == stored


@pytest.mark.parametrize(
    ("text", "choices", "message"),
    [
        (
            "Article 6(1)(z)",
            ART6,
            "‘Article 6(1)(z)’ is not a choice here: the column has no choice for Art 6(1)(z). "
            "Use one of: ‘Art 6(1)(a) consent’;",
        ),
        (
            "Article 9(2)(k)",
            ART9,
            "‘Article 9(2)(k)’ is not a choice here: the column has no choice for Art 9(2)(k).",
        ),
        ("Sch 1 para 99", SCH1, "‘Sch 1 para 99’ is not a choice here"),
        (
            "Art 9(2)(g)",
            ART6,
            "‘Art 9(2)(g)’ names Art 9(2)(g), which is an Article 9(2) condition: this column "
            "takes an Article 6(1) lawful basis, for example ‘Art 6(1)(a) consent’.",
        ),
        (
            "Article 6(1)(e) public task",
            ART9,
            "which is an Article 6(1) lawful basis: this column takes an Article 9(2) condition",
        ),
        (
            "Art 6(1)(e) and Art 6(1)(c)",
            ART6,
            "‘Art 6(1)(e) and Art 6(1)(c)’ names Art 6(1)(e) and Art 6(1)(c): give only the one "
            "the processing relies on",
        ),
        ("Public interest", ART6, "‘Public interest’ is not a choice here. Use one of:"),
        ("interests", ART6, "‘interests’ is not a choice here."),
    ],
)
def test_what_names_no_choice_of_its_column_is_refused_saying_why(text, choices, message):
    with pytest.raises(LegalBasisProblem) as refused:
        read_legal_choice(text, choices)

    assert message in str(refused.value)


def test_references_are_found_in_order_each_once():
    assert legal_references(
        "UK GDPR Art 9(2)(g), Article 9(2)(g) and DPA 2018 Schedule 1 paragraph 6"
    ) == ["Art 9(2)(g)", "Sch 1 para 6"]
    assert legal_references("DPA 2018, public task, 2018-01-06") == []


# --- a workbook in the ICO template's own wording ---------------------------------------------

ICO_HEADINGS = [column.heading for column in ICO_COLUMNS]
HEADINGS = ["Name", *ICO_HEADINGS, "Personal data", "Special category data", "Notes"]


def ico_workbook(*rows: dict, headings: list[str] = HEADINGS) -> bytes:
    """A workbook as the ICO template is filled in: a title row, then the headings and rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Record of processing"
    sheet.append(["Record of processing activities – Humber VPP"])
    sheet.append(headings)
    for values in rows:
        sheet.append([values.get(heading) for heading in headings])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ico_row(name: str = "Hotspot analysis", **cells: str) -> dict:
    """A valid row in the template's wording; ``cells`` (by heading) override or add to it."""
    values = {
        "Name": name,
        "Business function": "Analysis",
        "Purpose of processing": f"{name}: where violence happens",
        "Personal data": "Yes",
        "Special category data": "Yes",
        "Article 6 lawful basis for processing personal data": "Article 6(1)(e) public task",
        "Article 9 basis for processing special category data": (
            "Article 9(2)(g) – substantial public interest"
        ),
        "Data Protection Act 2018 Schedule 1 condition for processing": (
            "DPA 2018 Schedule 1, Part 2, paragraph 10"
        ),
        "Categories of individuals": "Victims of violence",
        "Notes": "Checked by Sam in March",
    }
    values.update(cells)
    return values


def problems_of(response) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in response.context["problems"]]


@pytest.fixture
def ref(opcc, staff):
    return reference_data(opcc, staff)


@pytest.fixture
def as_dpo(client, dpo):
    client.force_login(dpo)
    return client


@pytest.fixture
def as_staff(client, staff):
    client.force_login(staff)
    return client


def test_a_workbook_in_the_ico_templates_wording_imports_with_its_notes_column_ignored(
    as_staff, ref
):
    data = ico_workbook(
        ico_row("Hotspot analysis"),
        ico_row(
            "Youth diversion evaluation",
            **{
                "Article 6 lawful basis for processing personal data": (
                    "UK GDPR Article 6(1)(e) – public task"
                ),
                "Article 9 basis for processing special category data": "Art 9(2)(h)",
            },
        ),
    )

    preview = import_file(as_staff, data)

    assert problems_of(preview) == []
    assert preview.context["ignored_columns"] == ["Notes"]
    assert "These columns were ignored: Notes" in preview.content.decode()
    assert confirm(as_staff, preview).status_code == 302
    stored = ProcessingActivity.objects.values_list(
        "name", "art6_basis", "art9_condition", "schedule1_condition"
    )
    assert list(stored) == [
        ("Hotspot analysis", "public_task", "g", "p2_10"),
        ("Youth diversion evaluation", "public_task", "h", "p2_10"),
    ]


def test_a_wrong_legal_reference_is_a_problem_of_its_row_and_column(as_staff, ref):
    data = ico_workbook(
        ico_row("First"),
        ico_row(
            "Second",
            **{"Article 6 lawful basis for processing personal data": "Article 6(1)(z)"},
        ),
    )

    preview = import_file(as_staff, data)

    [(row, column, message)] = problems_of(preview)
    assert (row, column) == (4, "Article 6 lawful basis for processing personal data")
    assert message.startswith("‘Article 6(1)(z)’ is not a choice here: the column has no choice")
    assert ProcessingActivity.objects.count() == 0


def test_two_names_differing_only_in_case_are_a_problem_of_the_second_row(as_staff, ref):
    data = ico_workbook(ico_row("Hotspot analysis"), ico_row("HOTSPOT Analysis"))

    preview = import_file(as_staff, data)

    assert problems_of(preview) == [
        (
            4,
            "Name",
            "‘HOTSPOT Analysis’ is also the name in row 3: each activity needs a name of its own.",
        )
    ]
    # The ignored column is still listed beside the problems.
    assert "These columns were ignored: Notes" in preview.content.decode()


def test_several_extra_columns_are_each_listed_once(as_staff, ref):
    headings = [*HEADINGS, "Reviewed by", "Notes"]
    preview = import_file(as_staff, ico_workbook(ico_row(), headings=headings))

    assert problems_of(preview) == []
    assert preview.context["ignored_columns"] == ["Notes", "Reviewed by"]


# --- vocabulary terms the portal does not hold yet ---------------------------------------------


def with_unknown_terms(name: str = "Witness support") -> dict:
    return ico_row(
        name,
        **{
            "Categories of individuals": "Victims of violence; Witnesses; witnesses",
            "Categories of personal data": "Contact details;  Shoe  size",
            "Categories of recipients": "Schools",
        },
    )


def test_the_preview_lists_unknown_terms_per_vocabulary_and_offers_the_dpo_to_add_them(as_dpo, ref):
    preview = import_file(as_dpo, ico_workbook(with_unknown_terms()))

    assert problems_of(preview) == []
    assert [(g["label"], g["terms"]) for g in preview.context["unknown_terms"]] == [
        ("Categories of individuals", ["Witnesses"]),
        ("Categories of personal data", ["Shoe size"]),
        ("Categories of recipients", ["Schools"]),
    ]
    page = preview.content.decode()
    assert "Add 3 terms and import 1 processing activity" in page
    assert preview.context["token"]
    assert ProcessingActivity.objects.count() == 0
    assert not IndividualCategory.objects.filter(name="Witnesses").exists()


def test_the_dpo_adds_the_terms_with_one_confirmation_and_the_import_proceeds(as_dpo, dpo, ref):
    preview = import_file(as_dpo, ico_workbook(with_unknown_terms()), name="Humber ROPA.xlsx")

    response = as_dpo.post(
        reverse(
            "ropa:processingactivity_import_confirm", kwargs={"token": preview.context["token"]}
        ),
        {"add_terms": "yes", "terms": preview.context["terms_fingerprint"]},
    )

    assert response.status_code == 302
    witnesses = IndividualCategory.objects.get(name="Witnesses")
    shoe_size = DataCategory.objects.get(name="Shoe size")
    schools = RecipientCategory.objects.get(name="Schools")
    for term in (witnesses, shoe_size, schools):
        [created] = term.history.all()
        assert created.history_user == dpo
        assert created.history_change_reason == "Added from the ROPA import of Humber ROPA.xlsx"
    activity = ProcessingActivity.objects.get(name="Witness support")
    assert set(activity.individual_categories.all()) == {ref["victims"], witnesses}
    assert set(activity.data_categories.all()) == {ref["contact"], shoe_size}
    assert list(activity.recipient_categories.all()) == [schools]


def test_a_list_of_terms_that_changed_since_the_preview_is_shown_again_not_added(as_dpo, ref):
    preview = import_file(as_dpo, ico_workbook(with_unknown_terms()))
    url = reverse(
        "ropa:processingactivity_import_confirm", kwargs={"token": preview.context["token"]}
    )

    response = as_dpo.post(url, {"add_terms": "yes", "terms": "something else"})

    assert response.status_code == 200
    assert "The terms to add have changed since you checked them" in response.content.decode()
    assert not IndividualCategory.objects.filter(name="Witnesses").exists()
    assert ProcessingActivity.objects.count() == 0


def test_confirming_without_adding_the_terms_imports_nothing(as_dpo, ref):
    preview = import_file(as_dpo, ico_workbook(with_unknown_terms()))
    url = reverse(
        "ropa:processingactivity_import_confirm", kwargs={"token": preview.context["token"]}
    )

    response = as_dpo.post(url)

    assert response.status_code == 200
    assert ProcessingActivity.objects.count() == 0
    assert not IndividualCategory.objects.filter(name="Witnesses").exists()


def test_staff_see_the_unknown_terms_and_are_told_the_dpo_can_add_them(as_staff, ref):
    preview = import_file(as_staff, ico_workbook(with_unknown_terms()))

    page = preview.content.decode()
    assert "Witnesses" in page and "Shoe size" in page and "Schools" in page
    assert "Only the DPO can add terms to the vocabularies" in page
    assert "Add 3 terms" not in page
    assert preview.context["token"] == ""
    assert not IndividualCategory.objects.filter(name="Witnesses").exists()


def test_staff_cannot_add_terms_even_by_posting_the_dpos_form(client, staff, ref):
    token = store_upload(ico_workbook(with_unknown_terms()), original_name="ropa.xlsx", user=staff)
    client.force_login(staff)

    response = client.post(
        reverse("ropa:processingactivity_import_confirm", kwargs={"token": token}),
        {"add_terms": "yes", "terms": "anything"},
    )

    assert response.status_code == 403
    assert not IndividualCategory.objects.filter(name="Witnesses").exists()
    assert ProcessingActivity.objects.count() == 0


def test_the_service_adds_terms_only_for_the_dpo(staff, dpo):
    terms = {IndividualCategory: ["Witnesses"]}

    with pytest.raises(PermissionDenied):
        vocabulary_terms.vocabulary_add_terms(actor=staff, terms=terms, file_name="a.xlsx")
    assert not IndividualCategory.objects.exists()

    IndividualCategory.objects.create(name="WITNESSES")  # added by someone else meanwhile
    added = vocabulary_terms.vocabulary_add_terms(
        actor=dpo, terms={**terms, DataCategory: ["Shoe size"]}, file_name="a.xlsx"
    )
    assert [term.name for term in added] == ["Shoe size"]


def test_an_unknown_term_too_long_for_its_vocabulary_is_a_problem(as_dpo, ref):
    long_term = "x" * 151
    data = ico_workbook(ico_row(**{"Categories of individuals": long_term}))

    [(row, column, message)] = problems_of(import_file(as_dpo, data))

    assert (row, column) == (3, "Categories of individuals")
    assert "at most 150 characters" in message


def test_unknown_terms_are_listed_beside_other_problems(as_dpo, ref):
    data = ico_workbook(with_unknown_terms(), ico_row("Other", **{"Business function": ""}))

    preview = import_file(as_dpo, data)

    assert [p[1] for p in problems_of(preview)] == ["Business function"]
    assert preview.context["unknown_terms"]
    assert preview.context["token"] == ""


# --- names unique regardless of case -----------------------------------------------------------


def test_the_database_refuses_a_name_differing_only_in_case():
    ProcessingActivity.objects.create(name="Hotspot analysis", business_function="A", purpose="P")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProcessingActivity.objects.create(
            name="HOTSPOT ANALYSIS", business_function="A", purpose="P"
        )


def test_the_add_form_says_the_name_exists_whatever_its_case_beside_the_field(client, staff):
    ProcessingActivity.objects.create(name="Hotspot analysis", business_function="A", purpose="P")
    client.force_login(staff)

    response = client.post(
        reverse("ropa:processingactivity_create"),
        {"name": "hotspot ANALYSIS", "business_function": "Analysis", "purpose": "Another."},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "An activity with this name already exists: choose a different one."
    ]
    assert response.context["form"].non_field_errors() == []
    assert ProcessingActivity.objects.count() == 1


def test_an_activity_may_change_the_case_of_its_own_name(client, staff):
    activity = ProcessingActivity.objects.create(
        name="Hotspot analysis", business_function="A", purpose="P"
    )
    client.force_login(staff)

    response = client.post(
        reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk}),
        {
            "name": "Hotspot Analysis",
            "business_function": "A",
            "purpose": "P",
            "row_version": activity.row_version,
        },
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.name == "Hotspot Analysis"


CONSTRAINT = "ropa_processingactivity_unique_name_ci"


def without_the_constraint() -> None:
    """As the register was before migration 0008 (undone when the test's transaction is)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {CONSTRAINT}")


def rename_clashes():
    return import_module("ropa.migrations.0008_activity_name_unique_lower").rename_clashes(
        apps, None
    )


def test_the_migration_renames_the_later_of_clashing_names_with_history_and_says_so(
    opcc, staff, capsys
):
    without_the_constraint()
    ref = reference_data(opcc, staff)
    first = full_activity(ref, "Hotspot analysis")
    second = full_activity(ref, "HOTSPOT ANALYSIS")
    third = full_activity(ref, "hotspot analysis")
    taken = full_activity(ref, "Hotspot analysis (2)")
    other = full_activity(ref, "Youth diversion")

    renamed = rename_clashes()

    names = dict(ProcessingActivity.objects.values_list("pk", "name"))
    assert names[first.pk] == "Hotspot analysis"
    assert names[second.pk] == "HOTSPOT ANALYSIS (3)"
    assert names[third.pk] == "hotspot analysis (4)"
    assert names[taken.pk] == "Hotspot analysis (2)"
    assert names[other.pk] == "Youth diversion"
    assert renamed == [
        (second.pk, "HOTSPOT ANALYSIS", "HOTSPOT ANALYSIS (3)"),
        (third.pk, "hotspot analysis", "hotspot analysis (4)"),
    ]
    printed = capsys.readouterr().out
    assert "‘HOTSPOT ANALYSIS’ → ‘HOTSPOT ANALYSIS (3)’" in printed
    assert "‘hotspot analysis’ → ‘hotspot analysis (4)’" in printed
    latest = ProcessingActivity.objects.get(pk=second.pk).history.first()
    assert latest.history_change_reason == (
        "Renamed: ‘Hotspot analysis’ already had this name apart from capital letters, and "
        "activity names must be unique whatever their case"
    )
    assert latest.row_version == second.row_version + 1
    # The rename is the only change the history shows: the lists are as they were.
    change = latest.diff_against(latest.prev_record)
    assert {c.field for c in change.changes} - {"updated_at", "row_version"} == {"name"}


def test_the_migration_changes_nothing_without_clashes(opcc, staff, capsys):
    ProcessingActivity.objects.create(name="Hotspot analysis", business_function="A", purpose="P")

    assert rename_clashes() == []
    assert capsys.readouterr().out == ""


def test_a_register_whose_clashes_were_renamed_round_trips_through_its_export(client, opcc, staff):
    without_the_constraint()
    ref = complete_register(opcc, staff)
    full_activity(ref, "HOTSPOT ANALYSIS")
    rename_clashes()
    client.force_login(staff)
    first = export(client)

    ProcessingActivity.objects.all().delete()
    assert confirm(client, import_file(client, first)).status_code == 302

    assert ProcessingActivity.objects.filter(name="HOTSPOT ANALYSIS (2)").exists()
    assert cells(export(client)) == cells(first)

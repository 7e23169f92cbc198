"""The policy register: list, export, detail, add, edit, overrides, reviews and documents."""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance.models import Policy
from ropa.models import ProcessingActivity
from tests.conftest import MINIMAL_PDF

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("governance:policy_list")
ADD = reverse("governance:policy_create")


def edit_url(policy):
    return reverse("governance:policy_update", kwargs={"pk": policy.pk})


def document_url(policy):
    return reverse("governance:policy_document", kwargs={"pk": policy.pk})


def page_text(response):
    return response.content.decode()


def titles(response):
    return [row.record.title for row in response.context["table"].rows]


def make_policy(owner, title="Data Protection Policy", **values):
    values = {"kind": "policy", "status": "in_force", **values}
    return Policy.objects.create(title=title, owner_organisation=owner, **values)


def form_data(owner, policy=None, **changes):
    data = {
        "title": "Appropriate Policy Document",
        "kind": "safeguards",
        "owner_organisation": owner.pk,
        "version": "1.0",
        "adoption": "adopted",
        "decision": "",
        "document_url": "https://www.humberside-pcc.gov.uk/apd.pdf",
        "status": "in_force",
        "next_review_on": "2027-03-31",
        "change_reason": "",
    }
    if policy is not None:
        for name in data:
            if hasattr(policy, name) and name != "owner_organisation":
                value = getattr(policy, name)
                data[name] = value.isoformat() if isinstance(value, datetime.date) else value
        data["row_version"] = policy.row_version
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


# --- Access ------------------------------------------------------------------------------------


def test_partners_cannot_open_the_policy_register(client, opcc, partner_hull):
    policy = make_policy(opcc, document=ContentFile(MINIMAL_PDF, name="policy.pdf"))
    client.force_login(partner_hull)
    for url in (LIST, ADD, policy.get_absolute_url(), edit_url(policy), document_url(policy)):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_cannot_add_or_edit_a_policy(request, client, opcc, role):
    policy = make_policy(opcc)
    client.force_login(request.getfixturevalue(role))
    assert client.get(policy.get_absolute_url()).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data(opcc)).status_code == 403
    assert client.get(edit_url(policy)).status_code == 403
    assert (
        client.post(edit_url(policy), form_data(opcc, policy, title="Renamed")).status_code == 403
    )
    policy.refresh_from_db()
    assert (Policy.objects.count(), policy.title, policy.history.count()) == (
        1,
        "Data Protection Policy",
        1,
    )
    assert edit_url(policy) not in page_text(client.get(policy.get_absolute_url()))


# --- List and export ---------------------------------------------------------------------------


@pytest.fixture
def framework(opcc, police):
    return [
        make_policy(
            opcc,
            "Data Protection Policy",
            version="3.1",
            next_review_on=TODAY.replace(year=TODAY.year + 1),
        ),
        make_policy(
            police,
            "Information Security Policy",
            adoption="overridden",
            decision="The VPP keeps its own access log, agreed by the board in May 2025.",
            next_review_on=TODAY - datetime.timedelta(days=10),
        ),
        make_policy(opcc, "Appropriate Policy Document", kind="safeguards", status="draft"),
        make_policy(
            opcc,
            "Old privacy notice",
            kind="privacy_notice",
            status="withdrawn",
            next_review_on=TODAY - datetime.timedelta(days=400),
        ),
    ]


def test_the_list_filters_by_search_kind_status_adoption_and_overdue_review(
    client, staff, framework
):
    client.force_login(staff)
    assert titles(client.get(LIST)) == [
        "Appropriate Policy Document",
        "Data Protection Policy",
        "Information Security Policy",
        "Old privacy notice",
    ]
    assert titles(client.get(LIST, {"q": "access log"})) == ["Information Security Policy"]
    assert titles(client.get(LIST, {"q": "3.1"})) == ["Data Protection Policy"]
    assert titles(client.get(LIST, {"kind": "safeguards"})) == ["Appropriate Policy Document"]
    assert titles(client.get(LIST, {"status": "withdrawn"})) == ["Old privacy notice"]
    assert titles(client.get(LIST, {"adoption": "overridden"})) == ["Information Security Policy"]
    # A withdrawn policy is no longer reviewed.
    assert titles(client.get(LIST, {"review_overdue": "on"})) == ["Information Security Policy"]


def test_the_list_tags_overdue_reviews_and_sorts_reviews_with_blanks_last(client, staff, framework):
    client.force_login(staff)
    response = client.get(LIST, {"sort": "-next_review_on"})
    assert titles(response) == [
        "Data Protection Policy",
        "Information Security Policy",
        "Old privacy notice",
        "Appropriate Policy Document",
    ]
    table = page_text(response).split('data-testid="row-count"')[1]
    assert table.count("Review overdue</strong>") == 1


def test_the_csv_and_excel_exports_hold_exactly_the_filtered_list(client, staff, framework):
    from openpyxl import load_workbook

    client.force_login(staff)
    params = {"status": "in_force", "sort": "-title"}
    screen = titles(client.get(LIST, params))
    export = client.get(reverse("governance:policy_export", kwargs={"format": "csv"}), params)
    assert "attachment" in export["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == ["Title", "Kind", "Owner", "Adopted or overridden", "Next review", "Status"]
    assert [row[0] for row in rows] == screen
    assert screen == ["Information Security Policy", "Data Protection Policy"]
    overdue = (TODAY - datetime.timedelta(days=10)).isoformat()
    assert rows[0][1:] == ["Policy", "Humberside Police", "Overridden", overdue, "In force"]
    xlsx = client.get(reverse("governance:policy_export", kwargs={"format": "xlsx"}), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [header, *rows]


def test_the_list_page_links_its_exports_with_the_current_filters(client, staff, framework):
    client.force_login(staff)
    text = page_text(client.get(LIST, {"kind": "policy"}))
    assert "/governance/policies/export.csv?kind=policy" in text
    assert "Add a policy" in text


# --- Detail ------------------------------------------------------------------------------------


def test_the_policy_page_shows_every_field_and_the_activities_relying_on_it(client, siro, opcc):
    policy = make_policy(
        opcc,
        "Appropriate Policy Document",
        kind="safeguards",
        version="2",
        document_url="https://www.humberside-pcc.gov.uk/apd.pdf",
        next_review_on=datetime.date(2027, 3, 31),
    )
    other = make_policy(opcc, "Retention Policy")
    common = {"business_function": "Analysis", "purpose": "Analysis"}
    safeguarded = ProcessingActivity.objects.create(
        name="Serious violence profile", safeguards_policy=policy, **common
    )
    both = ProcessingActivity.objects.create(
        name="A&E assault data", safeguards_policy=policy, retention_policy=policy, **common
    )
    ProcessingActivity.objects.create(name="Unrelated", retention_policy=other, **common)
    client.force_login(siro)
    response = client.get(policy.get_absolute_url())
    text = page_text(response)
    for expected in (
        "Safeguards policy (appropriate policy document)",
        "Office of the Police and Crime Commissioner for Humberside",
        "Adopted by the VPP",
        "https://www.humberside-pcc.gov.uk/apd.pdf",
        "31 March 2027",
        "In force",
    ):
        assert expected in text
    assert response.context["activities"] == {
        "safeguards": [both, safeguarded],
        "retention": [both],
    }
    assert f'href="{safeguarded.get_absolute_url()}"' in text
    assert "Unrelated" not in text
    assert "Review overdue" not in text
    assert 'data-testid="override-decision"' not in text


def test_an_overdue_review_and_an_override_decision_are_shown(client, staff, police):
    policy = make_policy(
        police,
        "Information Security Policy",
        adoption="overridden",
        decision="The VPP keeps its own access log.",
        next_review_on=TODAY - datetime.timedelta(days=1),
    )
    client.force_login(staff)
    text = page_text(client.get(policy.get_absolute_url()))
    assert 'data-testid="review-overdue">Review overdue</strong>' in text
    assert 'data-testid="review-overdue-warning"' in text
    assert "Overridden by a VPP decision" in text
    assert "The VPP keeps its own access log." in text


# --- Add and edit ------------------------------------------------------------------------------


def test_staff_add_a_policy_and_history_records_who_and_why(client, staff, opcc):
    client.force_login(staff)
    response = client.post(ADD, form_data(opcc, change_reason="Adopted at the March board"))
    policy = Policy.objects.get()
    assert response["Location"] == policy.get_absolute_url()
    assert (policy.kind, policy.next_review_on, policy.created_by) == (
        "safeguards",
        datetime.date(2027, 3, 31),
        staff,
    )
    (entry,) = policy.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Adopted at the March board",
    )


def test_an_edit_writes_exactly_one_history_row_with_user_and_reason(client, dpo, opcc):
    policy = make_policy(opcc, version="3.1")
    client.force_login(dpo)
    response = client.post(
        edit_url(policy),
        form_data(opcc, policy, version="3.2", change_reason="Annual review done"),
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.version, policy.row_version) == ("3.2", 2)
    assert policy.history.count() == 2
    latest = policy.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Annual review done")


def test_an_override_needs_the_decision_said_beside_the_decision_box(client, staff, opcc):
    client.force_login(staff)
    response = client.post(ADD, form_data(opcc, adoption="overridden"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"decision": ["Record the VPP's decision when a policy is overridden."]}
    assert 'href="#id_decision"' in page_text(response)
    assert not Policy.objects.exists()


def test_missing_answers_are_reported_next_to_their_fields(client, staff):
    client.force_login(staff)
    response = client.post(ADD, {"adoption": "adopted", "status": "draft"})
    errors = response.context["form"].errors
    assert errors["title"] == ["Enter the title of the policy."]
    assert errors["kind"] == ["Select the kind of policy."]
    assert errors["owner_organisation"] == ["Select the organisation that owns the policy."]


# --- Uploaded copies ---------------------------------------------------------------------------


def test_an_uploaded_copy_is_kept_privately_and_served_to_the_core_team(
    client, staff, director, opcc
):
    client.force_login(staff)
    upload = SimpleUploadedFile("apd.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(ADD, {**form_data(opcc, document_url=""), "document": upload})
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert policy.document.name.startswith(f"policies/{TODAY.year}/apd")
    client.force_login(director)
    assert document_url(policy) in page_text(client.get(policy.get_absolute_url()))
    download = client.get(document_url(policy))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == MINIMAL_PDF


def test_an_edit_keeps_the_uploaded_copy_unless_another_is_chosen(client, staff, opcc):
    policy = make_policy(opcc, document=ContentFile(MINIMAL_PDF, name="policy.pdf"))
    stored = policy.document.name
    client.force_login(staff)
    response = client.post(edit_url(policy), form_data(opcc, policy, version="4"))
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.version, policy.document.name) == ("4", stored)


def test_a_copy_that_is_not_a_pdf_or_word_file_is_refused(client, staff, opcc):
    client.force_login(staff)
    upload = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(ADD, {**form_data(opcc), "document": upload})
    assert response.context["form"].errors["document"] == [
        "The selected file must be a PDF or a Word document (DOCX)."
    ]


def test_a_policy_without_an_uploaded_copy_has_nothing_to_download(client, staff, opcc):
    policy = make_policy(opcc, document_url="https://example.org/dpp.pdf")
    client.force_login(staff)
    assert client.get(document_url(policy)).status_code == 404
    assert document_url(policy) not in page_text(client.get(policy.get_absolute_url()))

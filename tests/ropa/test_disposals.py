"""The disposal log: a disposal the DPO approves retires the record, never deletes it.

Proposing and deciding are in ``test_disposal_approval.py``; these are the log's other rules."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ropa import services
from ropa.models import Disposal, ProcessingActivity, RetentionRule
from ropa.selectors import records_due_for_disposal
from tests.conftest import MINIMAL_PDF
from tests.factories import DataSourceFactory
from tests.spreadsheets import xlsx_as_csv

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("ropa:disposal_list")
ADD = reverse("ropa:disposal_create")


def edit_url(disposal):
    return reverse("ropa:disposal_update", kwargs={"pk": disposal.pk})


def evidence_url(disposal):
    return reverse("ropa:disposal_evidence", kwargs={"pk": disposal.pk})


def page_text(response):
    return response.content.decode()


@pytest.fixture
def rule():
    return RetentionRule.objects.create(
        record_class="Partnership analysis", period=6, trigger="creation", action="destroy"
    )


@pytest.fixture
def activity(rule):
    return ProcessingActivity.objects.create(
        name="Old hotspot study",
        business_function="Analysis",
        purpose="Hotspot analysis",
        retention_rule=rule,
        retention_trigger_on=datetime.date(2019, 1, 1),
    )


@pytest.fixture
def source(rule):
    return DataSourceFactory(
        name="Hull contacts", retention_rule=rule, retention_trigger_on=datetime.date(2019, 1, 1)
    )


def form_data(dpo, staff, **changes):
    data = {
        "activity": "",
        "data_source": "",
        "disposed_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "method": "secure_deletion",
        "carried_out_by": staff.pk,
        "evidence_reference": "IT ticket INC-1234",
        "notes": "",
        "change_reason": "Retention period ended",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def propose(actor, **values):
    return services.disposal_propose(
        Disposal(
            disposed_on=values.pop("disposed_on", datetime.date(2026, 1, 5)),
            method=values.pop("method", "secure_deletion"),
            evidence_reference=values.pop("evidence_reference", "DEL-1"),
            **values,
        ),
        actor=actor,
    )


def log_disposal(actor, approver, **values):
    """A disposal ``actor`` proposed and ``approver`` approved."""
    return services.disposal_approve(propose(actor, **values), actor=approver)


# --- Access ------------------------------------------------------------------------------------


def test_partners_cannot_open_the_disposal_log(client, staff, dpo, partner_hull, hull_sharing):
    disposal = log_disposal(staff, dpo, data_source=hull_sharing["datasource"])
    client.force_login(partner_hull)
    for url in (LIST, ADD, disposal.get_absolute_url(), edit_url(disposal), evidence_url(disposal)):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_cannot_propose_or_edit_a_disposal(request, client, staff, activity, role):
    disposal = propose(staff, activity=activity)
    client.force_login(request.getfixturevalue(role))
    assert client.get(disposal.get_absolute_url()).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data(None, staff, activity=activity.pk)).status_code == 403
    assert client.get(edit_url(disposal)).status_code == 403
    response = client.post(edit_url(disposal), form_data(None, staff, notes="Changed"))
    assert response.status_code == 403
    disposal.refresh_from_db()
    assert (Disposal.objects.count(), disposal.notes, disposal.history.count()) == (1, "", 1)
    assert edit_url(disposal) not in page_text(client.get(disposal.get_absolute_url()))


# --- Proposing ---------------------------------------------------------------------------------


def test_the_form_is_filled_in_from_the_due_list_link(client, staff, dpo, activity, source):
    client.force_login(staff)
    form = client.get(ADD, {"activity": activity.pk}).context["form"]
    assert form["activity"].value() == activity.pk
    assert form["data_source"].value() is None
    assert form["carried_out_by"].value() == staff.pk
    assert form["disposed_on"].value() == TODAY
    form = client.get(ADD, {"data_source": source.pk}).context["form"]
    assert form["data_source"].value() == source.pk
    # Nonsense in the address is ignored rather than failing.
    assert client.get(ADD, {"activity": "x"}).status_code == 200


def test_the_proposal_form_has_no_approver_to_choose(client, staff, dpo):
    client.force_login(staff)
    response = client.get(ADD)
    assert "approved_by" not in response.context["form"].fields
    assert "decided_by" not in response.context["form"].fields
    assert "Approved by" not in page_text(response)


def test_an_approved_disposal_retires_the_activity_and_keeps_its_history(
    client, staff, dpo, activity
):
    client.force_login(staff)
    response = client.post(ADD, form_data(dpo, staff, activity=activity.pk))
    disposal = Disposal.objects.get()
    assert response["Location"] == disposal.get_absolute_url()
    assert (disposal.activity, disposal.carried_out_by, disposal.proposed_by) == (
        activity,
        staff,
        staff,
    )
    services.disposal_approve(disposal, actor=dpo)
    activity.refresh_from_db()
    assert activity.status == "retired"
    latest = activity.history.first()
    assert activity.history.count() == 2
    assert latest.history_user == dpo
    assert latest.history_change_reason == f"Retired by {disposal}"
    assert latest.history_change_reason.startswith("Retired by Disposal of Old hotspot study on ")
    assert ProcessingActivity.objects.filter(pk=activity.pk).exists()
    # It has left the due list.
    assert records_due_for_disposal(staff, TODAY) == []
    text = page_text(client.get(disposal.get_absolute_url()))
    assert "Old hotspot study</a> is retired." in text


def test_an_approved_disposal_retires_the_data_source_on_its_date(client, staff, dpo, source):
    client.force_login(staff)
    disposed_on = TODAY - datetime.timedelta(days=3)
    response = client.post(
        ADD, form_data(dpo, staff, data_source=source.pk, disposed_on=disposed_on.isoformat())
    )
    assert response.status_code == 302
    disposal = services.disposal_approve(Disposal.objects.get(), actor=dpo)
    source.refresh_from_db()
    assert source.retired_on == disposed_on
    assert source.history.count() == 2
    latest = source.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, f"Retired by {disposal}")
    # The source's page says when it was retired and links to the disposal.
    text = page_text(client.get(source.get_absolute_url()))
    assert disposed_on.strftime("%-d %B %Y") in text
    assert f'<a class="govuk-link" href="{disposal.get_absolute_url()}">{disposal}</a>' in text
    assert records_due_for_disposal(staff, TODAY) == []


def test_a_planned_disposal_retires_the_data_source_on_the_day_it_is_approved(
    client, staff, dpo, source
):
    planned = TODAY + datetime.timedelta(days=10)
    client.force_login(staff)
    response = client.post(
        ADD, form_data(dpo, staff, data_source=source.pk, disposed_on=planned.isoformat())
    )
    assert response.status_code == 302
    services.disposal_approve(Disposal.objects.get(), actor=dpo)
    source.refresh_from_db()
    assert source.retired_on == TODAY


@pytest.mark.parametrize("which", ["neither", "both"])
def test_exactly_one_record_is_disposed_of(client, staff, dpo, activity, source, which):
    records = {"activity": activity.pk, "data_source": source.pk} if which == "both" else {}
    client.force_login(staff)
    response = client.post(ADD, form_data(dpo, staff, **records))
    assert response.context["form"].errors["activity"] == [
        "Choose the one record disposed of: a processing activity or a data source."
    ]
    assert "There is a problem" in page_text(response)
    assert not Disposal.objects.exists()


def test_the_evidence_is_required(client, staff, dpo, activity):
    client.force_login(staff)
    response = client.post(ADD, form_data(dpo, staff, activity=activity.pk, evidence_reference=""))
    assert response.context["form"].errors["evidence"] == [
        "Upload the evidence of disposal or give its reference."
    ]
    assert not Disposal.objects.exists()


def test_a_planned_disposal_is_dated_within_a_year(client, staff, dpo, activity):
    client.force_login(staff)
    too_far = TODAY + datetime.timedelta(days=366)
    latest = TODAY + datetime.timedelta(days=365)
    response = client.post(
        ADD, form_data(dpo, staff, activity=activity.pk, disposed_on=too_far.isoformat())
    )
    assert response.context["form"].errors["disposed_on"] == [
        "A planned disposal must be dated within a year from today: "
        f"on or before {latest.day} {latest:%B %Y}."
    ]
    assert not Disposal.objects.exists()


def test_evidence_is_uploaded_privately_and_served_only_through_the_portal(
    client, staff, dpo, siro, activity
):
    client.force_login(staff)
    upload = SimpleUploadedFile("certificate.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        ADD,
        {**form_data(dpo, staff, activity=activity.pk, evidence_reference=""), "evidence": upload},
    )
    assert response.status_code == 302
    disposal = Disposal.objects.get()
    assert disposal.evidence.name.startswith(f"disposals/{TODAY.year}/certificate")
    with pytest.raises(ValueError):
        disposal.evidence.url  # noqa: B018 - private files have no public address
    client.force_login(siro)
    text = page_text(client.get(disposal.get_absolute_url()))
    assert evidence_url(disposal) in text
    download = client.get(evidence_url(disposal))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == MINIMAL_PDF


def test_evidence_that_is_not_a_pdf_or_word_file_is_refused(client, staff, dpo, activity):
    client.force_login(staff)
    upload = SimpleUploadedFile("evil.pdf", b"<script>alert(1)</script>", content_type="text/html")
    response = client.post(ADD, {**form_data(dpo, staff, activity=activity.pk), "evidence": upload})
    assert "PDF" in str(response.context["form"].errors["evidence"])
    assert not Disposal.objects.exists()


def test_a_disposal_without_an_uploaded_file_has_no_evidence_to_download(
    client, staff, dpo, activity
):
    disposal = log_disposal(staff, dpo, activity=activity)
    client.force_login(staff)
    assert client.get(evidence_url(disposal)).status_code == 404
    assert "None uploaded" in page_text(client.get(disposal.get_absolute_url()))


# --- Editing a proposal ------------------------------------------------------------------------


def test_an_edit_writes_exactly_one_history_row_with_user_and_reason(client, staff, dpo, activity):
    disposal = propose(staff, activity=activity)
    client.force_login(staff)
    data = form_data(dpo, staff, notes="Backup tapes overwritten too", change_reason="Notes")
    data["row_version"] = disposal.row_version
    response = client.post(edit_url(disposal), data)
    assert response.status_code == 302
    disposal.refresh_from_db()
    assert (disposal.notes, disposal.activity, disposal.row_version) == (
        "Backup tapes overwritten too",
        activity,
        2,
    )
    assert disposal.history.count() == 2
    latest = disposal.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "Notes")


def test_a_decided_disposal_can_no_longer_be_edited(client, staff, dpo, activity):
    disposal = log_disposal(staff, dpo, activity=activity)
    client.force_login(staff)
    response = client.get(edit_url(disposal), follow=True)
    assert response.redirect_chain == [(disposal.get_absolute_url(), 302)]
    assert "has been approved, so it can no longer be changed." in page_text(response)
    assert "Edit the proposal" not in page_text(response)
    data = {**form_data(dpo, staff, notes="Changed"), "row_version": disposal.row_version}
    response = client.post(edit_url(disposal), data)
    assert "so it can no longer be changed or decided" in page_text(response)
    disposal.refresh_from_db()
    assert (disposal.notes, disposal.history.count()) == ("", 2)
    with pytest.raises(ValidationError):
        services.disposal_save(disposal, actor=staff)


# --- List, export and detail -------------------------------------------------------------------


@pytest.fixture
def log(staff, dpo, activity, source):
    return [
        log_disposal(staff, dpo, activity=activity, disposed_on=datetime.date(2025, 11, 3)),
        log_disposal(
            staff,
            dpo,
            data_source=source,
            disposed_on=datetime.date(2026, 1, 5),
            method="returned",
            evidence_reference="Courier receipt 77",
        ),
    ]


def listed(response):
    return [str(row.record) for row in response.context["table"].rows]


def test_the_log_lists_newest_first_and_filters_by_search_method_and_dates(client, staff, log):
    client.force_login(staff)
    newest, oldest = str(log[1]), str(log[0])
    assert listed(client.get(LIST)) == [newest, oldest]
    assert listed(client.get(LIST, {"q": "courier"})) == [newest]
    assert listed(client.get(LIST, {"q": "hotspot"})) == [oldest]
    assert listed(client.get(LIST, {"method": "returned"})) == [newest]
    assert listed(client.get(LIST, {"disposed_from": "2025-12-01"})) == [newest]
    assert listed(client.get(LIST, {"disposed_to": "2025-12-01"})) == [oldest]
    between = {"disposed_from": "2025-11-03", "disposed_to": "2026-01-05"}
    assert listed(client.get(LIST, between)) == [newest, oldest]
    assert client.get(LIST, {"disposed_from": "not a date"}).status_code == 200


def test_the_log_filters_by_status(client, staff, dpo, log, rule):
    waiting = propose(
        staff,
        activity=ProcessingActivity.objects.create(
            name="Youth survey", business_function="Analysis", purpose="Survey"
        ),
    )
    client.force_login(staff)
    assert listed(client.get(LIST, {"status": "proposed"})) == [str(waiting)]
    assert len(listed(client.get(LIST, {"status": "approved"}))) == 2
    assert listed(client.get(LIST, {"status": "refused"})) == []
    text = page_text(client.get(LIST))
    assert '<strong class="govuk-tag govuk-tag--yellow">Proposed</strong>' in text
    assert "Not yet decided" in text


def test_the_csv_and_excel_exports_hold_exactly_the_filtered_list(client, staff, log):
    client.force_login(staff)
    params = {"disposed_from": "2025-01-01", "sort": "disposed_on"}
    screen = listed(client.get(LIST, params))
    export = client.get(reverse("ropa:disposal_export", kwargs={"format": "csv"}), params)
    header, *rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == [
        "Disposed on",
        "What is disposed of",
        "Register",
        "Method",
        "Status",
        "Proposed by",
        "Decided by",
        "Evidence",
    ]
    assert rows == [
        [
            *("2025-11-03", "Old hotspot study", "Processing activity", "Secure deletion"),
            *("Approved", "Sam Staff", "Dana DPO", "DEL-1"),
        ],
        [
            *("2026-01-05", "Hull contacts", "Data source", "Returned to supplier"),
            *("Approved", "Sam Staff", "Dana DPO", "Courier receipt 77"),
        ],
    ]
    assert len(screen) == len(rows)
    xlsx = client.get(reverse("ropa:disposal_export", kwargs={"format": "xlsx"}), params)
    # Dates are date cells and counts numbers in XLSX, ISO dates and digits in CSV.
    assert xlsx_as_csv(xlsx.content) == [header, *rows]


def test_the_disposal_page_shows_every_field(client, siro, log):
    disposal = log[1]
    client.force_login(siro)
    text = page_text(client.get(disposal.get_absolute_url()))
    for expected in (
        "Hull contacts",
        "(data source)",
        "5 January 2026",
        "Returned to supplier",
        "Sam Staff",
        "Dana DPO",
        "Approved",
        "Courier receipt 77",
        "was retired on 5 January 2026",
    ):
        assert expected in text

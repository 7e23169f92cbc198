"""Data-protection audits and their findings: recording an audit with its report, findings
numbered within their audit and linked to the records they concern, the pages, who may see
them, and the pages' query budgets."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import AuditFinding, DataProtectionAudit
from tests.conftest import MINIMAL_PDF
from tests.factories import DataSourceFactory
from tests.governance.action_support import make_action, make_audit, make_finding

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("governance:dataprotectionaudit_list")
ADD = reverse("governance:dataprotectionaudit_create")


def url(name, record):
    return reverse(f"governance:{name}", kwargs={"pk": record.pk})


def text(response):
    return response.content.decode()


def test_staff_record_an_audit_with_its_report_kept_privately(client, staff):
    client.force_login(staff)
    report = SimpleUploadedFile("report.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        ADD,
        {
            "title": "2026 audit",
            "scope": "The ROPA.",
            "auditor_name": "Internal Audit",
            "carried_out_on": (TODAY - timedelta(days=3)).isoformat(),
            "report": report,
            "status": "reported",
        },
    )
    assert response.status_code == 302
    audit = DataProtectionAudit.objects.get()
    assert audit.report and audit.history.count() == 1
    assert audit.history.first().history_user == staff
    download = client.get(url("dataprotectionaudit_document", audit))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


def test_an_audit_form_says_what_is_missing(client, staff):
    client.force_login(staff)
    response = client.post(ADD, {"report": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "scope", "auditor_name", "carried_out_on", "report"} <= set(errors)
    assert not DataProtectionAudit.objects.exists()


def test_findings_are_numbered_within_their_audit(staff, dpo):
    first, second = make_audit(dpo), make_audit(dpo)
    numbers = [make_finding(audit, dpo).number for audit in (first, second, first, first)]
    assert numbers == [1, 1, 2, 3]
    assert str(AuditFinding.objects.get(audit=first, number=2)) == f"Finding 2 of {first}"


def test_a_finding_is_added_with_the_records_it_concerns(client, staff, dpo):
    audit = make_audit(dpo)
    source = DataSourceFactory(name="Police recorded violence")
    client.force_login(staff)
    add = reverse("governance:auditfinding_create", kwargs={"dataprotectionaudit_pk": audit.pk})
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "severity": "high",
            "description": "No retention date on the police extract.",
            "data_sources": [source.pk],
            "change_reason": "From the audit report",
        },
    )
    assert response.status_code == 302
    finding = AuditFinding.objects.get()
    assert (finding.number, list(finding.data_sources.all())) == (1, [source])
    assert finding.history.count() == 1
    page = text(client.get(finding.get_absolute_url()))
    assert "Police recorded violence" in page
    assert url("auditfinding_add_action", finding) in page
    assert finding.get_absolute_url() in text(client.get(audit.get_absolute_url()))


def test_a_findings_page_lists_its_actions(client, staff, dpo):
    finding = make_finding(make_audit(dpo), dpo)
    make_action(staff, finding, title="Add the retention dates")
    client.force_login(staff)
    assert "Add the retention dates" in text(client.get(finding.get_absolute_url()))


def test_the_audit_list_filters_and_exports(client, staff, dpo):
    make_audit(dpo, title="Planned audit", status="planned")
    make_audit(dpo, title="Reported audit")
    client.force_login(staff)
    listed = client.get(LIST, {"status": "planned"})
    assert [row.record.title for row in listed.context["table"].rows] == ["Planned audit"]
    export = client.get(
        reverse("governance:dataprotectionaudit_export", kwargs={"format": "csv"}),
        {"status": "planned"},
    )
    body = b"".join(export.streaming_content).decode()
    assert "Planned audit" in body and "Reported audit" not in body


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_see_audits_but_cannot_add_or_edit(request, client, dpo, role):
    audit = make_audit(dpo)
    finding = make_finding(audit, dpo)
    client.force_login(request.getfixturevalue(role))
    assert client.get(audit.get_absolute_url()).status_code == 200
    assert client.get(finding.get_absolute_url()).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.get(url("dataprotectionaudit_update", audit)).status_code == 403
    assert client.get(url("auditfinding_update", finding)).status_code == 403


def test_partners_cannot_see_audits_or_findings(client, dpo, partner_hull):
    audit = make_audit(dpo, with_report=True)
    finding = make_finding(audit, dpo)
    assert not DataProtectionAudit.objects.visible_to(partner_hull).exists()
    assert not AuditFinding.objects.visible_to(partner_hull).exists()
    client.force_login(partner_hull)
    for page in (
        LIST,
        ADD,
        audit.get_absolute_url(),
        url("dataprotectionaudit_document", audit),
        url("dataprotectionaudit_history", audit),
        finding.get_absolute_url(),
        url("auditfinding_update", finding),
        url("auditfinding_add_action", finding),
    ):
        assert client.get(page).status_code == 403, page


# --- Query budgets -------------------------------------------------------------------------------


def queries(client, page):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_audit_pages_run_a_fixed_number_of_queries(client, staff, dpo, rows):
    audits = [make_audit(dpo) for _ in range(rows)]
    audit = audits[0]
    findings = [make_finding(audit, dpo) for _ in range(rows)]
    for source in DataSourceFactory.create_batch(3):
        findings[0].data_sources.add(source)
    client.force_login(dpo)
    counts = {
        "list": queries(client, LIST),
        "export": queries(
            client, reverse("governance:dataprotectionaudit_export", kwargs={"format": "csv"})
        ),
        "detail": queries(client, audit.get_absolute_url()),
        "finding": queries(client, findings[0].get_absolute_url()),
        "history": queries(client, url("dataprotectionaudit_history", audit)),
    }
    assert counts == BUDGETS, counts


#: Pinned, and the same for 1 row and 50: every signed-in page's 5 (session, user,
#: organisation, 2 permissions) plus the page's own fixed reads (the finding's page: its row,
#: each kind of linked record, its actions and its findings panel).
BUDGETS = {"list": 9, "export": 6, "detail": 9, "finding": 13, "history": 9}

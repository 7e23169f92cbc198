"""Export the ROPA, empty the register, import the file, export again: the same spreadsheet.

``complete_register`` builds activities with every column filled; the import and export tests
use it too.
"""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from governance.models import Policy
from ropa.models import (
    ControllerDetails,
    DataCategory,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from tests.factories import AgreementFactory, DataSourceFactory, OrganisationFactory
from tests.role_holders import make_role_holder

pytestmark = pytest.mark.django_db


def reference_data(opcc, staff) -> dict:
    """Everything an activity can point at: organisations, agreements, sources, policies,
    a retention rule and vocabulary terms (none of it touched by an import)."""
    police = OrganisationFactory(name="Humberside Police", kind="police")
    hull = OrganisationFactory(name="Hull City Council", kind="local_authority")
    vendor = OrganisationFactory(name="Insight Analytics Ltd", kind="other")
    isa = AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        parties=[(opcc, "controller"), (hull, "controller")],
    )
    contract = AgreementFactory(title="Analytics platform contract", kind="art28")
    return {
        "police": police,
        "hull": hull,
        "vendor": vendor,
        "isa": isa,
        "contract": contract,
        "crime": DataSourceFactory(name="Police recorded crime"),
        "ae": DataSourceFactory(name="A&E assault attendances"),
        "retention_policy": Policy.objects.create(
            title="OPCC Retention Policy", kind="policy", owner_organisation=opcc, version="2"
        ),
        "safeguards_policy": Policy.objects.create(
            title="Appropriate Policy Document",
            kind="safeguards",
            owner_organisation=opcc,
            status="in_force",
        ),
        "rule": RetentionRule.objects.create(
            record_class="Partnership analysis",
            period=6,
            period_unit="years",
            trigger="creation",
            action="review",
        ),
        "victims": IndividualCategory.objects.create(name="Victims of violence"),
        "young": IndividualCategory.objects.create(name="Children and young people"),
        "contact": DataCategory.objects.create(name="Contact details"),
        "health": DataCategory.objects.create(name="Injury and health data"),
        "csp": RecipientCategory.objects.create(name="Community safety partnerships"),
        "analysts": RecipientCategory.objects.create(name="Partner analysts"),
        "owner": staff,
    }


def full_activity(ref: dict, name: str, **overrides) -> ProcessingActivity:
    """An activity with every column of the spreadsheet filled."""
    fields = {
        "name": name,
        "business_function": "Analysis",
        "purpose": f"{name}: find where violence happens\r\nso partners can act early.",
        "has_personal_data": True,
        "has_special_category_data": True,
        "has_criminal_offence_data": True,
        "covering_agreement": ref["isa"],
        "third_countries": "None",
        "transfer_safeguards": "Not applicable: no transfers",
        "retention_schedule": "Six years from creation, then review",
        "retention_rule": ref["rule"],
        "retention_trigger_on": date(2024, 4, 1),
        "security_measures": "=SUM(1,2) is not a formula here; SharePoint, MFA",
        "art6_basis": "public_task",
        "art9_condition": "g",
        "legitimate_interests": "'=already quoted by someone",
        "lia_link": "https://sharepoint.example/lia/1",
        "rights_available": "- access\n- rectification\n- objection",
        "automated_decision_making": "@none: no automated decisions",
        "consent_record_link": "+44 consent register",
        "location": "OPCC SharePoint (UK)",
        "dpia_required": "yes",
        "has_breach": True,
        "breach_reference": "BR-12",
        "schedule1_condition": "p2_10",
        "schedule1_art6_basis": "public_task",
        "retention_policy": ref["retention_policy"],
        "retained_in_line": "no",
        "retention_reasons_if_not": "Awaiting the 2025 review",
        "safeguards_policy": ref["safeguards_policy"],
        "owner": ref["owner"],
        "next_review_on": date(2026, 4, 1),
    }
    fields.update(overrides)
    activity = ProcessingActivity.objects.create(**fields)
    activity.joint_controllers.set([ref["police"], ref["hull"]])
    activity.individual_categories.set([ref["victims"], ref["young"]])
    activity.data_categories.set([ref["contact"], ref["health"]])
    activity.recipient_categories.set([ref["csp"], ref["analysts"]])
    activity.processors.set([ref["vendor"]])
    activity.processor_contracts.set([ref["contract"]])
    activity.sources.set([ref["crime"], ref["ae"]])
    return activity


def complete_register(opcc, staff) -> dict:
    """The controller header, the reference data and three fully filled activities."""
    ControllerDetails.objects.create(
        controller_name="Office of the Police and Crime Commissioner for Humberside",
        controller_address="The Lawns, Harland Way, Cottingham HU16 5SN",
        controller_email="opcc@humberside.pcc.police.uk",
        controller_phone="01482 220787",
        representative_name="Not applicable (UK controller)",
        representative_address="-",
        representative_email="rep@example.test",
        representative_phone="+44 0000",
    )
    # The header's DPO: the core-team host's current DPO on the role-holder register.
    make_role_holder(
        opcc,
        name="Dana DPO",
        address="As the controller",
        email="dpo@humberside.pcc.police.uk",
        phone="01482 220700",
    )
    ref = reference_data(opcc, staff)
    ref["activities"] = [
        full_activity(ref, "A&E and police violence matching"),
        full_activity(ref, "Hotspot analysis", has_breach=False, art9_condition="h"),
        full_activity(ref, "Youth diversion evaluation", dpia_required="no"),
    ]
    return ref


def export(client, fmt: str = "xlsx", query: str = "") -> bytes:
    url = reverse("ropa:processingactivity_ico_export", kwargs={"format": fmt})
    response = client.get(f"{url}?{query}" if query else url)
    assert response.status_code == 200
    return response.getvalue()  # streamed


def cells(workbook_bytes: bytes) -> list[tuple]:
    """Every cell value of every row of the first sheet."""
    workbook = load_workbook(io.BytesIO(workbook_bytes), read_only=True, data_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def import_file(client, data: bytes, name: str = "ropa.xlsx"):
    """Upload ``data``; return the preview response."""
    return client.post(
        reverse("ropa:processingactivity_import"), {"file": SimpleUploadedFile(name, data)}
    )


def confirm(client, preview):
    token = preview.context["token"]
    assert token, [(p.row, p.column, p.message) for p in preview.context["problems"]]
    return client.post(reverse("ropa:processingactivity_import_confirm", kwargs={"token": token}))


def test_a_register_exported_emptied_and_imported_again_exports_the_same_cells(client, opcc, staff):
    ref = complete_register(opcc, staff)
    client.force_login(staff)
    first = export(client)
    # The file holds what the import must read back: date cells and hyperlink cells.
    written = [cell for row in load_workbook(io.BytesIO(first)).active.iter_rows() for cell in row]
    assert any(cell.is_date for cell in written)
    assert any(cell.hyperlink for cell in written)

    ProcessingActivity.objects.all().delete()
    preview = import_file(client, first)
    assert preview.status_code == 200
    assert confirm(client, preview).status_code == 302

    assert ProcessingActivity.objects.count() == len(ref["activities"])
    second = export(client)
    assert cells(second) == cells(first)
    assert len(cells(first)) == 5 + len(ref["activities"])


def test_the_csv_export_of_the_reimported_register_is_byte_for_byte_the_same(client, opcc, staff):
    complete_register(opcc, staff)
    client.force_login(staff)
    before = export(client, "csv")
    xlsx = export(client)

    ProcessingActivity.objects.all().delete()
    confirm(client, import_file(client, xlsx))

    assert export(client, "csv") == before

"""The ROPA's DPIA rule, read from the DPIA register: a personal-data activity whose "DPIA
required?" is yes needs a linked approved DPIA; no needs the DPO's confirmed screening that none
is needed. Columns 22 and 23 of the ICO record come from the linked DPIAs, on the record page,
in the export, and never from an import."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from governance.models import Dpia, Policy
from governance.services import dpias as services
from ropa.models import DataCategory, IndividualCategory, ProcessingActivity, RecipientCategory
from ropa.services import activity_activate, activity_problems
from tests.dpias import (
    advised_dpia,
    approved_dpia,
    draft_dpia,
    screened_out_dpia,
    submitted_dpia,
)
from tests.factories import AgreementFactory
from vpp_portal.editing import save_links

from .test_ico_import import OUR_HEADINGS, ropa_file, row
from .test_round_trip import confirm, import_file, reference_data

pytestmark = pytest.mark.django_db

REQUIRED = "A DPIA is required: link an approved DPIA to this activity before it can be active."
NO_SCREENING = (
    "‘DPIA required?’ is no: link the screening that found no DPIA was needed (a DPIA record "
    "whose screening the DPO confirmed)."
)
UNANSWERED = "Answer ‘DPIA required?’ (a screening that says no is an answer)."
YES_BUT_SCREENED_OUT = (
    "‘DPIA required?’ is yes, but the screening {ref} found no DPIA was needed: correct the "
    "answer, or start a DPIA."
)
NO_BUT_REQUIRED = (
    "‘DPIA required?’ is no, but the screening {ref} found a DPIA is required: correct the answer."
)
STILL = " {ref} is still ‘{status}’."

#: Where each problem is put right: the start of a new DPIA, the DPIA under way, or the answer.
CREATE, THE_DPIA, ANSWER = "create", "dpia", "answer"


@pytest.fixture
def activity(opcc, hull):
    """A personal-data activity with everything else the activation rule asks for."""
    isa = AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        parties=[(opcc, "controller"), (hull, "controller")],
    )
    activity = ProcessingActivity.objects.create(
        name="Hull youth referrals matching",
        business_function="Early intervention",
        purpose="Offer early help to young people at risk of serious violence.",
        has_personal_data=True,
        covering_agreement=isa,
        art6_basis="public_task",
        # The other ICO columns an activity with personal data must fill (rule 4).
        retention_schedule="Two years after the referral closes.",
        location="OPCC analysis server (UK)",
        security_measures="Role-based access; encrypted at rest.",
        rights_available="Access, rectification, restriction and objection.",
        retained_in_line="yes",
        retention_policy=Policy.objects.create(
            title="OPCC Retention Policy", kind="policy", owner_organisation=opcc, status="in_force"
        ),
    )
    save_links(
        activity,
        {
            "individual_categories": [IndividualCategory.objects.create(name="Young people")],
            "data_categories": [DataCategory.objects.create(name="Referral details")],
            "recipient_categories": [RecipientCategory.objects.create(name="VPP core team")],
        },
    )
    return activity


def linked(kind: str, activity, *, staff, dpo, director) -> Dpia | None:
    """A DPIA in the state ``kind``, linked to ``activity``, reached through the services."""
    links = [activity]
    if kind == "none":
        return None
    if kind == "draft":
        return draft_dpia(staff, activities=links)
    if kind == "submitted":
        return submitted_dpia(staff, activities=links)
    if kind == "approved":
        return approved_dpia(staff, dpo, director, activities=links)
    if kind == "screened_out":
        return screened_out_dpia(staff, dpo, activities=links)
    if kind == "superseded":
        # The screening was reviewed and replaced by a revision that covers other processing.
        old = screened_out_dpia(staff, dpo, activities=links)
        revision = services.dpia_start_review(old, actor=staff)
        revision = services.dpia_submit(revision, actor=staff)
        revision = services.dpia_confirm_screening(
            revision,
            actor=dpo,
            advice="Still no personal data.",
            next_review_on=timezone.localdate() + timedelta(days=365),
        )
        revision.activities.remove(activity)
        old.refresh_from_db()
        assert old.status == "superseded"
        return old
    if kind == "rejected":
        return services.dpia_reject(
            advised_dpia(staff, dpo, activities=links),
            actor=director,
            reason="Not proportionate.",
        )
    if kind == "withdrawn":
        return services.dpia_withdraw(
            draft_dpia(staff, activities=links), actor=staff, reason="The project was dropped."
        )
    raise AssertionError(kind)


def expected_url(where: str, activity, dpia) -> str:
    if where == CREATE:
        return reverse("governance:dpia_create")
    if where == THE_DPIA:
        return dpia.get_absolute_url()
    edit = reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk})
    return f"{edit}#id_dpia_required_1"


CASES = [
    # answer, linked DPIA, the problem (None: the activity may be active) and where it is fixed
    ("", "none", UNANSWERED, ANSWER),
    ("", "approved", UNANSWERED, ANSWER),
    ("", "screened_out", UNANSWERED, ANSWER),
    ("yes", "none", REQUIRED, CREATE),
    ("yes", "draft", REQUIRED + STILL.format(ref="{ref}", status="Draft"), THE_DPIA),
    (
        "yes",
        "submitted",
        REQUIRED + STILL.format(ref="{ref}", status="Submitted to the DPO"),
        THE_DPIA,
    ),
    ("yes", "approved", None, None),
    ("yes", "screened_out", YES_BUT_SCREENED_OUT, ANSWER),
    ("yes", "superseded", REQUIRED, CREATE),
    ("yes", "rejected", REQUIRED, CREATE),
    ("yes", "withdrawn", REQUIRED, CREATE),
    ("no", "none", NO_SCREENING, CREATE),
    ("no", "draft", NO_SCREENING + STILL.format(ref="{ref}", status="Draft"), THE_DPIA),
    (
        "no",
        "submitted",
        NO_SCREENING + STILL.format(ref="{ref}", status="Submitted to the DPO"),
        THE_DPIA,
    ),
    ("no", "approved", NO_BUT_REQUIRED, ANSWER),
    ("no", "screened_out", None, None),
    ("no", "superseded", NO_SCREENING, CREATE),
    ("no", "rejected", NO_SCREENING, CREATE),
    ("no", "withdrawn", NO_SCREENING, CREATE),
]


@pytest.mark.parametrize(
    ("answer", "kind", "message", "where"),
    CASES,
    ids=[f"{answer or 'unanswered'}-{kind}" for answer, kind, *_rest in CASES],
)
def test_the_dpia_rule_for_each_answer_and_linked_dpia(
    activity, staff, dpo, director, answer, kind, message, where
):
    dpia = linked(kind, activity, staff=staff, dpo=dpo, director=director)
    activity.dpia_required = answer
    activity.save()

    problems = [(p.message, p.fix_url) for p in activity_problems(activity)]

    if message is None:
        assert problems == []
        activity_activate(activity, actor=dpo, reason="DPIA in order")
        activity.refresh_from_db()
        assert activity.status == "active"
    else:
        text = message.format(ref=dpia.reference if dpia else "")
        assert problems == [(text, expected_url(where, activity, dpia))]


def test_a_screening_that_found_a_dpia_needed_contradicts_no_even_beside_one_that_did_not(
    activity, staff, dpo, director
):
    approved = approved_dpia(staff, dpo, director, activities=[activity])
    screened_out_dpia(staff, dpo, activities=[activity])
    activity.dpia_required = "no"
    activity.save()

    assert [p.message for p in activity_problems(activity)] == [
        NO_BUT_REQUIRED.format(ref=approved.reference)
    ]


def test_yes_with_a_screening_out_and_a_dpia_under_way_points_to_the_dpia(activity, staff, dpo):
    screened_out_dpia(staff, dpo, activities=[activity])
    draft = draft_dpia(staff, title="Named referrals", activities=[activity])
    activity.dpia_required = "yes"
    activity.save()

    assert [(p.message, p.fix_url) for p in activity_problems(activity)] == [
        (REQUIRED + STILL.format(ref=draft.reference, status="Draft"), draft.get_absolute_url())
    ]


def test_an_approved_dpia_whose_review_is_overdue_still_counts(activity, staff, dpo, director):
    dpia = approved_dpia(staff, dpo, director, activities=[activity])
    Dpia.objects.filter(pk=dpia.pk).update(next_review_on=timezone.localdate() - timedelta(days=3))
    activity.dpia_required = "yes"
    activity.save()

    assert activity_problems(activity) == []


def test_an_activity_without_personal_data_needs_no_dpia(staff):
    activity = ProcessingActivity.objects.create(
        name="Open data maps", business_function="Analysis", purpose="Maps of open crime data."
    )

    assert activity_problems(activity) == []
    activity_activate(activity, actor=staff, reason="No personal data")
    activity.refresh_from_db()
    assert activity.status == "active"


def test_an_active_activity_cannot_be_saved_with_an_answer_its_screening_contradicts(
    client, activity, staff, dpo
):
    screened_out_dpia(staff, dpo, activities=[activity])
    activity.dpia_required = "no"
    activity.save()
    activity_activate(activity, actor=dpo, reason="Screened out")
    activity.refresh_from_db()
    client.force_login(staff)

    response = client.post(
        reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk}),
        {
            "name": activity.name,
            "business_function": activity.business_function,
            "purpose": activity.purpose,
            "has_personal_data": "on",
            "covering_agreement": activity.covering_agreement_id,
            "art6_basis": "public_task",
            "dpia_required": "yes",
            "row_version": activity.row_version,
            "change_reason": "Now matching named records",
        },
    )

    assert response.status_code == 200
    [message] = response.context["form"].errors["dpia_required"]
    assert message.startswith("‘DPIA required?’ is yes, but the screening DPIA-001")
    activity.refresh_from_db()
    assert activity.dpia_required == "no"


# --- The record page -----------------------------------------------------------------------------


def dpia_row(response) -> str:
    """The HTML of the record's "Link to DPIA" row (ICO column 23)."""
    page = response.content.decode()
    start = page.index('data-field="dpia_link"')
    return page[start : page.index("</div>", start)]


def test_the_record_shows_the_linked_dpia_with_its_status_and_progress(
    client, activity, staff, dpo, director
):
    dpia = approved_dpia(staff, dpo, director, activities=[activity])
    client.force_login(staff)

    response = client.get(activity.get_absolute_url())

    rows = {row.field: row for _heading, rows in response.context["sections"] for row in rows}
    assert rows["dpia_progress"].text == "Approved"
    html = dpia_row(response)
    assert f'href="{dpia.get_absolute_url()}">{dpia.reference}: {dpia.title}</a>' in html
    assert ">Approved</strong>" in html
    assert "Review" not in html
    assert "Start a DPIA" not in html


def test_the_record_says_when_a_linked_dpias_review_is_overdue(
    client, activity, staff, dpo, director
):
    dpia = approved_dpia(staff, dpo, director, activities=[activity])
    Dpia.objects.filter(pk=dpia.pk).update(next_review_on=timezone.localdate() - timedelta(days=3))
    client.force_login(dpo)

    html = dpia_row(client.get(activity.get_absolute_url()))

    assert ">Approved</strong>" in html
    assert '<strong class="govuk-tag govuk-tag--red">Review overdue</strong>' in html


def test_a_superseded_dpia_is_not_shown_as_the_activitys_dpia(
    client, activity, staff, dpo, director
):
    linked("superseded", activity, staff=staff, dpo=dpo, director=director)
    client.force_login(staff)

    response = client.get(activity.get_absolute_url())

    rows = {row.field: row for _heading, rows in response.context["sections"] for row in rows}
    assert rows["dpia_progress"].text == "Not started"
    assert rows["dpia_link"].links == []


def test_staff_are_offered_to_start_a_dpia_while_none_is_under_way(client, activity, staff, siro):
    client.force_login(staff)

    html = dpia_row(client.get(activity.get_absolute_url()))

    start = f"{reverse('governance:dpia_create')}?activities={activity.pk}"
    assert f'href="{start}" data-testid="start-dpia">Start a DPIA' in html
    assert "None recorded" in html
    # The SIRO reads DPIAs but does not write them.
    client.force_login(siro)
    assert "Start a DPIA" not in dpia_row(client.get(activity.get_absolute_url()))


def test_no_dpia_is_offered_to_start_while_one_is_in_progress(client, activity, staff):
    dpia = submitted_dpia(staff, activities=[activity])
    activity.dpia_required = "yes"
    activity.save()
    client.force_login(staff)

    response = client.get(activity.get_absolute_url())

    html = dpia_row(response)
    assert "Start a DPIA" not in html
    assert ">Submitted to the DPO</strong>" in html
    rows = {row.field: row for _heading, rows in response.context["sections"] for row in rows}
    assert rows["dpia_progress"].text == "In progress (Submitted to the DPO)"
    assert response.context["activation_problems"][0].fix_url == dpia.get_absolute_url()


def test_the_printed_record_shows_the_linked_dpia_in_words(client, activity, staff, dpo):
    dpia = screened_out_dpia(staff, dpo, activities=[activity])
    client.force_login(staff)

    response = client.get(reverse("ropa:processingactivity_print", kwargs={"pk": activity.pk}))

    rows = {row.field: row for row in response.context["ico_rows"]}
    assert rows["dpia_progress"].text == "Screened out: no DPIA needed"
    assert [link.text for link in rows["dpia_link"].links] == [f"{dpia.reference}: {dpia.title}"]
    assert ">No DPIA needed</strong>" in response.content.decode()


# --- The ICO export and import -------------------------------------------------------------------

PROGRESS = "Data Protection Impact Assessment progress"
LINK = "Link to Data Protection Impact Assessment"


def exported_rows(client, fmt: str = "csv") -> dict[str, dict[str, str]]:
    """The CSV export's activities, by name, as heading → cell."""
    url = reverse("ropa:processingactivity_ico_export", kwargs={"format": fmt})
    response = client.get(url)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    headings = lines[4]
    return {line[0]: dict(zip(headings, line, strict=True)) for line in lines[5:]}


def test_the_export_derives_the_dpia_progress_and_the_link_to_each_dpia(
    client, activity, staff, dpo, director
):
    approved = approved_dpia(staff, dpo, director, activities=[activity])
    other = ProcessingActivity.objects.create(
        name="Named referrals", business_function="Analysis", purpose="Referrals."
    )
    submitted = submitted_dpia(staff, title="Named referrals", activities=[other])
    ProcessingActivity.objects.create(
        name="Open data maps", business_function="Analysis", purpose="Maps."
    )
    client.force_login(staff)

    rows = exported_rows(client)

    assert rows[activity.name][PROGRESS] == "Approved"
    assert rows[activity.name][LINK] == (
        f"{approved.reference} {settings.PORTAL_BASE_URL}{approved.get_absolute_url()}"
    )
    assert rows["Named referrals"][PROGRESS] == "In progress (Submitted to the DPO)"
    assert rows["Named referrals"][LINK] == (
        f"{submitted.reference} {settings.PORTAL_BASE_URL}{submitted.get_absolute_url()}"
    )
    assert rows["Open data maps"][PROGRESS] == "Not started"
    assert rows["Open data maps"][LINK] == ""
    # In the workbook the reference is a hyperlink to the DPIA's page.
    url = reverse("ropa:processingactivity_ico_export", kwargs={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(client.get(url).getvalue())).active
    link_column = [cell.value for cell in sheet[5]].index(LINK)
    cell = {row[0].value: row for row in sheet.iter_rows(min_row=6)}[activity.name][link_column]
    assert cell.value == approved.reference
    assert cell.hyperlink.target == f"{settings.PORTAL_BASE_URL}{approved.get_absolute_url()}"


def test_an_import_ignores_what_the_dpia_columns_say(client, opcc, staff):
    reference_data(opcc, staff)
    client.force_login(staff)
    data = ropa_file(
        row(
            "Hotspot analysis",
            dpia_required="Yes",
            dpia_progress="Approved",
            dpia_link="DPIA-2024-007 https://sharepoint.example/dpia/7",
        )
    )

    preview = import_file(client, data)

    assert [p.message for p in preview.context["problems"]] == []
    assert confirm(client, preview).status_code == 302
    imported = ProcessingActivity.objects.get(name="Hotspot analysis")
    assert imported.dpia_required == "yes"
    assert not imported.dpias.exists()
    assert exported_rows(client)["Hotspot analysis"][PROGRESS] == "Not started"


def test_an_import_without_the_dpia_columns_is_accepted(client, opcc, staff):
    reference_data(opcc, staff)
    client.force_login(staff)
    headings = [heading for heading in OUR_HEADINGS if heading not in (PROGRESS, LINK)]
    data = ropa_file(row("Hotspot analysis"), headings=headings)

    preview = import_file(client, data)

    assert [p.message for p in preview.context["problems"]] == []
    assert confirm(client, preview).status_code == 302
    assert ProcessingActivity.objects.filter(name="Hotspot analysis").exists()

"""The processing activity register end to end: list, export, the record in the ICO layout,
add and edit, the workflow, the printable page and the PDF."""

import csv
import datetime
import io
import re
import zlib

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from governance.models import Policy
from ropa.forms.activities import ProcessingActivityForm
from ropa.ico import ICO_COLUMNS
from ropa.models import (
    ControllerDetails,
    DataCategory,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from ropa.querysets import REQUIRED_RELATIONS
from ropa.views.activities import PDF_TEMPLATE, SECTIONS, print_context
from sharing.models import RoleHolder
from tests.dpias import screened_out_dpia
from tests.factories import AgreementFactory, DataSourceFactory, OrganisationFactory, UserFactory
from tests.role_holders import make_role_holder

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("ropa:processingactivity_list")
ADD = reverse("ropa:processingactivity_create")


def detail_url(activity):
    return reverse("ropa:processingactivity_detail", kwargs={"pk": activity.pk})


def edit_url(activity):
    return reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk})


def step_url(activity, step):
    return reverse(
        "ropa:processingactivity_transition", kwargs={"pk": activity.pk, "transition": step}
    )


def print_url(activity):
    return reverse("ropa:processingactivity_print", kwargs={"pk": activity.pk})


def pdf_url(activity):
    return reverse("ropa:processingactivity_pdf", kwargs={"pk": activity.pk})


def make_activity(**fields):
    values = {
        "name": "Open crime data analysis",
        "business_function": "Analysis",
        "purpose": "Hotspot analysis of published crime figures.",
        "retention_schedule": "Six years from creation, then reviewed.",
        "location": "OPCC SharePoint (UK)",
        **fields,
    }
    return ProcessingActivity.objects.create(**values)


def complete_personal_activity(**fields):
    """An activity with personal data whose every required ICO column is filled."""
    activity = make_activity(
        name=fields.pop("name", "Hull youth referrals"),
        has_personal_data=True,
        security_measures="Role-based access; encrypted at rest.",
        art6_basis="public_task",
        rights_available="Access, rectification, restriction and objection.",
        dpia_required="no",
        retention_policy=Policy.objects.create(
            title="OPCC Retention Policy",
            kind="policy",
            owner_organisation=OrganisationFactory(name="OPCC"),
            status="in_force",
        ),
        retained_in_line="yes",
        **fields,
    )
    activity.individual_categories.set([IndividualCategory.objects.create(name="Victims")])
    activity.data_categories.set([DataCategory.objects.create(name="Contact details")])
    activity.recipient_categories.set([RecipientCategory.objects.create(name="VPP core team")])
    return activity


def names(response):
    return [row.record.name for row in response.context["table"].rows]


def page_text(response):
    return response.content.decode()


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["partner_hull", "partner_police"])
def test_partners_cannot_open_the_ropa(request, client, role):
    activity = make_activity()
    client.force_login(request.getfixturevalue(role))
    for url in (LIST, detail_url(activity), print_url(activity), pdf_url(activity)):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_cannot_add_edit_or_move_an_activity_on(request, client, role):
    activity = make_activity()
    client.force_login(request.getfixturevalue(role))
    assert client.get(ADD).status_code == 403
    assert client.get(edit_url(activity)).status_code == 403
    response = client.post(edit_url(activity), {"name": "Renamed", "row_version": 1})
    assert response.status_code == 403
    assert client.post(step_url(activity, "activate"), {"reason": "x"}).status_code == 403
    activity.refresh_from_db()
    assert (activity.name, activity.status) == ("Open crime data analysis", "draft")
    assert activity.history.count() == 1


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_see_the_record_without_edit_or_workflow_controls(request, client, role):
    activity = make_activity(has_personal_data=True)
    client.force_login(request.getfixturevalue(role))
    response = client.get(detail_url(activity))
    assert response.status_code == 200
    text = page_text(response)
    assert edit_url(activity) not in text
    assert "/activate/" not in text and "/retire/" not in text
    assert response.context["activation_problems"] == []
    # They can still print it.
    assert print_url(activity) in text and pdf_url(activity) in text


# --- List, filters, export -------------------------------------------------------------------


@pytest.fixture
def register(staff, dpo):
    """Four activities: complete or not, with or without personal data, two owners."""
    overdue = TODAY - datetime.timedelta(days=3)
    return {
        "open": make_activity(
            name="Open crime data analysis", owner=staff, status="active", next_review_on=overdue
        ),
        "referrals": complete_personal_activity(name="Hull youth referrals", owner=dpo),
        "gaps": make_activity(
            name="A&E attendance matching",
            business_function="Early intervention",
            has_personal_data=True,
            owner=dpo,
        ),
        "retired": make_activity(
            name="Old survey", business_function="Research", status="retired", location=""
        ),
    }


def test_the_list_shows_every_activity_with_its_status_and_completeness(client, staff, register):
    client.force_login(staff)
    response = client.get(LIST)
    assert names(response) == [
        "A&E attendance matching",
        "Hull youth referrals",
        "Old survey",
        "Open crime data analysis",
    ]
    text = page_text(response)
    assert '<strong class="govuk-tag govuk-tag--green">Complete</strong>' in text
    # The A&E activity has personal data and little else: 9 required columns are empty.
    assert "9 columns missing" in text
    assert "1 column missing" in text  # the retired survey has no location
    assert '<strong class="govuk-tag govuk-tag--red">Retired</strong>' in text
    overdue = (TODAY - datetime.timedelta(days=3)).strftime("%-d %b %Y")
    assert f'{overdue} <strong class="govuk-tag govuk-tag--red">Overdue</strong>' in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=youth", ["Hull youth referrals"]),
        ("q=intervention", ["A&E attendance matching"]),
        ("status=active", ["Open crime data analysis"]),
        ("has_personal_data=true", ["A&E attendance matching", "Hull youth referrals"]),
        ("has_personal_data=false", ["Old survey", "Open crime data analysis"]),
        ("completeness=complete", ["Hull youth referrals", "Open crime data analysis"]),
        ("completeness=incomplete", ["A&E attendance matching", "Old survey"]),
        ("completeness=incomplete&has_personal_data=true", ["A&E attendance matching"]),
    ],
)
def test_the_list_filters(client, staff, register, query, expected):
    client.force_login(staff)
    assert names(client.get(f"{LIST}?{query}")) == expected


def test_the_list_filters_by_owner_through_a_person_chooser(client, staff, dpo, register):
    UserFactory(full_name="Nobody's owner")
    client.force_login(staff)
    response = client.get(f"{LIST}?owner={dpo.pk}")
    assert names(response) == ["A&E attendance matching", "Hull youth referrals"]
    # The page offers no list of people: the owner is typed (and suggested by the script).
    assert "Nobody&#x27;s owner" not in response.content.decode()
    assert f'<option value="{dpo.pk}"' not in response.content.decode()
    # Without JavaScript, part of the owner's name or address filters by them.
    by_text = client.get(LIST, {"owner": "dana", "owner-id": ""})
    assert names(by_text) == ["A&E attendance matching", "Hull youth referrals"]
    assert names(client.get(LIST, {"owner": "Nobody", "owner-id": ""})) == []


def test_the_list_sorts_by_its_sortable_columns_only(client, staff, register):
    client.force_login(staff)
    assert names(client.get(f"{LIST}?sort=-next_review_on"))[0] == "Open crime data analysis"
    by_owner = names(client.get(f"{LIST}?sort=owner"))
    assert by_owner[-1] == "Old survey"  # nobody owns it: last
    assert by_owner[0] in ("A&E attendance matching", "Hull youth referrals")  # Dana DPO
    # Not a sortable column: ignored, the default order stands.
    assert names(client.get(f"{LIST}?sort=purpose")) == names(client.get(LIST))


def test_the_export_is_the_filtered_list_with_the_missing_columns_named(client, staff, register):
    client.force_login(staff)
    url = reverse("ropa:processingactivity_export", kwargs={"format": "csv"})
    response = client.get(f"{url}?has_personal_data=true")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == [
        "Name",
        "Business function",
        "Personal data",
        "Owner",
        "Next review",
        "ICO record",
        "Status",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"A&E attendance matching", "Hull youth referrals"}
    assert by_name["Hull youth referrals"][5] == "Complete"
    missing = by_name["A&E attendance matching"][5]
    assert missing.startswith("Missing: Categories of individuals; Categories of personal data")
    assert by_name["A&E attendance matching"][1] == "Early intervention"
    assert by_name["A&E attendance matching"][4] == ""  # no review date


def test_the_export_gives_review_dates_as_iso_dates(client, staff, register):
    client.force_login(staff)
    url = reverse("ropa:processingactivity_export", kwargs={"format": "csv"})
    rows = list(
        csv.reader(io.StringIO(client.get(f"{url}?status=active").getvalue().decode("utf-8-sig")))
    )
    assert rows[1][4] == (TODAY - datetime.timedelta(days=3)).isoformat()


def test_the_xlsx_export_downloads(client, staff, register):
    client.force_login(staff)
    url = reverse("ropa:processingactivity_export", kwargs={"format": "xlsx"})
    response = client.get(url)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_the_list_links_to_the_ico_export_and_import_keeping_the_filters(client, staff):
    client.force_login(staff)
    text = page_text(client.get(f"{LIST}?status=active"))
    ico = reverse("ropa:processingactivity_ico_export", args=["xlsx"])
    assert f'href="{ico}?status=active"' in text
    assert reverse("ropa:processingactivity_import") in text


def test_readers_are_not_offered_add_or_import(client, siro):
    client.force_login(siro)
    text = page_text(client.get(LIST))
    assert ADD not in text
    assert reverse("ropa:processingactivity_import") not in text


def test_the_completeness_filter_agrees_with_the_ico_definition(register):
    # The required relations prefetched for the check are exactly the required list columns.
    relations = {
        column.field
        for column in ICO_COLUMNS
        if column.required != "optional"
        and ProcessingActivity._meta.get_field(column.field).many_to_many
    }
    assert relations == set(REQUIRED_RELATIONS)
    everything = ProcessingActivity.objects.all()
    assert set(everything.complete()) | set(everything.incomplete()) == set(everything)
    assert not set(everything.complete()) & set(everything.incomplete())


# --- The record ------------------------------------------------------------------------------


@pytest.fixture
def full_record(staff, opcc, hull, police):
    """An activity with every kind of related value the page links to."""
    isa = AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        parties=[(opcc, "controller"), (hull, "controller")],
    )
    contract = AgreementFactory(title="Analytics hosting contract", kind="art28", status="active")
    safeguards = Policy.objects.create(
        title="VPP Appropriate Policy Document",
        kind="safeguards",
        owner_organisation=opcc,
        status="in_force",
    )
    rule = RetentionRule.objects.create(
        record_class="Partner-shared data extracts",
        period=2,
        period_unit="years",
        trigger="end_of_agreement",
        action="destroy",
    )
    activity = complete_personal_activity(
        owner=staff,
        covering_agreement=isa,
        safeguards_policy=safeguards,
        has_special_category_data=True,
        art9_condition="g",
        lia_link="https://sharepoint.example/lia-7",
        retention_rule=rule,
        retention_trigger_on=datetime.date(2020, 1, 31),
        next_review_on=TODAY - datetime.timedelta(days=1),
    )
    source = DataSourceFactory(name="Hull youth service contacts")
    activity.joint_controllers.set([hull])
    activity.processors.set([police])
    activity.processor_contracts.set([contract])
    activity.sources.set([source])
    return {
        "activity": activity,
        "isa": isa,
        "contract": contract,
        "safeguards": safeguards,
        "source": source,
        "rule": rule,
    }


def test_the_record_shows_the_30_ico_columns_in_order_under_their_headings(
    client, staff, full_record
):
    client.force_login(staff)
    response = client.get(detail_url(full_record["activity"]))
    sections = response.context["sections"]
    assert [heading for heading, _rows in sections] == [
        "The purpose",
        "Individuals, data and recipients",
        "Sharing and transfers",
        "Lawful basis",
        "Rights",
        "Sources, location and security",
        "Data protection impact assessment",
        "Breaches",
        "Retention",
    ]
    numbered = [row.number for _heading, rows in sections for row in rows if row.number]
    assert sorted(numbered) == list(range(1, 31))
    for _heading, rows in sections:  # within a heading, the ICO's order
        numbers = [row.number for row in rows if row.number]
        assert numbers == sorted(numbers)
    text = page_text(response)
    for column in ICO_COLUMNS:
        assert column.heading.replace("'", "&#x27;") in text


def test_every_ico_column_is_under_exactly_one_heading():
    placed = [name for _heading, names in SECTIONS for name in names]
    assert len(placed) == len(set(placed))
    assert {column.field for column in ICO_COLUMNS} <= set(placed)


def test_the_record_links_every_related_record(client, staff, full_record, hull, police):
    client.force_login(staff)
    text = page_text(client.get(detail_url(full_record["activity"])))
    activity = full_record["activity"]
    for record in (
        hull,
        police,
        full_record["isa"],
        full_record["contract"],
        full_record["source"],
        full_record["safeguards"],
        full_record["rule"],
        activity.retention_policy,
        activity.individual_categories.get(),
        activity.data_categories.get(),
        activity.recipient_categories.get(),
    ):
        assert f'href="{record.get_absolute_url()}"' in text, record
    # A link held as text opens where it points.
    assert 'href="https://sharepoint.example/lia-7" rel="noopener noreferrer"' in text


def test_the_record_shows_flags_owner_status_review_and_retention_dates(client, staff, full_record):
    client.force_login(staff)
    response = client.get(detail_url(full_record["activity"]))
    text = page_text(response)
    assert 'data-testid="review-overdue"' in text
    assert "Hull youth violence ISA</a> (Information Sharing Agreement)" in text
    assert "VPP Appropriate Policy Document</a>" in text
    assert "Sam Staff" in text
    rows = {row.field: row for _h, rows in response.context["sections"] for row in rows}
    due = rows["retention_due_on"]
    assert due.text == "31 January 2022"  # two years after the end of the agreement
    assert due.is_overdue
    assert "Past its retention date" in text


def test_a_retired_activity_is_not_overdue_for_review(client, staff):
    activity = make_activity(status="retired", next_review_on=TODAY - datetime.timedelta(days=9))
    client.force_login(staff)
    response = client.get(detail_url(activity))
    assert response.context["is_review_overdue"] is False


def test_the_completeness_panel_names_each_missing_column_and_links_to_it(client, staff):
    activity = make_activity(has_personal_data=True, location="")
    client.force_login(staff)
    response = client.get(detail_url(activity))
    missing = response.context["missing_columns"]
    assert [column["heading"] for column in missing] == [
        "Categories of individuals",
        "Categories of personal data",
        "Categories of recipients",
        "General description of technical and organisational security measures (if possible)",
        "Article 6 lawful basis for processing personal data",
        "Rights available to individuals",
        "Location of personal data",
        "Data Protection Impact Assessment required?",
        "Link to retention and erasure policy document",
        "Is personal data retained and erased in accordance with the policy document?",
    ]
    text = page_text(response)
    assert "10 columns the ICO template needs for this activity are empty" in text
    assert f'<a class="govuk-link" href="{edit_url(activity)}#id_location">' in text
    assert f'href="{edit_url(activity)}#id_individual_categories_1"' in text


def test_a_complete_record_says_so(client, staff):
    activity = complete_personal_activity()
    client.force_login(staff)
    response = client.get(detail_url(activity))
    assert response.context["missing_columns"] == []
    assert "Every column the ICO template needs for this activity is filled." in page_text(response)


def test_the_record_lists_what_stops_activation_each_linking_to_its_fix(client, staff):
    activity = make_activity(has_personal_data=True, has_special_category_data=True)
    client.force_login(staff)
    response = client.get(detail_url(activity))
    problems = response.context["activation_problems"]
    assert [p.fix_url for p in problems] == [
        f"{edit_url(activity)}#id_covering_agreement",
        f"{edit_url(activity)}#id_art6_basis",
        f"{edit_url(activity)}#id_dpia_required_1",
        f"{edit_url(activity)}#id_art9_condition",
        f"{edit_url(activity)}#id_safeguards_policy",
        # Then each empty column the ICO template requires (rule 4), in its order.
        *(
            f"{edit_url(activity)}#id_{name}"
            for name in (
                "individual_categories_1",
                "data_categories_1",
                "recipient_categories_1",
                "security_measures",
                "rights_available",
                "retention_policy",
                "retained_in_line_1",
            )
        ),
    ]
    text = page_text(response)
    assert (
        f'<li><a class="govuk-link" href="{edit_url(activity)}#id_art6_basis">'
        "Choose the Art 6 lawful basis.</a></li>"
    ) in text


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        ("draft", ["activate", "retire"]),
        ("active", ["start_review", "retire"]),
        ("under_review", ["activate", "retire"]),
        ("retired", []),
    ],
)
def test_the_record_offers_the_workflow_steps_open_to_it(client, staff, status, offered):
    activity = make_activity(status=status)
    client.force_login(staff)
    response = client.get(detail_url(activity))
    assert [action["name"] for action in response.context["workflow_actions"]] == offered


def test_an_active_record_that_falls_out_of_the_rules_says_so(client, staff, dpo, siro, opcc):
    isa = AgreementFactory(
        title="Hull youth violence ISA", kind="isa", status="expired", allows_personal_data=True
    )
    activity = complete_personal_activity(status="active", covering_agreement=isa)
    screened_out_dpia(staff, dpo, activities=[activity])  # the screening is in order
    client.force_login(staff)
    response = client.get(detail_url(activity))
    assert response.context["activation_problems"] == []  # activation is not on offer
    [breach] = response.context["rule_breaches"]
    assert breach.message.startswith("‘Hull youth violence ISA’ cannot cover this personal data")
    assert "no longer meets the ROPA rules: put these right, or start a review" in page_text(
        response
    )
    # Readers are told too, without the links to put it right.
    client.force_login(siro)
    text = page_text(client.get(detail_url(activity)))
    assert "no longer meets the ROPA rules." in text
    assert f'href="{isa.get_absolute_url()}">‘Hull' not in text


def test_an_active_record_within_the_rules_shows_no_warning(client, staff):
    activity = make_activity(status="active")
    client.force_login(staff)
    response = client.get(detail_url(activity))
    assert response.context["rule_breaches"] == []
    assert 'data-testid="rule-breaches"' not in page_text(response)


# --- Add and edit ----------------------------------------------------------------------------


def test_staff_add_an_activity_with_its_lists_in_one_history_row(client, staff, hull):
    victims = IndividualCategory.objects.create(name="Victims")
    contact = DataCategory.objects.create(name="Contact details")
    client.force_login(staff)
    response = client.post(
        ADD,
        {
            "name": "Hull youth referrals",
            "business_function": "Early intervention",
            "purpose": "Offering support to young people at risk.",
            "owner": staff.pk,
            "individual_categories": [victims.pk],
            "data_categories": [contact.pk],
            "joint_controllers": [hull.pk],
            "dpia_required": "yes",
            "change_reason": "New referral scheme",
        },
    )
    activity = ProcessingActivity.objects.get(name="Hull youth referrals")
    assert response.status_code == 302
    assert response["Location"] == detail_url(activity)
    assert list(activity.individual_categories.all()) == [victims]
    assert list(activity.joint_controllers.all()) == [hull]
    assert activity.dpia_required == "yes"
    assert (activity.status, activity.created_by) == ("draft", staff)
    [created] = activity.history.all()
    assert created.history_user == staff
    assert created.history_change_reason == "New referral scheme"


def test_the_add_form_proposes_the_person_adding_as_owner(client, staff):
    client.force_login(staff)
    assert client.get(ADD).context["form"]["owner"].value() == staff.pk


def test_editing_records_one_history_row_with_the_reason(client, dpo):
    activity = make_activity()
    client.force_login(dpo)
    response = client.post(
        edit_url(activity),
        {
            "name": activity.name,
            "business_function": activity.business_function,
            "purpose": "Hotspot analysis of published crime and population figures.",
            "location": activity.location,
            "retention_schedule": activity.retention_schedule,
            "row_version": activity.row_version,
            "change_reason": "Population data added",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.purpose == "Hotspot analysis of published crime and population figures."
    assert activity.history.count() == 2
    latest = activity.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Population data added")


def test_special_category_data_without_personal_data_is_refused_beside_the_box(client, staff):
    client.force_login(staff)
    response = client.post(
        ADD,
        {
            "name": "Health survey",
            "business_function": "Research",
            "purpose": "A survey.",
            "has_special_category_data": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["has_personal_data"] == [
        "Special category and criminal offence data are personal data: tick ‘personal data’ too."
    ]
    assert not ProcessingActivity.objects.filter(name="Health survey").exists()


def test_the_form_offers_only_what_fits_each_column(opcc):
    isa = AgreementFactory(title="An ISA", kind="isa")
    mou = AgreementFactory(title="An MoU", kind="mou")
    contract = AgreementFactory(title="An Art 28 contract", kind="art28")
    policies = {
        kind: Policy.objects.create(title=f"A {kind}", kind=kind, owner_organisation=opcc)
        for kind in ("policy", "procedure", "privacy_notice", "safeguards")
    }
    form = ProcessingActivityForm()
    assert set(form.fields["covering_agreement"].queryset) == {isa, contract}
    assert list(form.fields["processor_contracts"].queryset) == [contract]
    assert list(form.fields["safeguards_policy"].queryset) == [policies["safeguards"]]
    assert list(form.fields["retention_policy"].queryset) == [policies["policy"]]
    assert mou not in form.fields["covering_agreement"].queryset


def test_the_form_keeps_a_value_the_record_already_holds(opcc):
    mou = AgreementFactory(title="An MoU", kind="mou")
    procedure = Policy.objects.create(
        title="A procedure", kind="procedure", owner_organisation=opcc
    )
    activity = make_activity(covering_agreement=mou, safeguards_policy=procedure)
    form = ProcessingActivityForm(instance=activity)
    assert mou in form.fields["covering_agreement"].queryset
    assert procedure in form.fields["safeguards_policy"].queryset


def test_partners_are_never_offered_as_owners(partner_hull, staff):
    form = ProcessingActivityForm()
    assert partner_hull not in form.fields["owner"].queryset
    assert staff in form.fields["owner"].queryset


def test_the_form_is_grouped_as_the_ico_template_groups_the_columns(client, staff):
    client.force_login(staff)
    text = page_text(client.get(ADD))
    legends = re.findall(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\s*(.*?)\s*</legend>',
        text,
    )
    assert legends == [
        "The activity",
        "Personal data",
        "Individuals, data and recipients",
        "Sharing and transfers",
        "Lawful basis",
        "Individuals' rights",
        "Sources, location and security",
        "Data protection impact assessment",
        "Personal data breaches",
        "Retention",
    ]
    assert "they cannot rely on legitimate interests (f)" in text


def test_an_empty_list_says_where_its_entries_come_from(client, staff):
    client.force_login(staff)
    text = page_text(client.get(ADD))
    assert (
        "There are none to choose yet: the DPO adds them to the categories of individuals." in text
    )


def test_every_form_field_is_laid_out(client, staff):
    IndividualCategory.objects.create(name="Victims")
    DataCategory.objects.create(name="Contact details")
    RecipientCategory.objects.create(name="VPP core team")
    AgreementFactory(kind="art28")
    DataSourceFactory()
    client.force_login(staff)
    text = page_text(client.get(ADD))
    for name in ProcessingActivityForm.Meta.fields:
        assert text.count(f'name="{name}"') >= 1, name


# --- Workflow --------------------------------------------------------------------------------


def test_starting_a_review_of_an_active_activity(client, staff):
    activity = make_activity(status="active")
    client.force_login(staff)
    response = client.post(step_url(activity, "start_review"), {"reason": "Annual review"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "under_review"
    latest = activity.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "Annual review")


def test_retiring_needs_a_reason(client, staff):
    activity = make_activity(status="active")
    client.force_login(staff)
    response = client.post(step_url(activity, "retire"), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Enter the reason."]
    assert [link.url for link in response.context["error_links"]] == ["#id_reason"]
    activity.refresh_from_db()
    assert activity.status == "active"


def test_retiring_with_a_reason_keeps_the_record_and_its_history(client, staff):
    activity = make_activity(status="active")
    client.force_login(staff)
    client.post(step_url(activity, "retire"), {"reason": "The analysis has stopped"})
    activity.refresh_from_db()
    assert activity.status == "retired"
    assert activity.history.first().history_change_reason == "The analysis has stopped"


def test_a_step_not_open_to_the_record_is_refused_with_its_status(client, staff):
    activity = make_activity(status="retired")
    client.force_login(staff)
    response = client.post(step_url(activity, "start_review"), {"reason": "Again"})
    assert response.status_code == 200
    assert [link.text for link in response.context["error_links"]] == [
        "This cannot be done while the processing activity is ‘Retired’."
    ]


def test_an_unknown_step_is_not_found(client, staff):
    activity = make_activity()
    client.force_login(staff)
    assert client.get(step_url(activity, "publish")).status_code == 404


# --- Printable page and PDF ------------------------------------------------------------------


@pytest.fixture
def controller(dpo, opcc):
    # The header's DPO is the core-team host's current DPO on the role-holder register.
    make_role_holder(opcc, name="Dana Okafor", email="dpo@opcc.test")
    return ControllerDetails.objects.create(
        controller_name="Office of the Police and Crime Commissioner for Humberside",
    )


def test_the_printable_page_has_the_controller_header_then_every_column_in_order(
    client, staff, controller, full_record
):
    client.force_login(staff)
    response = client.get(print_url(full_record["activity"]))
    assert response.status_code == 200
    text = page_text(response)
    assert text.index("Office of the Police and Crime Commissioner for Humberside") < text.index(
        "Business function"
    )
    assert "dpo@opcc.test" in text
    assert [row.number for row in response.context["ico_rows"]] == list(range(1, 31))
    positions = [text.index(c.heading.replace("'", "&#x27;")) for c in ICO_COLUMNS]
    assert positions == sorted(positions)
    # Navigation is hidden on paper, by the stylesheet's print rules for this page.
    assert 'class="app-print-record"' in text
    sass = (settings.BASE_DIR / "assets" / "_portal.scss").read_text()
    assert ":has(.app-dpia-print, .app-print-record)" in sass


def test_the_printable_page_says_when_the_controller_details_are_missing(client, staff):
    activity = make_activity()
    client.force_login(staff)
    response = client.get(print_url(activity))
    assert response.context["controller"] is None
    assert response.context["dpo"] is None
    text = page_text(response)
    assert "The controller details (controller and representative) have not been recorded" in text
    assert "Not recorded — add the DPO on the" in text


def test_the_printed_header_names_the_dpo_in_post_on_the_day(client, staff, controller, opcc):
    activity = make_activity()
    client.force_login(staff)
    assert "Dana Okafor" in page_text(client.get(print_url(activity)))
    # A handover: Dana's period ends yesterday, Lee's starts today.
    today = timezone.localdate()
    RoleHolder.objects.filter(name="Dana Okafor").update(ends_on=today - datetime.timedelta(days=1))
    make_role_holder(opcc, name="Lee Chen", email="lee.chen@opcc.test", starts_on=today)
    text = page_text(client.get(print_url(activity)))
    assert "Lee Chen" in text and "lee.chen@opcc.test" in text
    assert "Dana Okafor" not in text
    html = render_to_string(PDF_TEMPLATE, print_context(activity))
    assert "Lee Chen" in html and "Dana Okafor" not in html


def pdf_text_objects(content: bytes) -> bytes:
    """The PDF's streams inflated: enough to find its outline titles."""
    inflated = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            inflated += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return inflated


def test_the_pdf_is_the_printed_record(client, staff, controller, full_record):
    activity = full_record["activity"]
    client.force_login(staff)
    response = client.get(pdf_url(activity))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="ropa-hull-youth-referrals-'
    )
    assert response.content.startswith(b"%PDF")
    # The document is rendered from the print template, with the record and its controller.
    assert PDF_TEMPLATE in [t.name for t in response.templates]
    html = render_to_string(PDF_TEMPLATE, print_context(activity))
    assert activity.name in html
    assert activity.purpose in html
    assert "Office of the Police and Crime Commissioner for Humberside" in html
    # Its outline is titled with the activity's name.
    assert b"(Hull youth referrals)" in pdf_text_objects(response.content)


def test_the_pdf_template_fetches_nothing(full_record):
    html = render_to_string(PDF_TEMPLATE, print_context(full_record["activity"]))
    assert "<link" not in html and "<img" not in html and "url(" not in html
    assert "/static/" not in html

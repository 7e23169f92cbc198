"""The ROPA's activation rules, as a DPO meets them: through the "Make active" step.

1. No personal data at the start; personal data needs an agreement that allows it, an Art 6
   basis and an answered "DPIA required?" backed by the DPIA register (an approved DPIA when
   one is required, a confirmed screening when none is; see test_dpia_rule.py for every case).
2. Special category or criminal offence data also needs its condition and a safeguards policy
   in force.
3. A refused activation lists everything missing at once, each linking to where it is fixed.
"""

import pytest
from django.urls import reverse

from governance.models import Policy
from ropa.models import DataCategory, IndividualCategory, ProcessingActivity, RecipientCategory
from sharing.models import Organisation
from tests.dpias import approved_dpia, screened_out_dpia, submitted_dpia
from tests.factories import AgreementFactory
from vpp_portal.editing import save_links

pytestmark = pytest.mark.django_db


def step_url(activity, step="activate"):
    return reverse(
        "ropa:processingactivity_transition", kwargs={"pk": activity.pk, "transition": step}
    )


def edit_url(activity):
    return reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk})


#: The ICO columns an activity with personal data must fill, beyond those the rules name.
ICO_COLUMNS_FILLED = {
    "retention_schedule": "Six years from the end of the intervention, then destroyed.",
    "location": "OPCC analysis server (UK)",
    "security_measures": "Role-based access; encrypted at rest and in transit.",
    "rights_available": "Access, rectification, restriction and objection.",
    "retained_in_line": "yes",
    "schedule1_art6_basis": "public_task",
}


def activity_with(*, dpias=(), complete=True, **fields):
    """An activity with ``fields``, linked to ``dpias`` in the DPIA register; ``complete``
    fills every ICO column the rules do not name (categories, retention, security...)."""
    values = {
        "name": "Hull youth violence analysis",
        "business_function": "Analysis",
        "purpose": "Finding where young people are at risk of serious violence.",
        **(ICO_COLUMNS_FILLED if complete else {}),
        **fields,
    }
    if complete and "retention_policy" not in values:
        values["retention_policy"] = Policy.objects.get_or_create(
            title="OPCC Retention and Disposal Policy",
            defaults={
                "kind": "policy",
                "owner_organisation": Organisation.objects.get_or_create(
                    name="OPCC records", defaults={"kind": "other"}
                )[0],
                "status": "in_force",
            },
        )[0]
    activity = ProcessingActivity.objects.create(**values)
    if complete:
        # Part of the one created row's history, as a save through the form would be.
        save_links(
            activity,
            {
                "individual_categories": [
                    IndividualCategory.objects.get_or_create(name="Victims")[0]
                ],
                "data_categories": [DataCategory.objects.get_or_create(name="Contact details")[0]],
                "recipient_categories": [
                    RecipientCategory.objects.get_or_create(name="VPP core team")[0]
                ],
            },
        )
    if dpias:
        activity.dpias.set(dpias)
    return activity


@pytest.fixture
def isa(opcc, hull):
    return AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        lawful_basis="public_task",
        parties=[(opcc, "controller"), (hull, "controller")],
    )


@pytest.fixture
def safeguards(opcc):
    return Policy.objects.create(
        title="VPP Appropriate Policy Document",
        kind="safeguards",
        owner_organisation=opcc,
        status="in_force",
    )


@pytest.fixture
def screening(staff, dpo, isa):
    """The DPO's confirmed screening that no DPIA is needed."""
    return screened_out_dpia(staff, dpo, agreements=[isa])


@pytest.fixture
def ready(isa, screening):
    """Personal data with everything rule 1 asks for."""
    return {
        "has_personal_data": True,
        "covering_agreement": isa,
        "art6_basis": "public_task",
        "dpia_required": "no",
        "dpias": [screening],
    }


def activate(client, activity, reason="Checked by the DPO"):
    return client.post(step_url(activity), {"reason": reason})


def refusals(response):
    """The error summary's messages and where each links, as the DPO sees them."""
    assert response.status_code == 200
    return [(link.text, link.url) for link in response.context["error_links"]]


def messages_of(response):
    return [text for text, _url in refusals(response)]


def status_of(activity):
    activity.refresh_from_db()
    return activity.status


# --- Rule 1 ---------------------------------------------------------------------------------


def test_an_activity_without_personal_data_is_activated_with_nothing_else(client, dpo):
    activity = activity_with()
    client.force_login(dpo)
    response = activate(client, activity)
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert status_of(activity) == "active"


def test_personal_data_without_an_agreement_is_refused(client, dpo, ready):
    activity = activity_with(**{**ready, "covering_agreement": None})
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "Choose the agreement that allows this personal data to be processed.",
            f"{edit_url(activity)}#id_covering_agreement",
        )
    ]
    assert status_of(activity) == "draft"


def test_an_mou_cannot_cover_personal_data(client, dpo, ready, opcc, hull):
    mou = AgreementFactory(
        title="Humber VPP partnership MoU",
        kind="mou",
        status="active",
        parties=[(opcc, "controller"), (hull, "recipient")],
    )
    activity = activity_with(**{**ready, "covering_agreement": mou})
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "‘Humber VPP partnership MoU’ cannot cover this personal data: it is a memorandum "
            "of understanding and it does not allow personal data. Put that right on the "
            "agreement, or choose an active Information Sharing Agreement or Art 28 contract "
            "that allows personal data.",
            mou.get_absolute_url(),
        )
    ]
    assert status_of(activity) == "draft"


def test_an_isa_that_does_not_allow_personal_data_cannot_cover_it(client, dpo, ready, isa):
    isa.allows_personal_data = False
    isa.save()
    activity = activity_with(**ready)
    client.force_login(dpo)
    assert messages_of(activate(client, activity)) == [
        "‘Hull youth violence ISA’ cannot cover this personal data: it does not allow personal "
        "data. Put that right on the agreement, or choose an active Information Sharing "
        "Agreement or Art 28 contract that allows personal data."
    ]
    assert status_of(activity) == "draft"


def test_an_expired_isa_cannot_cover_personal_data(client, dpo, ready, isa):
    isa.status = "expired"
    isa.save()
    activity = activity_with(**ready)
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "‘Hull youth violence ISA’ cannot cover this personal data: its status is "
            "‘Expired’, not ‘Active’. Put that right on the agreement, or choose an active "
            "Information Sharing Agreement or Art 28 contract that allows personal data.",
            isa.get_absolute_url(),
        )
    ]
    assert status_of(activity) == "draft"


def test_personal_data_needs_an_art6_basis(client, dpo, ready):
    activity = activity_with(**{**ready, "art6_basis": ""})
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        ("Choose the Art 6 lawful basis.", f"{edit_url(activity)}#id_art6_basis")
    ]


def test_an_unanswered_dpia_screening_is_refused(client, dpo, ready):
    activity = activity_with(**{**ready, "dpia_required": ""})
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "Answer ‘DPIA required?’ (a screening that says no is an answer).",
            f"{edit_url(activity)}#id_dpia_required_1",
        )
    ]
    assert status_of(activity) == "draft"


def test_a_required_dpia_still_in_progress_is_refused_and_links_to_it(
    client, dpo, staff, ready, isa
):
    dpia = submitted_dpia(staff, agreements=[isa])
    activity = activity_with(**{**ready, "dpia_required": "yes", "dpias": [dpia]})
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "A DPIA is required: link an approved DPIA to this activity before it can be "
            f"active. {dpia.reference} is still ‘Submitted to the DPO’.",
            dpia.get_absolute_url(),
        )
    ]
    assert status_of(activity) == "draft"


def test_a_required_dpia_not_yet_started_links_to_the_start_of_one(client, dpo, ready):
    activity = activity_with(**{**ready, "dpia_required": "yes", "dpias": []})
    client.force_login(dpo)
    [(_message, url)] = refusals(activate(client, activity))
    assert url == reverse("governance:dpia_create")


def test_an_approved_dpia_lets_the_activity_be_active(client, dpo, staff, director, ready, isa):
    dpia = approved_dpia(staff, dpo, director, agreements=[isa])
    activity = activity_with(**{**ready, "dpia_required": "yes", "dpias": [dpia]})
    client.force_login(dpo)
    assert activate(client, activity).status_code == 302
    assert status_of(activity) == "active"


# --- Rule 2 ---------------------------------------------------------------------------------


def test_special_category_data_needs_an_art9_condition_and_a_safeguards_policy(client, dpo, ready):
    activity = activity_with(**ready, has_special_category_data=True)
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "Choose the Art 9 condition for special category data.",
            f"{edit_url(activity)}#id_art9_condition",
        ),
        (
            "Special category or criminal offence data needs a safeguards policy (appropriate "
            "policy document) from the policy register.",
            f"{edit_url(activity)}#id_safeguards_policy",
        ),
    ]
    assert status_of(activity) == "draft"


def test_criminal_offence_data_needs_a_schedule1_condition(client, dpo, ready, safeguards):
    activity = activity_with(**ready, has_criminal_offence_data=True, safeguards_policy=safeguards)
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "Choose the DPA 2018 Schedule 1 condition for criminal offence data.",
            f"{edit_url(activity)}#id_schedule1_condition",
        )
    ]
    assert status_of(activity) == "draft"


def test_a_safeguards_policy_that_is_not_in_force_is_refused(client, dpo, ready, safeguards):
    safeguards.status = "draft"
    safeguards.save()
    activity = activity_with(
        **ready,
        has_special_category_data=True,
        art9_condition="g",
        safeguards_policy=safeguards,
    )
    client.force_login(dpo)
    assert refusals(activate(client, activity)) == [
        (
            "‘VPP Appropriate Policy Document’ cannot be the safeguards policy: its status is "
            "‘Draft’, not ‘In force’. Put that right on the policy register, or choose a "
            "safeguards policy that is in force.",
            safeguards.get_absolute_url(),
        )
    ]
    assert status_of(activity) == "draft"


def test_a_policy_of_the_wrong_kind_is_not_a_safeguards_policy(client, dpo, ready, opcc):
    procedure = Policy.objects.create(
        title="Data handling procedure",
        kind="procedure",
        owner_organisation=opcc,
        status="in_force",
    )
    activity = activity_with(
        **ready,
        has_criminal_offence_data=True,
        schedule1_condition="p2_10",
        safeguards_policy=procedure,
    )
    client.force_login(dpo)
    assert messages_of(activate(client, activity)) == [
        "‘Data handling procedure’ cannot be the safeguards policy: it is a procedure, not a "
        "safeguards policy. Put that right on the policy register, or choose a safeguards "
        "policy that is in force."
    ]


def test_special_and_criminal_data_with_every_condition_and_policy_can_be_active(
    client, dpo, ready, safeguards
):
    activity = activity_with(
        **ready,
        has_special_category_data=True,
        has_criminal_offence_data=True,
        art9_condition="g",
        schedule1_condition="p2_10",
        safeguards_policy=safeguards,
    )
    client.force_login(dpo)
    assert activate(client, activity).status_code == 302
    assert status_of(activity) == "active"


# --- Rule 3 ---------------------------------------------------------------------------------


def test_a_refused_activation_lists_every_problem_at_once_each_with_its_fix(client, dpo, opcc):
    wrong_policy = Policy.objects.create(
        title="Privacy notice", kind="privacy_notice", owner_organisation=opcc, status="draft"
    )
    activity = activity_with(
        has_personal_data=True,
        has_special_category_data=True,
        has_criminal_offence_data=True,
        safeguards_policy=wrong_policy,
    )
    edit = edit_url(activity)
    client.force_login(dpo)
    response = activate(client, activity)
    assert refusals(response) == [
        (
            "Choose the agreement that allows this personal data to be processed.",
            f"{edit}#id_covering_agreement",
        ),
        ("Choose the Art 6 lawful basis.", f"{edit}#id_art6_basis"),
        (
            "Answer ‘DPIA required?’ (a screening that says no is an answer).",
            f"{edit}#id_dpia_required_1",
        ),
        ("Choose the Art 9 condition for special category data.", f"{edit}#id_art9_condition"),
        (
            "Choose the DPA 2018 Schedule 1 condition for criminal offence data.",
            f"{edit}#id_schedule1_condition",
        ),
        (
            "‘Privacy notice’ cannot be the safeguards policy: it is a privacy notice, not a "
            "safeguards policy and its status is ‘Draft’, not ‘In force’. Put that right on the "
            "policy register, or choose a safeguards policy that is in force.",
            wrong_policy.get_absolute_url(),
        ),
    ]
    # The error summary on the page links each message to its fix.
    page = response.content.decode()
    assert f'<a href="{edit}#id_art6_basis">Choose the Art 6 lawful basis.</a>' in page
    assert "There is a problem" in page
    assert status_of(activity) == "draft"
    assert activity.history.count() == 1


def test_the_activate_page_says_what_is_missing_before_it_is_submitted(client, dpo, ready):
    activity = activity_with(**{**ready, "art6_basis": ""})
    client.force_login(dpo)
    response = client.get(step_url(activity))
    assert response.status_code == 200
    assert [p.message for p in response.context["pending_problems"]] == [
        "Choose the Art 6 lawful basis."
    ]
    assert "There is a problem" not in response.content.decode()


def test_a_successful_activation_writes_one_history_row_with_who_and_why(client, dpo, ready):
    activity = activity_with(**ready)
    before = activity.history.count()
    client.force_login(dpo)
    activate(client, activity, reason="ISA signed; screening says no DPIA is needed")
    assert status_of(activity) == "active"
    assert activity.history.count() == before + 1
    latest = activity.history.first()
    assert latest.history_user == dpo
    assert latest.history_change_reason == "ISA signed; screening says no DPIA is needed"
    assert latest.status == "active"


def test_a_refused_activation_changes_nothing(client, dpo, ready):
    activity = activity_with(**{**ready, "covering_agreement": None})
    version, history = activity.row_version, activity.history.count()
    client.force_login(dpo)
    activate(client, activity)
    activity.refresh_from_db()
    assert (activity.status, activity.row_version) == ("draft", version)
    assert activity.history.count() == history


# --- Keeping an active activity within the rules -------------------------------------------


def form_data(activity, **changes):
    """What the edit form posts for ``activity``, with ``changes``."""
    data = {
        "name": activity.name,
        "business_function": activity.business_function,
        "purpose": activity.purpose,
        "row_version": activity.row_version,
        "has_personal_data": "on" if activity.has_personal_data else "",
        "art6_basis": activity.art6_basis,
        "dpia_required": activity.dpia_required,
        "covering_agreement": activity.covering_agreement_id or "",
        **{name: getattr(activity, name) for name in ICO_COLUMNS_FILLED},
        "retention_policy": activity.retention_policy_id or "",
        **{
            name: [row.pk for row in getattr(activity, name).all()]
            for name in ("individual_categories", "data_categories", "recipient_categories")
        },
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def test_adding_personal_data_to_an_active_activity_without_an_agreement_is_refused(client, dpo):
    activity = activity_with(status="active")
    client.force_login(dpo)
    response = client.post(
        edit_url(activity),
        form_data(
            activity,
            has_personal_data="on",
            art6_basis="public_task",
            dpia_required="no",
            change_reason="Now using named referrals",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [
        "This activity is active, so a change must keep it within the rules. Put right what "
        "is listed below, or start a review first."
    ]
    assert form.errors["covering_agreement"] == [
        "Choose the agreement that allows this personal data to be processed."
    ]
    activity.refresh_from_db()
    assert activity.has_personal_data is False
    assert activity.history.count() == 1


def test_an_active_activity_can_take_on_personal_data_with_everything_it_needs(
    client, dpo, isa, screening
):
    activity = activity_with(status="active", dpias=[screening])
    client.force_login(dpo)
    response = client.post(
        edit_url(activity),
        form_data(
            activity,
            has_personal_data="on",
            covering_agreement=isa.pk,
            art6_basis="public_task",
            dpia_required="no",
            change_reason="Named referrals under the Hull ISA",
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.has_personal_data is True
    assert activity.history.first().history_change_reason == "Named referrals under the Hull ISA"


# --- Rule 4: every column the ICO template requires ----------------------------------------


def test_a_childrens_data_activity_with_six_required_columns_empty_cannot_go_active(
    client, dpo, ready
):
    children = IndividualCategory.objects.create(name="Children and young people under 18")
    activity = activity_with(
        **ready,
        complete=False,
        name="Hull children at risk of exploitation",
        retention_schedule="Two years after the referral closes.",
        location="OPCC analysis server (UK)",
    )
    save_links(activity, {"individual_categories": [children]})
    history = activity.history.count()
    edit = edit_url(activity)
    client.force_login(dpo)
    response = activate(client, activity)
    why = "an activity with personal data cannot be active without it."
    assert refusals(response) == [
        (
            f"Fill in ‘Categories of personal data’ (column 5 of the ICO record): {why}",
            f"{edit}#id_data_categories_1",
        ),
        (
            f"Fill in ‘Categories of recipients’ (column 6 of the ICO record): {why}",
            f"{edit}#id_recipient_categories_1",
        ),
        (
            "Fill in ‘General description of technical and organisational security measures "
            f"(if possible)’ (column 11 of the ICO record): {why}",
            f"{edit}#id_security_measures",
        ),
        (
            f"Fill in ‘Rights available to individuals’ (column 16 of the ICO record): {why}",
            f"{edit}#id_rights_available",
        ),
        (
            "Fill in ‘Link to retention and erasure policy document’ (column 28 of the ICO "
            f"record): {why}",
            f"{edit}#id_retention_policy",
        ),
        (
            "Fill in ‘Is personal data retained and erased in accordance with the policy "
            f"document?’ (column 29 of the ICO record): {why}",
            f"{edit}#id_retained_in_line_1",
        ),
    ]
    assert status_of(activity) == "draft"
    assert activity.history.count() == history
    # The record page lists the same six before the step is taken.
    page = client.get(activity.get_absolute_url())
    assert len(page.context["activation_problems"]) == 6


def test_a_column_another_rule_names_is_not_listed_twice(client, dpo, ready):
    activity = activity_with(**{**ready, "art6_basis": ""})
    client.force_login(dpo)
    assert messages_of(activate(client, activity)) == ["Choose the Art 6 lawful basis."]


def test_an_activity_without_personal_data_needs_no_personal_data_columns(client, dpo):
    activity = activity_with(complete=False)
    client.force_login(dpo)
    assert activate(client, activity).status_code == 302
    assert status_of(activity) == "active"


def test_emptying_a_required_column_of_an_active_activity_is_refused_and_changes_nothing(
    client, dpo, ready
):
    activity = activity_with(**ready, status="active")
    recipients = list(activity.recipient_categories.all())
    version, history = activity.row_version, activity.history.count()
    client.force_login(dpo)
    response = client.post(
        edit_url(activity),
        form_data(activity, recipient_categories=[], purpose="Changed purpose"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["recipient_categories"] == [
        "Fill in ‘Categories of recipients’ (column 6 of the ICO record): an activity with "
        "personal data cannot be active without it."
    ]
    activity.refresh_from_db()
    assert (activity.purpose, activity.row_version) == (
        "Finding where young people are at risk of serious violence.",
        version,
    )
    assert list(activity.recipient_categories.all()) == recipients
    assert activity.history.count() == history

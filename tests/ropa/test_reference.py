"""The ROPA's header (the controller details) and its three reference vocabularies."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from ropa.models import (
    ControllerDetails,
    DataCategory,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
)
from tests.role_holders import make_role_holder

pytestmark = pytest.mark.django_db

CONTROLLER = reverse("ropa:controllerdetails_detail")
CONTROLLER_EDIT = reverse("ropa:controllerdetails_update")
CONTROLLER_HISTORY = reverse("ropa:controllerdetails_history")

OPCC = "Office of the Police and Crime Commissioner for Humberside"


def page_text(response):
    return response.content.decode()


def controller_form(controller=None, **changes):
    data = {
        "controller_name": OPCC,
        "controller_address": "The Lawns, Harland Way, Cottingham, HU16 5SN",
        "controller_email": "pcc@humberside.opcc.test",
        "controller_phone": "01482 000 000",
    }
    if controller is not None:
        data["row_version"] = controller.row_version
    data.update(changes)
    return data


@pytest.fixture
def controller():
    return ControllerDetails.objects.create(controller_name=OPCC)


@pytest.fixture
def current_dpo(opcc):
    """The core-team host's DPO on the role-holder register: the header's DPO."""
    return make_role_holder(
        opcc, address="The Lawns, Cottingham", phone="01482 220700", email="dpo@opcc.test"
    )


# --- The controller details -----------------------------------------------------------------


def test_partners_cannot_see_the_controller_details(client, partner_hull, controller):
    client.force_login(partner_hull)
    for url in (CONTROLLER, CONTROLLER_EDIT, CONTROLLER_HISTORY):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["staff", "siro", "director"])
def test_only_the_dpo_and_admin_edit_the_controller_details(request, client, role, controller):
    client.force_login(request.getfixturevalue(role))
    assert client.get(CONTROLLER_EDIT).status_code == 403
    response = client.post(CONTROLLER_EDIT, controller_form(controller, controller_name="X"))
    assert response.status_code == 403
    controller.refresh_from_db()
    assert controller.controller_name == OPCC
    assert controller.history.count() == 1
    # They read the page, without an edit button.
    page = client.get(CONTROLLER)
    assert page.status_code == 200
    assert CONTROLLER_EDIT not in page_text(page)


def test_the_page_shows_the_controller_dpo_and_representative(
    client, staff, controller, current_dpo
):
    client.force_login(staff)
    text = page_text(client.get(CONTROLLER))
    assert OPCC in text
    assert "Dana Okafor" in text
    assert "dpo@opcc.test" in text and "01482 220700" in text
    assert current_dpo.get_absolute_url() in text  # the DPO's record on the register
    assert "None appointed" in text  # no representative: not needed in the UK


def test_without_a_current_dpo_the_page_says_where_to_add_one(client, dpo, controller, opcc):
    make_role_holder(opcc, name="Former Officer", ends_on=date(2024, 12, 31))
    client.force_login(dpo)
    text = page_text(client.get(CONTROLLER))
    assert "Former Officer" not in text
    assert "Not recorded — add the DPO on the" in text
    assert reverse("sharing:roleholder_create") + "?role=dpo" in text


def test_the_controller_form_says_the_dpo_comes_from_the_role_holder_register(
    client, dpo, controller
):
    client.force_login(dpo)
    response = client.get(CONTROLLER_EDIT)
    assert "dpo_name" not in response.context["form"].fields
    text = page_text(response)
    assert "The Data Protection Officer is not recorded here" in text
    assert reverse("sharing:roleholder_list") in text


def test_the_dpo_edits_the_controller_details_with_one_history_row(client, dpo, controller):
    client.force_login(dpo)
    response = client.post(
        CONTROLLER_EDIT,
        controller_form(controller, controller_phone="01482 111 111", change_reason="New line"),
    )
    assert response.status_code == 302
    assert response["Location"] == CONTROLLER
    controller.refresh_from_db()
    assert controller.controller_phone == "01482 111 111"
    assert controller.history.count() == 2
    latest = controller.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "New line")
    history = client.get(CONTROLLER_HISTORY)
    assert "New line" in page_text(history)


def test_the_first_edit_creates_the_controller_details(client, dpo):
    client.force_login(dpo)
    page = client.get(CONTROLLER)
    assert 'data-testid="controller-missing"' in page_text(page)
    assert "Record the controller details" in page_text(client.get(CONTROLLER_EDIT))
    response = client.post(CONTROLLER_EDIT, controller_form(change_reason="Set up the ROPA"))
    assert response.status_code == 302
    controller = ControllerDetails.objects.get()
    assert (controller.controller_name, controller.created_by) == (OPCC, dpo)
    [created] = controller.history.all()
    assert (created.history_type, created.history_user) == ("+", dpo)
    assert created.history_change_reason == "Set up the ROPA"


def test_the_admin_can_edit_the_controller_details(client, admin_user, controller):
    client.force_login(admin_user)
    response = client.post(
        CONTROLLER_EDIT, controller_form(controller, controller_email="office@opcc.test")
    )
    assert response.status_code == 302
    controller.refresh_from_db()
    assert controller.controller_email == "office@opcc.test"


def test_the_controller_needs_a_name_and_valid_addresses(client, dpo, controller):
    client.force_login(dpo)
    response = client.post(
        CONTROLLER_EDIT,
        controller_form(controller, controller_name="", representative_email="not-an-email"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["controller_name"] == ["Enter the controller's name."]
    assert errors["representative_email"] == [
        "Enter the representative's e-mail address, like name@example.org."
    ]


def test_an_edit_over_a_newer_change_is_refused(client, dpo, admin_user, controller):
    stale = controller_form(controller, controller_phone="Mine")
    client.force_login(admin_user)
    client.post(CONTROLLER_EDIT, controller_form(controller, controller_phone="Theirs"))
    client.force_login(dpo)
    response = client.post(CONTROLLER_EDIT, stale)
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    controller.refresh_from_db()
    assert controller.controller_phone == "Theirs"


def test_the_history_page_works_before_the_details_exist(client, staff):
    client.force_login(staff)
    response = client.get(CONTROLLER_HISTORY)
    assert response.status_code == 200
    assert "No history has been recorded" in page_text(response)


# --- Vocabularies ---------------------------------------------------------------------------

VOCABULARIES = [
    ("individualcategory", IndividualCategory, "individual_categories"),
    ("datacategory", DataCategory, "data_categories"),
    ("recipientcategory", RecipientCategory, "recipient_categories"),
]


def url(model_name, action, **kwargs):
    return reverse(f"ropa:{model_name}_{action}", kwargs=kwargs or None)


@pytest.fixture(params=VOCABULARIES, ids=[v[0] for v in VOCABULARIES])
def vocabulary(request):
    model_name, model, relation = request.param
    used = model.objects.create(name="Victims of violence", description="People harmed.")
    unused = model.objects.create(name="Hospital patients")
    activity = ProcessingActivity.objects.create(
        name="Hull youth referrals", business_function="Early intervention", purpose="Support."
    )
    getattr(activity, relation).set([used])
    return {
        "name": model_name,
        "model": model,
        "used": used,
        "unused": unused,
        "activity": activity,
        "relation": relation,
    }


def test_a_vocabulary_lists_its_terms_and_how_many_activities_use_each(client, staff, vocabulary):
    client.force_login(staff)
    response = client.get(url(vocabulary["name"], "list"))
    counts = {row.record.name: row.record.activity_count for row in response.context["table"].rows}
    assert counts == {"Hospital patients": 0, "Victims of violence": 1}
    searched = client.get(url(vocabulary["name"], "list") + "?q=harmed")
    assert [row.record.name for row in searched.context["table"].rows] == ["Victims of violence"]


def test_a_vocabulary_exports_its_terms(client, staff, vocabulary):
    client.force_login(staff)
    response = client.get(url(vocabulary["name"], "export", format="csv"))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[1:] == [
        ["Hospital patients", "", "0"],
        ["Victims of violence", "People harmed.", "1"],
    ]


def test_a_term_links_the_activities_that_use_it(client, staff, vocabulary):
    client.force_login(staff)
    response = client.get(vocabulary["used"].get_absolute_url())
    assert response.status_code == 200
    assert f'href="{vocabulary["activity"].get_absolute_url()}"' in page_text(response)
    unused = client.get(vocabulary["unused"].get_absolute_url())
    assert "No processing activity uses this term yet." in page_text(unused)


def test_a_term_used_by_many_activities_lists_the_first_25_by_name_and_counts_them_all(
    client, staff, vocabulary
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    term = vocabulary["used"]
    queries = []
    for total in (1, 30):
        for index in range(ProcessingActivity.objects.count(), total):
            extra = ProcessingActivity.objects.create(
                name=f"Activity {index:02}", business_function="Analysis", purpose="Counts."
            )
            getattr(extra, vocabulary["relation"]).add(term)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(term.get_absolute_url())
        queries.append(len(captured))
    text = page_text(response)
    listed = text.split('data-testid="activities"')[1].split("</ul>")[0]
    assert listed.count("<li>") == 25
    assert "Activity 01" in listed and "Activity 25" in listed and "Activity 26" not in listed
    assert "30 processing activities use this term: the first 25 by name are listed." in text
    assert queries[0] == queries[1]


@pytest.mark.parametrize("role", ["staff", "siro", "director"])
def test_only_the_dpo_and_admin_keep_the_vocabularies(request, client, role, vocabulary):
    client.force_login(request.getfixturevalue(role))
    name = vocabulary["name"]
    term = vocabulary["used"]
    assert client.get(url(name, "create")).status_code == 403
    assert client.post(url(name, "create"), {"name": "Witnesses"}).status_code == 403
    assert client.get(url(name, "update", pk=term.pk)).status_code == 403
    listing = page_text(client.get(url(name, "list")))
    assert url(name, "create") not in listing
    assert url(name, "update", pk=term.pk) not in page_text(client.get(term.get_absolute_url()))
    assert not vocabulary["model"].objects.filter(name="Witnesses").exists()


def test_partners_cannot_open_the_vocabularies(client, partner_hull, vocabulary):
    client.force_login(partner_hull)
    assert client.get(url(vocabulary["name"], "list")).status_code == 403
    assert client.get(vocabulary["used"].get_absolute_url()).status_code == 403


def test_the_dpo_adds_a_term_with_one_history_row(client, dpo, vocabulary):
    client.force_login(dpo)
    response = client.post(
        url(vocabulary["name"], "create"),
        {"name": "Witnesses", "description": "", "change_reason": "Needed for the A&E work"},
    )
    term = vocabulary["model"].objects.get(name="Witnesses")
    assert response.status_code == 302
    assert response["Location"] == term.get_absolute_url()
    [created] = term.history.all()
    assert (created.history_user, created.history_change_reason) == (
        dpo,
        "Needed for the A&E work",
    )


def test_a_term_is_in_its_list_once(client, dpo, vocabulary):
    client.force_login(dpo)
    response = client.post(url(vocabulary["name"], "create"), {"name": "Hospital patients"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This list already has that term."]


def test_the_admin_renames_a_term_with_the_reason_in_its_history(client, admin_user, vocabulary):
    term = vocabulary["used"]
    client.force_login(admin_user)
    response = client.post(
        url(vocabulary["name"], "update", pk=term.pk),
        {
            "name": "Victims of serious violence",
            "description": term.description,
            "row_version": term.row_version,
            "change_reason": "Matches the strategy's wording",
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.name == "Victims of serious violence"
    latest = term.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        admin_user,
        "Matches the strategy's wording",
    )

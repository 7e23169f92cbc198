"""The role-holder register: who holds SIRO, DPO and Director at each organisation, and when."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sharing.models import RoleHolder
from sharing.selectors import current_dpo
from sharing.services import role_holder_save
from tests.factories import UserFactory
from tests.role_holders import make_role_holder

pytestmark = pytest.mark.django_db

LIST = reverse("sharing:roleholder_list")
ADD = reverse("sharing:roleholder_create")
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def edit_url(holder):
    return reverse("sharing:roleholder_update", kwargs={"pk": holder.pk})


def history_url(holder):
    return reverse("sharing:roleholder_history", kwargs={"pk": holder.pk})


def export_url(fmt="csv", query=""):
    return reverse("sharing:roleholder_export", kwargs={"format": fmt}) + query


def page_text(response):
    return response.content.decode()


def names(response):
    return [row.record.name for row in response.context["table"].rows]


def form_data(organisation, holder=None, **changes):
    data = {
        "organisation": organisation.pk,
        "role": "dpo",
        "starts_on": "2025-04-01",
        "ends_on": "",
        "name": "Lee Chen",
        "job_title": "Head of Information Governance",
        "email": "lee.chen@opcc.test",
        "phone": "01482 220700",
        "address": "The Lawns, Cottingham",
        "user": "",
        "change_reason": "",
    }
    if holder is not None:
        for name in data:
            if name in ("organisation", "user"):
                data[name] = getattr(holder, f"{name}_id") or ""
            elif hasattr(holder, name):
                value = getattr(holder, name)
                data[name] = value.isoformat() if isinstance(value, datetime.date) else value
        data["row_version"] = holder.row_version
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def errors(response):
    return response.context["form"].errors


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("partner", ["partner_hull", "partner_police"])
def test_partners_cannot_open_the_register_even_for_their_own_organisation(
    request, client, hull, partner
):
    holder = make_role_holder(hull, name="Hattie Hull")
    client.force_login(request.getfixturevalue(partner))
    urls = (LIST, ADD, export_url(), holder.get_absolute_url(), edit_url(holder))
    for url in (*urls, history_url(holder)):
        assert client.get(url).status_code == 403, url
    assert client.post(ADD, form_data(hull)).status_code == 403
    assert RoleHolder.objects.count() == 1


@pytest.mark.parametrize("role", ["staff", "siro", "director"])
def test_other_internal_roles_read_the_register_but_cannot_change_it(request, client, opcc, role):
    holder = make_role_holder(opcc)
    client.force_login(request.getfixturevalue(role))
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert names(listing) == ["Dana Okafor"]
    assert ADD not in page_text(listing)
    detail = client.get(holder.get_absolute_url())
    assert detail.status_code == 200
    assert edit_url(holder) not in page_text(detail)
    assert client.get(history_url(holder)).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(edit_url(holder), form_data(opcc, holder, name="X")).status_code == 403
    holder.refresh_from_db()
    assert holder.name == "Dana Okafor"


# --- Adding and editing ------------------------------------------------------------------------


def test_the_dpo_adds_a_role_holder_with_one_history_row(client, dpo, opcc):
    client.force_login(dpo)
    response = client.post(
        ADD, form_data(opcc, user=dpo.pk, change_reason="Appointed by the PCC on 1 April")
    )
    holder = RoleHolder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == holder.get_absolute_url()
    assert (holder.name, holder.role, holder.organisation, holder.user) == (
        "Lee Chen",
        "dpo",
        opcc,
        dpo,
    )
    [created] = holder.history.all()
    assert (created.history_type, created.history_user) == ("+", dpo)
    assert created.history_change_reason == "Appointed by the PCC on 1 April"
    page = page_text(client.get(holder.get_absolute_url()))
    assert "Data Protection Officer (DPO)" in page and "Current" in page


def test_the_admin_records_a_handover_end_date_with_the_reason_in_history(client, admin_user, opcc):
    holder = make_role_holder(opcc)
    client.force_login(admin_user)
    response = client.post(
        edit_url(holder),
        form_data(opcc, holder, ends_on="2025-03-31", change_reason="Left the OPCC"),
    )
    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.ends_on == datetime.date(2025, 3, 31)
    latest = holder.history.first()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "Left the OPCC")
    history = page_text(client.get(history_url(holder)))
    assert "Left the OPCC" in history and "Alex Admin" in history


def test_the_add_form_is_filled_in_from_the_organisation_page_link(client, dpo, hull):
    client.force_login(dpo)
    form = client.get(f"{ADD}?organisation={hull.pk}&role=siro").context["form"]
    assert (form.initial["organisation"], form.initial["role"]) == (hull, "siro")


@pytest.mark.parametrize(
    "query", ["?organisation=abc", "?organisation=99999999999999999999999", "?role=king"]
)
def test_nonsense_in_the_add_link_is_ignored(client, dpo, query):
    client.force_login(dpo)
    response = client.get(ADD + query)
    assert response.status_code == 200
    assert "organisation" not in response.context["form"].initial


def test_an_edit_over_a_newer_change_is_refused_and_keeps_theirs(client, dpo, admin_user, opcc):
    holder = make_role_holder(opcc)
    stale = form_data(opcc, holder, phone="Mine")
    client.force_login(admin_user)
    assert client.post(edit_url(holder), form_data(opcc, holder, phone="Theirs")).status_code == 302
    client.force_login(dpo)
    response = client.post(edit_url(holder), stale)
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    holder.refresh_from_db()
    assert holder.phone == "Theirs"


# --- Validation --------------------------------------------------------------------------------


def test_an_end_date_before_the_start_date_is_refused_next_to_the_field(client, dpo, opcc):
    client.force_login(dpo)
    response = client.post(ADD, form_data(opcc, ends_on="2025-03-01"))
    assert response.status_code == 200
    assert errors(response) == {
        "ends_on": ["The end date must be on or after the start date (1 April 2025)."]
    }
    assert not RoleHolder.objects.exists()


def test_a_second_dpo_while_the_first_is_in_post_is_refused_saying_who_and_how(client, dpo, opcc):
    make_role_holder(opcc, name="Dana Okafor", starts_on=datetime.date(2024, 4, 1))
    client.force_login(dpo)
    response = client.post(ADD, form_data(opcc, starts_on="2025-04-01"))
    assert response.status_code == 200
    [message] = errors(response)["starts_on"]
    assert message.startswith(
        "Dana Okafor is the Data Protection Officer (DPO) at Office of the Police and Crime "
        "Commissioner for Humberside from 1 April 2024, with no end date."
    )
    assert "set their end date first (to 31 March 2025" in message
    assert RoleHolder.objects.count() == 1
    assert message in page_text(response)  # beside the field and in the error summary


def test_a_period_that_runs_into_a_later_holder_is_refused_at_its_end_date(client, dpo, opcc):
    make_role_holder(opcc, name="Next Holder", starts_on=datetime.date(2026, 1, 1))
    client.force_login(dpo)
    response = client.post(ADD, form_data(opcc, starts_on="2025-04-01"))
    assert errors(response) == {
        "ends_on": [
            "Next Holder is the Data Protection Officer (DPO) at Office of the Police and Crime "
            "Commissioner for Humberside from 1 January 2026. Periods cannot overlap: end this "
            "one on 31 December 2025 at the latest."
        ]
    }


def test_a_start_inside_a_closed_period_suggests_the_day_after_it(client, dpo, opcc):
    make_role_holder(opcc, name="Dana Okafor", ends_on=datetime.date(2025, 6, 30))
    client.force_login(dpo)
    response = client.post(ADD, form_data(opcc, starts_on="2025-06-30"))
    [message] = errors(response)["starts_on"]
    assert "to 30 June 2025. Periods cannot overlap: start this one on 1 July 2025" in message


def test_a_handover_the_day_after_the_old_period_ends_is_accepted(client, dpo, opcc):
    old = make_role_holder(opcc, name="Dana Okafor")
    client.force_login(dpo)
    ended = client.post(edit_url(old), form_data(opcc, old, ends_on="2025-03-31"))
    assert ended.status_code == 302
    added = client.post(ADD, form_data(opcc, starts_on="2025-04-01"))
    assert added.status_code == 302
    assert RoleHolder.objects.count() == 2


def test_the_same_role_at_another_organisation_or_another_role_may_overlap(client, dpo, opcc, hull):
    make_role_holder(opcc)
    client.force_login(dpo)
    assert client.post(ADD, form_data(hull)).status_code == 302
    assert client.post(ADD, form_data(opcc, role="siro", name="Simon SIRO")).status_code == 302
    assert RoleHolder.objects.count() == 3


def test_editing_a_holder_does_not_clash_with_itself(client, dpo, opcc):
    holder = make_role_holder(opcc)
    client.force_login(dpo)
    response = client.post(edit_url(holder), form_data(opcc, holder, phone="01482 111111"))
    assert response.status_code == 302


def test_the_service_refuses_an_overlap_that_slipped_past_the_form(dpo, opcc):
    # Two people filled in the form at once: the second save meets the first under the lock.
    make_role_holder(opcc, name="Dana Okafor")
    second = RoleHolder(
        organisation=opcc, role="dpo", name="Lee Chen", starts_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        role_holder_save(second, actor=dpo, reason="Appointed")
    assert (
        "Dana Okafor is the Data Protection Officer" in refused.value.message_dict["starts_on"][0]
    )
    assert RoleHolder.objects.count() == 1


def test_a_deactivated_portal_account_is_refused(client, dpo, opcc):
    leaver = UserFactory(full_name="Lou Leaver", is_active=False)
    client.force_login(dpo)
    response = client.post(ADD, form_data(opcc, user=leaver.pk))
    assert response.status_code == 200
    assert "user" in errors(response)
    assert not RoleHolder.objects.exists()


def test_the_core_team_hosts_holders_need_an_internal_account(client, dpo, opcc, partner_hull):
    client.force_login(dpo)
    response = client.post(ADD, form_data(opcc, user=partner_hull.pk))
    assert errors(response) == {
        "user": [
            "Harry Hull is a partner user: the core team's role holders need an internal "
            "account, or none."
        ]
    }


def test_a_partners_holder_may_use_their_own_partner_account_but_not_another_partners(
    client, dpo, hull, partner_hull, partner_police
):
    client.force_login(dpo)
    refused = client.post(ADD, form_data(hull, user=partner_police.pk))
    assert "partner user at another organisation" in errors(refused)["user"][0]
    accepted = client.post(ADD, form_data(hull, user=partner_hull.pk))
    assert accepted.status_code == 302
    assert RoleHolder.objects.get().user == partner_hull


def test_required_fields_and_a_bad_e_mail_are_explained(client, dpo):
    client.force_login(dpo)
    response = client.post(ADD, {"email": "not-an-address", "starts_on": "31/02/2025"})
    assert response.status_code == 200
    assert errors(response) == {
        "organisation": ["Select the organisation."],
        "role": ["Select the role."],
        "name": ["Enter the role holder's name."],
        "starts_on": ["Enter the start date as a real date."],
        "email": ["Enter an e-mail address in the right format, like name@example.org."],
    }


# --- The list, its filters and its export ------------------------------------------------------


@pytest.fixture
def holders(opcc, hull):
    return {
        "director": make_role_holder(opcc, "director", name="Diane Director"),
        "dpo": make_role_holder(opcc, "dpo", name="Dana Okafor"),
        "former_dpo": make_role_holder(
            opcc,
            "dpo",
            name="Old Officer",
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2024, 3, 31),
        ),
        "siro": make_role_holder(opcc, "siro", name="Simon SIRO"),
        "next_siro": make_role_holder(hull, "siro", name="Nia Next", starts_on=TODAY + 30 * DAY),
    }


def test_the_list_is_by_organisation_then_siro_dpo_director_with_status_in_words(
    client, staff, holders
):
    client.force_login(staff)
    response = client.get(LIST)
    assert names(response) == [
        "Nia Next",  # Hull City Council
        "Simon SIRO",
        "Dana Okafor",
        "Old Officer",
        "Diane Director",
    ]
    text = page_text(response)
    assert "Former" in text and "Current" in text
    assert f"Starts on {(TODAY + 30 * DAY):%-d %b %Y}" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=okafor", ["Dana Okafor"]),
        ("?role=dpo", ["Dana Okafor", "Old Officer"]),
        ("?current=on", ["Simon SIRO", "Dana Okafor", "Diane Director"]),
        ("?role=dpo&current=on", ["Dana Okafor"]),
    ],
)
def test_the_filters_narrow_the_list(client, staff, holders, query, expected):
    client.force_login(staff)
    assert names(client.get(LIST + query)) == expected


def test_the_organisation_filter_shows_one_organisations_holders(client, staff, holders, hull):
    client.force_login(staff)
    assert names(client.get(f"{LIST}?organisation={hull.pk}")) == ["Nia Next"]
    # Without JavaScript the organisation is typed: part of its name.
    assert names(client.get(f"{LIST}?organisation=hull+city&organisation-id=")) == ["Nia Next"]


def test_the_csv_export_has_the_lists_rows_with_the_status_in_words(client, staff, holders):
    client.force_login(staff)
    response = client.get(export_url("csv", "?role=dpo"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Organisation", "Role", "Name", "Job title", "From", "To", "Status"]
    assert [(row[2], row[4], row[5], row[6]) for row in rows[1:]] == [
        ("Dana Okafor", "2024-04-01", "", "Current"),
        ("Old Officer", "2020-01-01", "2024-03-31", "Former"),
    ]


def test_the_xlsx_export_downloads(client, staff, holders):
    client.force_login(staff)
    response = client.get(export_url("xlsx"))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")


def test_the_detail_page_lists_everyone_who_has_held_the_role_there(client, staff, holders):
    client.force_login(staff)
    text = page_text(client.get(holders["dpo"].get_absolute_url()))
    assert "Old Officer" in text
    assert holders["former_dpo"].get_absolute_url() in text


# --- The organisation page ---------------------------------------------------------------------


def test_the_organisation_page_names_its_current_holders_and_says_when_none(
    client, dpo, opcc, holders
):
    RoleHolder.objects.filter(role="director").delete()
    client.force_login(dpo)
    text = page_text(client.get(opcc.get_absolute_url()))
    assert 'data-testid="role-holders"' in text
    assert "Simon SIRO" in text and "Dana Okafor" in text
    assert "Old Officer" not in text
    director = text.split('data-testid="role-holder-director"')[1].split("</dd>")[0]
    assert "Not recorded" in director
    assert f"{ADD}?organisation={opcc.pk}" in text


def test_staff_see_the_holders_without_the_add_link(client, staff, opcc, holders):
    client.force_login(staff)
    text = page_text(client.get(opcc.get_absolute_url()))
    assert "Simon SIRO" in text
    assert f"{ADD}?organisation=" not in text


def test_a_partner_sees_no_role_holders_on_their_organisations_page(
    client, partner_hull, hull, holders
):
    client.force_login(partner_hull)
    response = client.get(hull.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="role-holders"' not in page_text(response)
    assert "Nia Next" not in page_text(response)


# --- The current DPO ---------------------------------------------------------------------------


def test_the_current_dpo_switches_on_the_handover_date(opcc, hull):
    make_role_holder(opcc, name="Dana Okafor", ends_on=datetime.date(2025, 3, 31))
    make_role_holder(opcc, name="Lee Chen", starts_on=datetime.date(2025, 4, 1))
    make_role_holder(hull, name="Hull's own DPO", starts_on=datetime.date(2020, 1, 1))
    with time_machine.travel(datetime.datetime(2025, 3, 31, 23, 30, tzinfo=datetime.UTC)):
        # 00:30 on 1 April in London (BST): already the new DPO's first day.
        assert current_dpo().name == "Lee Chen"
    with time_machine.travel(datetime.datetime(2025, 3, 31, 22, 30, tzinfo=datetime.UTC)):
        assert current_dpo().name == "Dana Okafor"
    with time_machine.travel(datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.UTC)):
        assert current_dpo() is None  # Hull's DPO is not the partnership's


# --- The ROPA header -----------------------------------------------------------------------------


def ico_header(client) -> list[list[str]]:
    url = reverse("ropa:processingactivity_ico_export", kwargs={"format": "csv"})
    rows = list(csv.reader(io.StringIO(client.get(url).getvalue().decode("utf-8-sig"))))
    return rows[:3]


def test_the_ico_spreadsheet_names_the_dpo_in_post_today(client, staff, opcc):
    make_role_holder(opcc, name="Dana Okafor", ends_on=TODAY - DAY)
    make_role_holder(
        opcc,
        name="Lee Chen",
        starts_on=TODAY,
        address="The Lawns\nCottingham",
        email="lee.chen@opcc.test",
        phone="01482 220700",
    )
    client.force_login(staff)
    assert ico_header(client)[1] == [
        "Data Protection Officer",
        "Lee Chen",
        "The Lawns\nCottingham",
        "lee.chen@opcc.test",
        "01482 220700",
    ]


def test_without_a_current_dpo_the_spreadsheets_dpo_row_is_empty(client, staff, opcc, hull):
    make_role_holder(hull, name="Hull's own DPO")  # not the partnership's DPO
    client.force_login(staff)
    assert ico_header(client)[1] == ["Data Protection Officer", "", "", "", ""]

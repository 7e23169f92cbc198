"""The breach log's pages: who may open what, recording and editing through the forms, the
DPO's ICO decision and the contain / close / reopen steps, the list's filters and its export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from governance.models import Breach, Notification, Reminder

from .breach_helpers import hours_ago, local_input, make_breach

pytestmark = pytest.mark.django_db

LIST = reverse("governance:breach_list")
ADD = reverse("governance:breach_create")


def url(name: str, breach: Breach, **kwargs) -> str:
    return reverse(f"governance:breach_{name}", kwargs={"pk": breach.pk, **kwargs})


def text(response) -> str:
    return response.content.decode()


def form_data(**changes) -> dict:
    aware = hours_ago(3)
    data = {
        "title": "Referral list e-mailed to the wrong school",
        "detected_at": local_input(aware - datetime.timedelta(hours=1)),
        "became_aware_at": local_input(aware),
        "description": "A list of 12 referrals went to the wrong school's inbox.",
        "people_affected": "12",
        "involves_personal_data": "on",
        "risk": "risk",
        "individuals_told": "undecided",
        "change_reason": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(breach: Breach, **changes) -> dict:
    breach.refresh_from_db()
    current = {
        "title": breach.title,
        "detected_at": local_input(breach.detected_at),
        "became_aware_at": local_input(breach.became_aware_at),
        "description": breach.description,
        "reported_by": str(breach.reported_by_id),
        "row_version": str(breach.row_version),
    }
    return form_data(**{**current, **changes})


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("partner", ["partner_hull", "partner_police"])
def test_partners_cannot_open_any_breach_page(request, client, staff, partner):
    breach = make_breach(staff)
    client.force_login(request.getfixturevalue(partner))
    for address in (
        LIST,
        reverse("governance:breach_export", args=["csv"]),
        ADD,
        url("detail", breach),
        url("history", breach),
        url("update", breach),
        url("ico", breach),
        url("transition", breach, transition="contain"),
    ):
        assert client.get(address).status_code in (403, 404), address
    assert client.post(ADD, form_data()).status_code == 403
    assert Breach.objects.count() == 1


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_see_the_log_but_cannot_change_it(request, client, staff, role):
    breach = make_breach(staff, actions="Recalled.")
    client.force_login(request.getfixturevalue(role))
    assert client.get(LIST).status_code == 200
    page = client.get(url("detail", breach))
    assert page.status_code == 200
    assert url("update", breach) not in text(page)
    assert "Record a breach" not in text(client.get(LIST))
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data()).status_code == 403
    assert client.post(url("update", breach), edit_data(breach, title="X")).status_code == 403
    assert client.post(url("transition", breach, transition="contain"), {}).status_code == 403
    assert client.get(url("ico", breach)).status_code == 403
    breach.refresh_from_db()
    assert (breach.title, breach.status) == ("Referral list e-mailed to the wrong school", "open")


def test_staff_cannot_decide_on_the_ico_nor_close(client, staff):
    breach = make_breach(
        staff, ico_decision="not_required", ico_decision_reasons="x", lessons_learnt="y"
    )
    client.force_login(staff)
    page = text(client.get(url("detail", breach)))
    assert url("ico", breach) not in page
    assert url("transition", breach, transition="close") not in page
    assert url("transition", breach, transition="contain") in page
    assert client.get(url("ico", breach)).status_code == 403
    assert client.post(url("transition", breach, transition="close"), {}).status_code == 403
    breach.refresh_from_db()
    assert breach.status == "open"


# --- Recording and editing --------------------------------------------------------------------


def test_staff_record_a_breach_and_the_dpo_is_told(
    client, staff, dpo, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    form = client.get(ADD)
    assert "Record a breach" in text(form)
    assert 'type="datetime-local"' in text(form)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, form_data(reported_by=str(staff.pk), owner=str(staff.pk)))
    breach = Breach.objects.get()
    assert response.status_code == 302
    assert response["Location"] == breach.get_absolute_url()
    assert (breach.reference, breach.reported_by, breach.people_affected) == ("BR-001", staff, 12)
    assert breach.history.get().history_user == staff
    assert Reminder.objects.filter(object_id=breach.pk, stage="hours_72").exists()
    assert Notification.objects.filter(user=dpo).exists()
    page = text(client.get(breach.get_absolute_url()))
    assert "hours left to tell the ICO" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"became_aware_at": "tomorrow at 9"}, "became_aware_at", "as a real date and time"),
        ({"detected_at": ""}, "detected_at", "Enter when the breach was detected."),
        (
            {
                "became_aware_at": local_input(hours_ago(5)),
                "detected_at": local_input(hours_ago(3)),
            },
            "became_aware_at",
            "cannot become aware of a breach before it was detected",
        ),
        (
            {
                "detected_at": local_input(hours_ago(-30)),
                "became_aware_at": local_input(hours_ago(-31)),
            },
            "detected_at",
            "must be now or in the past",
        ),
        ({"people_affected": "about twelve"}, "people_affected", "as a whole number"),
        ({"individuals_told": "told"}, "individuals_told_at", "Enter when the individuals"),
        ({"became_aware_at": "2026-03-29T01:30"}, "became_aware_at", "clocks changed"),
    ],
    ids=[
        "unreadable time",
        "missing detection time",
        "aware before detected",
        "in the future",
        "number in words",
        "told without when",
        "the hour skipped in spring",
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(
    client, staff, changes, field, message
):
    client.force_login(staff)
    response = client.post(ADD, form_data(reported_by=str(staff.pk), **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert "There is a problem" in text(response)
    assert not Breach.objects.exists()


def test_an_edit_keeps_its_reason_and_a_stale_edit_keeps_the_second_editors_input(
    client, staff, dpo
):
    breach = make_breach(staff)
    stale = edit_data(breach, title="Second editor's summary")
    client.force_login(dpo)
    response = client.post(
        url("update", breach), edit_data(breach, people_affected="15", change_reason="Recount")
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.people_affected == 15
    assert breach.history.first().history_change_reason == "Recount"
    client.force_login(staff)
    response = client.post(url("update", breach), stale)
    assert response.status_code == 200
    assert "your changes have not been saved" in text(response)
    assert "Second editor&#x27;s summary" in text(response)
    breach.refresh_from_db()
    assert breach.title == "Referral list e-mailed to the wrong school"


def test_a_closed_breach_sends_its_editor_back_to_its_page(client, staff):
    breach = make_breach(
        staff, status="closed", ico_decision="not_required", ico_decision_reasons="x"
    )
    client.force_login(staff)
    response = client.get(url("update", breach), follow=True)
    assert "reopen it first" in text(response)


# --- The ICO decision and the flow ------------------------------------------------------------


def test_the_dpo_decides_to_report_records_the_ico_told_and_closes(client, staff, dpo):
    breach = make_breach(staff, actions="Recalled the e-mail.")
    client.force_login(dpo)
    response = client.post(
        url("ico", breach),
        {
            "ico_decision": "report",
            "ico_decision_reasons": "Children's referral details.",
            "row_version": breach.row_version,
        },
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.ico_decision == "report"

    response = client.post(
        url("ico", breach),
        {
            "ico_decision": "report",
            "ico_decision_reasons": "Children's referral details.",
            "ico_told_at": local_input(hours_ago(1)),
            "ico_reference": "IC-99",
            "reason": "Reported online",
            "row_version": breach.row_version,
        },
    )
    assert response.status_code == 302
    assert "Told the ICO" in text(client.get(breach.get_absolute_url()))

    contain = url("transition", breach, transition="contain")
    assert "Recalled the e-mail." in text(client.get(contain))
    assert client.post(contain, {"actions": "Recalled the e-mail."}).status_code == 302

    close = url("transition", breach, transition="close")
    refused = client.post(close, {"lessons_learnt": ""})
    assert refused.status_code == 200
    assert "Enter the lessons learnt" in " ".join(refused.context["form"].errors["lessons_learnt"])
    # Closing needs an action on the lessons learnt (tests/governance/test_actions.py).
    add_action = reverse("governance:breach_add_action", kwargs={"pk": breach.pk})
    action = {"title": "Check the address twice", "owner": dpo.pk, "due_on": "2099-01-31"}
    assert client.post(add_action, action).status_code == 302
    done = client.post(close, {"lessons_learnt": "Check the address twice.", "reason": "Done"})
    assert done.status_code == 302
    breach.refresh_from_db()
    assert (breach.status, breach.lessons_learnt) == ("closed", "Check the address twice.")
    assert breach.history.first().history_user == dpo


def test_the_ico_page_says_what_is_missing_beside_the_field(client, staff, dpo):
    breach = make_breach(staff)
    client.force_login(dpo)
    response = client.post(
        url("ico", breach),
        {
            "ico_decision": "not_required",
            "ico_told_at": local_input(hours_ago(1)),
            "row_version": breach.row_version,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"ico_decision_reasons", "ico_told_at"}
    breach.refresh_from_db()
    assert breach.ico_decision == "undecided"


def test_the_ico_page_refuses_a_stale_decision_and_keeps_the_input(client, staff, dpo):
    breach = make_breach(staff)
    opened_at = breach.row_version
    breach.title = "Changed meanwhile"
    breach.row_version += 1
    breach.save()
    client.force_login(dpo)
    response = client.post(
        url("ico", breach),
        {
            "ico_decision": "not_required",
            "ico_decision_reasons": "Only work e-mail addresses.",
            "row_version": opened_at,
        },
    )
    assert response.status_code == 200
    assert "has not been saved" in text(response)
    assert "Only work e-mail addresses." in text(response)
    breach.refresh_from_db()
    assert breach.ico_decision == "undecided"


def test_closing_without_a_decision_says_so_and_reopening_needs_a_reason(client, staff, dpo):
    breach = make_breach(staff, lessons_learnt="Check twice.")
    client.force_login(dpo)
    refused = client.post(url("transition", breach, transition="close"), {})
    assert "Decide whether the ICO must be told" in text(refused)
    breach.refresh_from_db()
    assert breach.status == "open"

    closed = make_breach(
        staff,
        reference="BR-002",
        status="closed",
        ico_decision="not_required",
        ico_decision_reasons="Encrypted.",
    )
    reopen = url("transition", closed, transition="reopen")
    assert client.post(reopen, {"reason": ""}).status_code == 200
    assert client.post(reopen, {"reason": "The ICO asked"}).status_code == 302
    closed.refresh_from_db()
    assert closed.status == "open"
    assert closed.history.first().history_change_reason == "The ICO asked"


def test_an_unknown_step_is_not_found(client, staff):
    breach = make_breach(staff)
    client.force_login(staff)
    assert client.get(url("transition", breach, transition="delete")).status_code == 404


# --- List and export --------------------------------------------------------------------------


@pytest.fixture
def log(staff):
    return [
        make_breach(staff, "BR-001", title="Running breach", became_aware_at=hours_ago(41.5)),
        make_breach(staff, "BR-002", title="Late breach", became_aware_at=hours_ago(77.5)),
        make_breach(
            staff,
            "BR-003",
            title="Reported breach",
            became_aware_at=hours_ago(30),
            ico_decision="report",
            ico_decision_reasons="Risk",
            ico_told_at=hours_ago(2),
        ),
        make_breach(
            staff,
            "BR-004",
            title="Minor breach",
            became_aware_at=hours_ago(100),
            ico_decision="not_required",
            ico_decision_reasons="Encrypted",
            status="closed",
        ),
    ]


def titles(response) -> list[str]:
    return [row.record.title for row in response.context["table"].rows]


def test_the_list_shows_the_time_left_for_each_breach(client, staff, log):
    client.force_login(staff)
    page = text(client.get(LIST))
    assert "30 hours left" in page
    assert "Deadline passed 5 hours ago" in page
    assert "Told the ICO" in page
    assert "Not reportable" in page


def test_the_list_filters_by_search_status_decision_and_deadline(client, staff, log):
    client.force_login(staff)
    assert titles(client.get(LIST, {"q": "late"})) == ["Late breach"]
    assert titles(client.get(LIST, {"status": "closed"})) == ["Minor breach"]
    assert titles(client.get(LIST, {"ico_decision": "report"})) == ["Reported breach"]
    assert titles(client.get(LIST, {"deadline": "running"})) == ["Running breach"]
    assert titles(client.get(LIST, {"deadline": "passed"})) == ["Late breach"]
    assert client.get(LIST, {"deadline": "sometime", "status": "x"}).status_code == 200


def test_the_export_holds_the_filtered_rows_with_their_time_left(client, staff, log):
    client.force_login(staff)
    response = client.get(reverse("governance:breach_export", args=["csv"]), {"deadline": "passed"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][0] == "Reference"
    assert [row[0] for row in rows[1:]] == ["BR-002"]
    assert "Deadline passed 5 hours ago" in rows[1]
    xlsx = client.get(reverse("governance:breach_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_history_tab_lists_each_change_with_its_reason(client, staff, dpo):
    breach = make_breach(staff)
    client.force_login(dpo)
    client.post(url("transition", breach, transition="contain"), {"actions": "Recalled it"})
    page = text(client.get(url("history", breach)))
    assert "Recalled it" in page
    assert "Mark the breach contained" in page

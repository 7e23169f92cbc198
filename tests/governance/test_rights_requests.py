"""The rights request register: its services and clock, who sees the requester, the partner
searches, and the pages."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Role
from governance.findings import rights as rights_findings
from governance.models.rights import RightsRequest, RightsSearch
from governance.services import rights as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-03 10:00 +00:00", tick=False):
        yield


@pytest.fixture
def other_staff(opcc):
    return UserFactory(role=Role.STAFF, organisation=opcc, full_name="Olly Other")


def log(actor, *, kind="subject_access", received_on=date(2026, 12, 1), handler=None, **extra):
    return services.rights_request_log(
        RightsRequest(
            kind=kind,
            received_on=received_on,
            requester_name="Jordan Ellis",
            requester_contact="jordan.ellis@example.com",
            summary="Copies of referral records",
            handler=handler,
            **extra,
        ),
        actor=actor,
    )


def history_reasons(record):
    return [row.history_change_reason for row in record.history.order_by("history_id")]


# --- Services and the clock -----------------------------------------------------------------------


def test_logging_a_subject_access_request_gives_a_reference_and_a_month(staff):
    request = log(staff, handler=staff)
    assert request.reference == "RR-001"
    assert request.status == "received"
    assert request.clock_started_on == date(2026, 12, 1)
    # 1 January 2027 is New Year's Day, a Friday: due Monday 4 January.
    assert request.due_on == date(2027, 1, 4)
    assert history_reasons(request) == ["Request logged"]
    assert request.history.first().history_user == staff


def test_an_foi_request_is_due_twenty_working_days_later(staff):
    request = log(staff, kind="foi", received_on=date(2026, 12, 3), handler=staff)
    assert request.due_on == date(2027, 1, 6)


def test_a_request_cannot_be_received_in_the_future(staff):
    with pytest.raises(ValidationError) as error:
        log(staff, received_on=date(2026, 12, 4))
    assert "received_on" in error.value.error_dict


def test_pausing_for_identification_then_resuming_starts_the_month_again(dpo, staff):
    request = log(staff, handler=staff)
    request = services.rights_request_pause(
        request, actor=dpo, waiting_for="identification", asked_on=date(2026, 12, 2)
    )
    assert request.status == "paused"
    assert request.due_on is None
    assert services.request_clock(request).text == (
        "Paused since Wednesday 2 December 2026: waiting for identification"
    )
    request = services.rights_request_resume(
        request, actor=staff, information_received_on=date(2026, 12, 3)
    )
    assert request.status == "received"
    assert request.clock_started_on == date(2026, 12, 3)
    assert request.due_on == date(2027, 1, 4)  # 3 January 2027 is a Sunday
    assert history_reasons(request)[-2:] == [
        "Paused: waiting for identification",
        "Information received: the clock runs again",
    ]


def test_pausing_for_clarification_adds_the_days_paused(staff):
    request = log(staff, received_on=date(2026, 11, 2), handler=staff)
    assert request.due_on == date(2026, 12, 2)
    with time_machine.travel("2026-11-20 10:00 +00:00", tick=False):
        request = services.rights_request_pause(
            request, actor=staff, waiting_for="clarification", asked_on=date(2026, 11, 10)
        )
        request = services.rights_request_resume(
            request, actor=staff, information_received_on=date(2026, 11, 13)
        )
    assert request.days_paused == 4
    assert request.clock_started_on == date(2026, 11, 2)
    assert request.due_on == date(2026, 12, 7)  # 2 + 4 = 6 December, a Sunday


def test_extending_a_uk_gdpr_request_needs_a_reason_and_adds_months(staff):
    request = log(staff, handler=staff)
    with pytest.raises(ValidationError) as error:
        services.rights_request_extend(request, actor=staff, extension_reason=" ", months=2)
    assert "extension_reason" in error.value.error_dict
    request = services.rights_request_extend(
        request, actor=staff, extension_reason="Twelve years of records", months=2
    )
    assert request.status == "extended"
    assert request.due_on == date(2027, 3, 1)
    assert request.extended_by == staff


def test_an_foi_request_cannot_be_extended_but_an_eir_one_can(staff):
    foi = log(staff, kind="foi", received_on=date(2026, 12, 3), handler=staff)
    with pytest.raises(ValidationError, match="FOI"):
        services.rights_request_extend(foi, actor=staff, extension_reason="Complex")
    eir = log(staff, kind="eir", received_on=date(2026, 12, 3), handler=staff)
    eir = services.rights_request_extend(eir, actor=staff, extension_reason="Voluminous")
    assert eir.due_on == date(2027, 2, 3)


def test_a_request_past_its_date_cannot_be_extended(staff):
    request = log(staff, received_on=date(2026, 10, 1), handler=staff)
    with pytest.raises(ValidationError, match="passed"):
        services.rights_request_extend(request, actor=staff, extension_reason="Late", months=1)


def test_responding_records_the_outcome_and_a_refusal_names_its_exemption(staff):
    request = log(staff, handler=staff)
    with pytest.raises(ValidationError) as error:
        services.rights_request_respond(request, actor=staff, outcome="refused", responded_on=TODAY)
    assert "exemption" in error.value.error_dict
    request = services.rights_request_respond(
        request,
        actor=staff,
        outcome="disclosed_in_part",
        exemption="DPA 2018 Sch 2 para 2",
        responded_on=TODAY,
    )
    assert request.status == "responded"
    assert services.request_clock(request).text == "Responded Thursday 3 December 2026, on time"


def test_only_the_dpo_or_the_handler_takes_the_steps(staff, other_staff, dpo):
    request = log(staff, handler=staff)
    with pytest.raises(ValidationError, match="handler"):
        services.rights_request_pause(
            request, actor=other_staff, waiting_for="identification", asked_on=TODAY
        )
    assert services.may_act(dpo, request)
    assert not services.may_act(other_staff, request)
    request.refresh_from_db()
    assert request.status == "received"


# --- Who sees the requester -----------------------------------------------------------------------


def test_a_subject_access_requester_is_seen_only_by_the_dpo_and_the_handler(
    client_for, staff, other_staff, dpo, siro
):
    request = log(staff, handler=staff)
    url = request.get_absolute_url()
    for user in (staff, dpo):
        assert "Jordan Ellis" in client_for(user).get(url).content.decode()
    for user in (other_staff, siro):
        page = client_for(user).get(url).content.decode()
        assert "Jordan Ellis" not in page
        assert "jordan.ellis@example.com" not in page
        assert "Withheld" in page
    listing = client_for(siro).get(reverse("governance:rightsrequest_list")).content.decode()
    assert "Jordan Ellis" not in listing and "Withheld" in listing
    export = client_for(siro).get(
        reverse("governance:rightsrequest_export", kwargs={"format": "csv"})
    )
    body = b"".join(export.streaming_content).decode()
    assert "Jordan Ellis" not in body and "Withheld" in body
    history = client_for(dpo).get(
        reverse("governance:rightsrequest_history", kwargs={"pk": request.pk})
    )
    assert "Jordan Ellis" not in history.content.decode()


def test_an_foi_requester_is_seen_by_the_core_team(client_for, staff, other_staff):
    request = log(staff, kind="foi", handler=staff)
    assert (
        "Jordan Ellis" in client_for(other_staff).get(request.get_absolute_url()).content.decode()
    )


def test_a_partner_gets_404_for_any_request(client_for, staff, partner_police):
    request = log(staff, handler=staff)
    client = client_for(partner_police)
    assert client.get(request.get_absolute_url()).status_code in (403, 404)
    listing = client.get(reverse("governance:rightsrequest_list"))
    assert listing.status_code == 403 or "Jordan Ellis" not in listing.content.decode()


# --- Partner searches -----------------------------------------------------------------------------


def ask(actor, request, organisation, question="Referral records, March to September 2026"):
    return services.rights_search_ask(
        RightsSearch(
            rights_request=request,
            organisation=organisation,
            question=question,
            due_on=date(2026, 12, 10),
        ),
        actor=actor,
    )


def test_a_partner_sees_and_answers_only_its_own_search(
    client_for, staff, police, hull, partner_police, partner_hull
):
    request = log(staff, handler=staff)
    police_search = ask(staff, request, police)
    hull_search = ask(staff, request, hull)
    client = client_for(partner_police)
    listing = client.get(reverse("governance:rightssearch_list"))
    assert listing.status_code == 200
    assert [row.record.pk for row in listing.context["table"].rows] == [police_search.pk]
    page = client.get(police_search.get_absolute_url()).content.decode()
    assert "Referral records" in page
    assert "Jordan Ellis" not in page and "jordan.ellis" not in page
    assert client.get(hull_search.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("governance:rightssearch_answer", kwargs={"pk": hull_search.pk}),
            {"answer": "held"},
        ).status_code
        == 404
    )
    response = client.post(
        reverse("governance:rightssearch_answer", kwargs={"pk": police_search.pk}),
        {"answer": "found_and_sent", "notes": "Sent by secure e-mail", "row_version": 1},
    )
    assert response.status_code == 302
    police_search.refresh_from_db()
    assert police_search.answer == "found_and_sent"
    assert police_search.answered_by == partner_police
    assert police_search.history.first().history_change_reason == "Answered: Found and sent"


def test_an_organisation_is_asked_once_per_request(staff, police):
    request = log(staff, handler=staff)
    ask(staff, request, police)
    with pytest.raises(ValidationError) as error:
        ask(staff, request, police)
    assert "organisation" in error.value.error_dict


# --- Pages ----------------------------------------------------------------------------------------


def test_the_dpo_logs_a_request_through_the_form(client_for, dpo):
    response = client_for(dpo).post(
        reverse("governance:rightsrequest_create"),
        {
            "kind": "subject_access",
            "received_on": "1 12 2026",
            "requester_name": "Robin Hale",
            "requester_contact": "robin@example.com",
            "summary": "Records from the hotspot analysis",
            "handler": dpo.pk,
            "change_reason": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    request = RightsRequest.objects.get()
    assert request.due_on == date(2027, 1, 4)
    page = client_for(dpo).get(request.get_absolute_url()).content.decode()
    assert "Due Monday 4 January 2027: 32 days left" in page


def test_the_pause_page_takes_the_step_and_shows_the_paused_clock(client_for, staff):
    request = log(staff, handler=staff)
    url = reverse(
        "governance:rightsrequest_transition", kwargs={"pk": request.pk, "transition": "pause"}
    )
    client = client_for(staff)
    assert client.get(url).status_code == 200
    response = client.post(url, {"waiting_for": "identification", "asked_on": "", "reason": ""})
    assert response.status_code == 200
    assert "Enter the date the requester was asked" in response.content.decode()
    response = client.post(
        url, {"waiting_for": "identification", "asked_on": "2 12 2026", "reason": ""}
    )
    assert response.status_code == 302
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Paused since Wednesday 2 December 2026: waiting for identification" in page


def test_another_staff_member_cannot_open_a_step(client_for, staff, other_staff):
    request = log(staff, handler=staff)
    url = reverse(
        "governance:rightsrequest_transition", kwargs={"pk": request.pk, "transition": "pause"}
    )
    assert client_for(other_staff).get(url).status_code == 403


# --- Findings -------------------------------------------------------------------------------------


def test_findings_name_an_overdue_request_and_one_nearly_due_without_a_handler(staff):
    overdue = log(staff, received_on=date(2026, 10, 1), handler=staff)
    nearly = log(staff, received_on=date(2026, 11, 5))
    assert [r.pk for r in rights_findings.RIGHTS_REQUEST_OVERDUE.rows(TODAY)] == [overdue.pk]
    assert [r.pk for r in rights_findings.RIGHTS_REQUEST_NO_HANDLER.rows(TODAY)] == [nearly.pk]
    services.rights_request_respond(
        overdue, actor=staff, outcome="no_data_held", responded_on=TODAY
    )
    assert rights_findings.RIGHTS_REQUEST_OVERDUE.count(TODAY) == 0

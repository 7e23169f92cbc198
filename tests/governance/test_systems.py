"""The systems register: its services, the location of the data it keeps in the ROPA, who sees
which systems, its pages, the Board's decision, its reminder and its findings."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.findings import BY_SLUG
from governance.models.systems import System
from governance.services.systems import location_for, system_record_decision, system_save
from ropa.forms.activities import ProcessingActivityForm
from ropa.models import ProcessingActivity
from tests.factories import AgreementFactory, DataSourceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("governance:system_list")
ADD = reverse("governance:system_create")


def make_activity(name="Youth violence hotspot analysis", **values):
    return ProcessingActivity.objects.create(
        name=name, business_function="Analysis", purpose="Hotspots", **values
    )


def make_system(actor, supplier, name="TIIG", sources=(), activities=(), **values):
    values = {"hosting": "LJMU data centre, Liverpool, UK", **values}
    system = System(name=name, supplier=supplier, **values)
    return system_save(
        system,
        actor=actor,
        reason="Recorded",
        links={"data_sources": list(sources), "activities": list(activities)},
    )


def source_of(organisation, name, **values):
    return DataSourceFactory(
        name=name,
        classification="partner_shared",
        url="",
        publisher="",
        supplier=organisation,
        **values,
    )


# --- Services: the location of the data -----------------------------------------------------


def test_location_joins_each_place_once_in_order():
    assert location_for(["A, UK", " B ", "A, UK", ""]) == "A, UK; B"


def test_saving_a_system_sets_the_location_of_the_activities_it_holds(staff, hull):
    activity = make_activity(location="A spreadsheet")
    make_system(staff, hull, activities=[activity])
    activity.refresh_from_db()
    assert activity.location == "LJMU data centre, Liverpool, UK"
    latest = activity.history.order_by("-history_id").first()
    assert latest.history_user == staff
    assert "TIIG" in latest.history_change_reason
    assert activity.history.count() == 2


def test_an_activity_in_two_systems_has_both_locations(staff, hull, opcc):
    activity = make_activity()
    make_system(staff, hull, activities=[activity])
    make_system(
        staff, opcc, name="OPCC SharePoint", hosting="Microsoft UK South", activities=[activity]
    )
    activity.refresh_from_db()
    # In the systems' order, by name.
    assert activity.location == "Microsoft UK South; LJMU data centre, Liverpool, UK"


def test_changing_the_hosting_moves_the_activity_location_in_one_change(staff, hull):
    activity = make_activity()
    system = make_system(staff, hull, activities=[activity])
    before = activity.history.count()
    system.hosting = "Azure UK West"
    system_save(
        system,
        actor=staff,
        reason="Moved",
        expected_version=system.row_version,
        links={"data_sources": [], "activities": [activity]},
    )
    activity.refresh_from_db()
    assert activity.location == "Azure UK West"
    assert activity.history.count() == before + 1
    assert system.history.count() == 2


def test_an_activity_taken_out_of_its_last_system_keeps_its_location(staff, hull):
    activity = make_activity()
    system = make_system(staff, hull, activities=[activity])
    system_save(system, actor=staff, reason="Unlinked", links={"activities": []})
    activity.refresh_from_db()
    assert activity.location == "LJMU data centre, Liverpool, UK"


def test_a_location_too_long_for_the_column_is_refused_and_nothing_changes(staff, hull, opcc):
    activity = make_activity(location="Before")
    make_system(staff, hull, activities=[activity], hosting="x" * 200)
    with pytest.raises(ValidationError) as error:
        make_system(staff, opcc, name="Second", hosting="y" * 200, activities=[activity])
    assert "hosting" in error.value.error_dict
    assert not System.objects.filter(name="Second").exists()
    activity.refresh_from_db()
    assert activity.location == "x" * 200


def test_a_contract_of_another_kind_is_refused(staff, hull):
    isa = AgreementFactory(kind="isa")
    with pytest.raises(ValidationError) as error:
        make_system(staff, hull, art28_contract=isa)
    assert "art28_contract" in error.value.error_dict


def test_the_activity_form_shows_a_location_kept_from_systems_read_only(staff, hull):
    kept = make_activity("Kept")
    free = make_activity("Free")
    make_system(staff, hull, activities=[kept])
    assert ProcessingActivityForm(instance=kept).fields["location"].disabled
    assert not ProcessingActivityForm(instance=free).fields["location"].disabled
    assert not ProcessingActivityForm().fields["location"].disabled


# --- The Board's decision --------------------------------------------------------------------


def test_the_siro_records_the_boards_decision_with_history(staff, siro, hull):
    system = make_system(staff, hull)
    decided = system_record_decision(
        system,
        actor=siro,
        decision="continue",
        decided_on=TODAY,
        reason="Meets the partnership's needs",
        next_review_on=TODAY + datetime.timedelta(days=365),
    )
    assert decided.board_decision == "continue"
    assert decided.board_decision_recorded_by == siro
    assert decided.next_board_review_on == TODAY + datetime.timedelta(days=365)
    latest = decided.history.order_by("-history_id").first()
    assert latest.history_user == siro
    assert "Continue" in latest.history_change_reason


@pytest.mark.parametrize("decision", ["replace", "withdraw"])
def test_replacing_or_withdrawing_needs_an_exit_plan(staff, siro, hull, decision):
    system = make_system(staff, hull)
    with pytest.raises(ValidationError) as error:
        system_record_decision(
            system, actor=siro, decision=decision, decided_on=TODAY, reason="Contract ends"
        )
    assert "exit_plan" in error.value.error_dict
    system.refresh_from_db()
    assert system.board_decision == ""
    done = system_record_decision(
        system,
        actor=siro,
        decision=decision,
        decided_on=TODAY,
        reason="Contract ends",
        exit_plan="Phase 1: stop new uploads. Phase 2: export and delete.",
    )
    assert done.board_decision == decision


@pytest.mark.parametrize("role", ["staff", "dpo", "director"])
def test_only_the_siro_records_the_boards_decision(request, staff, hull, role):
    system = make_system(staff, hull)
    with pytest.raises(ValidationError):
        system_record_decision(
            system,
            actor=request.getfixturevalue(role),
            decision="continue",
            decided_on=TODAY,
            reason="x",
        )


def test_the_decision_page_records_it_and_errors_are_shown_by_field(client, staff, siro, hull):
    system = make_system(staff, hull)
    url = reverse("governance:system_decision", kwargs={"pk": system.pk})
    client.force_login(siro)
    response = client.post(url, {"decision": "withdraw", "decided_on": TODAY.strftime("%d/%m/%Y")})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reason" in errors and "exit_plan" in errors
    response = client.post(
        url,
        {
            "decision": "withdraw",
            "decided_on": TODAY.strftime("%d/%m/%Y"),
            "reason": "Replaced by the regional platform",
            "exit_plan": "Withdrawn in three phases.",
        },
    )
    assert response.status_code == 302
    system.refresh_from_db()
    assert system.board_decision == "withdraw"


# --- Visibility --------------------------------------------------------------------------------


def test_a_partner_sees_systems_it_supplies_or_holding_its_data(
    staff, hull, police, opcc, partner_hull, partner_police
):
    hulls = source_of(hull, "Hull referrals")
    supplied = make_system(staff, hull, name="Hull case system")
    holding = make_system(staff, opcc, name="TIIG", sources=[hulls])
    other = make_system(staff, police, name="Niche RMS")
    assert set(System.objects.visible_to(partner_hull)) == {supplied, holding}
    assert set(System.objects.visible_to(partner_police)) == {other}
    assert System.objects.visible_to(staff).count() == 3


def test_a_partner_gets_a_404_for_another_partners_system(client, staff, police, partner_hull):
    other = make_system(staff, police, name="Niche RMS")
    client.force_login(partner_hull)
    assert client.get(other.get_absolute_url()).status_code == 404


def test_a_partner_sees_only_its_own_sources_on_a_shared_system(
    client, staff, hull, police, opcc, partner_hull
):
    hulls = source_of(hull, "Hull referrals")
    polices = source_of(police, "Police incidents extract")
    activity = make_activity("Matching")
    system = make_system(staff, opcc, sources=[hulls, polices], activities=[activity])
    client.force_login(partner_hull)
    page = client.get(system.get_absolute_url()).content.decode()
    assert "Hull referrals" in page
    assert "Police incidents extract" not in page
    assert "Matching" not in page


# --- Pages ---------------------------------------------------------------------------------------


def test_staff_add_a_system_through_the_form(client, staff, hull):
    source = source_of(hull, "Hull referrals")
    activity = make_activity()
    contract = AgreementFactory(kind="art28", title="TIIG processing contract")
    client.force_login(staff)
    response = client.post(
        ADD,
        {
            "name": "TIIG",
            "supplier": str(hull.pk),
            "hosting": "LJMU data centre, Liverpool, UK",
            "art28_contract": str(contract.pk),
            "assurance_kind": "cyber_essentials_plus",
            "assurance_status": "certified",
            "assured_on": TODAY.strftime("%d/%m/%Y"),
            "data_sources": [str(source.pk)],
            "data_sources-add": "",
            "activities": [str(activity.pk)],
            "activities-add": "",
            "asset_owner": "",
            "change_reason": "Appendix 4",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    system = System.objects.get(name="TIIG")
    assert set(system.data_sources.all()) == {source}
    assert system.history.count() == 1
    activity.refresh_from_db()
    assert activity.location == "LJMU data centre, Liverpool, UK"


def test_the_form_says_what_is_missing(client, staff):
    client.force_login(staff)
    response = client.post(ADD, {"name": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name" in errors and "supplier" in errors and "hosting" in errors


def test_the_list_filters_and_exports_what_it_shows(client, staff, hull, police):
    make_system(staff, hull, name="Hull case system")
    make_system(staff, police, name="Niche RMS", next_board_review_on=TODAY - datetime.timedelta(1))
    client.force_login(staff)
    response = client.get(LIST, {"review_overdue": "on"})
    assert [row.record.name for row in response.context["table"].rows] == ["Niche RMS"]
    export = client.get(
        reverse("governance:system_export", kwargs={"format": "csv"}), {"review_overdue": "on"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Niche RMS"]


def test_the_history_tab_lists_each_change(client, staff, hull):
    system = make_system(staff, hull)
    client.force_login(staff)
    response = client.get(reverse("governance:system_history", kwargs={"pk": system.pk}))
    assert response.status_code == 200
    assert "Recorded" in response.content.decode()


# --- Reminders and findings ---------------------------------------------------------------------


def test_the_board_review_date_is_a_reminder_kind():
    from governance.choices import ReminderKind
    from governance.reminders.kinds import KINDS

    kind = KINDS[ReminderKind.SYSTEM_REVIEW]
    assert kind.model_label == "governance.System"
    assert kind.due_field == "next_board_review_on"


def test_personal_data_without_an_active_contract_is_a_finding_until_one_is_active(staff, hull):
    source = source_of(hull, "Hull referrals", has_personal_data=True)
    system = make_system(staff, hull, sources=[source])
    kind = BY_SLUG["system-personal-data-without-contract"]
    assert list(kind.rows(TODAY)) == [system]
    contract = AgreementFactory(kind="art28", status="active")
    system.art28_contract = contract
    system_save(system, actor=staff, reason="Contract", expected_version=system.row_version)
    assert not kind.rows(TODAY).exists()


def test_old_assurance_is_a_finding(staff, hull):
    source = source_of(hull, "Hull referrals", has_personal_data=True)
    old = make_system(
        staff,
        hull,
        sources=[source],
        assurance_kind="cyber_essentials_plus",
        assurance_status="certified",
        assured_on=TODAY - datetime.timedelta(days=400),
    )
    make_system(
        staff,
        hull,
        name="Fresh",
        sources=[source],
        assurance_kind="cyber_essentials_plus",
        assurance_status="certified",
        assured_on=TODAY - datetime.timedelta(days=30),
    )
    assert list(BY_SLUG["system-assurance-out-of-date"].rows(TODAY)) == [old]


def test_an_overdue_board_review_is_a_finding_unless_withdrawn(staff, siro, hull):
    system = make_system(staff, hull, next_board_review_on=TODAY - datetime.timedelta(days=1))
    kind = BY_SLUG["system-review-overdue"]
    assert list(kind.rows(TODAY)) == [system]
    system_record_decision(
        system,
        actor=siro,
        decision="withdraw",
        decided_on=TODAY,
        reason="Ends",
        exit_plan="In phases.",
    )
    assert not kind.rows(TODAY).exists()


# --- The Humber demo -----------------------------------------------------------------------------


def test_the_demo_systems_load_once_with_tiig_from_ljmu(staff, dpo, opcc):
    from governance.demo.systems import load_systems
    from sharing.demo.data import AE_ASSAULTS, LJMU
    from tests.factories import OrganisationFactory

    ljmu = OrganisationFactory(name=LJMU, kind="university")
    contract = AgreementFactory(
        kind="art28",
        status="active",
        title="TIIG injury surveillance: controller-to-processor contract",
    )
    source_of(ljmu, AE_ASSAULTS)
    activity = make_activity("Aggregated A&E assault data via TIIG")
    load_systems(staff=staff, owner=dpo)
    tiig = System.objects.get(name="TIIG")
    assert tiig.supplier == ljmu and tiig.art28_contract == contract
    assert tiig.assurance_kind == "cyber_essentials_plus" and tiig.is_assurance_current()
    assert tiig.next_board_review_on > TODAY
    assert list(tiig.activities.all()) == [activity]
    activity.refresh_from_db()
    assert activity.location == "LJMU data centre, Liverpool, UK"
    counts = (System.objects.count(), System.history.count(), activity.history.count())
    load_systems(staff=staff, owner=dpo)
    assert (System.objects.count(), System.history.count(), activity.history.count()) == counts

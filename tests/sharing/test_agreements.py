"""The agreement register end to end: list, export, detail, add, edit, workflow, scoping."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharing import services
from sharing.models import Agreement, DataSource, SignedDocument
from tests.conftest import MINIMAL_PDF
from tests.factories import AgreementFactory, DataSourceFactory, OrganisationFactory
from tests.spreadsheets import xlsx_as_csv
from tests.support.hypothesis import examples

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def detail_url(agreement):
    return reverse("sharing:agreement_detail", kwargs={"pk": agreement.pk})


def edit_url(agreement):
    return reverse("sharing:agreement_update", kwargs={"pk": agreement.pk})


def step_url(agreement, step):
    return reverse("sharing:agreement_transition", kwargs={"pk": agreement.pk, "transition": step})


def form_data(agreement=None, **changes):
    """What the edit form posts for ``agreement`` (or a new ISA), with ``changes`` applied."""
    data = {
        "title": "Humber youth violence ISA",
        "reference": "",
        "kind": "isa",
        "template": "higa_isa",
        "via_forum": "",
        "owner": "",
        "purpose": "Understanding where young people are at risk.",
        "data_items": "",
        "lawful_basis": "",
        "legal_power": "",
        "allows_personal_data": "",
        "has_special_category_data": "",
        "has_criminal_offence_data": "",
        "art26_arrangement": "",
        "starts_on": "",
        "review_on": "",
        "expires_on": "",
        "change_reason": "",
    }
    if agreement is not None:
        for name in data:
            if name == "change_reason" or not hasattr(agreement, name):
                continue
            value = getattr(agreement, name)
            if value is None:
                data[name] = ""
            elif isinstance(value, bool):
                data[name] = "on" if value else ""
            elif isinstance(value, datetime.date):
                data[name] = value.isoformat()
            elif name in ("via_forum", "owner"):
                data[name] = value.pk if value else ""
            else:
                data[name] = value
        data["row_version"] = agreement.row_version
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def complete_agreement(opcc, hull, *, status="drafting", **fields):
    """An agreement with everything activation needs, in ``status``: its signed copy too."""
    agreement = AgreementFactory(
        title="Hull knife crime ISA",
        status=status,
        allows_personal_data=True,
        lawful_basis="public_task",
        starts_on=TODAY - datetime.timedelta(days=30),
        parties=[(opcc, "controller"), (hull, "controller")],
        **fields,
    )
    SignedDocument.objects.create(
        agreement=agreement,
        title="ISA signed by both parties",
        file=ContentFile(MINIMAL_PDF, name="signed.pdf"),
        original_name="signed.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
    )
    return agreement


def page_text(response):
    return response.content.decode()


# --- Access ----------------------------------------------------------------------------------


def test_a_partner_outside_the_agreement_gets_not_found(client, partner_police, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(partner_police)
    assert client.get(detail_url(agreement)).status_code == 404
    history = reverse("sharing:agreement_history", kwargs={"pk": agreement.pk})
    assert client.get(history).status_code == 404
    listing = client.get(reverse("sharing:agreement_list"))
    assert list(listing.context["table"].rows) == []


@pytest.mark.parametrize("role", ["siro", "director", "partner_hull"])
def test_readers_cannot_add_edit_or_move_an_agreement_on(request, client, role, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("sharing:agreement_create")).status_code == 403
    assert client.get(edit_url(agreement)).status_code == 403
    response = client.post(edit_url(agreement), form_data(agreement, title="Renamed"))
    assert response.status_code == 403
    response = client.post(step_url(agreement, "terminate"), {"reason": "Not needed"})
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Hull youth violence ISA", "active")
    assert agreement.history.count() == 1


@pytest.mark.parametrize("role", ["siro", "director", "partner_hull"])
def test_readers_see_no_edit_workflow_party_or_upload_controls(request, client, role, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(request.getfixturevalue(role))
    response = client.get(detail_url(agreement))
    assert response.status_code == 200
    text = page_text(response)
    assert edit_url(agreement) not in text
    assert "/expire/" not in text and "/terminate/" not in text
    assert "Remove party" not in text
    assert "Add a party" not in text
    assert "Upload a signed document" not in text
    # They can still download the signed copy.
    download = reverse(
        "sharing:signeddocument_download", kwargs={"pk": hull_sharing["signeddocument"].pk}
    )
    assert download in text


# --- List and export -------------------------------------------------------------------------


@pytest.fixture
def register(opcc, hull, police):
    """Four agreements across Hull and the police, for filtering and sorting."""
    return {
        "hull_isa": AgreementFactory(
            title="Hull youth service ISA",
            kind="isa",
            status="active",
            expires_on=TODAY + datetime.timedelta(days=200),
            parties=[(opcc, "controller"), (hull, "controller")],
        ),
        "police_isa": AgreementFactory(
            title="Police incident data ISA",
            kind="isa",
            status="drafting",
            expires_on=TODAY + datetime.timedelta(days=40),
            parties=[(opcc, "controller"), (police, "controller")],
        ),
        "mou": AgreementFactory(
            title="Humber VPP partnership MoU",
            kind="mou",
            status="active",
            parties=[(opcc, "controller"), (hull, "recipient"), (police, "recipient")],
        ),
        "unsigned": AgreementFactory(title="Draft analytics contract", kind="art28"),
    }


def titles(response):
    return [row.record.title for row in response.context["table"].rows]


def test_a_partner_lists_and_exports_only_agreements_their_organisation_is_party_to(
    client, partner_hull, register
):
    client.force_login(partner_hull)
    listing = client.get(reverse("sharing:agreement_list"))
    assert titles(listing) == ["Hull youth service ISA", "Humber VPP partnership MoU"]
    export = client.get(reverse("sharing:agreement_export", kwargs={"format": "csv"}))
    text = export.getvalue().decode("utf-8-sig")
    assert "Police incident data ISA" not in text
    assert "Draft analytics contract" not in text


def test_the_party_filter_is_a_chooser_over_the_organisations_the_user_can_see(
    client, staff, partner_hull, opcc, hull, police, register
):
    for number in range(30):
        OrganisationFactory(name=f"Unlisted Partner {number:02d}")
    url = reverse("sharing:agreement_list")
    client.force_login(partner_hull)
    page = client.get(url)
    # A text box for the party, not a list of every organisation.
    html = page.content.decode()
    assert 'name="party"' in html and 'data-vpp-chooser="/choose/organisation/"' in html
    assert "Unlisted Partner" not in html

    # Hull's partner can filter by their own organisation (by name, without JavaScript) ...
    assert titles(client.get(url, {"party": "hull city", "party-id": ""})) == [
        "Hull youth service ISA",
        "Humber VPP partnership MoU",
    ]
    # ... but never finds another partner's: by name, or by an id in the address.
    by_name = client.get(url, {"party": "Humberside Police", "party-id": ""})
    assert titles(by_name) == []
    assert "No organisation’s name contains ‘Humberside Police’." in page_text(by_name)
    by_id = client.get(url, {"party": police.pk})
    assert titles(by_id) == []
    assert f"There is no organisation with the ID {police.pk} that you can filter by." in (
        page_text(by_id)
    )

    client.force_login(staff)
    chosen = client.get(url, {"party": "Humberside Police", "party-id": police.pk})
    assert titles(chosen) == ["Humber VPP partnership MoU", "Police incident data ISA"]
    # The box shows the chosen party's name, and keeps its id for the next visit.
    assert 'value="Humberside Police"' in chosen.content.decode()
    assert f'name="party-id" value="{police.pk}"' in chosen.content.decode()


def test_the_list_filters_by_search_kind_status_party_and_expiry(client, staff, police, register):
    client.force_login(staff)
    url = reverse("sharing:agreement_list")
    assert titles(client.get(url, {"q": "youth"})) == ["Hull youth service ISA"]
    assert titles(client.get(url, {"kind": "isa"})) == [
        "Hull youth service ISA",
        "Police incident data ISA",
    ]
    assert titles(client.get(url, {"status": "active", "kind": "mou"})) == [
        "Humber VPP partnership MoU"
    ]
    assert titles(client.get(url, {"party": police.pk})) == [
        "Humber VPP partnership MoU",
        "Police incident data ISA",
    ]
    before = (TODAY + datetime.timedelta(days=100)).isoformat()
    assert titles(client.get(url, {"expires_before": before})) == ["Police incident data ISA"]


def test_the_list_sorts_by_expiry_and_status_and_is_paginated_in_pages_of_25(client, staff):
    AgreementFactory.create_batch(30)
    soonest = AgreementFactory(title="Zulu", expires_on=TODAY + datetime.timedelta(days=1))
    client.force_login(staff)
    url = reverse("sharing:agreement_list")
    latest = AgreementFactory(title="Alpha", expires_on=TODAY + datetime.timedelta(days=90))
    by_expiry = client.get(url, {"sort": "expires_on"}).context["table"]
    assert list(by_expiry.page.object_list.data[:2]) == [soonest, latest]
    # Undated agreements come last whichever way the column is sorted.
    by_expiry = client.get(url, {"sort": "-expires_on"}).context["table"]
    assert list(by_expiry.page.object_list.data[:2]) == [latest, soonest]
    first = client.get(url).context["table"]
    assert len(first.page.object_list) == 25
    assert "Showing 26 to 32 of 32 agreements" in page_text(client.get(url, {"page": 2}))
    # A sort key that is not a column is ignored rather than failing.
    assert client.get(url, {"sort": "purpose"}).status_code == 200


def test_the_csv_and_excel_exports_hold_exactly_the_filtered_list(client, staff, register):
    client.force_login(staff)
    params = {"kind": "isa", "sort": "-title"}
    screen = titles(client.get(reverse("sharing:agreement_list"), params))
    export = client.get(reverse("sharing:agreement_export", kwargs={"format": "csv"}), params)
    assert export["Content-Type"].startswith("text/csv")
    assert "attachment" in export["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == ["Title", "Kind", "Parties", "Review", "Expires", "Status"]
    assert (
        [row[0] for row in rows] == screen == ["Police incident data ISA", "Hull youth service ISA"]
    )
    assert rows[0][1:3] == [
        "Information Sharing Agreement",
        "Humberside Police, Office of the Police and Crime Commissioner for Humberside",
    ]
    assert rows[0][5] == "Drafting"

    xlsx = client.get(reverse("sharing:agreement_export", kwargs={"format": "xlsx"}), params)
    # Dates are date cells and counts numbers in XLSX, ISO dates and digits in CSV.
    assert xlsx_as_csv(xlsx.content) == [header, *rows]


def test_the_list_page_links_its_exports_with_the_current_filters(client, staff, register):
    client.force_login(staff)
    text = page_text(client.get(reverse("sharing:agreement_list"), {"kind": "isa"}))
    assert "/sharing/agreements/export.csv?kind=isa" in text
    assert "/sharing/agreements/export.xlsx?kind=isa" in text
    assert "Add an agreement" in text


# --- Detail ----------------------------------------------------------------------------------


def test_the_detail_page_shows_every_field(client, staff, opcc, hull, hull_sharing):
    forum = hull_sharing["forum"]
    agreement = AgreementFactory(
        title="Hull health and police ISA",
        reference="HIGA/2025/017",
        kind="isa",
        template="higa_isa",
        via_forum=forum,
        purpose="Mapping assaults seen in A&E against police records.",
        lawful_basis="public_task",
        legal_power="Crime and Disorder Act 1998 s115",
        data_items="Date, location and weapon of assault",
        allows_personal_data=True,
        has_special_category_data=True,
        has_criminal_offence_data=False,
        art26_arrangement="The OPCC answers subject access requests.",
        starts_on=datetime.date(2025, 4, 1),
        review_on=datetime.date(2099, 4, 1),
        expires_on=datetime.date(2100, 3, 31),
        owner=staff,
        status="in_negotiation",
        parties=[(opcc, "joint_controller"), (hull, "joint_controller")],
    )
    client.force_login(staff)
    response = client.get(detail_url(agreement))
    details = (
        response.content.decode().split('data-testid="agreement-details"')[1].split("</dl>")[0]
    )
    for expected in (
        "HIGA/2025/017",
        "Information Sharing Agreement",
        "HIGA Information Sharing Agreement template",
        "Humber Information Governance Alliance (HIGA)",
        "Mapping assaults seen in A&amp;E against police records.",
        "Art 6(1)(e) public task",
        "Crime and Disorder Act 1998 s115",
        "Date, location and weapon of assault",
        "The OPCC answers subject access requests.",
        "1 April 2025",
        "1 April 2099",
        "31 March 2100",
        "Sam Staff",
        "In negotiation",
    ):
        assert expected in details, expected
    flags = {
        label: details.split(f"{label}</dt>")[1].split("</dd>")[0].split(">")[-1]
        for label in ("Allows personal data", "Special category data", "Criminal offence data")
    }
    assert flags == {
        "Allows personal data": "Yes",
        "Special category data": "Yes",
        "Criminal offence data": "No",
    }
    assert "Review overdue" not in page_text(response)
    assert 'class="govuk-tag govuk-tag--blue">In negotiation' in details


def test_an_overdue_review_is_shown_on_the_page(client, staff, hull_sharing):
    agreement = hull_sharing["agreement"]
    agreement.review_on = TODAY - datetime.timedelta(days=1)
    agreement.save()
    assert agreement.is_review_overdue()
    client.force_login(staff)
    assert "Review overdue" in page_text(client.get(detail_url(agreement)))

    agreement.review_on = TODAY
    agreement.save()
    assert "Review overdue" not in page_text(client.get(detail_url(agreement)))

    # An agreement that has ended is not reviewed any more.
    agreement.review_on = TODAY - datetime.timedelta(days=1)
    agreement.status = "terminated"
    agreement.save()
    assert "Review overdue" not in page_text(client.get(detail_url(agreement)))


def test_an_mou_page_says_plainly_it_is_not_a_data_sharing_agreement(client, staff, register):
    client.force_login(staff)
    text = page_text(client.get(detail_url(register["mou"])))
    assert "A Memorandum of Understanding is not a data sharing agreement" in text
    assert "cannot cover personal data" in text
    isa = page_text(client.get(detail_url(register["hull_isa"])))
    assert "is not a data sharing agreement" not in isa


def test_joint_controllers_without_an_art26_arrangement_are_warned_about(client, staff, opcc, hull):
    agreement = AgreementFactory(parties=[(opcc, "joint_controller"), (hull, "controller")])
    client.force_login(staff)
    text = page_text(client.get(detail_url(agreement)))
    assert "govuk-warning-text" in text
    assert "no Art 26 arrangement is recorded" in text

    agreement.art26_arrangement = "The OPCC handles rights requests."
    agreement.save()
    assert "no Art 26 arrangement is recorded" not in page_text(client.get(detail_url(agreement)))


def test_editors_are_offered_the_steps_possible_from_the_current_status(client, staff, opcc, hull):
    agreement = complete_agreement(opcc, hull, status="drafting")
    client.force_login(staff)
    response = client.get(detail_url(agreement))
    offered = [action["label"] for action in response.context["workflow_actions"]]
    assert offered == ["Start negotiation", "Make the agreement active", "Terminate the agreement"]
    text = page_text(response)
    assert step_url(agreement, "start_negotiation") in text
    assert step_url(agreement, "expire") not in text


def test_while_activation_is_on_offer_the_page_lists_what_it_still_needs(client, staff):
    agreement = AgreementFactory(allows_personal_data=True)
    client.force_login(staff)
    response = client.get(detail_url(agreement))
    problems = [(p.message, p.fix_url) for p in response.context["activation_problems"]]
    assert problems == [
        (
            "Add the parties to the agreement.",
            reverse("sharing:agreementparty_create", kwargs={"agreement_pk": agreement.pk}),
        ),
        ("Enter the date the agreement starts.", f"{edit_url(agreement)}#id_starts_on"),
        (
            "Enter the lawful basis for sharing personal data.",
            f"{edit_url(agreement)}#id_lawful_basis",
        ),
        (
            "Upload the signed copy of the agreement. No signed document is attached. A party "
            "that signs a copy kept elsewhere needs the reason recorded on its row under "
            "Parties, and the DPO's acceptance.",
            reverse("sharing:signeddocument_create", kwargs={"agreement_pk": agreement.pk}),
        ),
    ]
    text = page_text(response)
    assert "Before the agreement can be made active" in text
    for message, url in problems:
        assert f'<a class="govuk-link" href="{url}">{escape(message)}</a>' in text


def test_parties_are_listed_with_their_roles_and_edit_and_remove_controls(
    client, staff, hull_sharing
):
    agreement = hull_sharing["agreement"]
    party = hull_sharing["agreementparty"]
    client.force_login(staff)
    text = page_text(client.get(detail_url(agreement)))
    parties = text.split('data-testid="parties"')[1].split("</table>")[0]
    assert f'href="{party.organisation.get_absolute_url()}">Hull City Council</a>' in parties
    assert "Controller" in parties
    assert reverse("sharing:agreementparty_update", kwargs={"pk": party.pk}) in parties
    remove = reverse("sharing:agreementparty_delete", kwargs={"pk": party.pk})
    assert f'<form method="post" action="{remove}"' in parties
    assert 'name="reason"' in parties


def test_a_partner_sees_other_parties_by_name_without_links_they_cannot_open(
    client, partner_hull, opcc, hull_sharing
):
    client.force_login(partner_hull)
    text = page_text(client.get(detail_url(hull_sharing["agreement"])))
    assert opcc.name in text
    assert opcc.get_absolute_url() not in text
    assert hull_sharing["agreementparty"].organisation.get_absolute_url() in text


def test_the_page_lists_signed_documents_and_the_sources_the_agreement_covers(
    client, staff, hull_sharing
):
    document = hull_sharing["signeddocument"]
    client.force_login(staff)
    text = page_text(client.get(detail_url(hull_sharing["agreement"])))
    documents = text.split('data-testid="documents"')[1].split("</table>")[0]
    assert "Signed ISA" in documents
    assert filesizeformat(len(MINIMAL_PDF)).replace(" ", "\xa0") in documents
    assert reverse("sharing:signeddocument_download", kwargs={"pk": document.pk}) in documents
    assert "Upload a signed document" in text
    sources = text.split('data-testid="covered-sources"')[1].split("</ul>")[0]
    source = hull_sharing["datasource"]
    assert f'href="{source.get_absolute_url()}">Hull youth service contacts</a>' in sources
    assert "Uncovered" not in sources


def test_a_partner_sees_only_the_covered_sources_they_supply(
    client, partner_hull, police, hull_sharing
):
    agreement = hull_sharing["agreement"]
    agreement.parties.create(organisation=police, role="controller")
    DataSourceFactory(
        name="Police stop and search records",
        classification="partner_shared",
        supplier=police,
        covering_agreement=agreement,
    )
    client.force_login(partner_hull)
    text = page_text(client.get(detail_url(agreement)))
    assert "Hull youth service contacts" in text
    assert "Police stop and search records" not in text


def test_an_isa_page_shows_which_data_sharing_code_items_it_records(
    client, staff, register, hull_sharing
):
    client.force_login(staff)
    response = client.get(detail_url(hull_sharing["agreement"]))
    items = {item.label: item.state for item in response.context["code_items"]}
    assert items["Purpose and benefits"] == "on_record"
    assert items["Data items shared"] == "missing"
    assert items["Review"] == "missing"
    assert items["Breach procedure"] == "missing"
    assert "What the agreement covers" in page_text(response)
    assert client.get(detail_url(register["mou"])).context["code_items"] == []


# --- Add and edit ----------------------------------------------------------------------------


def test_staff_add_an_agreement_owned_by_them_and_history_records_who_and_why(client, staff):
    client.force_login(staff)
    form = client.get(reverse("sharing:agreement_create")).context["form"]
    assert form["owner"].value() == staff.pk
    response = client.post(
        reverse("sharing:agreement_create"),
        form_data(owner=staff.pk, change_reason="Agreed at the March board"),
    )
    agreement = Agreement.objects.get(title="Humber youth violence ISA")
    assert response["Location"] == agreement.get_absolute_url()
    assert (agreement.status, agreement.owner, agreement.created_by) == ("drafting", staff, staff)
    (entry,) = agreement.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Agreed at the March board",
    )


def test_partners_are_not_offered_as_owners(client, staff, partner_hull):
    client.force_login(staff)
    owners = client.get(reverse("sharing:agreement_create")).context["form"]["owner"]
    assert partner_hull not in owners.field.queryset
    assert staff in owners.field.queryset


def test_missing_answers_are_reported_next_to_their_fields(client, staff):
    client.force_login(staff)
    response = client.post(reverse("sharing:agreement_create"), {"template": "higa_isa"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Enter the agreement's title."]
    assert errors["kind"] == ["Select the kind of agreement."]
    assert errors["purpose"] == ["Enter what the sharing is for, and its benefits."]
    assert "There is a problem" in page_text(response)
    assert not Agreement.objects.exists()


def test_an_edit_writes_exactly_one_history_row_with_user_and_reason(client, dpo, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(dpo)
    response = client.post(
        edit_url(agreement),
        form_data(agreement, review_on="2026-04-01", change_reason="Annual review agreed"),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.review_on == datetime.date(2026, 4, 1)
    assert agreement.row_version == 2
    assert agreement.history.count() == 2
    latest = agreement.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Annual review agreed")


def test_an_mou_saved_with_personal_data_ticked_is_stored_without_it(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:agreement_create"),
        form_data(
            title="Humber VPP MoU",
            kind="mou",
            allows_personal_data="on",
            has_special_category_data="on",
        ),
        follow=True,
    )
    agreement = Agreement.objects.get(title="Humber VPP MoU")
    assert not agreement.allows_personal_data
    assert not agreement.has_special_category_data
    assert "cannot cover personal data, so these were not recorded" in page_text(response)


def test_the_service_clears_personal_data_on_an_agreement_in_principle(staff):
    agreement = AgreementFactory.build(kind="forum_aip", allows_personal_data=True)
    saved = services.agreement_save(agreement, actor=staff)
    saved.refresh_from_db()
    assert saved.allows_personal_data is False


def test_the_database_never_lets_an_mou_allow_personal_data():
    agreement = AgreementFactory.build(kind="mou", allows_personal_data=True)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert error.value.messages == [
        "Only an Information Sharing Agreement or an Art 28 contract can allow personal data; "
        "an MoU or agreement-in-principle never does."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_special_category_data_needs_personal_data_allowed(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:agreement_create"), form_data(has_criminal_offence_data="on")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["allows_personal_data"] == [
        "Special category and criminal offence data are personal data: tick ‘allows personal "
        "data’ too."
    ]
    assert not Agreement.objects.exists()


def test_clearing_the_art26_arrangement_of_an_active_agreement_with_joint_controllers_is_refused(
    client, staff, opcc, hull
):
    agreement = complete_agreement(
        opcc, hull, status="active", art26_arrangement="The OPCC answers rights requests."
    )
    agreement.parties.update(role="joint_controller")
    client.force_login(staff)
    response = client.post(edit_url(agreement), form_data(agreement, art26_arrangement=""))
    assert response.status_code == 200
    assert response.context["form"].errors["art26_arrangement"] == [
        "This active agreement has joint controllers: the Art 26 arrangement cannot be left empty."
    ]
    agreement.refresh_from_db()
    assert agreement.art26_arrangement == "The OPCC answers rights requests."
    assert agreement.history.count() == 1


def test_an_agreement_covering_personal_data_cannot_stop_allowing_it(client, staff, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(staff)
    untick = client.post(edit_url(agreement), form_data(agreement, allows_personal_data=""))
    assert "Hull youth service contacts" in untick.context["form"].errors["allows_personal_data"][0]
    to_mou = client.post(edit_url(agreement), form_data(agreement, kind="mou"))
    assert "must stay an Information Sharing Agreement" in to_mou.context["form"].errors["kind"][0]
    agreement.refresh_from_db()
    assert (agreement.kind, agreement.allows_personal_data) == ("isa", True)


def test_an_expiry_date_before_the_start_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:agreement_create"),
        form_data(starts_on="2025-04-01", expires_on="2025-03-31"),
    )
    assert response.status_code == 200
    assert "The expiry date must be after the start date." in page_text(response)
    assert not Agreement.objects.exists()


# --- Workflow --------------------------------------------------------------------------------

STATUSES = ("requested_via_forum", "drafting", "in_negotiation", "active", "expired", "terminated")
LABELS = {
    "requested_via_forum": "Requested via forum",
    "drafting": "Drafting",
    "in_negotiation": "In negotiation",
    "active": "Active",
    "expired": "Expired",
    "terminated": "Terminated",
}
#: (step, status it starts from) → the status it leads to; every pair not listed is refused.
ALLOWED = {
    ("start_drafting", "requested_via_forum"): "drafting",
    ("start_negotiation", "drafting"): "in_negotiation",
    ("activate", "requested_via_forum"): "active",
    ("activate", "drafting"): "active",
    ("activate", "in_negotiation"): "active",
    ("expire", "active"): "expired",
    ("terminate", "requested_via_forum"): "terminated",
    ("terminate", "drafting"): "terminated",
    ("terminate", "in_negotiation"): "terminated",
    ("terminate", "active"): "terminated",
}
STEPS = ("start_drafting", "start_negotiation", "activate", "expire", "terminate")


@pytest.mark.parametrize(
    ("step", "status"), [(step, status) for step in STEPS for status in STATUSES]
)
def test_every_workflow_step_from_every_status(client, staff, opcc, hull, step, status):
    agreement = complete_agreement(opcc, hull, status=status)
    client.force_login(staff)
    response = client.post(step_url(agreement, step), {"reason": f"Board decision: {step}"})
    agreement.refresh_from_db()
    if (step, status) in ALLOWED:
        assert response.status_code == 302
        assert agreement.status == ALLOWED[step, status]
        assert agreement.history.count() == 2
        latest = agreement.history.first()
        assert (latest.history_user, latest.history_change_reason) == (
            staff,
            f"Board decision: {step}",
        )
    else:
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            f"This cannot be done while the agreement is ‘{LABELS[status]}’."
        ]
        assert "There is a problem" in page_text(response)
        assert agreement.status == status
        assert agreement.history.count() == 1


def test_activation_lists_every_missing_item_at_once(client, staff):
    agreement = AgreementFactory(allows_personal_data=True)
    client.force_login(staff)
    response = client.post(step_url(agreement, "activate"), {"reason": ""})
    assert response.context["form"].non_field_errors() == [
        "Add the parties to the agreement.",
        "Enter the date the agreement starts.",
        "Enter the lawful basis for sharing personal data.",
        "Upload the signed copy of the agreement. No signed document is attached. A party that "
        "signs a copy kept elsewhere needs the reason recorded on its row under Parties, and "
        "the DPO's acceptance.",
    ]
    edit = edit_url(agreement)
    assert [(link.text, link.url) for link in response.context["error_links"]][1:3] == [
        ("Enter the date the agreement starts.", f"{edit}#id_starts_on"),
        ("Enter the lawful basis for sharing personal data.", f"{edit}#id_lawful_basis"),
    ]
    agreement.refresh_from_db()
    assert agreement.status == "drafting"


def test_activation_needs_the_art26_arrangement_for_joint_controllers(staff, opcc, hull):
    agreement = AgreementFactory(
        allows_personal_data=True,
        expires_on=TODAY,
        parties=[(opcc, "joint_controller"), (hull, "joint_controller")],
    )
    with pytest.raises(ValidationError) as error:
        services.agreement_activate(agreement, actor=staff, reason="Signed")
    assert error.value.messages == [
        "Joint controllers need an Art 26 arrangement: record who does what before the "
        "agreement can be active.",
        "Enter the date the agreement starts.",
        "Enter the lawful basis for sharing personal data.",
        "The expiry date has passed: change it, or record the agreement as expired.",
        "Upload the signed copy of the agreement. No signed document is attached: nothing "
        f"shows that {hull} and {opcc} signed it. A party that signs a copy kept elsewhere "
        "needs the reason recorded on its row under Parties, and the DPO's acceptance.",
    ]


def test_terminating_needs_a_reason(client, staff, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(staff)
    response = client.post(step_url(agreement, "terminate"), {"reason": "  "})
    assert response.context["form"].errors["reason"] == ["Enter the reason."]
    with pytest.raises(ValidationError) as error:
        services.agreement_terminate(agreement, actor=staff, reason=" ")
    assert error.value.message_dict == {"reason": ["Say why the agreement is being terminated."]}
    agreement.refresh_from_db()
    assert agreement.status == "active"


@pytest.mark.parametrize("step", ["expire", "terminate"])
def test_ending_an_agreement_leaves_the_sources_it_covers_uncovered(
    client, staff, step, hull_sharing
):
    agreement = hull_sharing["agreement"]
    source = hull_sharing["datasource"]
    assert not source.is_uncovered
    assert source not in DataSource.objects.uncovered()
    client.force_login(staff)
    client.post(step_url(agreement, step), {"reason": "The project has ended"})

    source.refresh_from_db()
    assert source.is_uncovered
    assert list(DataSource.objects.uncovered()) == [source]
    text = page_text(client.get(detail_url(agreement)))
    assert "the 1 data source it covers is now uncovered" in text
    sources = text.split('data-testid="covered-sources"')[1].split("</ul>")[0]
    assert "Uncovered" in sources


def test_the_confirmation_page_explains_the_step_and_unknown_steps_are_not_found(
    client, staff, hull_sharing
):
    agreement = hull_sharing["agreement"]
    client.force_login(staff)
    page = page_text(client.get(step_url(agreement, "expire")))
    assert "Record that the agreement has expired" in page
    assert "Every data source it covers will be flagged as uncovered." in page
    assert client.get(step_url(agreement, "delete")).status_code == 404


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=text, kind=text, status=text, party=text, expires_before=text, sort=text, page=text)
def test_any_filter_sort_or_page_value_gets_a_page_never_a_500(
    client, partner_hull, hull_sharing, q, kind, status, party, expires_before, sort, page
):
    client.force_login(partner_hull)
    params = {
        "q": q,
        "kind": kind,
        "status": status,
        "party": party,
        "expires_before": expires_before,
        "sort": sort,
        "page": page,
    }
    assert client.get(reverse("sharing:agreement_list"), params).status_code in (200, 404)
    export = client.get(reverse("sharing:agreement_export", kwargs={"format": "csv"}), params)
    assert export.status_code == 200

"""Connection requests via forums: asking, recording the forum's decision, and what it leads to."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.models import Agreement, ConnectionRequest
from tests.factories import AgreementFactory, ForumFactory
from tests.spreadsheets import xlsx_as_csv

pytestmark = pytest.mark.django_db


def transition_url(request, step):
    return reverse(
        "sharing:connectionrequest_transition", kwargs={"pk": request.pk, "transition": step}
    )


def edit_url(request):
    return reverse("sharing:connectionrequest_update", kwargs={"pk": request.pk})


def request_data(request, **changes):
    data = {
        "forum": request.forum_id,
        "organisations": [o.pk for o in request.organisations.all()],
        "purpose": request.purpose,
        "requested_on": request.requested_on.isoformat(),
        "row_version": request.row_version,
    }
    data.update(changes)
    return data


@pytest.fixture
def higa(hull_sharing):
    return hull_sharing["forum"]


@pytest.fixture
def connection(hull_sharing):
    return hull_sharing["connectionrequest"]


def test_partners_cannot_open_or_decide_connection_requests(client, partner_hull, connection):
    client.force_login(partner_hull)
    for url in (
        reverse("sharing:connectionrequest_list"),
        reverse("sharing:connectionrequest_export", kwargs={"format": "xlsx"}),
        connection.get_absolute_url(),
        reverse("sharing:connectionrequest_create"),
        transition_url(connection, "decline"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(transition_url(connection, "decline"), {"reason": "Not ours"})
    assert response.status_code == 403
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_staff_request_a_connection_from_the_forum_page_in_one_history_row(
    client, staff, higa, hull, police
):
    client.force_login(staff)
    form = client.get(reverse("sharing:connectionrequest_create"), {"forum": higa.pk})
    assert form.context["form"]["forum"].value() == higa.pk
    text = form.content.decode()
    assert "Members of Humber Information Governance Alliance (HIGA): Hull City Council and" in text
    assert f'href="{higa.get_absolute_url()}" class="govuk-back-link"' in text

    response = client.post(
        reverse("sharing:connectionrequest_create") + f"?forum={higa.pk}",
        {
            "forum": higa.pk,
            "organisations": [hull.pk, police.pk],
            "purpose": "Knife crime hotspots across Hull",
            "requested_on": "2025-03-03",
            "owner": staff.pk,
            "change_reason": "Asked at the March HIGA meeting",
        },
    )
    created = ConnectionRequest.objects.get(purpose="Knife crime hotspots across Hull")
    assert response["Location"] == created.get_absolute_url()
    assert (created.status, created.requested_on) == ("requested", datetime.date(2025, 3, 3))
    assert set(created.organisations.all()) == {hull, police}
    (entry,) = created.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Asked at the March HIGA meeting",
    )
    assert {row.organisation for row in entry.organisations.all()} == {hull, police}


def test_organisations_outside_the_forum_are_refused_by_name(client, staff, higa, hull, opcc):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:connectionrequest_create"),
        {
            "forum": higa.pk,
            "organisations": [hull.pk, opcc.pk],
            "purpose": "Shared analysis",
            "requested_on": "2025-03-03",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisations"] == [
        "Office of the Police and Crime Commissioner for Humberside is not a member of Humber "
        "Information Governance Alliance (HIGA): select only the forum's members, or record the "
        "membership on the forum first."
    ]
    assert "There is a problem" in response.content.decode()
    assert ConnectionRequest.objects.count() == 1


def test_an_edit_writes_exactly_one_history_row_and_shows_member_changes(
    client, dpo, connection, hull, police
):
    before = connection.history.count()
    client.force_login(dpo)
    response = client.post(
        edit_url(connection),
        request_data(
            connection,
            organisations=[hull.pk, police.pk],
            change_reason="Police asked to join the request",
        ),
    )
    assert response.status_code == 302
    assert set(connection.organisations.all()) == {hull, police}
    assert connection.history.count() == before + 1
    latest = connection.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        dpo,
        "Police asked to join the request",
    )
    history = client.get(reverse("sharing:connectionrequest_history", kwargs={"pk": connection.pk}))
    text = history.content.decode()
    assert "<strong>Members to connect with:</strong>" in text
    assert "Hull City Council, Humberside Police</li>" in text


def test_connecting_with_an_existing_agreement_links_it_in_one_history_row(
    client, staff, connection, hull_sharing
):
    agreement = hull_sharing["agreement"]
    before = connection.history.count()
    client.force_login(staff)
    response = client.post(
        transition_url(connection, "connect"),
        {"agreement": agreement.pk, "reason": "HIGA confirmed Hull joins under the ISA"},
    )
    assert response["Location"] == connection.get_absolute_url()
    connection.refresh_from_db()
    assert (connection.status, connection.agreement) == ("connected", agreement)
    assert connection.decided_on == timezone.localdate()
    assert connection.decision_notes == "HIGA confirmed Hull joins under the ISA"
    assert connection.history.count() == before + 1
    latest = connection.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        staff,
        "HIGA confirmed Hull joins under the ISA",
    )

    page = client.get(connection.get_absolute_url()).content.decode()
    assert f'href="{agreement.get_absolute_url()}">Hull youth violence ISA</a>' in page
    assert '<strong class="govuk-tag govuk-tag--green">Connected</strong>' in page
    # Decided: the buttons for the forum's decision are gone.
    assert transition_url(connection, "connect") not in page
    assert transition_url(connection, "decline") not in page


def test_connecting_with_a_new_agreement_starts_an_isa_with_host_and_members(
    client, staff, opcc, hull, police, higa, connection
):
    connection.organisations.set([hull, police])
    client.force_login(staff)
    response = client.post(
        transition_url(connection, "connect"),
        {"create_agreement": "on", "reason": "HIGA agreed a new ISA"},
    )
    assert response.status_code == 302
    connection.refresh_from_db()
    agreement = connection.agreement
    assert connection.status == "connected"
    assert agreement.title == (
        "ISA with Hull City Council, Humberside Police via Humber Information Governance "
        "Alliance (HIGA)"
    )
    assert (agreement.kind, agreement.status, agreement.via_forum) == ("isa", "drafting", higa)
    assert agreement.purpose == "Youth service data"
    assert agreement.owner == staff
    assert {(p.organisation, p.role) for p in agreement.parties.all()} == {
        (opcc, "controller"),
        (hull, "controller"),
        (police, "controller"),
    }
    (entry,) = agreement.history.all()
    assert (entry.history_user, entry.history_change_reason) == (
        staff,
        f"Started from {connection}",
    )

    # The forum's page now lists the agreement that came via it.
    assert agreement.title in client.get(higa.get_absolute_url()).content.decode()


def test_connecting_with_neither_an_agreement_nor_the_box_shows_the_error_at_the_field(
    client, staff, connection
):
    client.force_login(staff)
    response = client.post(transition_url(connection, "connect"), {"reason": "Connected"})
    assert response.status_code == 200
    assert response.context["form"].errors["agreement"] == [
        "Select the agreement the connection leads to, or tick the box to start a new one."
    ]
    assert (
        '<div id="div_id_agreement" class="govuk-form-group govuk-form-group--error">'
        in response.content.decode()
    )
    connection.refresh_from_db()
    assert connection.status == "requested"
    assert connection.history.count() == 2


def test_choosing_an_agreement_and_ticking_the_box_is_refused(
    client, staff, connection, hull_sharing
):
    client.force_login(staff)
    response = client.post(
        transition_url(connection, "connect"),
        {"agreement": hull_sharing["agreement"].pk, "create_agreement": "on", "reason": "Both"},
    )
    assert response.status_code == 200
    assert "not both" in response.context["form"].errors["create_agreement"][0]
    assert Agreement.objects.count() == 1


def test_declining_needs_a_reason(client, staff, connection):
    client.force_login(staff)
    response = client.post(transition_url(connection, "decline"), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Enter the reason."]
    assert "There is a problem" in response.content.decode()
    connection.refresh_from_db()
    assert connection.status == "requested"


def test_declining_records_the_decision_in_one_history_row(client, dpo, connection):
    before = connection.history.count()
    client.force_login(dpo)
    response = client.post(
        transition_url(connection, "decline"), {"reason": "HIGA asked for a full ISA instead"}
    )
    assert response["Location"] == connection.get_absolute_url()
    connection.refresh_from_db()
    assert (connection.status, connection.decision_notes) == (
        "declined",
        "HIGA asked for a full ISA instead",
    )
    assert connection.history.count() == before + 1
    latest = connection.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        dpo,
        "HIGA asked for a full ISA instead",
    )
    page = client.get(connection.get_absolute_url()).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Declined</strong>' in page
    assert "HIGA asked for a full ISA instead" in page


def test_a_declined_request_cannot_be_connected_and_no_agreement_is_started(
    client, staff, connection
):
    client.force_login(staff)
    client.post(transition_url(connection, "decline"), {"reason": "No capacity this year"})
    response = client.post(
        transition_url(connection, "connect"), {"create_agreement": "on", "reason": "Try again"}
    )
    assert response.status_code == 200
    today = timezone.localdate()
    assert (
        f"This request was already declined on {today:%d %B %Y}, so it cannot be connected. "
        "To ask the forum again, make a new connection request."
    ) in response.content.decode()
    connection.refresh_from_db()
    assert (connection.status, connection.agreement) == ("declined", None)
    assert Agreement.objects.count() == 1


def test_a_connected_request_cannot_be_connected_again_or_declined(
    client, staff, connection, hull_sharing
):
    agreement = hull_sharing["agreement"]
    client.force_login(staff)
    client.post(transition_url(connection, "connect"), {"agreement": agreement.pk, "reason": "Yes"})
    other = AgreementFactory(title="Another ISA")
    again = client.post(
        transition_url(connection, "connect"), {"agreement": other.pk, "reason": "Again"}
    )
    assert "This request was already connected" in again.content.decode()
    declined = client.post(transition_url(connection, "decline"), {"reason": "Changed mind"})
    assert "so it cannot be declined" in declined.content.decode()
    connection.refresh_from_db()
    assert (connection.status, connection.agreement) == ("connected", agreement)


def test_readers_see_the_decision_buttons_only_with_change_rights(client, siro, staff, connection):
    client.force_login(siro)
    page = client.get(connection.get_absolute_url()).content.decode()
    assert transition_url(connection, "connect") not in page
    assert edit_url(connection) not in page
    client.force_login(staff)
    page = client.get(connection.get_absolute_url()).content.decode()
    assert f'href="{transition_url(connection, "connect")}"' in page
    assert f'href="{transition_url(connection, "decline")}"' in page


def test_the_list_filters_by_status_and_forum(client, staff, higa, connection, hull):
    board = ForumFactory(name="Humberside Criminal Justice Board", acronym="HCJB", members=[hull])
    declined = ConnectionRequest.objects.create(
        forum=board, purpose="Court data", status="declined"
    )
    client.force_login(staff)
    url = reverse("sharing:connectionrequest_list")

    by_status = client.get(url, {"status": "declined"}).context["table"]
    assert [row.record for row in by_status.rows] == [declined]
    by_forum = client.get(url, {"forum": higa.pk}).context["table"]
    assert [row.record for row in by_forum.rows] == [connection]
    # Without JavaScript the forum is typed: part of its name, or its acronym.
    typed = client.get(url, {"forum": "higa", "forum-id": ""}).context["table"]
    assert [row.record for row in typed.rows] == [connection]
    unknown = client.get(url, {"status": "lost"})
    assert unknown.status_code == 200
    assert "Select a valid choice" in unknown.content.decode()


def test_the_csv_and_excel_exports_hold_exactly_the_filtered_list(
    client, staff, higa, connection, hull, police
):
    second = ConnectionRequest.objects.create(
        forum=higa, purpose="Police data", requested_on=datetime.date(2025, 1, 6)
    )
    second.organisations.set([hull, police])
    board = ForumFactory(name="Humberside Criminal Justice Board", acronym="HCJB")
    ConnectionRequest.objects.create(forum=board, purpose="Court data")
    client.force_login(staff)
    params = {"forum": higa.pk, "sort": "requested_on"}
    screen = client.get(reverse("sharing:connectionrequest_list"), params).context["table"]
    export = client.get(
        reverse("sharing:connectionrequest_export", kwargs={"format": "csv"}), params
    )
    header, *rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == [
        "Request",
        "Forum",
        "Members to connect",
        "Requested on",
        "Status",
        "Agreement",
    ]
    assert [row[0] for row in rows] == [str(row.record) for row in screen.rows]
    assert rows[0] == [
        "Connection via HIGA (06 Jan 2025)",
        "Humber Information Governance Alliance (HIGA)",
        "Hull City Council, Humberside Police",
        "2025-01-06",
        "Requested",
        "",
    ]
    assert len(rows) == 2

    xlsx = client.get(
        reverse("sharing:connectionrequest_export", kwargs={"format": "xlsx"}), params
    )
    # Dates are date cells in XLSX, ISO dates in CSV.
    assert xlsx_as_csv(xlsx.content) == [header, *rows]


def test_opening_a_decision_on_a_decided_request_goes_back_to_it_with_a_message(
    client, staff, connection
):
    client.force_login(staff)
    client.post(transition_url(connection, "decline"), {"reason": "No capacity this year"})
    response = client.get(transition_url(connection, "connect"), follow=True)
    assert response.redirect_chain == [(connection.get_absolute_url(), 302)]
    assert "This request was already declined: the forum&#x27;s decision has been recorded." in (
        response.content.decode()
    )


def test_a_new_agreement_for_many_members_gets_a_short_title(client, staff, higa, connection):
    from tests.factories import OrganisationFactory

    members = [
        OrganisationFactory(name=f"Humber and North Yorkshire Partner Organisation {index}")
        for index in range(6)
    ]
    higa.members.add(*members)
    connection.organisations.set(members)
    client.force_login(staff)
    client.post(transition_url(connection, "connect"), {"create_agreement": "on", "reason": "Yes"})
    connection.refresh_from_db()
    assert connection.agreement.title == (
        "ISA with 6 members of Humber Information Governance Alliance (HIGA)"
    )
    # The core team's host and the six members.
    assert connection.agreement.parties.count() == 7


def test_the_host_is_a_party_once_even_when_it_is_one_of_the_members_to_connect(
    client, staff, opcc, hull, higa, connection
):
    higa.members.add(opcc)
    connection.organisations.set([opcc, hull])
    client.force_login(staff)
    client.post(transition_url(connection, "connect"), {"create_agreement": "on", "reason": "Yes"})
    connection.refresh_from_db()
    assert connection.status == "connected"
    assert sorted(p.organisation.name for p in connection.agreement.parties.all()) == [
        "Hull City Council",
        "Office of the Police and Crime Commissioner for Humberside",
    ]

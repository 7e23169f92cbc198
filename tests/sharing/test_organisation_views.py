"""The organisation register end to end: list, export, detail, add, edit, history, scoping."""

import csv
import io

import pytest
from django.urls import reverse

from sharing.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.spreadsheets import xlsx_as_csv

pytestmark = pytest.mark.django_db


def edit_url(organisation):
    return reverse("sharing:organisation_update", kwargs={"pk": organisation.pk})


def form_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "is_core_team_host": "on" if organisation.is_core_team_host else "",
        "change_reason": "",
        "row_version": organisation.row_version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_staff_add_an_organisation_and_its_history_records_who_and_why(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:organisation_create"),
        {"name": "Yorkshire Ambulance Service", "kind": "nhs", "change_reason": "New partner"},
    )
    organisation = Organisation.objects.get(name="Yorkshire Ambulance Service")
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.created_by == staff
    (entry,) = organisation.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "New partner",
    )


def test_an_edit_writes_exactly_one_history_row_with_user_and_reason(client, staff, hull):
    client.force_login(staff)
    before = hull.history.count()
    response = client.post(
        edit_url(hull),
        form_data(hull, name="Kingston upon Hull City Council", change_reason="Legal name"),
    )
    assert response.status_code == 302
    hull.refresh_from_db()
    assert hull.name == "Kingston upon Hull City Council"
    assert hull.row_version == 2
    assert hull.history.count() == before + 1
    latest = hull.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "Legal name")

    page = client.get(reverse("sharing:organisation_history", kwargs={"pk": hull.pk}))
    text = page.content.decode()
    assert "Legal name" in text
    assert "Hull City Council</span> → " in text
    assert "Kingston upon Hull City Council" in text
    assert "Sam Staff" in text


def test_a_save_over_someone_elses_newer_change_is_refused_and_nothing_is_lost(
    client, staff, dpo, hull
):
    # Staff opens the form at version 1; the DPO saves a change first.
    client.force_login(staff)
    opened = client.get(edit_url(hull)).context["form"]["row_version"].value()
    client.force_login(dpo)
    client.post(edit_url(hull), form_data(hull, name="Hull CC", change_reason="Short name"))

    client.force_login(staff)
    response = client.post(
        edit_url(hull),
        form_data(hull, name="Hull City Council (HCC)", kind="other", row_version=opened),
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Dana DPO" in text
    assert "your changes have not been saved" in text
    # The other person's change stands; the editor's input is still in the form.
    hull.refresh_from_db()
    assert hull.name == "Hull CC"
    assert hull.history.count() == 2
    form = response.context["form"]
    assert form["name"].value() == "Hull City Council (HCC)"
    assert {row["label"] for row in response.context["conflict_differences"]} == {"Name", "Kind"}

    # Saving again, having seen their change, is a deliberate overwrite and goes through.
    resubmit = form_data(hull, name="Hull City Council (HCC)", kind="other")
    resubmit["row_version"] = form["row_version"].value()
    assert client.post(edit_url(hull), resubmit).status_code == 302
    hull.refresh_from_db()
    assert (hull.name, hull.kind) == ("Hull City Council (HCC)", "other")


def test_a_missing_name_is_reported_next_to_the_field_and_nothing_changes(client, staff, hull):
    client.force_login(staff)
    response = client.post(edit_url(hull), form_data(hull, name=""))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    hull.refresh_from_db()
    assert hull.name == "Hull City Council"
    assert hull.history.count() == 1


def test_a_name_already_used_in_any_letter_case_is_refused(client, staff, hull, police):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:organisation_create"), {"name": "HULL CITY COUNCIL", "kind": "other"}
    )
    assert response.status_code == 200
    assert "An organisation with this name already exists." in response.content.decode()
    assert Organisation.objects.filter(name__iexact="hull city council").count() == 1


def test_only_one_organisation_can_host_the_core_team(client, staff, opcc, hull):
    client.force_login(staff)
    response = client.post(edit_url(hull), form_data(hull, is_core_team_host="on"))
    assert response.status_code == 200
    assert "Another organisation already hosts the core team" in response.content.decode()
    hull.refresh_from_db()
    assert not hull.is_core_team_host


def test_a_partner_sees_only_their_own_organisation(client, partner_police, police, hull):
    client.force_login(partner_police)
    listing = client.get(reverse("sharing:organisation_list"))
    assert [row.record for row in listing.context["table"].rows] == [police]
    detail = client.get(reverse("sharing:organisation_detail", kwargs={"pk": hull.pk}))
    assert detail.status_code == 404
    assert "Page not found" in detail.content.decode()
    history = client.get(reverse("sharing:organisation_history", kwargs={"pk": hull.pk}))
    assert history.status_code == 404
    export = client.get(reverse("sharing:organisation_export", kwargs={"format": "csv"}))
    assert "Hull City Council" not in export.getvalue().decode("utf-8-sig")


def test_a_partner_cannot_edit_even_their_own_organisation(client, partner_police, police):
    client.force_login(partner_police)
    response = client.post(edit_url(police), form_data(police, name="Renamed"))
    assert response.status_code == 403
    police.refresh_from_db()
    assert police.name == "Humberside Police"


def test_the_list_filters_by_kind_and_search_text_and_sorts(client, staff, hull, police):
    OrganisationFactory(name="East Riding of Yorkshire Council", kind="local_authority")
    OrganisationFactory(name="Hull University Teaching Hospitals NHS Trust", kind="nhs")
    client.force_login(staff)
    url = reverse("sharing:organisation_list")

    councils = client.get(url, {"kind": "local_authority", "sort": "-name"}).context["table"]
    assert [row.record.name for row in councils.rows] == [
        "Hull City Council",
        "East Riding of Yorkshire Council",
    ]
    hull_named = client.get(url, {"q": "hull"}).context["table"]
    assert {row.record.name for row in hull_named.rows} == {
        "Hull City Council",
        "Hull University Teaching Hospitals NHS Trust",
    }


def test_an_unknown_kind_filter_is_reported_not_a_crash(client, staff, hull):
    client.force_login(staff)
    response = client.get(reverse("sharing:organisation_list"), {"kind": "pirates"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_list_is_paginated_in_pages_of_25(client, staff):
    OrganisationFactory.create_batch(30)
    client.force_login(staff)
    url = reverse("sharing:organisation_list")
    first = client.get(url).context["table"]
    second = client.get(url, {"page": 2}).context["table"]
    assert len(first.page.object_list) == 25
    total = Organisation.objects.count()
    assert (
        f"Showing 26 to {total} of {total} organisations"
        in client.get(url, {"page": 2}).content.decode()
    )
    assert len(second.page.object_list) == Organisation.objects.count() - 25


def test_the_csv_export_holds_exactly_the_filtered_list(client, staff, hull, police):
    OrganisationFactory(name="East Riding of Yorkshire Council", kind="local_authority")
    OrganisationFactory(name="=HYPERLINK(evil)", kind="local_authority")
    client.force_login(staff)
    params = {"kind": "local_authority", "sort": "-name"}
    screen = client.get(reverse("sharing:organisation_list"), params).context["table"]
    export = client.get(reverse("sharing:organisation_export", kwargs={"format": "csv"}), params)

    assert export["Content-Type"].startswith("text/csv")
    assert "attachment" in export["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == ["Name", "Kind", "Hosts core team", "Last updated"]
    shown = [row.record.name for row in screen.rows]
    # A cell a spreadsheet would run as a formula is exported as text.
    assert [row[0].removeprefix("'") for row in rows] == shown
    assert "'=HYPERLINK(evil)" in [row[0] for row in rows]
    assert all(row[1] == "Local authority" for row in rows)


def test_the_excel_export_holds_the_same_rows_as_the_csv(client, staff, hull, police):
    client.force_login(staff)
    params = {"q": "hu"}
    xlsx = client.get(reverse("sharing:organisation_export", kwargs={"format": "xlsx"}), params)
    values = xlsx_as_csv(xlsx.content)  # "Last updated" is a date-time cell
    as_csv = client.get(reverse("sharing:organisation_export", kwargs={"format": "csv"}), params)
    assert values == list(csv.reader(io.StringIO(as_csv.getvalue().decode("utf-8-sig"))))
    assert [row[0] for row in values[1:]] == [
        "Hull City Council",
        "Humberside Police",
        "Office of the Police and Crime Commissioner for Humberside",
    ]


def test_an_unknown_export_format_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get("/sharing/organisations/export.pdf").status_code == 404


def test_users_without_edit_rights_see_no_edit_or_add_buttons(client, siro, hull):
    client.force_login(siro)
    detail = client.get(reverse("sharing:organisation_detail", kwargs={"pk": hull.pk}))
    listing = client.get(reverse("sharing:organisation_list"))
    assert (
        reverse("sharing:organisation_update", kwargs={"pk": hull.pk})
        not in detail.content.decode()
    )
    assert "Add an organisation" not in listing.content.decode()


def test_the_detail_page_says_who_added_and_last_changed_the_record(client, staff, dpo):
    client.force_login(staff)
    client.post(reverse("sharing:organisation_create"), {"name": "HMP Humber", "kind": "prison"})
    organisation = Organisation.objects.get(name="HMP Humber")
    client.force_login(dpo)
    client.post(edit_url(organisation), form_data(organisation, kind="prison", name="HMP Humber "))
    footer = client.get(organisation.get_absolute_url()).content.decode()
    assert "by Sam Staff" in footer
    assert "by Dana DPO" in footer


def test_a_partner_user_must_belong_to_an_organisation():
    from django.core.exceptions import ValidationError

    user = UserFactory.build(role="partner", organisation=None)
    with pytest.raises(ValidationError, match="must belong to an organisation"):
        user.full_clean(exclude=["password"])


def test_the_address_is_shown_with_its_line_breaks_and_can_be_edited(client, staff, hull):
    client.force_login(staff)
    response = client.post(
        edit_url(hull),
        form_data(
            hull,
            address="The Guildhall\r\nAlfred Gelder Street\r\nHull HU1 2AA",
            change_reason="Address for the ISA",
        ),
    )
    assert response.status_code == 302
    page = client.get(hull.get_absolute_url())
    assert (
        'data-testid="address">The Guildhall<br>Alfred Gelder Street<br>Hull HU1 2AA</dd>'
        in page.content.decode()
    )


def test_an_organisation_with_no_relations_says_so_in_every_panel(client, staff, police):
    client.force_login(staff)
    text = client.get(police.get_absolute_url()).content.decode()
    assert "No contacts have been recorded for Humberside Police." in text
    assert "Humberside Police is not recorded as a member of any forum." in text
    assert "Humberside Police is not a party to any agreement." in text
    assert "Humberside Police does not supply any data source." in text
    assert "No consultations have been addressed to Humberside Police." in text
    assert "Address" in text and "Not recorded" in text


def test_staff_see_every_panel_of_hulls_page(client, staff, hull, hull_sharing):
    client.force_login(staff)
    response = client.get(hull.get_absolute_url())
    text = response.content.decode()
    forum, agreement = hull_sharing["forum"], hull_sharing["agreement"]
    source, consultation = hull_sharing["datasource"], hull_sharing["consultation"]
    assert response.context["forums"] == [forum]
    assert f'<a class="govuk-link" href="{forum.get_absolute_url()}">{forum}</a>' in text
    assert f'href="{agreement.get_absolute_url()}">Hull youth violence ISA</a>' in text
    assert '<strong class="govuk-tag govuk-tag--green">Active</strong>' in text
    assert f'href="{source.get_absolute_url()}">Hull youth service contacts</a>' in text
    assert "Uncovered" not in text
    assert f'href="{consultation.get_absolute_url()}">Hull hotspots briefing' in text
    assert '<strong class="govuk-tag govuk-tag--yellow">Pending</strong>' in text
    assert "Hana Hull" in text


def test_a_source_without_an_active_covering_agreement_is_tagged_uncovered(
    client, staff, hull, hull_sharing
):
    agreement = hull_sharing["agreement"]
    agreement.status = "expired"
    agreement.save()
    client.force_login(staff)
    text = client.get(hull.get_absolute_url()).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red govuk-!-margin-left-1">Uncovered</strong>' in (
        text
    )


def test_the_hull_partner_sees_hulls_agreement_source_and_consultation_but_no_forums(
    client, partner_hull, hull, hull_sharing
):
    client.force_login(partner_hull)
    response = client.get(hull.get_absolute_url())
    text = response.content.decode()
    assert [p.agreement for p in response.context["agreement_parties"]] == [
        hull_sharing["agreement"]
    ]
    assert response.context["supplied_sources"] == [hull_sharing["datasource"]]
    assert response.context["consultations"] == [hull_sharing["consultation"]]
    assert "Hull youth violence ISA" in text
    assert "Hull youth service contacts" in text
    assert "Hull hotspots briefing" in text
    # Forums are internal: the panel is not there at all, let alone the HIGA link.
    assert response.context["forums"] == []
    assert "Forums it belongs to" not in text
    assert hull_sharing["forum"].get_absolute_url() not in text


def test_sorting_by_anything_but_a_listed_column_is_ignored(client, staff, hull, police):
    client.force_login(staff)
    url = reverse("sharing:organisation_list")
    names = [row.record.name for row in client.get(url).context["table"].rows]
    for sort in ("created_by__password", "-row_version", "name.__class__"):
        table = client.get(url, {"sort": sort}).context["table"]
        assert [row.record.name for row in table.rows] == names
    by_kind = client.get(url, {"sort": "-kind,created_by__email"}).context["table"]
    assert [row.record.kind for row in by_kind.rows] == sorted(
        (row.record.kind for row in by_kind.rows), reverse=True
    )

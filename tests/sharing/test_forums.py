"""The forum register: list, export, detail, add and edit with membership in the history."""

import csv
import io

import pytest
from django.urls import reverse

from sharing.models import Forum
from tests.factories import AgreementFactory, ForumFactory, OrganisationFactory
from tests.spreadsheets import xlsx_as_csv

pytestmark = pytest.mark.django_db


def edit_url(forum):
    return reverse("sharing:forum_update", kwargs={"pk": forum.pk})


def forum_data(forum, **changes):
    data = {
        "name": forum.name,
        "acronym": forum.acronym,
        "purpose": forum.purpose,
        "members": [m.pk for m in forum.members.all()],
        "row_version": forum.row_version,
    }
    data.update(changes)
    return data


def test_partners_cannot_open_forums_at_all(client, partner_hull, hull_sharing):
    forum = hull_sharing["forum"]
    client.force_login(partner_hull)
    for url in (
        reverse("sharing:forum_list"),
        reverse("sharing:forum_export", kwargs={"format": "csv"}),
        forum.get_absolute_url(),
        reverse("sharing:forum_history", kwargs={"pk": forum.pk}),
        reverse("sharing:forum_create"),
    ):
        assert client.get(url).status_code == 403, url


def test_staff_add_a_forum_with_its_members_in_one_history_row(client, staff, hull, police):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:forum_create"),
        {
            "name": "Humberside Criminal Justice Board",
            "acronym": "HCJB",
            "purpose": "Criminal justice partners across Humberside.",
            "members": [hull.pk, police.pk],
            "change_reason": "Board agreed to share via its protocol",
        },
    )
    forum = Forum.objects.get(acronym="HCJB")
    assert response["Location"] == forum.get_absolute_url()
    assert set(forum.members.all()) == {hull, police}
    (entry,) = forum.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Board agreed to share via its protocol",
    )
    # The history row holds the membership as saved.
    assert {row.organisation for row in entry.members.all()} == {hull, police}


def test_changing_the_members_writes_one_history_row_and_shows_on_the_history_tab(
    client, dpo, hull, police
):
    forum = ForumFactory(name="Humber Information Governance Alliance", acronym="HIGA")
    forum.members.set([hull])
    before = forum.history.count()
    client.force_login(dpo)
    response = client.post(
        edit_url(forum),
        forum_data(forum, members=[hull.pk, police.pk], change_reason="Police joined HIGA"),
    )
    assert response.status_code == 302
    assert set(forum.members.all()) == {hull, police}
    assert forum.history.count() == before + 1
    latest = forum.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Police joined HIGA")

    history = client.get(reverse("sharing:forum_history", kwargs={"pk": forum.pk}))
    text = " ".join(history.content.decode().split())  # white space as a browser folds it
    assert "Police joined HIGA" in text
    assert (
        '<strong>Members:</strong> <span class="app-history-change__old">'
        '<span class="govuk-visually-hidden">from </span>Hull City Council</span> → '
    ) in text
    assert "Hull City Council, Humberside Police</li>" in text


def test_a_forum_without_a_name_is_refused_next_to_the_field(client, staff):
    client.force_login(staff)
    response = client.post(reverse("sharing:forum_create"), {"name": "", "acronym": "X"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Forum.objects.exists()


def test_the_forum_page_shows_purpose_members_requests_and_agreements(
    client, staff, hull, hull_sharing
):
    forum = hull_sharing["forum"]
    forum.purpose = "Information governance leads\nacross the Humber."
    forum.save()
    AgreementFactory(title="HIGA overarching protocol", kind="forum_aip", via_forum=forum)
    client.force_login(staff)
    text = client.get(forum.get_absolute_url()).content.decode()
    assert "Information governance leads<br>across the Humber." in text
    assert f'href="{hull.get_absolute_url()}">Hull City Council</a>' in text
    assert "Humberside Police" in text
    request = hull_sharing["connectionrequest"]
    assert f'href="{request.get_absolute_url()}">Requested ' in text
    assert '<strong class="govuk-tag govuk-tag--yellow">Requested</strong>' in text
    assert "HIGA overarching protocol" in text
    assert '<strong class="govuk-tag govuk-tag--grey">Drafting</strong>' in text
    create = reverse("sharing:connectionrequest_create")
    assert f'href="{create}?forum={forum.pk}"' in text


def test_an_empty_forum_says_so_in_each_panel(client, staff):
    forum = ForumFactory(name="Yorkshire and the Humber Rehabilitation Partnership")
    client.force_login(staff)
    text = client.get(forum.get_absolute_url()).content.decode()
    assert "No members have been recorded for this forum." in text
    assert "The VPP has not asked this forum for a connection yet." in text
    assert "No agreement has come via this forum yet." in text


def test_readers_see_no_edit_or_request_buttons(client, director, hull_sharing):
    forum = hull_sharing["forum"]
    client.force_login(director)
    text = client.get(forum.get_absolute_url()).content.decode()
    assert edit_url(forum) not in text
    assert "Request a connection" not in text
    assert "Add a forum" not in client.get(reverse("sharing:forum_list")).content.decode()
    assert client.get(edit_url(forum)).status_code == 403


def test_the_list_filters_by_search_text_and_member_and_sorts(client, staff, hull, police):
    ForumFactory(name="Humber Information Governance Alliance", acronym="HIGA", members=[hull])
    ForumFactory(name="Humberside Criminal Justice Board", acronym="HCJB", members=[police])
    ForumFactory(name="Yorkshire Rehabilitation Partnership", acronym="YHRP", members=[])
    client.force_login(staff)
    url = reverse("sharing:forum_list")

    humber = client.get(url, {"q": "humber", "sort": "-name"}).context["table"]
    assert [row.record.acronym for row in humber.rows] == ["HCJB", "HIGA"]
    with_hull = client.get(url, {"members": hull.pk}).context["table"]
    assert [row.record.acronym for row in with_hull.rows] == ["HIGA"]
    # Without JavaScript the member is typed: part of the organisation's name.
    typed = client.get(url, {"members": "hull city", "members-id": ""}).context["table"]
    assert [row.record.acronym for row in typed.rows] == ["HIGA"]


def test_the_list_is_paginated_in_pages_of_25(client, staff):
    for index in range(30):
        ForumFactory(name=f"Forum {index:02d}")
    client.force_login(staff)
    second = client.get(reverse("sharing:forum_list"), {"page": 2})
    assert "Showing 26 to 30 of 30 forums" in second.content.decode()


def test_the_csv_and_excel_exports_hold_exactly_the_filtered_list(client, staff, hull, police):
    ForumFactory(name="Humber Information Governance Alliance", acronym="HIGA", members=[hull])
    ForumFactory(name="Humberside Criminal Justice Board", acronym="HCJB", members=[hull, police])
    ForumFactory(name="Yorkshire Rehabilitation Partnership", acronym="YHRP")
    client.force_login(staff)
    params = {"q": "humber", "sort": "-name"}
    screen = client.get(reverse("sharing:forum_list"), params).context["table"]
    export = client.get(reverse("sharing:forum_export", kwargs={"format": "csv"}), params)
    header, *rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == ["Name", "Acronym", "Members"]
    assert [row[0] for row in rows] == [row.record.name for row in screen.rows]
    assert rows == [
        ["Humberside Criminal Justice Board", "HCJB", "2"],
        ["Humber Information Governance Alliance", "HIGA", "1"],
    ]

    xlsx = client.get(reverse("sharing:forum_export", kwargs={"format": "xlsx"}), params)
    # Dates are date cells and counts numbers in XLSX, ISO dates and digits in CSV.
    assert xlsx_as_csv(xlsx.content) == [header, *rows]


def test_a_forums_members_link_to_their_organisation_pages_and_back(client, staff):
    member = OrganisationFactory(name="Humberside Fire and Rescue Service", kind="fire")
    forum = ForumFactory(name="Humber Information Governance Alliance", members=[member])
    client.force_login(staff)
    text = client.get(member.get_absolute_url()).content.decode()
    assert f'href="{forum.get_absolute_url()}">' in text

"""Choosers (vpp_portal.choosers): the search endpoint, its scoping, and the fields and widgets
that pick rows of big tables without listing them on the page."""

import pytest
from django import forms
from django.urls import reverse

from sharing.models import Organisation
from tests.factories import (
    AgreementFactory,
    DataSourceFactory,
    ForumFactory,
    OrganisationFactory,
    UserFactory,
)
from vpp_portal.choosers import (
    MIN_QUERY_LENGTH,
    RESULT_LIMIT,
    ChooserField,
    MultiChooserField,
    use_chooser,
    use_multi_chooser,
)

#: The endpoint's queries whatever the table holds: the session, the user, the user's and its
#: groups' permissions (the role check), and the matches (with "more" in the same query).
SEARCH_QUERIES = 5


def search(client, kind: str, q: str):
    return client.get(reverse("chooser_search", kwargs={"kind": kind}), {"q": q})


def labels(response) -> list[str]:
    return [result["label"] for result in response.json()["results"]]


# --- The endpoint ------------------------------------------------------------------------------


def test_the_endpoint_answers_value_and_label_pairs_best_matches_first(client, staff, hull, police):
    OrganisationFactory(name="North Humberside Fire Service")
    client.force_login(staff)
    response = search(client, "organisation", "hum")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    # Names starting with the text come first, then those containing it; values are ids.
    assert response.json() == {
        "results": [
            {"value": str(police.pk), "label": "Humberside Police"},
            {
                "value": str(Organisation.objects.get(name__startswith="North").pk),
                "label": "North Humberside Fire Service",
            },
            {
                "value": str(Organisation.objects.get(name__startswith="Office").pk),
                "label": "Office of the Police and Crime Commissioner for Humberside",
            },
        ],
        "more": False,
    }


def test_the_endpoint_returns_at_most_twenty_and_says_there_are_more(client, staff):
    for number in range(RESULT_LIMIT + 5):
        OrganisationFactory(name=f"Youth Club {number:02d}")
    client.force_login(staff)
    body = search(client, "organisation", "youth club").json()
    assert len(body["results"]) == RESULT_LIMIT
    assert body["more"] is True
    assert body["results"][0]["label"] == "Youth Club 00"
    # Narrower text: all of them, and no more to come.
    narrower = search(client, "organisation", "youth club 2").json()
    assert labels_of(narrower) == [f"Youth Club {n}" for n in range(20, 25)]
    assert narrower["more"] is False


def labels_of(body: dict) -> list[str]:
    return [result["label"] for result in body["results"]]


def test_text_shorter_than_the_minimum_finds_nothing_without_searching(
    client, staff, hull, django_assert_num_queries
):
    client.force_login(staff)
    assert MIN_QUERY_LENGTH == 2
    search(client, "organisation", "xx")  # the session is read once before counting
    with django_assert_num_queries(SEARCH_QUERIES - 1):
        response = search(client, "organisation", " H ")
    assert response.json() == {"results": [], "more": False}
    assert labels(search(client, "organisation", "Hul")) == ["Hull City Council"]


def test_an_unknown_kind_is_not_found_and_a_missing_permission_is_refused(
    client, staff, partner_hull
):
    client.force_login(staff)
    assert search(client, "planet", "Mars").status_code == 404
    client.force_login(partner_hull)
    # Partners never search the people, forums, activities or policies.
    for kind in ("person", "forum", "activity", "policy"):
        assert search(client, kind, "Hu").status_code == 403, kind
    for kind in ("organisation", "agreement", "datasource"):
        assert search(client, kind, "Hu").status_code == 200, kind


def test_signed_out_the_endpoint_sends_you_to_sign_in(client):
    response = search(client, "organisation", "Hull")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("rows", [1, 50])
def test_the_endpoint_runs_a_fixed_number_of_queries(
    client, staff, rows, django_assert_num_queries
):
    for number in range(rows):
        OrganisationFactory(name=f"Scale Test Trust {number:03d}")
    for number in range(rows):
        AgreementFactory(title=f"Scale Test ISA {number:03d}")
    client.force_login(staff)
    search(client, "organisation", "xx")
    for kind in ("organisation", "agreement"):
        with django_assert_num_queries(SEARCH_QUERIES):
            response = search(client, kind, "scale test")
        assert len(response.json()["results"]) == min(rows, RESULT_LIMIT)


# --- Scoping -----------------------------------------------------------------------------------


def test_a_partner_finds_only_their_own_organisation_agreements_and_sources(
    client, partner_hull, hull, police, opcc
):
    AgreementFactory(title="Humber youth ISA", parties=[(opcc, "controller"), (hull, "recipient")])
    AgreementFactory(
        title="Humber custody ISA", parties=[(opcc, "controller"), (police, "recipient")]
    )
    DataSourceFactory(name="Humber youth contacts", supplier=hull)
    DataSourceFactory(name="Humber custody records", supplier=police)
    client.force_login(partner_hull)
    assert labels(search(client, "organisation", "Hu")) == ["Hull City Council"]
    assert labels(search(client, "organisation", "Police")) == []
    assert labels(search(client, "agreement", "Humber")) == ["Humber youth ISA"]
    assert labels(search(client, "agreement", "custody")) == []
    assert labels(search(client, "datasource", "Humber")) == ["Humber youth contacts"]
    assert labels(search(client, "datasource", "custody")) == []


def test_the_people_chooser_finds_active_internal_people_by_name_or_address(
    client, staff, partner_hull
):
    UserFactory(full_name="Priya Patel", email="priya@opcc.test")
    UserFactory(full_name="Peter Left", email="peter@opcc.test", is_active=False)
    client.force_login(staff)
    assert labels(search(client, "person", "priya@")) == ["Priya Patel"]
    assert labels(search(client, "person", "Peter")) == []  # he has left
    # A partner is no internal person, so is never offered.
    assert partner_hull.full_name not in labels(
        search(client, "person", partner_hull.full_name[:4])
    )


def test_the_account_chooser_finds_partners_logins_for_those_who_keep_the_role_holders(
    client, dpo, staff, partner_hull
):
    client.force_login(dpo)
    assert labels(search(client, "account", "harry")) == ["Harry Hull (partner.hull@test.vpp)"]
    client.force_login(staff)
    assert search(client, "account", "harry").status_code == 403


def test_the_forum_chooser_finds_a_forum_by_its_acronym(client, staff):
    ForumFactory(name="Humber Information Governance Alliance", acronym="HIGA")
    client.force_login(staff)
    assert labels(search(client, "forum", "higa")) == [
        "Humber Information Governance Alliance (HIGA)"
    ]


# --- The single field --------------------------------------------------------------------------


class OrganisationForm(forms.Form):
    organisation = ChooserField(Organisation.objects.all(), kind="organisation")


def cleaned(data: dict):
    form = OrganisationForm(data)
    return form, (form.cleaned_data.get("organisation") if form.is_valid() else None)


@pytest.fixture
def humber(hull, police, opcc):
    """Hull, the police and the OPCC, and a second "Hull" whose name contains the first's."""
    return {
        "hull": hull,
        "police": police,
        "opcc": opcc,
        "trust": OrganisationFactory(name="Hull University Teaching Hospitals Trust"),
    }


def test_a_chosen_id_with_its_name_is_that_row(humber):
    police = humber["police"]
    _form, row = cleaned({"organisation": "Humberside Police", "organisation-id": police.pk})
    assert row == police


def test_typed_text_alone_finds_an_exact_name_or_the_one_row_containing_it(humber):
    # Exactly a name (case aside), though another name contains it too.
    assert (
        cleaned({"organisation": "hull city council", "organisation-id": ""})[1] == humber["hull"]
    )
    # Part of just one name.
    assert cleaned({"organisation": "teaching hosp", "organisation-id": ""})[1] == humber["trust"]


def test_typed_text_matching_nothing_or_several_rows_says_so_next_to_the_field(humber):
    form, _row = cleaned({"organisation": "Atlantis", "organisation-id": ""})
    assert form.errors["organisation"] == [
        "No organisation called ‘Atlantis’ was found. Check the spelling, or type part of the "
        "name and choose from the suggestions."
    ]
    form, _row = cleaned({"organisation": "Hu", "organisation-id": ""})
    (message,) = form.errors["organisation"]
    assert message.startswith("More than one organisation matches ‘Hu’ (")
    assert "Humberside Police" in message and "Hull City Council" in message
    assert message.endswith("Type more of the name.")


def test_an_empty_box_is_the_required_message(humber):
    form, _row = cleaned({"organisation": "  ", "organisation-id": ""})
    assert form.errors["organisation"] == ["This field is required."]


def test_a_bare_id_in_the_fields_own_name_still_works(humber):
    assert cleaned({"organisation": str(humber["police"].pk)})[1] == humber["police"]


def test_a_stale_id_whose_text_was_changed_gives_way_to_the_text(humber):
    # Chosen Hull, then typed over it (no script cleared the id): the text is what counts.
    data = {"organisation": "Humberside Police", "organisation-id": humber["hull"].pk}
    assert cleaned(data)[1] == humber["police"]


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": "99999999999999999999999"},
        {"organisation": "Hull City Council", "organisation-id": "99999999999999999999999"},
        {"organisation": "Atlantis", "organisation-id": "not-a-number"},
        {"organisation": "²"},
        {"organisation": "12abc"},
    ],
)
def test_ids_that_cannot_be_rows_get_a_message_not_an_error(humber, data):
    form, row = cleaned(data)
    if row is None:
        assert form.errors["organisation"]
    else:  # the id gave way to a name that is a row
        assert row == humber["hull"]


def test_the_suggestions_label_counts_when_the_field_shows_rows_otherwise(humber):
    class KindForm(forms.Form):
        organisation = forms.ModelChoiceField(Organisation.objects.all())

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            use_chooser(self.fields, "organisation", kind="organisation")

    police = humber["police"]
    form = KindForm({"organisation": "Humberside Police", "organisation-id": police.pk})
    field = form.fields["organisation"]
    field.label_from_instance = lambda row: f"{row.name} ({row.get_kind_display()})"
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == police


def test_use_chooser_keeps_the_label_hint_required_flag_and_messages(humber):
    class OwnerForm(forms.Form):
        organisation = forms.ModelChoiceField(
            Organisation.objects.all(),
            label="Lead partner",
            help_text="Who leads the work.",
            required=True,
            error_messages={"required": "Choose the lead partner."},
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            use_chooser(self.fields, "organisation", kind="organisation")

    form = OwnerForm({"organisation": "", "organisation-id": ""})
    field = form.fields["organisation"]
    assert isinstance(field, ChooserField)
    assert (field.label, field.help_text, field.required) == (
        "Lead partner",
        "Who leads the work.",
        True,
    )
    assert form.errors["organisation"] == ["Choose the lead partner."]


# --- The multiple field ------------------------------------------------------------------------


class MembersForm(forms.Form):
    members = MultiChooserField(Organisation.objects.all(), kind="organisation", required=False)


def members(data: dict):
    form = MembersForm(data)
    return form, (set(form.cleaned_data["members"]) if form.is_valid() else None)


def test_unticking_a_chosen_row_removes_it(humber):
    _form, chosen = members({"members": [humber["hull"].pk], "members-add": ""})
    assert chosen == {humber["hull"]}
    # Nothing ticked and nothing added: none.
    assert members({"members-add": ""})[1] == set()


def test_a_row_is_added_by_its_typed_name_or_its_chosen_id(humber):
    hull, police = humber["hull"], humber["police"]
    by_text = {"members": [hull.pk], "members-add": "humberside pol"}
    assert members(by_text)[1] == {hull, police}
    by_id = {
        "members": [hull.pk],
        "members-add": "Humberside Police",
        "members-add-id": police.pk,
    }
    assert members(by_id)[1] == {hull, police}
    # Adding a row already ticked keeps it once.
    again = {"members": [police.pk], "members-add": "Humberside Police"}
    assert members(again)[1] == {police}


def test_an_add_that_matches_nothing_or_a_tick_that_is_no_row_says_so(humber):
    form, _chosen = members({"members": [humber["hull"].pk], "members-add": "Atlantis"})
    assert "No organisation called ‘Atlantis’ was found" in form.errors["members"][0]
    for bad in ("99999999999999999999999", "x", "²"):
        form, _chosen = members({"members": [bad], "members-add": ""})
        assert form.errors["members"], bad


def test_use_multi_chooser_keeps_the_label_and_hint(humber):
    class ForumMembersForm(forms.Form):
        members = forms.ModelMultipleChoiceField(
            Organisation.objects.all(), label="Member organisations", help_text="Who sits on it."
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            use_multi_chooser(self.fields, "members", kind="organisation")

    form = ForumMembersForm({"members": [humber["opcc"].pk], "members-add": "humberside pol"})
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["members"]) == {humber["opcc"], humber["police"]}
    field = form.fields["members"]
    assert (field.label, field.help_text) == ("Member organisations", "Who sits on it.")


# --- Rendering ---------------------------------------------------------------------------------


def test_the_page_carries_only_the_chosen_rows_never_every_option(humber):
    for number in range(30):
        OrganisationFactory(name=f"Unchosen Partner {number:02d}")

    class BothForm(forms.Form):
        organisation = ChooserField(Organisation.objects.all(), kind="organisation")
        members = MultiChooserField(Organisation.objects.all(), kind="organisation")

    html = str(BothForm(initial={"organisation": humber["police"].pk, "members": [humber["hull"]]}))
    assert "<option" not in html and "<select" not in html
    assert "Unchosen Partner" not in html
    assert 'value="Humberside Police"' in html
    assert f'name="organisation-id" value="{humber["police"].pk}"' in html
    assert f'name="members" value="{humber["hull"].pk}"' in html and "checked" in html
    assert 'data-vpp-chooser="/choose/organisation/"' in html


def test_names_are_escaped_in_both_widgets(db):
    nasty = OrganisationFactory(name='<script>alert("x")</script> Trust')

    class BothForm(forms.Form):
        organisation = ChooserField(Organisation.objects.all(), kind="organisation")
        members = MultiChooserField(Organisation.objects.all(), kind="organisation")

    html = str(BothForm(initial={"organisation": nasty.pk, "members": [nasty.pk]}))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Trust" in html
    # What was typed comes back escaped too.
    typed = str(BothForm({"organisation": "<b>bold</b>", "members-add": "<i>x</i>"}))
    assert "<b>" not in typed and "&lt;b&gt;bold&lt;/b&gt;" in typed
    assert "<i>" not in typed and "&lt;i&gt;x&lt;/i&gt;" in typed

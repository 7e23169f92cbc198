"""The data-source register: list, export, detail, add, edit, history, scoping and rules 1, 2, 5."""

import csv
import io
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharing.models import DataSource
from tests.factories import AgreementFactory, DataSourceFactory, ProductFactory
from tests.support.hypothesis import examples

pytestmark = pytest.mark.django_db

LIST = reverse("sharing:datasource_list")
ADD = reverse("sharing:datasource_create")


def edit_url(source):
    return reverse("sharing:datasource_update", kwargs={"pk": source.pk})


def export_url(fmt="csv"):
    return reverse("sharing:datasource_export", kwargs={"format": fmt})


def partner_shared(hull_sharing, **changes):
    """Form data for a valid partner-shared source Hull supplies under its active ISA."""
    data = {
        "name": "Hull school exclusions",
        "classification": "partner_shared",
        "supplier": hull_sharing["datasource"].supplier_id,
        "covering_agreement": hull_sharing["agreement"].pk,
        "justification": "Exclusions are not published by school.",
        "collection": "existing",
        "change_reason": "Agreed at the March analysts' meeting",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None, False)}


def form_data(source, **changes):
    """The edit form as it would be posted for ``source``, with ``changes``."""
    data = {
        field: getattr(source, field)
        for field in ("name", "description", "classification", "url", "publisher", "citation")
    }
    data.update(
        supplier=source.supplier_id,
        covering_agreement=source.covering_agreement_id,
        justification=source.justification,
        collection=source.collection,
        new_collection_purpose=source.new_collection_purpose,
        has_personal_data="on" if source.has_personal_data else "",
        row_version=source.row_version,
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None, False)}


def rows(response):
    return [row.record for row in response.context["table"].rows]


# --- Access ----------------------------------------------------------------------------------


def test_a_partner_sees_only_the_sources_their_organisation_supplies(
    client, partner_police, partner_hull, hull_sharing, police
):
    theirs = DataSourceFactory(
        name="Police recorded violence",
        classification="partner_shared",
        url="",
        publisher="",
        supplier=police,
    )
    open_data = DataSourceFactory(name="ONS population estimates")

    client.force_login(partner_police)
    assert rows(client.get(LIST)) == [theirs]
    hull_source = hull_sharing["datasource"]
    assert client.get(hull_source.get_absolute_url()).status_code == 404
    history = reverse("sharing:datasource_history", kwargs={"pk": hull_source.pk})
    assert client.get(history).status_code == 404
    assert client.get(open_data.get_absolute_url()).status_code == 404
    exported = client.get(export_url()).getvalue().decode("utf-8-sig")
    assert "Police recorded violence" in exported
    assert "Hull youth service contacts" not in exported

    client.force_login(partner_hull)
    assert rows(client.get(LIST)) == [hull_source]


@pytest.mark.parametrize("actor", ["siro", "director", "partner_hull"])
def test_roles_without_edit_rights_cannot_add_or_edit_a_source(
    request, client, actor, hull_sharing
):
    source = hull_sharing["datasource"]
    client.force_login(request.getfixturevalue(actor))
    assert client.get(ADD).status_code == 403
    assert client.get(edit_url(source)).status_code == 403
    response = client.post(edit_url(source), form_data(source, name="Renamed"))
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.name == "Hull youth service contacts"
    assert source.history.count() == 1


def test_readers_see_no_add_or_edit_buttons(client, siro, hull_sharing):
    client.force_login(siro)
    source = hull_sharing["datasource"]
    assert "Add a data source" not in client.get(LIST).content.decode()
    assert edit_url(source) not in client.get(source.get_absolute_url()).content.decode()


# --- List, filters, export -------------------------------------------------------------------


@pytest.fixture
def register(hull_sharing, hull):
    """Open, one-off and partner-shared sources, one of them uncovered."""
    expired = AgreementFactory(
        title="Old Hull data sharing ISA",
        status="expired",
        allows_personal_data=True,
        parties=[(hull, "controller")],
    )
    return {
        "covered": hull_sharing["datasource"],
        "uncovered": DataSourceFactory(
            name="Hull licensing incidents",
            classification="partner_shared",
            url="",
            publisher="",
            supplier=hull,
            covering_agreement=expired,
            justification="Not published.",
            collection="existing",
        ),
        "open": DataSourceFactory(name="police.uk street-level crime"),
        "one_off": DataSourceFactory(
            name="Serious Violence Duty guidance",
            classification="one_off_public",
            url="",
            publisher="",
            citation="Home Office (2022) Serious Violence Duty.",
        ),
    }


def test_an_uncovered_source_is_tagged_in_words_not_colour_alone(client, staff, register):
    client.force_login(staff)
    table_html = client.get(LIST).content.decode().split('<table class="govuk-table"')[1]
    assert table_html.count('govuk-tag--red">Uncovered</strong>') == 1
    assert "no active agreement covers this data" in table_html
    table = client.get(LIST).context["table"]
    coverage = {row.record.name: row.get_cell_value("coverage") for row in table.rows}
    assert coverage == {
        "Hull licensing incidents": "Uncovered",
        "Hull youth service contacts": "Hull youth violence ISA",
        "police.uk street-level crime": "Not needed",
        "Serious Violence Duty guidance": "Not needed",
    }


def test_the_list_filters_by_text_classification_personal_data_and_coverage(
    client, staff, register
):
    client.force_login(staff)
    assert rows(client.get(LIST, {"q": "hull"})) == [register["uncovered"], register["covered"]]
    assert rows(client.get(LIST, {"classification": "one_off_public"})) == [register["one_off"]]
    assert rows(client.get(LIST, {"has_personal_data": "true"})) == [register["covered"]]
    assert len(rows(client.get(LIST, {"has_personal_data": "false"}))) == 3
    assert rows(client.get(LIST, {"uncovered": "on"})) == [register["uncovered"]]
    assert len(rows(client.get(LIST, {"uncovered": ""}))) == 4


def test_sorting_by_classification_follows_the_strategys_numbering(client, staff, register):
    client.force_login(staff)
    ordered = [s.classification for s in rows(client.get(LIST, {"sort": "classification"}))]
    assert ordered == ["open", "one_off_public", "partner_shared", "partner_shared"]
    backwards = [s.classification for s in rows(client.get(LIST, {"sort": "-classification"}))]
    assert backwards[0] == "partner_shared" and backwards[-1] == "open"
    by_supplier = rows(client.get(LIST, {"sort": "-supplier"}))
    assert by_supplier[0].supplier is not None


def test_an_unknown_filter_value_is_reported_not_a_crash(client, staff, register):
    client.force_login(staff)
    response = client.get(LIST, {"classification": "secret", "sort": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_list_is_paginated_in_pages_of_25(client, staff):
    DataSourceFactory.create_batch(27)
    client.force_login(staff)
    assert len(client.get(LIST).context["table"].page.object_list) == 25
    assert "Showing 26 to 27 of 27 data sources" in client.get(LIST, {"page": 2}).content.decode()


def test_the_list_links_to_exports_of_the_same_filter(client, staff, register):
    client.force_login(staff)
    page = client.get(LIST, {"uncovered": "on"}).content.decode()
    assert f"{export_url('csv')}?uncovered=on" in page
    assert f"{export_url('xlsx')}?uncovered=on" in page


def test_the_csv_export_holds_exactly_the_filtered_list(client, staff, register):
    client.force_login(staff)
    params = {"q": "hull", "sort": "-name"}
    screen = rows(client.get(LIST, params))
    export = client.get(export_url(), params)
    assert export["Content-Type"].startswith("text/csv")
    assert "attachment" in export["Content-Disposition"]
    header, *lines = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == [
        "Name",
        "Classification",
        "Supplied by",
        "Personal data",
        "Covering agreement",
    ]
    assert [line[0] for line in lines] == [source.name for source in screen]
    covered = ["Hull youth service contacts", "3. Partner-shared", "Hull City Council", "Yes"]
    uncovered = ["Hull licensing incidents", "3. Partner-shared", "Hull City Council", "No"]
    assert lines == [[*covered, "Hull youth violence ISA"], [*uncovered, "Uncovered"]]


def test_the_excel_export_holds_the_same_rows_as_the_csv(client, staff, register):
    from openpyxl import load_workbook

    client.force_login(staff)
    params = {"uncovered": "on"}
    xlsx = client.get(export_url("xlsx"), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    as_csv = client.get(export_url(), params).getvalue().decode("utf-8-sig")
    assert values == list(csv.reader(io.StringIO(as_csv)))
    assert [row[0] for row in values[1:]] == ["Hull licensing incidents"]


# --- Detail ----------------------------------------------------------------------------------


def test_an_open_source_shows_only_its_open_data_fields(client, staff):
    source = DataSourceFactory(
        name="police.uk street-level crime",
        url="https://data.police.uk/data/",
        publisher="Home Office",
        licence="Open Government Licence v3.0",
        update_frequency="monthly",
        citation="should never show",
    )
    client.force_login(staff)
    page = client.get(source.get_absolute_url()).content.decode()
    assert '<a class="govuk-link" href="https://data.police.uk/data/"' in page
    for text in ("Home Office", "Open Government Licence v3.0", "Monthly", "Last refreshed"):
        assert text in page
    for label in ("Citation", "FOI reference", "Supplying organisation", "Covering agreement"):
        assert label not in page
    assert "Uncovered" not in page


def test_a_one_off_source_shows_its_citation_date_and_foi_reference(client, staff):
    source = DataSourceFactory(
        classification="one_off_public",
        url="",
        publisher="",
        citation="Humberside Fire and Rescue Service FOI response",
        foi_reference="FOI/2024/117",
    )
    client.force_login(staff)
    page = client.get(source.get_absolute_url()).content.decode()
    for text in ("Humberside Fire and Rescue Service FOI response", "FOI/2024/117", "Citation"):
        assert text in page
    assert "Web address" not in page


def test_a_partner_shared_source_shows_its_supplier_agreement_and_products(
    client, staff, hull_sharing
):
    source = hull_sharing["datasource"]
    client.force_login(staff)
    response = client.get(source.get_absolute_url())
    page = response.content.decode()
    assert f'href="{hull_sharing["agreement"].get_absolute_url()}">Hull youth violence ISA' in page
    assert 'govuk-tag--green">Active</strong>' in page
    assert f'href="{source.supplier.get_absolute_url()}">Hull City Council' in page
    assert "Not published at street level." in page
    assert "Data the partner already collects" in page
    assert f'href="{hull_sharing["product"].get_absolute_url()}">Hull hotspots briefing' in page
    assert 'data-testid="uncovered-warning"' not in page
    # The three data flags, as words.
    flags = response.context["object"]
    assert (flags.has_personal_data, flags.has_special_category_data) == (True, False)
    assert "Special category data</dt>" in page


def test_an_uncovered_source_carries_a_warning_naming_the_agreements_status(
    client, staff, register
):
    client.force_login(staff)
    page = client.get(register["uncovered"].get_absolute_url()).content.decode()
    assert 'data-testid="uncovered-warning"' in page
    assert "No active agreement covers this data: ‘Old Hull data sharing ISA’ is expired" in page


def test_a_partner_sees_their_source_without_the_internal_products_panel(
    client, partner_hull, hull_sharing
):
    client.force_login(partner_hull)
    response = client.get(hull_sharing["datasource"].get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Products that use it" not in page
    assert "Hull hotspots briefing" not in page
    # Hull is party to the covering ISA, so its page is theirs to open.
    assert hull_sharing["agreement"].get_absolute_url() in page


# --- The form and rules 1 and 2 --------------------------------------------------------------


def test_the_form_groups_fields_by_classification_under_legends(client, staff):
    client.force_login(staff)
    page = client.get(ADD).content.decode()
    for legend in ("If open data", "If one-off public", "If partner-shared"):
        assert legend in page
    assert page.index("If open data") < page.index('name="url"') < page.index("If one-off")
    assert page.index("If partner-shared") < page.index('name="supplier"')
    # Three classifications are radios (no blank "---------" choice), each with its hint.
    assert page.count('name="classification"') == 3
    assert "Shared by a partner and not public in full." in page
    assert "---------" not in page.split('name="classification"')[1]


def test_staff_add_a_partner_shared_source_with_one_history_row(client, staff, hull_sharing):
    client.force_login(staff)
    response = client.post(
        ADD,
        partner_shared(
            hull_sharing,
            # Fields of other classifications are cleared, whatever was typed into them.
            url="https://example.org/",
            publisher="Someone",
            citation="A paper",
            foi_reference="FOI/1",
            has_personal_data="on",
        ),
    )
    source = DataSource.objects.get(name="Hull school exclusions")
    assert response.status_code == 302
    assert response["Location"] == source.get_absolute_url()
    assert (source.url, source.publisher, source.citation, source.foi_reference) == ("",) * 4
    assert source.covering_agreement == hull_sharing["agreement"]
    assert source.created_by == staff
    (entry,) = source.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Agreed at the March analysts' meeting",
    )


def test_changing_the_classification_clears_the_fields_of_the_old_one(client, staff):
    source = DataSourceFactory(name="Crime open data", licence="OGL", update_frequency="monthly")
    client.force_login(staff)
    response = client.post(
        edit_url(source),
        form_data(
            source,
            classification="one_off_public",
            citation="Home Office (2024) Crime in England and Wales.",
            licence="OGL",
            change_reason="It was a one-off release",
        ),
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.classification == "one_off_public"
    assert (source.url, source.publisher, source.licence, source.update_frequency) == ("",) * 4
    assert source.history.count() == 2
    latest = source.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        staff,
        "It was a one-off release",
    )


def _agreement(**values):
    return AgreementFactory(**values)


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("no supplier", "supplier", "Select the organisation that supplies the data."),
        ("no agreement", "covering_agreement", "Select the active agreement that covers this"),
        ("agreement not active", "covering_agreement", "is drafting, not active"),
        ("supplier not a party", "covering_agreement", "Humberside Police is not a party to"),
        ("no justification", "justification", "Explain why open or published data"),
        ("no collection", "collection", "Say whether the partner already collects this data"),
        ("new collection without purpose", "new_collection_purpose", "scoping, designing or"),
        ("personal data under an MoU", "covering_agreement", "an MoU alone is never enough"),
        (
            "personal data under an ISA that does not allow it",
            "covering_agreement",
            "‘Hull data ISA’ does not allow personal data",
        ),
        ("open data without web address", "url", "Enter the web address where the open data"),
        ("open data without publisher", "publisher", "Enter who publishes the open data."),
        ("one-off without citation or FOI", "citation", "Enter the citation of the published"),
        ("special category but not personal", "has_personal_data", "tick ‘Personal data’ too"),
    ],
)
def test_each_rule_is_explained_next_to_its_field_and_nothing_is_saved(
    client, staff, hull_sharing, hull, police, opcc, case, field, message
):
    changes = {
        "no supplier": {"supplier": ""},
        "no agreement": {"covering_agreement": ""},
        "agreement not active": {
            "covering_agreement": _agreement(status="drafting", parties=[(hull, "controller")]).pk
        },
        "supplier not a party": {"supplier": police.pk},
        "no justification": {"justification": "   "},
        "no collection": {"collection": ""},
        "new collection without purpose": {"collection": "new"},
        "personal data under an MoU": {
            "has_personal_data": "on",
            "covering_agreement": _agreement(
                kind="mou", status="active", parties=[(hull, "controller")]
            ).pk,
        },
        "personal data under an ISA that does not allow it": {
            "has_personal_data": "on",
            "covering_agreement": _agreement(
                title="Hull data ISA",
                kind="isa",
                status="active",
                allows_personal_data=False,
                parties=[(hull, "controller"), (opcc, "controller")],
            ).pk,
        },
        "open data without web address": {"classification": "open", "publisher": "ONS"},
        "open data without publisher": {"classification": "open", "url": "https://ons.gov.uk"},
        "one-off without citation or FOI": {"classification": "one_off_public"},
        "special category but not personal": {"has_special_category_data": "on"},
    }[case]
    client.force_login(staff)
    before = DataSource.objects.count()

    response = client.post(ADD, partner_shared(hull_sharing, **changes))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    page = response.content.decode()
    assert "There is a problem" in page
    # The summary links to the field (the first option, for radios), and that element exists.
    target = re.search(rf'href="#(id_{field}(?:_1)?)"', page)
    assert target, f"no error summary link to {field}"
    assert f'id="{target[1]}"' in page
    assert DataSource.objects.count() == before


def test_personal_data_under_an_isa_that_allows_it_is_accepted(client, staff, hull_sharing):
    client.force_login(staff)
    response = client.post(ADD, partner_shared(hull_sharing, has_personal_data="on"))
    assert response.status_code == 302
    assert DataSource.objects.get(name="Hull school exclusions").has_personal_data


def test_a_new_collection_for_a_permitted_purpose_is_accepted(client, staff, hull_sharing):
    client.force_login(staff)
    response = client.post(
        ADD,
        partner_shared(hull_sharing, collection="new", new_collection_purpose="designing"),
    )
    assert response.status_code == 302
    source = DataSource.objects.get(name="Hull school exclusions")
    assert (source.collection, source.new_collection_purpose) == ("new", "designing")


def test_an_edit_writes_exactly_one_history_row_with_user_and_reason(client, dpo, hull_sharing):
    source = hull_sharing["datasource"]
    client.force_login(dpo)
    response = client.post(
        edit_url(source),
        form_data(source, location="VPP secure workspace", change_reason="Moved off laptops"),
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.location == "VPP secure workspace"
    assert source.history.count() == 2
    latest = source.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Moved off laptops")
    page = client.get(reverse("sharing:datasource_history", kwargs={"pk": source.pk}))
    assert "Moved off laptops" in page.content.decode()


def test_a_source_whose_agreement_lapsed_cannot_be_saved_until_it_is_covered_again(
    client, staff, hull_sharing
):
    source = hull_sharing["datasource"]
    agreement = hull_sharing["agreement"]
    agreement.status = "expired"
    agreement.save()
    client.force_login(staff)
    response = client.post(edit_url(source), form_data(source, location="Somewhere"))
    assert response.status_code == 200
    assert "is expired, not active" in " ".join(
        response.context["form"].errors["covering_agreement"]
    )
    source.refresh_from_db()
    assert source.location == ""


def test_a_product_using_the_source_is_listed_on_it(client, staff, hull_sharing):
    other = ProductFactory(title="Internal ward profile", audience="internal")
    other.data_sources.set([hull_sharing["datasource"]])
    client.force_login(staff)
    products = client.get(hull_sharing["datasource"].get_absolute_url()).context["object"]
    assert {p.title for p in products.products.all()} == {
        "Hull hotspots briefing",
        "Internal ward profile",
    }


# --- Whatever is typed, the answer is a page, never a 500 ------------------------------------

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=text, classification=text, personal=text, uncovered=text, sort=text)
def test_any_filter_or_sort_value_gets_a_page(
    client, staff, register, q, classification, personal, uncovered, sort
):
    client.force_login(staff)
    params = {
        "q": q,
        "classification": classification,
        "has_personal_data": personal,
        "uncovered": uncovered,
        "sort": sort,
    }
    assert client.get(LIST, params).status_code == 200
    assert client.get(export_url(), params).status_code == 200


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(classification=text, supplier=text, agreement=text, collection=text, url=text)
def test_any_form_input_is_saved_or_explained(
    client, staff, hull_sharing, classification, supplier, agreement, collection, url
):
    client.force_login(staff)
    data = {
        "name": "Fuzzed source",
        "classification": classification,
        "supplier": supplier,
        "covering_agreement": agreement,
        "collection": collection,
        "url": url,
    }
    response = client.post(ADD, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()

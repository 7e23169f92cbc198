"""Every form field that picks an organisation, agreement, data source, forum, processing
activity, policy or person is a chooser (``vpp_portal.choosers``): the page carries only the
chosen values, never every row, and its queries do not grow with the table; without JavaScript
a typed name is looked up among the rows the field allows, and a name no allowed row has is
refused next to the field.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from governance.forms.breaches import BreachForm
from governance.forms.dpia_workflow import DpiaApproveForm
from governance.forms.dpias import DpiaForm
from governance.forms.policies import PolicyForm
from governance.models import Dpia, Policy
from ropa.forms.activities import ProcessingActivityForm, field_anchor
from ropa.forms.retention import DisposalForm
from ropa.models import ProcessingActivity
from sharing.forms.agreements import AgreementForm, AgreementPartyForm
from sharing.forms.forums import ConnectForm, ConnectionRequestForm, ForumForm
from sharing.forms.products import ConsultationForm, ProductForm
from sharing.forms.role_holders import RoleHolderForm
from sharing.forms.sources import DataSourceForm
from sharing.models import Agreement, DataSource, Forum, Organisation
from vpp_portal.choosers import ChooserField, MultiChooserField

pytestmark = pytest.mark.django_db

#: The names of the rows that fill every table: none may appear on a form page.
FILLER = "Zz filler"


def fill(count: int, owner: Organisation, start: int = 0) -> None:
    """``count`` more rows in each table a chooser searches (one query per table)."""
    numbers = range(start, start + count)
    Organisation.objects.bulk_create(
        Organisation(name=f"{FILLER} organisation {n:03d}", kind="other") for n in numbers
    )
    Agreement.objects.bulk_create(
        Agreement(
            title=f"{FILLER} agreement {n:03d}",
            kind=("isa", "art28")[n % 2],
            status="active",
            purpose="Shared analysis.",
        )
        for n in numbers
    )
    DataSource.objects.bulk_create(
        DataSource(
            name=f"{FILLER} source {n:03d}",
            classification="open",
            url="https://example.org/",
            publisher="Someone",
        )
        for n in numbers
    )
    Forum.objects.bulk_create(
        Forum(name=f"{FILLER} forum {n:03d}", acronym=f"ZZ{n}") for n in numbers
    )
    ProcessingActivity.objects.bulk_create(
        ProcessingActivity(
            name=f"{FILLER} activity {n:03d}", business_function="Analysis", purpose="Counts"
        )
        for n in numbers
    )
    Policy.objects.bulk_create(
        Policy(
            title=f"{FILLER} policy {n:03d}",
            kind=("policy", "safeguards")[n % 2],
            owner_organisation=owner,
            status="in_force",
            version="1",
        )
        for n in numbers
    )
    User.objects.bulk_create(
        User(email=f"filler{n}@example.test", full_name=f"{FILLER} person {n:03d}") for n in numbers
    )


class Records(dict):
    """The records a case needs, made on first use (the DPIA fixtures are slow to build)."""

    SOURCES = {
        "dpia_records": ("dpia", "dpia_awaiting_sign_off"),
        "ropa_records": ("processingactivity", "disposal", "policy"),
    }

    def __init__(self, request: Any) -> None:
        super().__init__()
        self.request = request

    def __missing__(self, key: str) -> Any:
        for fixture, keys in self.SOURCES.items():
            if key in keys:
                return self.request.getfixturevalue(fixture)[key]
        if key in ("opcc", "hull", "staff", "siro"):
            return self.request.getfixturevalue(key)
        return self.request.getfixturevalue("hull_sharing")[key]


@pytest.fixture
def records(request, opcc, staff) -> Records:
    return Records(request)


# --- The pages: no rows listed, queries fixed ----------------------------------------------


@dataclass(frozen=True)
class Page:
    id: str
    role: str
    url: Callable[[dict[str, Any]], str]
    #: What the page must show of the values already chosen.
    shows: tuple[str, ...] = ()


def _url(name: str, **kwargs: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], str]:
    return lambda r: reverse(name, kwargs={key: get(r) for key, get in kwargs.items()})


PAGES = [
    Page("agreement add", "staff", _url("sharing:agreement_create")),
    Page(
        "agreement edit",
        "staff",
        _url("sharing:agreement_update", pk=lambda r: r["agreement"].pk),
    ),
    Page(
        "agreement party add",
        "staff",
        _url("sharing:agreementparty_create", agreement_pk=lambda r: r["agreement"].pk),
    ),
    Page("forum add", "staff", _url("sharing:forum_create")),
    Page(
        "forum edit",
        "staff",
        _url("sharing:forum_update", pk=lambda r: r["forum"].pk),
        shows=("Hull City Council", "Humberside Police"),
    ),
    Page("connection request add", "staff", _url("sharing:connectionrequest_create")),
    Page(
        "connection request edit",
        "staff",
        _url("sharing:connectionrequest_update", pk=lambda r: r["connectionrequest"].pk),
        shows=('value="Humber Information Governance Alliance (HIGA)"', "Hull City Council"),
    ),
    Page(
        "connection request connect",
        "staff",
        _url(
            "sharing:connectionrequest_transition",
            pk=lambda r: r["connectionrequest"].pk,
            transition=lambda r: "connect",
        ),
    ),
    Page("product add", "staff", _url("sharing:product_create")),
    Page(
        "product edit",
        "staff",
        _url("sharing:product_update", pk=lambda r: r["product"].pk),
        shows=("Hull youth service contacts – 3. Partner-shared, supplied by Hull City Council",),
    ),
    Page(
        "consultation add",
        "staff",
        _url("sharing:consultation_create", product_pk=lambda r: r["product"].pk),
    ),
    Page("role holder add", "dpo", _url("sharing:roleholder_create")),
    Page("data source add", "staff", _url("sharing:datasource_create")),
    Page(
        "data source edit",
        "staff",
        _url("sharing:datasource_update", pk=lambda r: r["datasource"].pk),
        shows=('value="Hull City Council"',),
    ),
    Page("processing activity add", "staff", _url("ropa:processingactivity_create")),
    Page(
        "processing activity edit",
        "staff",
        _url("ropa:processingactivity_update", pk=lambda r: r["processingactivity"].pk),
    ),
    Page("disposal add", "staff", _url("ropa:disposal_create")),
    Page(
        "disposal edit",
        "staff",
        _url("ropa:disposal_update", pk=lambda r: r["disposal"].pk),
        shows=('value="Sam Staff (staff@test.vpp)"',),
    ),
    Page("DPIA add", "staff", _url("governance:dpia_create")),
    Page(
        "DPIA edit",
        "staff",
        _url("governance:dpia_update", pk=lambda r: r["dpia"].pk),
        shows=("Analysis of open crime data",),
    ),
    Page(
        "DPIA sign-off",
        "siro",
        _url(
            "governance:dpia_transition",
            pk=lambda r: r["dpia_awaiting_sign_off"].pk,
            transition=lambda r: "approve",
        ),
        shows=('value="Sam Staff (Staff)"',),
    ),
    Page("policy add", "staff", _url("governance:policy_create")),
    Page(
        "policy edit",
        "staff",
        _url("governance:policy_update", pk=lambda r: r["policy"].pk),
        shows=('value="Office of the Police and Crime Commissioner for Humberside"',),
    ),
    Page("breach add", "staff", _url("governance:breach_create")),
]


def _get(client: Any, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_a_form_page_lists_none_of_the_rows_and_its_queries_do_not_grow(
    client, request, records, page
):
    client.force_login(request.getfixturevalue(page.role))
    url = page.url(records)
    fill(1, records["opcc"])
    client.get(url)  # caches warmed (content types, templates)
    small_html, small = _get(client, url)
    fill(49, records["opcc"], start=1)
    html, big = _get(client, url)
    assert FILLER not in small_html
    assert FILLER not in html
    assert "data-vpp-chooser=" in html
    for shown in page.shows:
        assert shown in html
    assert big == small  # the same queries at 1 and 50 rows of each table


# --- The fields: a typed name, a chosen id, an unknown name, a row not allowed ---------------


def _bound(form_class: type, **kwargs: Any) -> Callable[[dict[str, Any], dict[str, Any]], Any]:
    def build(r: dict[str, Any], data: dict[str, Any]) -> Any:
        return form_class(data, **{key: get(r) for key, get in kwargs.items()})

    return build


def _connect(r: dict[str, Any], data: dict[str, Any]) -> Any:
    form = ConnectForm(data)
    form.set_object(r["connectionrequest"], r["staff"])
    return form


def _approve(r: dict[str, Any], data: dict[str, Any]) -> Any:
    form = DpiaApproveForm(data)
    form.set_object(r["dpia_awaiting_sign_off"], r["staff"])
    return form


def _organisation(r: dict[str, Any], name: str) -> Organisation:
    return Organisation.objects.create(name=name, kind="other")


def _person(r: dict[str, Any], name: str) -> User:
    return User.objects.create(email=f"{name.split()[0].lower()}@example.test", full_name=name)


def _partner(r: dict[str, Any], name: str) -> User:
    return User.objects.create(
        email=f"{name.split()[0].lower()}@partner.test",
        full_name=name,
        role=Role.PARTNER,
        organisation=r["hull"],
    )


def _inactive(r: dict[str, Any], name: str) -> User:
    return User.objects.create(
        email=f"{name.split()[0].lower()}@left.test", full_name=name, is_active=False
    )


def _agreement(**values: Any) -> Callable[[dict[str, Any], str], Agreement]:
    def make(r: dict[str, Any], name: str) -> Agreement:
        fields = {"kind": "isa", "status": "active", "purpose": "Analysis.", **values}
        return Agreement.objects.create(title=name, **fields)

    return make


def _source(**values: Any) -> Callable[[dict[str, Any], str], DataSource]:
    def make(r: dict[str, Any], name: str) -> DataSource:
        fields = {"classification": "open", "url": "https://example.org/", **values}
        return DataSource.objects.create(name=name, publisher="Someone", **fields)

    return make


def _activity(**values: Any) -> Callable[[dict[str, Any], str], ProcessingActivity]:
    def make(r: dict[str, Any], name: str) -> ProcessingActivity:
        return ProcessingActivity.objects.create(
            name=name, business_function="Analysis", purpose="Counts", **values
        )

    return make


def _policy(kind: str) -> Callable[[dict[str, Any], str], Policy]:
    def make(r: dict[str, Any], name: str) -> Policy:
        return Policy.objects.create(
            title=name, kind=kind, owner_organisation=r["opcc"], status="in_force", version="2"
        )

    return make


def _forum(r: dict[str, Any], name: str) -> Forum:
    return Forum.objects.create(name=name, acronym=name[:3].upper())


def _core_team_host(r: dict[str, Any], name: str) -> Organisation:
    """The core team's host (there is only one), renamed for the test."""
    host = r["opcc"]
    host.name = name
    host.save()
    return host


def _a_party(r: dict[str, Any], name: str) -> Organisation:
    organisation = _organisation(r, name)
    r["agreement"].parties.create(organisation=organisation, role="recipient")
    return organisation


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[dict[str, Any], dict[str, Any]], Any]
    field: str
    row: Callable[[dict[str, Any], str], Any]
    #: A row the endpoint may find but this field does not allow (None: every row is allowed).
    outside: Callable[[dict[str, Any], str], Any] | None = None
    #: The message for the row not allowed (default: the chooser's "not found").
    refused: str = "was found"


CASES = [
    Case("agreement owner", _bound(AgreementForm), "owner", _person, _partner),
    Case("agreement forum", _bound(AgreementForm), "via_forum", _forum),
    Case(
        "agreement party",
        _bound(AgreementPartyForm, agreement=lambda r: r["agreement"]),
        "organisation",
        _organisation,
        _a_party,
        "already a party",
    ),
    Case("forum members", _bound(ForumForm), "members", _organisation),
    Case("connection forum", _bound(ConnectionRequestForm), "forum", _forum),
    Case("connection members", _bound(ConnectionRequestForm), "organisations", _organisation),
    Case("connection owner", _bound(ConnectionRequestForm), "owner", _person, _inactive),
    Case("connect agreement", _connect, "agreement", _agreement(), _agreement(status="expired")),
    Case("product sources", _bound(ProductForm), "data_sources", _source()),
    Case("product owner", _bound(ProductForm), "owner", _person, _partner),
    Case(
        "consultation organisation",
        _bound(ConsultationForm, product=lambda r: r["product"]),
        "organisation",
        _organisation,
        _core_team_host,
    ),
    Case("role holder organisation", _bound(RoleHolderForm), "organisation", _organisation),
    Case("role holder account", _bound(RoleHolderForm), "user", _person, _inactive),
    Case(
        "data source supplier",
        _bound(DataSourceForm, user=lambda r: r["staff"]),
        "supplier",
        _organisation,
        _core_team_host,
    ),
    Case(
        "data source owner",
        _bound(DataSourceForm, user=lambda r: r["staff"]),
        "owner",
        _person,
        _partner,
    ),
    Case(
        "activity agreement",
        _bound(ProcessingActivityForm),
        "covering_agreement",
        _agreement(),
        _agreement(kind="mou"),
    ),
    Case(
        "activity safeguards policy",
        _bound(ProcessingActivityForm),
        "safeguards_policy",
        _policy("safeguards"),
        _policy("policy"),
    ),
    Case(
        "activity retention policy",
        _bound(ProcessingActivityForm),
        "retention_policy",
        _policy("policy"),
        _policy("procedure"),
    ),
    Case(
        "activity joint controllers",
        _bound(ProcessingActivityForm),
        "joint_controllers",
        _organisation,
    ),
    Case("activity processors", _bound(ProcessingActivityForm), "processors", _organisation),
    Case(
        "activity processor contracts",
        _bound(ProcessingActivityForm),
        "processor_contracts",
        _agreement(kind="art28"),
        _agreement(kind="isa"),
    ),
    Case(
        "activity sources",
        _bound(ProcessingActivityForm),
        "sources",
        _source(),
        _source(retired_on=date(2025, 1, 1)),
    ),
    Case("activity owner", _bound(ProcessingActivityForm), "owner", _person, _partner),
    Case("disposal activity", _bound(DisposalForm), "activity", _activity()),
    Case("disposal source", _bound(DisposalForm), "data_source", _source()),
    Case("disposal person", _bound(DisposalForm), "carried_out_by", _person, _partner),
    Case(
        "DPIA activities",
        _bound(DpiaForm),
        "activities",
        _activity(),
        _activity(status="retired"),
    ),
    Case(
        "DPIA agreements",
        _bound(DpiaForm),
        "agreements",
        _agreement(),
        _agreement(status="terminated"),
    ),
    Case(
        "DPIA sources",
        _bound(DpiaForm),
        "data_sources",
        _source(),
        _source(retired_on=date(2025, 1, 1)),
    ),
    Case("policy organisation", _bound(PolicyForm), "owner_organisation", _organisation),
    Case("policy owner", _bound(PolicyForm), "owner", _person, _inactive),
    Case("breach organisation", _bound(BreachForm), "organisation", _organisation),
    Case("breach owner", _bound(BreachForm), "owner", _person, _partner),
    Case("breach reporter", _bound(BreachForm), "reported_by", _person, _inactive),
    Case("sign-off review owner", _approve, "review_owner", _person, _partner),
]


def _typed(form: Any, field: str, text: str, row: Any = None) -> dict[str, Any]:
    """What the field's box posts: ``text`` typed, and ``row``'s id if it was chosen."""
    multiple = isinstance(form.fields[field], MultiChooserField)
    name = f"{field}-add" if multiple else field
    data = {name: text}
    if row is not None:
        data[f"{name}-id"] = str(row.pk)
    return data


def _chosen(cleaned: Any) -> list[Any]:
    if cleaned is None:
        return []
    return list(cleaned) if hasattr(cleaned, "__iter__") else [cleaned]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_typed_name_finds_the_row_an_unknown_or_refused_one_is_said_next_to_it(records, case):
    fill(30, records["opcc"])
    blank = case.build(records, {})
    field = blank.fields[case.field]
    assert isinstance(field, ChooserField | MultiChooserField), "still a select"
    row = case.row(records, "Quokka Arbitrary Name")

    # Without JavaScript: part of the name, typed.
    form = case.build(records, _typed(blank, case.field, "quokka arbitrary"))
    form.is_valid()
    assert case.field not in form.errors, form.errors.get(case.field)
    assert _chosen(form.cleaned_data[case.field]) == [row]

    # With JavaScript: the suggestion's label and its id.
    label = field.label_from_instance(row)
    form = case.build(records, _typed(blank, case.field, str(label), row))
    form.is_valid()
    assert case.field not in form.errors, form.errors.get(case.field)
    assert _chosen(form.cleaned_data[case.field]) == [row]

    # A name no row has: said next to the field.
    form = case.build(records, _typed(blank, case.field, "Nothing Called This"))
    assert not form.is_valid()
    (message,) = form.errors[case.field]
    assert "‘Nothing Called This’ was found" in message

    if case.outside is None:
        return
    # A row the field does not allow, typed or chosen by id (a forged post): refused.
    other = case.outside(records, "Wombat Arbitrary Name")
    form = case.build(records, _typed(blank, case.field, "Wombat Arbitrary"))
    assert not form.is_valid()
    assert case.refused in " ".join(form.errors[case.field])
    for data in (
        _typed(blank, case.field, str(other), other),
        {case.field: str(other.pk)},  # a bare id, as a link or an old test posts it
    ):
        form = case.build(records, data)
        assert not form.is_valid()
        assert case.field in form.errors, data


# --- Saving through the pages ---------------------------------------------------------------


def test_a_data_source_saved_with_its_supplier_typed(client, staff, hull_sharing):
    client.force_login(staff)
    fill(30, hull_sharing["agreement"].parties.first().organisation)
    data = {
        "name": "Hull school exclusions",
        "classification": "partner_shared",
        "supplier": "hull city",  # typed, no JavaScript
        "covering_agreement": hull_sharing["agreement"].pk,
        "justification": "Exclusions are not published by school.",
        "collection": "existing",
    }
    response = client.post(reverse("sharing:datasource_create"), data)
    assert response.status_code == 302
    source = DataSource.objects.get(name="Hull school exclusions")
    assert source.supplier == hull_sharing["datasource"].supplier


def test_an_unknown_supplier_is_said_next_to_the_field_and_nothing_is_saved(
    client, staff, hull_sharing
):
    client.force_login(staff)
    before = DataSource.objects.count()
    data = {
        "name": "Hull school exclusions",
        "classification": "partner_shared",
        "supplier": "Hul City Cuncil",
        "justification": "Exclusions are not published by school.",
        "collection": "existing",
    }
    response = client.post(reverse("sharing:datasource_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    group = html.split('id="div_id_supplier"')[1].split('name="supplier-id"')[0]
    assert "No organisation called ‘Hul City Cuncil’ was found" in group
    assert 'value="Hul City Cuncil"' in html  # what was typed stays, to be corrected
    assert DataSource.objects.count() == before


def test_the_agreement_list_follows_a_typed_or_chosen_supplier(client, staff, hull_sharing):
    client.force_login(staff)
    choices = reverse("sharing:datasource_agreement_choices")
    agreement = hull_sharing["agreement"]
    hull = hull_sharing["datasource"].supplier
    htmx = {"HTTP_HX_REQUEST": "true"}
    chosen = client.get(choices, {"supplier": "Hull City Council", "supplier-id": hull.pk}, **htmx)
    typed = client.get(choices, {"supplier": "hull city"}, **htmx)
    for response in (chosen, typed):
        assert response.status_code == 200
        assert f'<option value="{agreement.pk}"' in response.content.decode()
    unknown = client.get(choices, {"supplier": "Nobody"}, **htmx).content.decode()
    assert f'<option value="{agreement.pk}"' not in unknown


def test_the_refresh_button_keeps_a_typed_supplier(client, staff, hull_sharing):
    client.force_login(staff)
    data = {"name": "Hull school exclusions", "supplier": "hull city", "refresh": "1"}
    response = client.post(reverse("sharing:datasource_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="hull city"' in html
    assert f'<option value="{hull_sharing["agreement"].pk}"' in html
    assert not DataSource.objects.filter(name="Hull school exclusions").exists()


def test_a_dpia_links_activities_typed_and_ticked(client, staff, ropa_records):
    client.force_login(staff)
    fill(30, ropa_records["policy"].owner_organisation)
    activity = ropa_records["processingactivity"]
    other = ProcessingActivity.objects.create(
        name="Knife crime referrals", business_function="Analysis", purpose="Referrals"
    )
    response = client.post(
        reverse("governance:dpia_create"),
        {"title": "Referrals matching", "activities": [activity.pk], "activities-add": "knife"},
    )
    assert response.status_code == 302
    dpia = Dpia.objects.get(title="Referrals matching")
    assert set(dpia.activities.all()) == {activity, other}


def test_the_ropa_links_a_problem_to_the_chooser_box():
    assert field_anchor("sources") == "id_sources-add"
    assert field_anchor("data_categories") == "id_data_categories_1"
    assert field_anchor("covering_agreement") == "id_covering_agreement"

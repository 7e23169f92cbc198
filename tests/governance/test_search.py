"""The header search: every register the user can see, grouped, scoped, and safe with any input."""

import importlib
import re

import pytest
from django.db import connection
from django.urls import reverse

from governance.search import GROUP_SIZE, MAX_QUERY_LENGTH, REGISTERS, _matches, search
from tests.factories import DataSourceFactory
from tests.governance.search_support import WORD, kestrel_records

pytestmark = pytest.mark.django_db

SEARCH = reverse("governance:search")
ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="full-text indexes are PostgreSQL's")
ALL_REGISTERS = {register.slug for register in REGISTERS}
#: What a partner may open at all (``accounts.roles.PARTNER_VISIBLE_MODELS``), less contacts.
PARTNER_REGISTERS = {"organisation", "agreement", "datasource", "consultation"}


@pytest.fixture
def records(staff, opcc, hull, police):
    return kestrel_records(staff=staff, opcc=opcc, hull=hull, police=police)


def groups_on_page(response) -> dict[str, list[str]]:
    """Register slug -> the result labels the page shows."""
    return {
        group.slug: [result.label for result in group.results]
        for group in response.context["groups"]
    }


def labels(records, slug):
    return sorted(str(record) for record in records[slug])


# --- Finding records ---------------------------------------------------------------------------


def test_staff_find_the_matching_record_in_every_register(client, staff, records):
    client.force_login(staff)
    response = client.get(SEARCH, {"q": WORD})

    assert response.status_code == 200
    found = groups_on_page(response)
    assert set(found) == ALL_REGISTERS
    for slug, shown in found.items():
        assert sorted(shown) == labels(records, slug), slug
    page = response.content.decode()
    assert "Search results for ‘kestrel’" in page
    for register in REGISTERS:
        assert f'id="results-{register.slug}-heading"' in page


@pytest.mark.parametrize("role", ["dpo", "siro", "director", "admin_user"])
def test_every_internal_role_searches_every_register(client, request, role, records):
    client.force_login(request.getfixturevalue(role))
    assert set(groups_on_page(client.get(SEARCH, {"q": WORD}))) == ALL_REGISTERS


def test_each_result_links_to_its_record_with_the_matching_words_marked(client, staff, records):
    client.force_login(staff)
    page = client.get(SEARCH, {"q": "guildhall"}).content.decode()

    hull = records["organisation"][0]
    assert f'href="{hull.get_absolute_url()}">{hull}</a>' in page
    assert '<span class="govuk-!-font-weight-bold">Address:</span> Kestrel House, ' in page
    assert '<mark class="app-search-result__match">Guildhall</mark> Road, Hull' in page
    assert "Humberside Police" not in page.split('id="main-content"')[1]


def test_records_are_found_by_their_description(client, staff, records):
    DataSourceFactory(name="Ambulance call-outs", description="Call-outs for assaults at night")
    client.force_login(staff)
    found = groups_on_page(client.get(SEARCH, {"q": "assaults"}))
    assert found == {"datasource": ["Ambulance call-outs"]}


def test_a_search_matching_nothing_says_so(client, staff, records):
    client.force_login(staff)
    response = client.get(SEARCH, {"q": "zebra crossing"})

    assert response.context["groups"] == []
    assert "No records you can see match ‘zebra crossing’." in response.content.decode()


# --- Scoping -------------------------------------------------------------------------------------


def test_a_hull_partner_finds_only_hull_records_and_no_internal_register(
    client, partner_hull, records
):
    client.force_login(partner_hull)
    response = client.get(SEARCH, {"q": WORD})

    found = groups_on_page(response)
    assert set(found) == PARTNER_REGISTERS
    for slug, shown in found.items():
        assert shown == [str(records[slug][0])], slug  # the Hull one of each
    page = response.content.decode()
    for slug in ("organisation", "agreement", "datasource", "consultation", "contact"):
        police_record = records[slug][1]
        assert str(police_record) not in page
        assert police_record.get_absolute_url() not in page
    for slug in ALL_REGISTERS - PARTNER_REGISTERS:
        assert f"results-{slug}" not in page


def test_a_police_partner_never_finds_hull_records(client, partner_police, records):
    client.force_login(partner_police)
    found = groups_on_page(client.get(SEARCH, {"q": "hull"}))

    # "Hull" is in Hull's name and agreement, and in the police's own address only.
    assert found == {"organisation": ["Humberside Police"]}


def test_contacts_are_never_searched_for_a_partner(partner_hull, records):
    assert "contact" not in {group.slug for group in search(partner_hull, "Kestrel Ward")}


def test_a_role_without_a_registers_view_permission_does_not_search_it(staff, records):
    # Reference data: a partner holds no role holder permission, staff do.
    assert "roleholder" in {group.slug for group in search(staff, "Kestrel Smith")}


# --- Groups and "see all" ----------------------------------------------------------------------


@pytest.fixture
def many_sources(db):
    return [
        DataSourceFactory(name=f"Heron survey wave {number}", description="Heron survey")
        for number in range(GROUP_SIZE + 3)
    ]


def test_a_group_shows_its_first_ten_and_counts_them_all(client, staff, many_sources):
    client.force_login(staff)
    response = client.get(SEARCH, {"q": "heron"})

    (group,) = response.context["groups"]
    assert (group.total, len(group.results)) == (GROUP_SIZE + 3, GROUP_SIZE)
    page = response.content.decode()
    assert f"{GROUP_SIZE + 3} found" in page
    assert f"See all {GROUP_SIZE + 3} in data sources" in page


def test_see_all_lands_on_the_register_list_showing_that_many_rows(client, staff, many_sources):
    client.force_login(staff)
    (group,) = client.get(SEARCH, {"q": "heron"}).context["groups"]

    listed = client.get(group.see_all_url)
    assert listed.status_code == 200
    assert listed.context["table"].paginator.count == group.total == GROUP_SIZE + 3


def test_every_groups_see_all_link_lands_on_a_list_with_its_count(client, staff, records):
    client.force_login(staff)
    groups = client.get(SEARCH, {"q": WORD}).context["groups"]

    for group in groups:
        if group.see_all_url is None:
            assert group.slug == "contact"  # listed on their organisation's page only
            continue
        listed = client.get(group.see_all_url)
        assert listed.status_code == 200, group.slug
        assert listed.context["table"].paginator.count == group.total, group.slug


def test_a_partners_see_all_link_lands_on_a_list_with_their_count(client, partner_hull, records):
    client.force_login(partner_hull)
    for group in client.get(SEARCH, {"q": WORD}).context["groups"]:
        listed = client.get(group.see_all_url)
        assert listed.context["table"].paginator.count == group.total == 1, group.slug


# --- Bad input ---------------------------------------------------------------------------------


def test_the_page_without_a_search_offers_the_box_and_no_error(client, staff):
    client.force_login(staff)
    response = client.get(SEARCH)

    assert response.status_code == 200
    assert response.context["groups"] is None
    assert "There is a problem" not in response.content.decode()


@pytest.mark.parametrize("blank", ["", "   ", "\x00\x01\u200b"])
def test_an_empty_search_asks_what_to_look_for(client, staff, records, blank):
    client.force_login(staff)
    response = client.get(SEARCH, {"q": blank})

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["groups"] is None
    assert "There is a problem" in page
    assert '<a href="#id_q">Enter what you are looking for</a>' in page
    assert "<title>Error: Search" in page


def test_a_too_long_search_is_refused_with_a_message(client, staff, records):
    client.force_login(staff)
    response = client.get(SEARCH, {"q": WORD + "x" * MAX_QUERY_LENGTH})

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["groups"] is None
    assert f"Search terms must be {MAX_QUERY_LENGTH} characters or fewer" in page
    assert 'class="govuk-input moj-search__input govuk-input--error"' in page


@pytest.mark.parametrize(
    "odd",
    [
        '"kestrel',
        "kestrel -",
        "-kestrel",
        "OR",
        "kestrel OR OR",
        "kestrel & | ! :* ( ) <-> \\",
        "'; DROP TABLE sharing_organisation; --",
        "100%_kestrel",
        "kest\x00rel",
        "🦅 kestrel",
        "the and of",
        "a" * MAX_QUERY_LENGTH,
    ],
)
def test_odd_searches_answer_without_an_error(client, staff, records, odd):
    client.force_login(staff)
    response = client.get(SEARCH, {"q": odd})
    assert response.status_code == 200
    assert response.context["groups"] is not None


def test_the_search_is_echoed_escaped(client, staff, records):
    client.force_login(staff)
    page = client.get(SEARCH, {"q": '<script>alert("kestrel")</script>'}).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;kestrel&quot;)&lt;/script&gt;" in page


def test_records_named_as_scripts_are_listed_and_snipped_as_text(client, staff):
    payload = '<img src=x onerror="alert(1)">'
    DataSourceFactory(name=f"Kestrel {payload}", description=f"About {payload} kestrel")
    client.force_login(staff)
    page = client.get(SEARCH, {"q": WORD}).content.decode()

    assert "<img src=x" not in page
    assert "Kestrel &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a>" in page
    assert "About &lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark" in page


def test_the_header_of_every_page_has_the_search_box(client, staff):
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()

    form = re.search(r'<form class="moj-search app-search app-header-search".*?</form>', page, re.S)
    assert form is not None
    assert f'action="{SEARCH}"' in form.group()
    assert 'role="search"' in form.group()
    assert (
        '<label class="govuk-label moj-search__label govuk-visually-hidden" for="header-search">'
        in form.group()
    )
    assert 'name="q"' in form.group()


def test_signed_out_visitors_see_no_search_box_and_cannot_search(client):
    assert "header-search" not in client.get(reverse("account_login")).content.decode()
    assert client.get(SEARCH, {"q": WORD}).status_code == 302


# --- PostgreSQL full text ----------------------------------------------------------------------


def test_the_index_migration_covers_every_register_with_its_searched_fields():
    migration = importlib.import_module("governance.migrations.0007_search_indexes")
    indexed = {(app, model): fields for app, model, fields in migration.INDEXES}
    assert indexed == {
        (register.model._meta.app_label, register.slug): register.fields for register in REGISTERS
    }


def found_in(user, text: str, slug: str) -> list[str]:
    groups = [group for group in search(user, text) if group.slug == slug]
    return [result.label for group in groups for result in group.results]


@postgres_only
def test_postgres_ranks_and_stems_the_words(staff, records):
    DataSourceFactory(name="Shared figures", description="Knife figures")
    DataSourceFactory(name="Knife crime sharing", description="Knife crime figures shared")
    # Every word must match; "sharing" finds "shared" through its stem.
    assert found_in(staff, "knife crime sharing", "datasource") == ["Knife crime sharing"]
    # The row using the words most ranks first, though it was added last.
    assert found_in(staff, "share knife", "datasource") == ["Knife crime sharing", "Shared figures"]
    # websearch syntax: a quoted phrase and a word left out.
    assert found_in(staff, '"knife crime" -shared', "datasource") == []
    assert found_in(staff, "knife -crime", "datasource") == ["Shared figures"]


@postgres_only
@pytest.mark.parametrize("register", REGISTERS, ids=lambda register: register.slug)
def test_postgres_finds_the_matches_through_the_registers_gin_index(staff, records, register):
    with connection.cursor() as cursor:
        # With sequential scans priced out, a plan still scanning the table means the WHERE
        # does not match the index expression.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = _matches(register, staff, WORD).explain()
    assert register.index_name in plan, plan

"""The findings page, its CSV and the "problems" panel on each record's page, as their users
meet them: filters, counts, pagination, the export, and who sees what."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Policy
from tests.factories import AgreementFactory, DataSourceFactory

pytestmark = pytest.mark.django_db

LIST = reverse("governance:finding_list")
EXPORT = reverse("governance:finding_export")


def overdue_policies(opcc, count, title="Policy"):
    today = timezone.localdate()
    return [
        Policy.objects.create(
            title=f"{title} {index:02d}",
            kind="policy",
            owner_organisation=opcc,
            status="in_force",
            next_review_on=today - timedelta(days=100 - index),
        )
        for index in range(count)
    ]


def rows(response):
    return [
        (row["finding"].kind, row["finding"].record_label) for row in response.context["findings"]
    ]


def export_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_page_lists_each_finding_with_its_severity_in_words_record_and_fix(
    client_for, staff, opcc
):
    [policy] = overdue_policies(opcc, 1)
    response = client_for(staff).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(response) == [
        ("role-vacant", "Senior Information Risk Owner (SIRO)"),
        ("role-vacant", "Data Protection Officer (DPO)"),
        ("role-vacant", "Director"),
        ("policy-review-overdue", "Policy 00"),
    ]
    assert '<strong class="govuk-tag govuk-tag--grey">Low</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--red">High</strong>' in html
    assert f'href="{policy.get_absolute_url()}"' in html
    assert reverse("governance:policy_update", kwargs={"pk": policy.pk}) in html
    assert "Showing 1 to 4 of 4 findings" in html


def test_the_counts_per_kind_are_shown_and_each_links_to_its_findings(client_for, staff, opcc):
    overdue_policies(opcc, 2)
    response = client_for(staff).get(LIST)
    by_kind = {row["kind"].slug: row for row in response.context["kind_counts"]}
    assert by_kind["policy-review-overdue"]["count"] == 2
    assert by_kind["role-vacant"]["count"] == 3
    assert by_kind["uncovered-source"]["count"] == 0
    assert by_kind["policy-review-overdue"]["url"] == f"{LIST}?kind=policy-review-overdue"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=policy-review-overdue", {"policy-review-overdue"}),
        ("severity=high", {"role-vacant", "uncovered-source"}),
        ("severity=low", {"policy-review-overdue"}),
        ("category=leadership", {"role-vacant"}),
        ("category=contracts", {"uncovered-source"}),
        ("register=sharing.datasource", {"uncovered-source"}),
        ("register=governance.policy&severity=high", set()),
        ("kind=role-vacant&kind=uncovered-source", {"role-vacant", "uncovered-source"}),
    ],
)
def test_the_filters_narrow_the_findings(client_for, staff, opcc, hull, query, expected):
    overdue_policies(opcc, 1)
    DataSourceFactory(
        name="Hull referrals",
        classification="partner_shared",
        supplier=hull,
        url="",
        publisher="",
        covering_agreement=AgreementFactory(status="drafting"),
    )
    response = client_for(staff).get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert {kind for kind, _label in rows(response)} == expected
    shown = {row["kind"].slug for row in response.context["kind_counts"]}
    assert expected <= shown


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("severity=urgent", "severity", "Choose high, medium or low."),
        ("kind=nonsense", "kind", "Choose kinds of finding from the list."),
        ("category=<script>", "category", "Choose a category from the list."),
        ("register=auth.user", "register", "Choose a register from the list."),
    ],
)
def test_a_bad_filter_says_what_is_wrong_next_to_it_and_filters_nothing_by_it(
    client_for, staff, opcc, query, field, message
):
    overdue_policies(opcc, 1)
    for url in (f"{LIST}?{query}", f"{EXPORT}?{query}"):
        response = client_for(staff).get(url)
        assert response.status_code == 200
        assert response.context["form"].errors[field] == [message]
        assert "There is a problem" in response.content.decode()
        assert len(rows(response)) == 4  # every finding, as without that filter


def test_findings_are_paginated_25_a_page_across_kinds(client_for, staff, opcc):
    overdue_policies(opcc, 30)
    client = client_for(staff)
    first = client.get(LIST)
    assert len(rows(first)) == 25
    assert rows(first)[3] == ("policy-review-overdue", "Policy 00")  # after the 3 roles
    second = client.get(f"{LIST}?page=2")
    assert rows(second) == [("policy-review-overdue", f"Policy {i:02d}") for i in range(22, 30)]
    assert "Showing 26 to 33 of 33 findings" in second.content.decode()
    # A page number that is not one is the nearest page, never an error.
    assert client.get(f"{LIST}?page=999").status_code == 200
    assert rows(client.get(f"{LIST}?page=abc")) == rows(first)


def test_the_pagination_keeps_the_filters(client_for, staff, opcc):
    overdue_policies(opcc, 30)
    html = client_for(staff).get(f"{LIST}?severity=low").content.decode()
    assert "?severity=low&amp;page=2" in html


def test_the_export_holds_every_filtered_finding_the_page_counts(client_for, staff, opcc):
    overdue_policies(opcc, 30)
    client = client_for(staff)
    page = client.get(f"{LIST}?severity=low&page=2")
    assert f"{EXPORT}?severity=low" in page.content.decode()  # the page's filters, not its page
    exported = export_rows(client.get(f"{EXPORT}?severity=low"))
    assert exported[0] == [
        "Severity",
        "Category",
        "Kind",
        "Register",
        "Record",
        "What is wrong",
        "Fix",
    ]
    assert len(exported) - 1 == page.context["total"] == 30
    assert exported[1][:5] == [
        "Low",
        "Policies and procedures",
        "Policies overdue for review",
        "Policies",
        "Policy 00",
    ]
    assert exported[1][6].startswith("Review it and set the next review date: http://testserver/")
    everything = export_rows(client.get(EXPORT))
    assert len(everything) - 1 == 33


def test_the_export_cannot_be_made_to_run_a_formula(client_for, staff, opcc):
    Policy.objects.create(
        title='=HYPERLINK("http://evil.test","Click")',
        kind="policy",
        owner_organisation=opcc,
        status="in_force",
        next_review_on=timezone.localdate() - timedelta(days=1),
    )
    exported = export_rows(client_for(staff).get(f"{EXPORT}?kind=policy-review-overdue"))
    assert exported[1][4] == '\'=HYPERLINK("http://evil.test","Click")'


def test_partners_may_open_neither_the_page_nor_the_export(client_for, partner_hull):
    client = client_for(partner_hull)
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_the_navigation_offers_findings_to_internal_roles_only(client_for, staff, partner_hull):
    assert f'href="{LIST}"' in client_for(staff).get(reverse("home")).content.decode()
    assert f'href="{LIST}"' not in client_for(partner_hull).get(reverse("home")).content.decode()


# --- The problems panel on a record's page ------------------------------------------------------


def test_a_records_page_shows_its_own_problems_to_internal_users(client_for, staff, opcc):
    first, second = overdue_policies(opcc, 2)
    html = client_for(staff).get(first.get_absolute_url()).content.decode()
    assert 'data-testid="problems-panel"' in html
    assert "Problems with this record" in html
    assert "1 compliance finding about this record." in html
    assert "Its review was due on" in html
    assert reverse("governance:policy_update", kwargs={"pk": first.pk}) in html
    # Only its own: the other overdue policy is not mentioned.
    assert second.title not in html


def test_a_record_without_problems_shows_no_panel(client_for, staff, opcc):
    policy = Policy.objects.create(
        title="Current", kind="policy", owner_organisation=opcc, status="in_force"
    )
    html = client_for(staff).get(policy.get_absolute_url()).content.decode()
    assert 'data-testid="problems-panel"' not in html


def test_a_partner_never_sees_the_panel_on_a_record_they_may_open(
    client_for, staff, partner_hull, hull
):
    source = DataSourceFactory(
        name="Hull referrals",
        classification="partner_shared",
        supplier=hull,
        url="",
        publisher="",
    )
    assert 'data-testid="problems-panel"' in (
        client_for(staff).get(source.get_absolute_url()).content.decode()
    )
    response = client_for(partner_hull).get(source.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="problems-panel"' not in response.content.decode()


def test_the_dpia_page_shows_its_problems_too(client_for, staff, dpo, director):
    from governance.models import Dpia
    from tests.dpias import approved_dpia

    dpia = approved_dpia(staff, dpo, director)
    Dpia.objects.filter(pk=dpia.pk).update(next_review_on=timezone.localdate() - timedelta(days=2))
    html = client_for(staff).get(dpia.get_absolute_url()).content.decode()
    assert 'data-testid="problems-panel"' in html
    assert "Start the review" in html

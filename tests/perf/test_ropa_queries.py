"""The ROPA pages run a fixed number of SQL queries, however many rows or links they show.

The budgets are pinned: a change that adds a query per row (or any query) fails here.
Every signed-in page costs 5: session, user, their organisation, user and group permissions.
"""

import pytest
from django.urls import reverse

from governance.models import Policy
from ropa.models import (
    ControllerDetails,
    DataCategory,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from tests.dpias import draft_dpia
from tests.factories import (
    AgreementFactory,
    DataSourceFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

# + the owner filter's choices, the count, the page of rows (with owner and retention policy),
# and the three required category lists prefetched for the page's completeness.
ACTIVITY_LIST_QUERIES = 12
# The same: the completeness filter is one SQL condition in the count and the page's query.
ACTIVITY_LIST_FILTERED_QUERIES = 12
# Session, user, 2 permissions, the count (download or job), rows and the three category lists
# (no page around them).
ACTIVITY_EXPORT_QUERIES = 9
# + the activity (with owner, agreement, policies, retention rule and editors) and its eight
# lists: joint controllers, processors, contracts, the three categories, sources, DPIAs; and
# the problems panel (1 query: every finding kind about the record asked at once).
ACTIVITY_DETAIL_QUERIES = 16
# The detail's queries, the controller header and the current DPO (role-holder register).
ACTIVITY_PRINT_QUERIES = 17
# The same, less the signed-in user's organisation (no page layout around a PDF).
ACTIVITY_PDF_QUERIES = 15
# + the controller row (with its editors), the current DPO (role-holder register).
CONTROLLER_DETAIL_QUERIES = 8
# + the count and the page of terms, each with how many activities use it.
VOCABULARY_LIST_QUERIES = 8
# + the term, the first 25 activities using it and how many use it.
VOCABULARY_DETAIL_QUERIES = 9


def make_terms(count: int) -> dict[str, list]:
    return {
        "individuals": [
            IndividualCategory.objects.create(name=f"Individuals {n}") for n in range(count)
        ],
        "data": [DataCategory.objects.create(name=f"Data {n}") for n in range(count)],
        "recipients": [
            RecipientCategory.objects.create(name=f"Recipients {n}") for n in range(count)
        ],
    }


def make_activities(count: int, links: int = 5) -> list[ProcessingActivity]:
    """``count`` activities, half with personal data, each linked to ``links`` of everything."""
    owners = UserFactory.create_batch(3)
    terms = make_terms(links)
    organisations = OrganisationFactory.create_batch(links)
    policy = Policy.objects.create(
        title="OPCC Retention Policy", kind="policy", owner_organisation=organisations[0]
    )
    activities = []
    for index in range(count):
        activity = ProcessingActivity.objects.create(
            name=f"Activity {index:03d}",
            business_function="Analysis",
            purpose="Analysis of violence.",
            location="OPCC SharePoint",
            retention_schedule="Six years",
            has_personal_data=bool(index % 2),
            owner=owners[index % 3],
            retention_policy=policy if index % 3 else None,
        )
        activity.individual_categories.set(terms["individuals"])
        activity.data_categories.set(terms["data"])
        activity.recipient_categories.set(terms["recipients"])
        activity.joint_controllers.set(organisations)
        activities.append(activity)
    return activities


@pytest.mark.parametrize("rows", [1, 50])
def test_the_activity_list_runs_a_fixed_number_of_queries(client, staff, rows):
    make_activities(rows)
    client.force_login(staff)
    assert count_queries(client, reverse("ropa:processingactivity_list")) == ACTIVITY_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("completeness", ["complete", "incomplete"])
def test_the_completeness_filter_runs_a_fixed_number_of_queries(client, staff, rows, completeness):
    make_activities(rows * 2)  # every other one has personal data and gaps: ``rows`` of each
    client.force_login(staff)
    url = f"{reverse('ropa:processingactivity_list')}?completeness={completeness}"
    assert count_queries(client, url) == ACTIVITY_LIST_FILTERED_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_activity_export_runs_a_fixed_number_of_queries(client, staff, rows):
    make_activities(rows)
    client.force_login(staff)
    url = reverse("ropa:processingactivity_export", kwargs={"format": "csv"})
    assert count_queries(client, url) == ACTIVITY_EXPORT_QUERIES


def make_linked_activity(links: int) -> ProcessingActivity:
    """One activity with ``links`` of every kind of linked record."""
    organisations = OrganisationFactory.create_batch(links)
    terms = make_terms(links)
    contracts = [AgreementFactory(kind="art28", status="active") for _ in range(links)]
    sources = DataSourceFactory.create_batch(links)
    isa = AgreementFactory(kind="isa", status="active", allows_personal_data=True)
    safeguards = Policy.objects.create(
        title="Appropriate Policy Document",
        kind="safeguards",
        owner_organisation=organisations[0],
        status="draft",
    )
    rule = RetentionRule.objects.create(
        record_class="Extracts", period=2, trigger="creation", action="destroy"
    )
    activity = ProcessingActivity.objects.create(
        name="Linked activity",
        business_function="Analysis",
        purpose="Analysis of violence.",
        has_personal_data=True,
        has_special_category_data=True,
        covering_agreement=isa,
        safeguards_policy=safeguards,
        retention_rule=rule,
        owner=UserFactory(),
    )
    activity.joint_controllers.set(organisations)
    activity.processors.set(organisations)
    activity.processor_contracts.set(contracts)
    activity.individual_categories.set(terms["individuals"])
    activity.data_categories.set(terms["data"])
    activity.recipient_categories.set(terms["recipients"])
    activity.sources.set(sources)
    author = UserFactory()
    for number in range(links):
        draft_dpia(author, title=f"Assessment {number}", activities=[activity])
    return activity


@pytest.mark.parametrize("links", [1, 50])
def test_the_activity_detail_runs_a_fixed_number_of_queries(client, staff, links):
    activity = make_linked_activity(links)
    client.force_login(staff)
    assert count_queries(client, activity.get_absolute_url()) == ACTIVITY_DETAIL_QUERIES


@pytest.mark.parametrize("links", [1, 50])
def test_the_printable_record_runs_a_fixed_number_of_queries(client, staff, links):
    activity = make_linked_activity(links)
    ControllerDetails.objects.create(controller_name="OPCC")
    client.force_login(staff)
    url = reverse("ropa:processingactivity_print", kwargs={"pk": activity.pk})
    assert count_queries(client, url) == ACTIVITY_PRINT_QUERIES


@pytest.mark.parametrize("links", [1, 50])
def test_the_pdf_runs_a_fixed_number_of_queries(client, staff, links):
    activity = make_linked_activity(links)
    ControllerDetails.objects.create(controller_name="OPCC")
    client.force_login(staff)
    url = reverse("ropa:processingactivity_pdf", kwargs={"pk": activity.pk})
    assert count_queries(client, url) == ACTIVITY_PDF_QUERIES


def test_the_controller_page_runs_a_fixed_number_of_queries(client, staff, dpo):
    ControllerDetails.objects.create(controller_name="OPCC", created_by=dpo, updated_by=dpo)
    client.force_login(staff)
    url = reverse("ropa:controllerdetails_detail")
    assert count_queries(client, url) == CONTROLLER_DETAIL_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_vocabulary_list_runs_a_fixed_number_of_queries(client, staff, rows):
    make_activities(3, links=rows)
    client.force_login(staff)
    url = reverse("ropa:individualcategory_list")
    assert count_queries(client, url) == VOCABULARY_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_vocabulary_term_runs_a_fixed_number_of_queries(client, staff, rows):
    activities = make_activities(rows, links=1)
    term = activities[0].data_categories.get()
    client.force_login(staff)
    assert count_queries(client, term.get_absolute_url()) == VOCABULARY_DETAIL_QUERIES

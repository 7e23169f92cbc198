"""The agreement pages run a fixed number of SQL queries, however many rows they show.

The budgets are pinned: a change that adds a query per row (or any query) fails here.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sharing.models import AgreementParty, SignedDocument
from tests.factories import (
    AgreementFactory,
    DataSourceFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.perf.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

# Every signed-in page costs 5 (session, user, their organisation, user and group permissions).
# The list adds: the party filter's choices, the count, the page of rows, and the parties
# and their organisations prefetched for the whole page.
AGREEMENT_LIST_QUERIES = 11
# Session, user, 2 permissions, the count (download now, or a background job), rows, parties
# and their organisations.
AGREEMENT_EXPORT_QUERIES = 8
# The agreement (with owner, forum and editors), its parties and their organisations, its
# documents with their uploaders, what it covers of the data sharing code, the sources it
# covers with their suppliers, and (for those who may read DPIAs) the DPIAs linked to it; the
# problems panel asks every finding kind about the agreement in one query (and reads its
# findings in one more, when it has any).
AGREEMENT_DETAIL_QUERIES = 14
#: An active ISA missing items of the code has a finding: the agreement is read again with its
#: items and its parties for the finding's sentence.
AGREEMENT_FINDING_QUERIES = 3
# Every signed-in page's 5, the layout's own, and the ISA with its code items and parties (3).
AGREEMENT_CODE_ITEMS_QUERIES = 9


def make_agreements(count: int) -> list:
    owners = UserFactory.create_batch(3)
    organisations = OrganisationFactory.create_batch(4)
    return [
        AgreementFactory(
            owner=owners[index % 3],
            parties=[
                (organisations[index % 4], "controller"),
                (organisations[(index + 1) % 4], "recipient"),
            ],
        )
        for index in range(count)
    ]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_agreement_list_runs_a_fixed_number_of_queries(client, staff, rows):
    make_agreements(rows)
    client.force_login(staff)
    url = reverse("sharing:agreement_list")
    assert count_queries(client, url) == AGREEMENT_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_a_partners_agreement_list_runs_the_same_number_of_queries(client, rows):
    agreements = make_agreements(rows)
    organisation = agreements[0].parties.first().organisation
    partner = UserFactory(role="partner", organisation=organisation)
    client.force_login(partner)
    url = reverse("sharing:agreement_list")
    assert count_queries(client, url) == AGREEMENT_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_agreement_export_runs_a_fixed_number_of_queries(client, staff, rows):
    make_agreements(rows)
    client.force_login(staff)
    url = reverse("sharing:agreement_export", kwargs={"format": "csv"})
    assert count_queries(client, url) == AGREEMENT_EXPORT_QUERIES


@pytest.mark.parametrize("rows", [1, 50])
def test_the_agreement_detail_page_runs_a_fixed_number_of_queries(client, staff, rows):
    uploaders = UserFactory.create_batch(3)
    agreement = AgreementFactory(status="expired", owner=staff, kind="isa")
    for index, organisation in enumerate(OrganisationFactory.create_batch(rows)):
        AgreementParty.objects.create(
            agreement=agreement,
            organisation=organisation,
            role="joint_controller" if index % 2 else "controller",
        )
        DataSourceFactory(
            classification="partner_shared",
            supplier=organisation,
            covering_agreement=agreement,
        )
        SignedDocument.objects.create(
            agreement=agreement,
            title=f"Signed copy {index}",
            file=ContentFile(b"%PDF-1.4\n", name=f"copy-{index}.pdf"),
            original_name=f"copy-{index}.pdf",
            content_type="application/pdf",
            size=9,
            sha256="0" * 64,
            created_by=uploaders[index % 3],
        )
    client.force_login(staff)
    # Expired yet still covering its sources: a finding, so the panel reads it (+1).
    assert count_queries(client, agreement.get_absolute_url()) == AGREEMENT_DETAIL_QUERIES + 1


def make_isa_with_items(rows: int):
    """An active ISA with ``rows`` parties and every item of the code answered but one (so the
    page shows a finding, read with what its sentence needs)."""
    from sharing.choices import IsaItem
    from sharing.models import AgreementCodeItem

    agreement = AgreementFactory(status="active", kind="isa")
    for organisation in OrganisationFactory.create_batch(rows):
        AgreementParty.objects.create(
            agreement=agreement, organisation=organisation, role="controller"
        )
    for item in IsaItem.values[:-1]:
        AgreementCodeItem.objects.create(agreement=agreement, item=item, answer="Clause 3.")
    return agreement


@pytest.mark.parametrize("rows", [1, 50])
def test_an_isa_page_with_its_code_items_runs_a_fixed_number_of_queries(client, staff, rows):
    agreement = make_isa_with_items(rows)
    client.force_login(staff)
    # Missing an item: a finding, read with the agreement's code items and parties (+3).
    assert count_queries(client, agreement.get_absolute_url()) == AGREEMENT_DETAIL_QUERIES + 3


@pytest.mark.parametrize("rows", [1, 50])
def test_the_code_items_page_runs_a_fixed_number_of_queries(client, staff, rows):
    agreement = make_isa_with_items(rows)
    client.force_login(staff)
    url = reverse("sharing:agreement_code_items", kwargs={"pk": agreement.pk})
    assert count_queries(client, url) == AGREEMENT_CODE_ITEMS_QUERIES

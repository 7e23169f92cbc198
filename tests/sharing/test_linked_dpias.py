"""An agreement's and a data source's pages list the DPIAs linked to them, with their status,
for the people who may read DPIAs; partners never see a DPIA, not even its reference."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.services import dpias as services
from tests.dpias import approved_dpia, draft_dpia, screened_out_dpia
from tests.factories import AgreementFactory, DataSourceFactory
from tests.perf.test_agreement_queries import AGREEMENT_DETAIL_QUERIES, AGREEMENT_FINDING_QUERIES
from tests.perf.test_query_counts import count_queries
from tests.perf.test_source_product_queries import DATASOURCE_DETAIL_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def isa(opcc, hull):
    return AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        parties=[(opcc, "controller"), (hull, "controller")],
    )


@pytest.fixture
def source(hull, isa):
    return DataSourceFactory(
        name="Youth justice referrals",
        classification="partner_shared",
        supplier=hull,
        covering_agreement=isa,
    )


def dpia_row(response) -> str:
    page = response.content.decode()
    start = page.index('data-testid="linked-dpias"')
    return page[start : page.index("</div>", start)]


def test_the_agreement_page_lists_its_dpias_with_their_status(client, isa, staff, dpo, director):
    approved = approved_dpia(staff, dpo, director, agreements=[isa])
    draft = draft_dpia(staff, title="Named referrals", agreements=[isa])
    client.force_login(director)

    html = dpia_row(client.get(isa.get_absolute_url()))

    assert f'href="{approved.get_absolute_url()}">{approved}</a>' in html
    assert ">Approved</strong>" in html
    assert f'href="{draft.get_absolute_url()}">{draft}</a>' in html
    assert ">Draft</strong>" in html


def test_the_data_source_page_lists_its_dpias_and_says_when_there_are_none(
    client, source, staff, dpo
):
    client.force_login(staff)
    assert "None linked in the DPIA register" in dpia_row(client.get(source.get_absolute_url()))

    screening = screened_out_dpia(staff, dpo, data_sources=[source])

    html = dpia_row(client.get(source.get_absolute_url()))
    assert f'href="{screening.get_absolute_url()}">{screening}</a>' in html
    assert ">No DPIA needed</strong>" in html


def test_a_partner_never_sees_the_dpias_of_their_agreement_or_data(
    client, isa, source, staff, dpo, director, partner_hull
):
    dpia = approved_dpia(staff, dpo, director, agreements=[isa], data_sources=[source])
    client.force_login(partner_hull)

    for url in (isa.get_absolute_url(), source.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert dpia.reference not in page
        assert 'data-testid="linked-dpias"' not in page
        assert response.context["linked_dpias"] is None


def test_a_superseded_revision_is_left_out(client, isa, staff, dpo):
    old = screened_out_dpia(staff, dpo, agreements=[isa])
    revision = services.dpia_submit(services.dpia_start_review(old, actor=staff), actor=staff)
    revision = services.dpia_confirm_screening(
        revision,
        actor=dpo,
        advice="Still no personal data.",
        next_review_on=timezone.localdate() + timedelta(days=365),
    )
    client.force_login(staff)

    response = client.get(isa.get_absolute_url())

    assert response.context["linked_dpias"] == [revision]


@pytest.mark.parametrize("dpias", [1, 5])
def test_the_pages_run_the_same_queries_however_many_dpias_are_linked(
    client, isa, source, staff, dpias
):
    for number in range(dpias):
        draft_dpia(staff, title=f"Assessment {number}", agreements=[isa], data_sources=[source])
    client.force_login(staff)

    counts = (
        count_queries(client, isa.get_absolute_url()),
        count_queries(client, source.get_absolute_url()),
    )

    # The ISA covers no item of the data sharing code yet: its page shows that finding.
    assert counts == (
        AGREEMENT_DETAIL_QUERIES + AGREEMENT_FINDING_QUERIES,
        DATASOURCE_DETAIL_QUERIES,
    )

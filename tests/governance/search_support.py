"""Records for the search tests: the word "kestrel" in one record of every register, twice
where a partner's scope splits them (one at Hull City Council, one at Humberside Police)."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from governance.models import Breach, Policy
from ropa.models import ProcessingActivity, RetentionRule
from sharing.models import ConnectionRequest, RoleHolder
from tests.dpias import draft_dpia
from tests.factories import (
    AgreementFactory,
    ConsultationFactory,
    ContactFactory,
    DataSourceFactory,
    ForumFactory,
    ProductFactory,
)

WORD = "kestrel"


def partner_shared_source(name: str, supplier: Any, agreement: Any) -> Any:
    return DataSourceFactory(
        name=name,
        description="Referrals matched against kestrel project outcomes.",
        classification="partner_shared",
        url="",
        publisher="",
        supplier=supplier,
        covering_agreement=agreement,
        justification="Not published at street level.",
        collection="existing",
    )


def kestrel_records(*, staff: Any, opcc: Any, hull: Any, police: Any) -> dict[str, list[Any]]:
    """Every register's records that mention the word, keyed by model name."""
    hull.address = "Kestrel House, Guildhall Road, Hull"
    hull.save()
    police.address = "Kestrel Court, Priory Road, Hull"
    police.save()
    hull_isa = AgreementFactory(
        title="Kestrel Hull youth ISA", parties=[(opcc, "controller"), (hull, "controller")]
    )
    police_isa = AgreementFactory(
        title="Kestrel police custody ISA", parties=[(opcc, "controller"), (police, "controller")]
    )
    hull_source = partner_shared_source("Hull youth referrals", hull, hull_isa)
    police_source = partner_shared_source("Police custody records", police, police_isa)
    product = ProductFactory(title="Kestrel hotspots briefing", data_sources=[hull_source])
    forum = ForumFactory(name="Kestrel Information Sharing Forum", acronym="KISF")
    connection = ConnectionRequest.objects.create(forum=forum, purpose="Kestrel youth data")
    aware_at = timezone.now() - timedelta(hours=5)
    return {
        "organisation": [hull, police],
        "contact": [
            ContactFactory(organisation=hull, name="Kestrel Ward"),
            ContactFactory(organisation=police, name="Kestrel Jones"),
        ],
        "forum": [forum],
        "connectionrequest": [connection],
        "agreement": [hull_isa, police_isa],
        "datasource": [hull_source, police_source],
        "product": [product],
        "consultation": [
            ConsultationFactory(product=product, organisation=hull, conditions="Kestrel only"),
            ConsultationFactory(
                product=ProductFactory(title="Custody briefing"),
                organisation=police,
                conditions="Kestrel wards only",
            ),
        ],
        "processingactivity": [
            ProcessingActivity.objects.create(
                name="Kestrel referral analysis", business_function="Analysis", purpose="x"
            )
        ],
        "retentionrule": [
            RetentionRule.objects.create(
                record_class="Kestrel project files",
                period=6,
                period_unit="years",
                trigger="creation",
                action="review",
            )
        ],
        "policy": [
            Policy.objects.create(
                title="Kestrel safeguards policy",
                kind="policy",
                owner_organisation=opcc,
                status="in_force",
                version="1.0",
            )
        ],
        "dpia": [draft_dpia(staff, title="Kestrel youth referrals matching")],
        "breach": [
            Breach.objects.create(
                reference="BR-900",
                title="Kestrel spreadsheet sent to the wrong address",
                detected_at=aware_at,
                became_aware_at=aware_at,
                reported_by=staff,
                description="A spreadsheet went astray.",
                organisation=hull,
            )
        ],
        "roleholder": [
            RoleHolder.objects.create(
                organisation=hull,
                role="dpo",
                name="Kestrel Smith",
                email="kestrel.smith@hull.test",
                starts_on=date(2024, 4, 1),
            )
        ],
    }

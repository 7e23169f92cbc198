"""Each kind of compliance finding, produced and cleared as the people using the portal would:
the bad state is made the way old data or an import leaves it (straight into the tables), then
put right through the same service the record's page calls, and the finding goes.

Where a rule also exists in Python for one record (the ROPA activation rules, the consultation
rule, ``is_review_overdue``, the disposal list), the finding's queryset is checked to agree.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.findings import (
    BY_SLUG,
    KINDS,
    Category,
    Severity,
    category_counts,
    counts,
    findings_for,
    findings_page,
    findings_url,
)
from governance.findings.roles import vacant_roles
from governance.models import Dpia, Policy
from governance.services import breaches as breach_services
from governance.services import dpias as dpia_services
from ropa.models import Disposal, ProcessingActivity, RetentionRule
from ropa.selectors import records_due_for_disposal
from ropa.services import activity_problems, activity_save, disposal_approve, disposal_propose
from sharing.models import Consultation, Product, RoleHolder
from sharing.selectors import current_holders
from sharing.services import (
    consultation_respond,
    data_source_save,
    product_consultation_problems,
    product_save,
    role_holder_save,
)
from tests.dpias import approved_dpia, screened_out_dpia, submitted_dpia
from tests.factories import AgreementFactory, DataSourceFactory, ProductFactory
from tests.governance.breach_helpers import hours_ago, make_breach
from tests.role_holders import make_role_holder
from tests.ropa.test_activation_rules import activity_with
from vpp_portal.editing import save_register_row

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def found(slug, **kwargs):
    """The findings of one kind, as the findings page lists them."""
    return findings_page([slug], 0, 100, **kwargs)


def labels(slug):
    return [finding.record_label for finding in found(slug)]


def test_every_kind_has_a_distinct_slug_a_severity_a_category_and_a_register():
    assert len({kind.slug for kind in KINDS}) == len(KINDS) >= 18
    for kind in KINDS:
        assert kind.severity in Severity.values
        assert kind.category in Category.values
        assert kind.register and kind.register_key.count(".") == 1


def test_kinds_are_listed_most_serious_first():
    order = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
    ranks = [order[kind.severity] for kind in KINDS]
    assert ranks == sorted(ranks)


# --- Roles ---------------------------------------------------------------------------------------


def test_a_role_nobody_holds_is_a_finding_until_someone_is_recorded_in_it(opcc, police, dpo):
    assert labels("role-vacant") == [
        "Senior Information Risk Owner (SIRO)",
        "Data Protection Officer (DPO)",
        "Director",
    ]
    # A DPO at another organisation, or one whose term has ended, is not the partnership's.
    make_role_holder(police, "dpo")
    make_role_holder(
        opcc, "dpo", starts_on=today() - timedelta(days=400), ends_on=today() - timedelta(days=1)
    )
    assert "Data Protection Officer (DPO)" in labels("role-vacant")

    role_holder_save(
        RoleHolder(organisation=opcc, role="dpo", name="Dana Okafor", starts_on=today()),
        actor=dpo,
        reason="New DPO in post",
    )
    assert labels("role-vacant") == ["Senior Information Risk Owner (SIRO)", "Director"]
    finding = found("role-vacant")[0]
    assert finding.severity == Severity.HIGH and finding.category == Category.LEADERSHIP
    assert "?role=siro" in finding.fix_url


def test_vacant_roles_agree_with_the_current_holders_selector(opcc):
    make_role_holder(opcc, "siro", name="Simon Jones")
    make_role_holder(opcc, "director", starts_on=today() + timedelta(days=3))
    expected = [role for role in ("siro", "dpo", "director") if not current_holders(role, today())]
    assert vacant_roles(today()) == expected == ["dpo", "director"]


# --- Partner-shared data without an active covering agreement -------------------------------------


@pytest.fixture
def hull_isa(hull_sharing):
    return hull_sharing["agreement"]


def partner_source(hull, agreement, **fields):
    values = {
        "classification": "partner_shared",
        "url": "",
        "publisher": "",
        "supplier": hull,
        "covering_agreement": agreement,
        "justification": "Not published at street level.",
        "collection": "existing",
        "has_personal_data": True,
    }
    values.update(fields)
    return DataSourceFactory(**values)


def test_partner_shared_data_under_an_agreement_not_yet_active_is_a_finding_until_covered(
    hull, staff, hull_isa
):
    draft = AgreementFactory(title="Hull draft ISA", status="drafting")
    source = partner_source(hull, draft, name="Hull school exclusions")
    [finding] = found("uncovered-source")
    assert finding.record_label == "Hull school exclusions"
    assert "‘Hull draft ISA’, which is ‘Drafting’, not active" in finding.message
    assert finding.fix_url == draft.get_absolute_url()  # finish the agreement in hand
    assert source.is_uncovered  # the register's own per-record rule says the same

    source.covering_agreement = hull_isa
    data_source_save(source, actor=staff, reason="Now under the active ISA")
    assert found("uncovered-source") == []


def test_a_disposed_source_needs_no_agreement(hull):
    partner_source(hull, None, name="Old referrals", retired_on=today())
    assert found("uncovered-source") == []


# --- Ended agreements still covering -------------------------------------------------------------


def test_an_agreement_past_its_expiry_still_covering_data_is_a_finding_until_moved(
    hull, staff, opcc, hull_sharing
):
    old = AgreementFactory(
        title="Hull 2023 ISA",
        status="active",
        allows_personal_data=True,
        starts_on=today() - timedelta(days=800),
        expires_on=today() - timedelta(days=2),
    )
    source = partner_source(hull, old, name="Hull referrals 2023")
    [finding] = found("ended-agreement-still-covering")
    assert finding.record_label == "Hull 2023 ISA"
    assert "passed its expiry date" in finding.message
    assert finding.message.endswith("still covers 1 data source.")

    source.covering_agreement = hull_sharing["agreement"]
    data_source_save(source, actor=staff, reason="Moved to the current ISA")
    assert found("ended-agreement-still-covering") == []


def test_an_expired_agreement_covering_an_activity_names_it(staff):
    expired = AgreementFactory(title="Expired ISA", status="expired")
    ProcessingActivity.objects.create(
        name="Old analysis", business_function="Analysis", purpose="P", covering_agreement=expired
    )
    [finding] = found("ended-agreement-still-covering")
    assert "still covers 1 processing activity" in finding.message
    ProcessingActivity.objects.filter(name="Old analysis").update(status="retired")
    assert found("ended-agreement-still-covering") == []


# --- Agreement reviews ---------------------------------------------------------------------------


def test_an_active_agreement_past_its_review_date_is_a_finding_until_reviewed(staff, hull_sharing):
    from sharing.services import agreement_save

    agreement = hull_sharing["agreement"]
    agreement.review_on = today() - timedelta(days=5)
    agreement.save()
    [finding] = found("agreement-review-overdue")
    assert "5 days ago" in finding.message
    assert agreement.is_review_overdue()

    agreement.refresh_from_db()
    agreement.review_on = today() + timedelta(days=365)
    agreement_save(agreement, actor=staff, reason="Reviewed with Hull")
    assert found("agreement-review-overdue") == []


# --- Products beyond the core team without every supplier's agreement ----------------------------


def test_a_ready_product_missing_a_suppliers_agreement_is_a_finding_until_they_agree(
    hull, hull_sharing, partner_hull, staff
):
    product = hull_sharing["product"]
    Consultation.objects.filter(product=product).delete()
    Product.objects.filter(pk=product.pk).update(status="ready")  # as an import left it
    product.refresh_from_db()
    [finding] = found("product-without-supplier-agreement")
    assert finding.record_label == product.title
    assert "Hull City Council has not been consulted about this product." in finding.message
    assert product_consultation_problems(product)  # the page's own rule agrees

    consultation = Consultation.objects.create(product=product, organisation=hull)
    assert found("product-without-supplier-agreement") != []  # asked, not answered
    consultation_respond(consultation, actor=partner_hull, response="agreed")
    assert found("product-without-supplier-agreement") == []
    assert product_consultation_problems(Product.objects.get(pk=product.pk)) == []


def test_an_internal_or_draft_product_needs_no_agreement_yet(hull, hull_sharing):
    source = hull_sharing["datasource"]
    ProductFactory(title="Internal", audience="internal", status="published", data_sources=[source])
    ProductFactory(title="Draft", audience="public", data_sources=[source])
    assert found("product-without-supplier-agreement") == []


def test_the_product_rule_agrees_with_the_consultation_rule_for_every_answer(hull, police):
    source_hull = partner_source(hull, None, name="Hull data")
    source_police = partner_source(police, None, name="Police data")
    open_source = DataSourceFactory(name="Open data")
    answers = ("pending", "agreed", "agreed_with_conditions", "declined", None)
    for index, (first, second) in enumerate((a, b) for a in answers for b in answers):
        product = ProductFactory(
            title=f"Product {index}",
            status="published",
            audience="public",
            data_sources=[source_hull, source_police, open_source],
        )
        for organisation, answer in ((hull, first), (police, second)):
            if answer is not None:
                Consultation.objects.create(
                    product=product,
                    organisation=organisation,
                    response=answer,
                    conditions="Aggregate only" if answer == "agreed_with_conditions" else "",
                )
    flagged = set(labels("product-without-supplier-agreement"))
    expected = {
        product.title
        for product in Product.objects.prefetch_related("data_sources__supplier", "consultations")
        if product_consultation_problems(product)
    }
    assert flagged == expected and len(expected) == 21  # all but the 4 where both agreed


# --- Disposed data still used ------------------------------------------------------------------


@pytest.fixture
def rule(db):
    return RetentionRule.objects.create(
        record_class="Analysis extracts",
        period=1,
        period_unit="years",
        trigger="creation",
        action="destroy",
    )


def dispose(record, field, staff, dpo):
    disposal = disposal_propose(
        Disposal(
            **{field: record},
            disposed_on=today(),
            method="secure_deletion",
            carried_out_by=staff,
            evidence_reference="Certificate 42",
        ),
        actor=staff,
    )
    return disposal_approve(disposal, actor=dpo, reason="Checked")


def test_a_product_still_using_a_disposed_source_is_a_finding_until_it_stops(staff, dpo):
    source = DataSourceFactory(name="Old crime extract")
    product = ProductFactory(title="Hotspot briefing", audience="internal", data_sources=[source])
    assert found("product-using-disposed-source") == []
    dispose(source, "data_source", staff, dpo)
    [finding] = found("product-using-disposed-source")
    assert finding.record_label == "Hotspot briefing"
    assert "‘Old crime extract’ (disposed of on" in finding.message

    product_save(product, actor=staff, links={"data_sources": []}, reason="Source disposed of")
    assert found("product-using-disposed-source") == []


# --- Processing activities: the activation rules still broken ----------------------------------


@pytest.fixture
def isa(opcc, hull):
    return AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        lawful_basis="public_task",
        parties=[(opcc, "controller"), (hull, "controller")],
    )


@pytest.fixture
def screening(staff, dpo, isa):
    return screened_out_dpia(staff, dpo, agreements=[isa])


@pytest.fixture
def ready(isa, screening, opcc):
    return {
        "has_personal_data": True,
        "covering_agreement": isa,
        "art6_basis": "public_task",
        "dpia_required": "no",
        "dpias": [screening],
        # Transparency: a privacy notice in force covers it.
        "privacy_notice": Policy.objects.create(
            title="VPP Privacy Notice",
            kind="privacy_notice",
            status="in_force",
            owner_organisation=opcc,
        ),
    }


def activity_findings(activity):
    return {finding.kind for finding in findings_for(activity)}


def test_a_complete_active_activity_has_no_findings(ready):
    activity = activity_with(status="active", **ready)
    assert activity_problems(ProcessingActivity.objects.with_related().get(pk=activity.pk)) == []
    assert activity_findings(activity) == set()


def test_an_active_activity_without_its_agreement_is_a_finding_until_one_is_chosen(
    ready, isa, staff
):
    activity = activity_with(status="active", **{**ready, "covering_agreement": None})
    [finding] = found("activity-without-agreement")
    assert finding.message == "Choose the agreement that allows this personal data to be processed."
    assert finding.fix_url.endswith("#id_covering_agreement")

    activity.covering_agreement = isa
    activity_save(activity, actor=staff, reason="Under the ISA")
    assert found("activity-without-agreement") == []


@pytest.mark.parametrize(
    "agreement_fields",
    [
        {"kind": "mou", "allows_personal_data": False, "status": "active"},
        {"kind": "isa", "allows_personal_data": True, "status": "expired"},
        {"kind": "isa", "allows_personal_data": False, "status": "active"},
        {"kind": "art28", "allows_personal_data": True, "status": "active"},
    ],
)
def test_the_agreement_finding_agrees_with_the_activation_rule(ready, agreement_fields):
    agreement = AgreementFactory(title="The agreement", **agreement_fields)
    activity = activity_with(status="active", **{**ready, "covering_agreement": agreement})
    rule_says = any(
        p.field == "covering_agreement"
        for p in activity_problems(ProcessingActivity.objects.with_related().get(pk=activity.pk))
    )
    assert ("activity-without-agreement" in activity_findings(activity)) == rule_says


def test_an_active_activity_without_its_dpia_is_a_finding_until_one_is_approved(
    ready, staff, dpo, director
):
    activity = activity_with(status="under_review", **{**ready, "dpia_required": "yes"})
    [finding] = found("activity-without-dpia")
    assert finding.message.startswith("‘DPIA required?’ is yes, but the screening DPIA-001")

    approved_dpia(staff, dpo, director, activities=[activity])
    assert found("activity-without-dpia") == []


@pytest.mark.parametrize("answer", ["", "yes", "no"])
@pytest.mark.parametrize("linked", ["none", "screened_out", "approved", "submitted", "both"])
def test_the_dpia_finding_agrees_with_the_activation_rule(
    ready, staff, dpo, director, answer, linked
):
    activity = activity_with(status="active", **{**ready, "dpias": [], "dpia_required": answer})
    if linked in ("screened_out", "both"):
        screened_out_dpia(staff, dpo, activities=[activity])
    if linked in ("approved", "both"):
        approved_dpia(staff, dpo, director, activities=[activity])
    if linked == "submitted":
        submitted_dpia(staff, activities=[activity])
    rule_says = any(
        p.field == "dpia_required"
        for p in activity_problems(ProcessingActivity.objects.with_related().get(pk=activity.pk))
    )
    assert ("activity-without-dpia" in activity_findings(activity)) == rule_says


def test_special_category_data_without_a_safeguards_policy_in_force_is_a_finding_until_it_is(
    ready, opcc, staff
):
    policy = Policy.objects.create(
        title="Appropriate Policy Document", kind="safeguards", owner_organisation=opcc
    )
    activity_with(
        status="active",
        has_special_category_data=True,
        art9_condition="g",
        safeguards_policy=policy,
        **ready,
    )
    [finding] = found("activity-without-safeguards-policy")
    assert "its status is ‘Draft’, not ‘In force’" in finding.message
    assert finding.fix_url == policy.get_absolute_url()

    policy.status = "in_force"
    save_register_row(policy, actor=staff, reason="Adopted by the VPP")
    assert found("activity-without-safeguards-policy") == []


@pytest.mark.parametrize("kind", ["safeguards", "policy"])
@pytest.mark.parametrize("status", ["draft", "in_force", None])
def test_the_safeguards_finding_agrees_with_the_activation_rule(ready, opcc, kind, status):
    policy = (
        Policy.objects.create(title="P", kind=kind, owner_organisation=opcc, status=status)
        if status
        else None
    )
    activity = activity_with(
        status="active",
        has_criminal_offence_data=True,
        schedule1_condition="p2_10",
        safeguards_policy=policy,
        **ready,
    )
    rule_says = any(
        p.field == "safeguards_policy"
        for p in activity_problems(ProcessingActivity.objects.with_related().get(pk=activity.pk))
    )
    assert ("activity-without-safeguards-policy" in activity_findings(activity)) == rule_says


def test_an_empty_required_ico_column_is_a_finding_until_it_is_filled(ready, staff):
    activity = activity_with(status="active", location="", security_measures="", **ready)
    [finding] = found("activity-incomplete-ico-record")
    assert finding.message == (
        "The ICO record leaves required columns empty: ‘General description of technical and "
        "organisational security measures (if possible)’ and ‘Location of personal data’."
    )
    assert finding.fix_url.endswith("#id_security_measures")

    activity.location = "OPCC analysis server (UK)"
    activity.security_measures = "Role-based access."
    activity_save(activity, actor=staff, reason="ICO record completed")
    assert found("activity-incomplete-ico-record") == []


def test_a_draft_activity_is_not_held_to_the_activation_rules_yet(ready):
    activity_with(status="draft", location="", **{**ready, "covering_agreement": None})
    for slug in ("activity-without-agreement", "activity-incomplete-ico-record"):
        assert found(slug) == []


# --- Reviews -------------------------------------------------------------------------------------


def test_an_activity_past_its_review_date_is_a_finding_until_reviewed(staff):
    activity = ProcessingActivity.objects.create(
        name="Open data mapping",
        business_function="Analysis",
        purpose="Maps",
        next_review_on=today() - timedelta(days=1),
    )
    [finding] = found("activity-review-overdue")
    assert "(1 day ago)" in finding.message
    activity.next_review_on = today() + timedelta(days=365)
    activity_save(activity, actor=staff, reason="Reviewed")
    assert found("activity-review-overdue") == []


def test_a_policy_past_its_review_date_is_a_finding_until_reviewed_and_not_once_withdrawn(
    opcc, staff
):
    policy = Policy.objects.create(
        title="Records Management Policy",
        kind="policy",
        owner_organisation=opcc,
        status="in_force",
        next_review_on=today() - timedelta(days=20),
    )
    [finding] = found("policy-review-overdue")
    assert policy.is_review_overdue() and "(20 days ago)" in finding.message
    policy.next_review_on = today() + timedelta(days=365)
    save_register_row(policy, actor=staff, reason="Reviewed")
    assert found("policy-review-overdue") == []

    Policy.objects.filter(pk=policy.pk).update(next_review_on=today() - timedelta(days=1))
    assert len(found("policy-review-overdue")) == 1
    Policy.objects.filter(pk=policy.pk).update(status="withdrawn")
    assert found("policy-review-overdue") == []


def test_a_dpia_past_its_review_is_a_finding_until_its_revision_is_approved(staff, dpo, director):
    dpia = approved_dpia(staff, dpo, director)
    Dpia.objects.filter(pk=dpia.pk).update(next_review_on=today() - timedelta(days=3))
    [finding] = found("dpia-review-overdue")
    assert finding.fix_label == "Start the review"
    assert Dpia.objects.get(pk=dpia.pk).is_review_overdue()

    revision = dpia_services.dpia_start_review(Dpia.objects.get(pk=dpia.pk), actor=staff)
    [finding] = found("dpia-review-overdue")  # still in force, and still overdue
    assert finding.fix_url == revision.get_absolute_url()
    assert "Revision 2 is ‘Draft’" in finding.message

    revision = dpia_services.dpia_submit(revision, actor=staff)
    revision = dpia_services.dpia_give_advice(
        revision, actor=dpo, recommendation="proceed_with_measures", advice="Fine."
    )
    dpia_services.dpia_approve(
        revision,
        actor=director,
        advice_decision="accepted",
        review_owner=dpo,
        next_review_on=today() + timedelta(days=365),
    )
    assert found("dpia-review-overdue") == []


def test_dpia_review_findings_agree_with_is_review_overdue(staff, dpo, director):
    for days_ago in (-1, 0, 1):
        dpia = approved_dpia(staff, dpo, director, title=f"DPIA due {days_ago}")
        Dpia.objects.filter(pk=dpia.pk).update(next_review_on=today() - timedelta(days=days_ago))
    overdue = {str(d) for d in Dpia.objects.all() if d.is_review_overdue()}
    assert set(labels("dpia-review-overdue")) == overdue and len(overdue) == 1


# --- DPIAs waiting for the DPO -------------------------------------------------------------------


def test_a_dpia_waiting_longer_than_the_setting_for_the_dpo_is_a_finding_until_advised(
    staff, dpo, settings
):
    dpia = submitted_dpia(staff)
    Dpia.objects.filter(pk=dpia.pk).update(submitted_at=timezone.now() - timedelta(days=9))
    assert found("dpia-waiting-for-dpo") == []  # 9 days: within the default 10
    settings.FINDINGS_DPO_WAIT_DAYS = 7
    [finding] = found("dpia-waiting-for-dpo")
    assert "it has waited 9 days for the DPO's advice (more than 7 days)" in finding.message

    dpia_services.dpia_give_advice(
        Dpia.objects.get(pk=dpia.pk),
        actor=dpo,
        recommendation="proceed_with_measures",
        advice="Proceed.",
    )
    assert found("dpia-waiting-for-dpo") == []


# --- Retention -----------------------------------------------------------------------------------


def test_an_activity_past_its_retention_date_is_a_finding_until_a_disposal_is_recorded(
    staff, dpo, rule
):
    activity = ProcessingActivity.objects.create(
        name="2019 referrals",
        business_function="Analysis",
        purpose="Referrals",
        retention_rule=rule,
        retention_trigger_on=today() - timedelta(days=400),
    )
    [finding] = found("activity-retention-overdue")
    assert "under ‘Analysis extracts’" in finding.message
    assert finding.fix_url.endswith(f"?activity={activity.pk}")

    dispose(activity, "activity", staff, dpo)
    assert found("activity-retention-overdue") == []


def test_a_source_past_its_retention_date_is_a_finding_while_no_disposal_is_proposed(
    staff, dpo, rule
):
    source = DataSourceFactory(
        name="2019 extract", retention_rule=rule, retention_trigger_on=today() - timedelta(days=366)
    )
    assert len(found("source-retention-overdue")) == 1
    disposal = disposal_propose(
        Disposal(
            data_source=source,
            disposed_on=today(),
            method="secure_deletion",
            carried_out_by=staff,
            evidence_reference="Certificate 7",
        ),
        actor=staff,
    )
    assert found("source-retention-overdue") == []  # with the DPO now
    from ropa.services import disposal_refuse

    disposal_refuse(disposal, actor=dpo, reason="Still needed for the evaluation")
    assert len(found("source-retention-overdue")) == 1


def test_retention_findings_agree_with_the_disposal_list(staff, rule):
    for days in (300, 365, 366, 500):
        ProcessingActivity.objects.create(
            name=f"Activity {days}",
            business_function="A",
            purpose="P",
            retention_rule=rule,
            retention_trigger_on=today() - timedelta(days=days),
        )
        DataSourceFactory(
            name=f"Source {days}",
            retention_rule=rule,
            retention_trigger_on=today() - timedelta(days=days),
        )
    due = records_due_for_disposal(staff, today())
    overdue = {item.name for item in due if item.is_overdue}
    flagged = set(labels("activity-retention-overdue")) | set(labels("source-retention-overdue"))
    assert flagged == overdue and len(overdue) >= 4


# --- Breaches ------------------------------------------------------------------------------------


def test_a_breach_past_72_hours_without_an_ico_decision_is_a_finding_until_decided(staff, dpo):
    make_breach(staff, "BR-001", became_aware_at=hours_ago(71))
    assert found("breach-past-72-hours-undecided") == []
    breach = make_breach(staff, "BR-002", became_aware_at=hours_ago(73))
    [finding] = found("breach-past-72-hours-undecided")
    assert finding.record_label.startswith("BR-002")
    assert finding.severity == Severity.HIGH

    breach_services.breach_record_ico_decision(
        breach,
        actor=dpo,
        ico_decision="not_required",
        ico_decision_reasons="Encrypted; no risk to anyone.",
    )
    assert found("breach-past-72-hours-undecided") == []


def test_a_reportable_breach_past_72_hours_is_a_finding_until_the_ico_is_told(staff, dpo):
    breach = make_breach(
        staff,
        became_aware_at=hours_ago(80),
        ico_decision="report",
        ico_decision_reasons="Health data of 12 children.",
    )
    [finding] = found("breach-past-72-hours-not-told")
    assert finding.fix_label == "Record when the ICO was told"
    breach_services.breach_record_ico_decision(
        breach,
        actor=dpo,
        ico_decision="report",
        ico_decision_reasons="Health data of 12 children.",
        ico_told_at=hours_ago(1),
        ico_reference="ICO-123",
    )
    assert found("breach-past-72-hours-not-told") == []


# --- The API -------------------------------------------------------------------------------------


def test_counts_and_category_counts_add_up(opcc, staff):
    Policy.objects.create(
        title="Old policy",
        kind="policy",
        owner_organisation=opcc,
        status="in_force",
        next_review_on=today() - timedelta(days=1),
    )
    tally = counts()
    assert tally["policy-review-overdue"] == 1 and tally["role-vacant"] == 3
    table = category_counts()
    assert set(table) == set(Category) and table[Category.TRAINING] == dict.fromkeys(Severity, 0)
    assert table[Category.POLICIES][Severity.LOW] == 1
    assert table[Category.LEADERSHIP][Severity.HIGH] == 3
    assert sum(sum(row.values()) for row in table.values()) == sum(tally.values())


def test_a_page_runs_on_across_kinds_in_order(opcc):
    for index in range(3):
        Policy.objects.create(
            title=f"Policy {index}",
            kind="policy",
            owner_organisation=opcc,
            status="in_force",
            next_review_on=today() - timedelta(days=10 - index),
        )
    kinds = ["role-vacant", "policy-review-overdue"]
    everything = [f.record_label for f in findings_page(kinds, 0, 10)]
    assert everything == [
        "Senior Information Risk Owner (SIRO)",
        "Data Protection Officer (DPO)",
        "Director",
        "Policy 0",
        "Policy 1",
        "Policy 2",
    ]
    assert [f.record_label for f in findings_page(kinds, 2, 3)] == everything[2:5]
    assert findings_page(kinds, 6, 5) == []


def test_findings_url_filters_the_findings_page():
    assert findings_url() == "/governance/findings/"
    assert findings_url(kind=["a", "b"], severity="high", register="") == (
        "/governance/findings/?kind=a&kind=b&severity=high"
    )


def test_a_kind_is_found_by_its_slug():
    assert BY_SLUG["uncovered-source"].register == "Data sources"

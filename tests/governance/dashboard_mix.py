"""A known mix of register rows for the dashboard's tests: every figure has rows it counts and
rows it must leave out, ``copies`` times over (the query-count test builds it at two sizes)."""

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from governance.models import Breach, Policy, PolicyConfirmation, RightsRequest
from ropa.models import Disposal, ProcessingActivity, RetentionRule
from sharing.models import RoleHolder
from tests.dpias import HIGH_STAYS_HIGH, advised_dpia, approved_dpia, returned_dpia, submitted_dpia
from tests.factories import AgreementFactory, DataSourceFactory, OrganisationFactory


def build_mix(
    *, opcc: Any, staff: Any, dpo: Any, director: Any, siro: Any, copies: int = 1, label: str = ""
) -> None:
    """``copies`` of the mix; ``label`` tells apart the names of a second call's rows."""
    today = timezone.localdate()
    now = timezone.now()
    partner = OrganisationFactory(name="Mix Partner Council", kind="local_authority")
    if not RoleHolder.objects.filter(organisation=opcc).exists():
        RoleHolder.objects.create(
            organisation=opcc, role="siro", name="Sarah Siro", starts_on=date(2023, 4, 1)
        )
        RoleHolder.objects.create(
            organisation=opcc, role="dpo", name="Dev Dpo", starts_on=date(2024, 1, 1)
        )
        # A Director who has left, and one at a partner: neither is the partnership's.
        RoleHolder.objects.create(
            organisation=opcc,
            role="director",
            name="Former Director",
            starts_on=date(2020, 1, 1),
            ends_on=today - timedelta(days=30),
        )
        RoleHolder.objects.create(
            organisation=partner,
            role="director",
            name="Partner Director",
            starts_on=date(2022, 1, 1),
        )
    rule, _ = RetentionRule.objects.get_or_create(
        record_class="Mix: one year",
        defaults={"period": 1, "period_unit": "years", "trigger": "creation", "action": "destroy"},
    )

    def trigger_for(due_in_days: int) -> date:
        return today + timedelta(days=due_in_days) - relativedelta(years=1)

    for n in range(copies):
        key = f"{label}{n}"
        # Policies: in force, in force but overdue, withdrawn (never overdue), a safeguards
        # policy in force, a draft.
        for title, kind, status, review in (
            ("In force", "policy", "in_force", today + timedelta(days=100)),
            ("Overdue", "procedure", "in_force", today - timedelta(days=3)),
            ("Withdrawn", "policy", "withdrawn", today - timedelta(days=300)),
            ("Safeguards", "safeguards", "in_force", None),
            ("Draft", "privacy_notice", "draft", today - timedelta(days=1)),
        ):
            Policy.objects.create(
                title=f"{title} {key}",
                kind=kind,
                status=status,
                next_review_on=review,
                owner_organisation=opcc,
            )
        # Required reading: the staff and the DPO are asked to read the current version; the
        # staff member has confirmed it, the DPO not yet.
        required = Policy.objects.create(
            title=f"Required reading {key}",
            kind="policy",
            status="in_force",
            version="2.0",
            next_review_on=today + timedelta(days=200),
            owner_organisation=opcc,
            required_for_roles=["staff", "dpo"],
            reading_required_on=today - timedelta(days=10),
        )
        PolicyConfirmation.objects.create(
            policy=required, user=staff, version="2.0", confirmed_at=now - timedelta(days=2)
        )
        # Agreements: active for good, expiring within 90 days, expiring later, drafting,
        # expired.
        covering = AgreementFactory(title=f"Active {key}", status="active")
        AgreementFactory(
            title=f"Expiring {key}", status="active", expires_on=today + timedelta(days=30)
        )
        AgreementFactory(
            title=f"Later {key}", status="active", expires_on=today + timedelta(days=200)
        )
        AgreementFactory(title=f"Drafting {key}", status="drafting")
        expired = AgreementFactory(title=f"Expired {key}", status="expired")
        # An active ISA covering every item of the data sharing code (the other ISAs miss some).
        from sharing.code_items import GUIDANCE
        from sharing.models import AgreementCodeItem

        whole = AgreementFactory(
            title=f"Complete ISA {key}",
            status="active",
            data_items="Counts by ward.",
            legal_power="Crime and Disorder Act 1998 s115.",
            review_on=today + timedelta(days=300),
            parties=[(partner, "controller")],
        )
        for item in GUIDANCE:
            AgreementCodeItem.objects.create(agreement=whole, item=item, answer="Clause 4.")
        # Data sources: two open, one one-off public, partner-shared covered, under an
        # expired agreement, and with none; with retention overdue, due soon, due later and a
        # retired one whose retention has passed.
        DataSourceFactory(name=f"Open {key}", classification="open")
        DataSourceFactory(
            name=f"Open due {key}",
            classification="open",
            retention_rule=rule,
            retention_trigger_on=trigger_for(10),
        )
        DataSourceFactory(
            name=f"One-off {key}", classification="one_off_public", citation="A paper."
        )
        for name, agreement, due_in in (
            ("Covered", covering, -5),
            ("Expired cover", expired, 60),
            ("Uncovered", None, None),
        ):
            DataSourceFactory(
                name=f"{name} {key}",
                classification="partner_shared",
                url="",
                supplier=partner,
                covering_agreement=agreement,
                retention_rule=rule if due_in is not None else None,
                retention_trigger_on=trigger_for(due_in) if due_in is not None else None,
            )
        retired = DataSourceFactory(
            name=f"Retired {key}",
            classification="open",
            retention_rule=rule,
            retention_trigger_on=trigger_for(-40),
        )
        type(retired).objects.filter(pk=retired.pk).update(retired_on=today - timedelta(days=1))

        # Processing activities: each status, personal data complete and not, retention.
        def activity(name: str, key: str = key, **fields: Any) -> ProcessingActivity:
            values = {
                "business_function": "Analysis",
                "purpose": "Hotspot analysis.",
                "retention_schedule": "One year.",
                "location": "OPCC SharePoint",
                **fields,
            }
            return ProcessingActivity.objects.create(name=f"{name} {key}", **values)

        activity("Draft", retention_rule=rule, retention_trigger_on=trigger_for(-2))
        activity(
            "Active open",
            status="active",
            retention_rule=rule,
            retention_trigger_on=trigger_for(20),
        )
        activity("Active personal incomplete", status="active", has_personal_data=True)
        complete = activity(
            "Active personal complete",
            status="active",
            has_personal_data=True,
            security_measures="Role-based access.",
            art6_basis="public_task",
            rights_available="Access and objection.",
            dpia_required="no",
            retention_policy=Policy.objects.filter(title=f"In force {key}").get(),
            retained_in_line="yes",
            # Transparency: the one active personal-data activity a privacy notice covers.
            privacy_notice=Policy.objects.create(
                title=f"Privacy notice {key}",
                kind="privacy_notice",
                status="in_force",
                owner_organisation=opcc,
            ),
        )
        from ropa.models import DataCategory, IndividualCategory, RecipientCategory

        complete.individual_categories.set(
            [IndividualCategory.objects.get_or_create(name="Victims")[0]]
        )
        complete.data_categories.set(
            [DataCategory.objects.get_or_create(name="Contact details")[0]]
        )
        complete.recipient_categories.set(
            [RecipientCategory.objects.get_or_create(name="VPP core team")[0]]
        )
        activity(
            "Under review",
            status="under_review",
            retention_rule=rule,
            retention_trigger_on=trigger_for(45),
        )
        gone = activity(
            "Retired", status="retired", retention_rule=rule, retention_trigger_on=trigger_for(-100)
        )
        # Disposals: approved this year, approved last year, one proposed.
        decided = {"status": "approved", "decided_by": dpo, "decided_at": now, "proposed_by": staff}
        Disposal.objects.create(
            activity=gone,
            disposed_on=today,
            method="secure_deletion",
            carried_out_by=staff,
            evidence_reference=f"DEL-{key}-1",
            **decided,
        )
        Disposal.objects.create(
            data_source=retired,
            disposed_on=date(today.year - 1, 6, 1),
            method="shredding",
            carried_out_by=staff,
            evidence_reference=f"DEL-{key}-2",
            **decided,
        )
        Disposal.objects.create(
            activity=ProcessingActivity.objects.get(name=f"Draft {key}"),
            disposed_on=today,
            method="secure_deletion",
            carried_out_by=staff,
            proposed_by=staff,
            evidence_reference=f"DEL-{key}-3",
        )
        # DPIAs, through the services: submitted, returned, awaiting sign-off with a high
        # residual risk, approved (one with a high risk, so with the ICO consulted first),
        # and one approved whose review date has come.
        submitted = submitted_dpia(staff, title=f"Submitted {key}")
        type(submitted).objects.filter(pk=submitted.pk).update(submitted_at=now - timedelta(days=6))
        returned_dpia(staff, dpo, title=f"Returned {key}")
        advised_dpia(staff, dpo, title=f"Awaiting {key}", risks=(HIGH_STAYS_HIGH,))
        approved_dpia(staff, dpo, siro, title=f"Approved high {key}", risks=(HIGH_STAYS_HIGH,))
        due = approved_dpia(staff, dpo, director, title=f"Review due {key}")
        type(due).objects.filter(pk=due.pk).update(next_review_on=today - timedelta(days=1))
        # Breaches: open with time left, open past 72 hours, told in time, told late, not
        # reportable and closed, contained.
        breaches = (
            ("Open", timedelta(hours=5), {}),
            ("Passed", timedelta(hours=100), {}),
            (
                "In time",
                timedelta(hours=200),
                {"ico_decision": "report", "ico_told_at": now - timedelta(hours=150)},
            ),
            (
                "Late",
                timedelta(hours=200),
                {"ico_decision": "report", "ico_told_at": now - timedelta(hours=100)},
            ),
            (
                "Not reportable",
                timedelta(hours=300),
                {"ico_decision": "not_required", "status": "closed"},
            ),
            ("Contained", timedelta(hours=10), {"status": "contained"}),
        )
        for index, (title, ago, fields) in enumerate(breaches):
            if fields.get("ico_decision"):
                fields = {**fields, "ico_decision_reasons": "Assessed by the DPO."}
            Breach.objects.create(
                reference=f"MIX-{key}-{index}",
                title=f"{title} {key}",
                detected_at=now - ago - timedelta(hours=1),
                became_aware_at=now - ago,
                reported_by=staff,
                description="What happened.",
                **fields,
            )
        # Actions: one on time, one overdue, one done (counted in neither figure).
        from tests.governance.action_support import make_action, make_overdue

        make_action(staff, title=f"On time {key}")
        make_overdue(make_action(staff, title=f"Overdue {key}"))
        done = make_action(staff, title=f"Done {key}")
        type(done).objects.filter(pk=done.pk).update(
            status="done", evidence="Seen.", completed_on=today
        )
        # Requests from individuals: answered on time and late this year, one answered two
        # years ago (outside the rate), and open ones of each age, one of them overdue and one
        # paused for identification (its clock stopped: no due date).
        for index, (kind, status, received_ago, due_after, responded_ago) in enumerate(
            (
                ("subject_access", "responded", 100, 31, 80),
                ("foi", "responded", 200, 28, 130),
                ("erasure", "responded", 800, 31, 700),
                ("subject_access", "received", 10, 31, None),
                ("subject_access", "received", 45, 31, None),
                ("eir", "extended", 70, 84, None),
                ("subject_access", "paused", 20, None, None),
            )
        ):
            received = today - timedelta(days=received_ago)
            RightsRequest.objects.create(
                reference=f"MIX-RR-{key}-{index}",
                kind=kind,
                status=status,
                received_on=received,
                clock_started_on=received,
                due_on=None if due_after is None else received + timedelta(days=due_after),
                responded_on=None if responded_ago is None else today - timedelta(responded_ago),
                outcome="disclosed_in_full" if responded_ago is not None else "",
                paused_on=today - timedelta(days=5) if status == "paused" else None,
                pause_reason="identification" if status == "paused" else "",
                extension_reason="Complex: several partners' records."
                if status == "extended"
                else "",
                requester_name="A requester",
                summary=f"Request {index}",
                handler=staff,
            )

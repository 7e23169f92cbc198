"""Retention rules and policies, processing activities and disposals."""

from collections.abc import Iterable
from datetime import timedelta

from django.db import models

from governance.choices import (
    PolicyKind,
    PolicyStatus,
)
from governance.models import Dpia, Policy
from ropa.choices import (
    ActivityStatus,
    Art9Condition,
    DisposalMethod,
    DisposalStatus,
    DpiaRequired,
    PeriodUnit,
    RetentionAction,
    RetentionTrigger,
    Schedule1Condition,
    YesNo,
)
from ropa.models import (
    DataCategory,
    Disposal,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from sharing.choices import LawfulBasis
from sharing.models import DataSource

from .base import SeederBase
from .constants import (
    ACTIVITY_PATHS,
    POLICY_PATHS,
    _path,
)


class RopaSeeder(SeederBase):
    """Retention rules and policies, processing activities and disposals."""

    def seed_rules_and_policies(self) -> None:
        rules, times = [], {}
        for number in range(self.count("retention_rules")):
            rule = RetentionRule(
                record_class=self.name("Record class", number),
                period=self.rng.choice((6, 12, 18, 24, 36)),
                period_unit=PeriodUnit.MONTHS,
                trigger=self.rng.choice(RetentionTrigger.values),
                action=self.rng.choice(RetentionAction.values),
                authority="OPCC retention policy",
            )
            times[number] = self.history.timeline()
            self.stamp(rule, times[number])
            rules.append(rule)
        self.rules = self.save_all("retention rules", RetentionRule, rules)
        self.history_for(self.rules, times, churn="authority")

        policies, times = [], {}
        for number in range(self.count("policies")):
            kind = PolicyKind.SAFEGUARDS if number % 4 == 0 else self.rng.choice(PolicyKind.values)
            status = self.rng.choices(
                (PolicyStatus.IN_FORCE, PolicyStatus.DRAFT, PolicyStatus.UNDER_REVIEW,
                 PolicyStatus.WITHDRAWN), (75, 8, 10, 7),
            )[0]  # fmt: skip
            if number == 0:  # at any size, one safeguards policy in force to point to
                status = PolicyStatus.IN_FORCE
            overdue = self.rng.random() < 0.1
            policy = Policy(
                title=self.name("Policy", number),
                kind=kind,
                owner_organisation_id=self.orgs[number % len(self.orgs)].pk,
                version=f"{self.rng.randint(1, 5)}.0",
                document_url=f"https://policies.example.test/{number}",
                next_review_on=self.days_ago(1, 120) if overdue else self.days_ahead(30, 700),
                owner_id=self.rng.choice(self.users),
                status=status,
            )
            times[number] = self.history.timeline()
            self.stamp(policy, times[number])
            policies.append(policy)
        self.policies = self.save_all("policies", Policy, policies)
        self.history_for(
            self.policies,
            times,
            statuses=lambda p: _path(p.status, POLICY_PATHS),  # type: ignore[arg-type]
            churn="version",
        )
        self.safeguards = [
            p for p in self.policies if p.kind == PolicyKind.SAFEGUARDS and p.is_in_force
        ]
        self.in_force = [p for p in self.policies if p.is_in_force]

    def seed_activities(self) -> None:
        activities, times, links, imported = [], {}, {}, set()
        vocab = {
            "individual_categories": list(IndividualCategory.objects.values_list("pk", flat=True)),
            "data_categories": list(DataCategory.objects.values_list("pk", flat=True)),
            "recipient_categories": list(RecipientCategory.objects.values_list("pk", flat=True)),
        }
        for number in range(self.count("activities")):
            status = self.rng.choices(ActivityStatus.values, (15, 65, 10, 10))[0]
            personal = self.rng.random() < 0.6
            legacy = self.legacy()
            if legacy:
                imported.add(number)
            activity = ProcessingActivity(
                name=self.name("Activity", number),
                business_function="Analysis",
                purpose="Understand where violence happens to target prevention",
                has_personal_data=personal,
                retention_schedule="Kept for 2 years after the project ends",
                security_measures="Encrypted at rest; role-based access",
                location="OPCC SharePoint",
                rights_available="Access, rectification, objection",
                automated_decision_making="None",
                owner_id=self.rng.choice(self.users),
                status=status,
                next_review_on=self.days_ago(1, 90)
                if self.rng.random() < 0.08
                else self.days_ahead(20, 600),
            )
            dpia = None
            if personal:
                activity.has_special_category_data = self.rng.random() < 0.25
                activity.has_criminal_offence_data = self.rng.random() < 0.35
                activity.art6_basis = LawfulBasis.PUBLIC_TASK
                activity.retained_in_line = YesNo.YES
                activity.retention_policy_id = self.rng.choice(self.in_force).pk
                if activity.has_special_category_data:
                    activity.art9_condition = Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST
                if activity.has_criminal_offence_data:
                    activity.schedule1_condition = Schedule1Condition.PREVENTING_CRIME
                    activity.schedule1_art6_basis = LawfulBasis.PUBLIC_TASK
                pool = self.expired if legacy and self.expired else self.active_personal
                activity.covering_agreement_id = self.rng.choice(pool).pk
                special = activity.has_special_category_data or activity.has_criminal_offence_data
                if special and not (legacy and status == ActivityStatus.ACTIVE):
                    activity.safeguards_policy_id = self.rng.choice(self.safeguards).pk
                if self.rng.random() < 0.2 and self.screened_out:
                    activity.dpia_required = DpiaRequired.NO
                    dpia = self.rng.choice(self.screened_out)
                else:
                    activity.dpia_required = DpiaRequired.YES
                    if not (legacy and status == ActivityStatus.ACTIVE):
                        dpia = self.rng.choice(self.approved)
            if self.rng.random() < 0.6:
                activity.retention_rule = self.rng.choice(self.rules)
                activity.retention_trigger_on = self.days_ago(30, 1500)
                activity.retention_due_on = activity.retention_rule.due_on(
                    activity.retention_trigger_on
                )
            links[number] = (dpia, personal)
            times[number] = self.history.timeline()
            self.stamp(activity, times[number])
            activities.append(activity)
        self.activities = self.save_all("processing activities", ProcessingActivity, activities)
        self.history_for(
            self.activities,
            times,
            statuses=lambda a: _path(a.status, ACTIVITY_PATHS),  # type: ignore[arg-type]
            churn="purpose",
            imported=imported,
        )
        m2m: dict[str, list[models.Model]] = {}

        def link(field_name: str, activity_id: int, other_ids: Iterable[int], other: str) -> None:
            through = getattr(ProcessingActivity, field_name).through
            m2m.setdefault(field_name, []).extend(
                through(processingactivity_id=activity_id, **{f"{other}_id": pk})
                for pk in other_ids
            )

        dpia_through = Dpia.activities.through
        dpia_links = []
        for number, activity in enumerate(self.activities):
            dpia, personal = links[number]
            link(
                "sources",
                activity.pk,
                {s.pk for s in self.rng.sample(self.sources, 2)},
                "datasource",
            )
            if personal:
                for name, ids in vocab.items():
                    if ids:
                        other = {
                            "individual_categories": "individualcategory",
                            "data_categories": "datacategory",
                            "recipient_categories": "recipientcategory",
                        }[name]
                        link(name, activity.pk, self.rng.sample(ids, min(2, len(ids))), other)
            if dpia is not None:
                dpia_links.append(dpia_through(dpia_id=dpia.pk, processingactivity_id=activity.pk))
        for field_name, rows in m2m.items():
            self.save_all(f"activity {field_name}", type(rows[0]), rows, links=True)
        self.save_all("DPIA activities", dpia_through, dpia_links, links=True)

    def seed_disposals(self) -> None:
        disposals, times = [], {}
        candidates = self.rng.sample(self.sources, min(len(self.sources), self.count("disposals")))
        retired_sources = []
        for number, source in enumerate(candidates):
            status = self.rng.choices(DisposalStatus.values, (15, 80, 5))[0]
            # A disposed source is no longer in any live product, except in old data.
            if (
                status == DisposalStatus.APPROVED
                and source.pk in self.live_products_of
                and not self.legacy()
            ):
                status = DisposalStatus.PROPOSED
            disposed_on = self.days_ago(1, 400)
            proposed_at = self.now - timedelta(days=(self.today - disposed_on).days + 5)
            disposal = Disposal(
                data_source_id=source.pk,
                disposed_on=disposed_on,
                method=self.rng.choice(DisposalMethod.values),
                carried_out_by_id=self.rng.choice(self.users),
                evidence_reference=f"Certificate SCALE-{number:06d}",
                status=status,
                proposed_by_id=self.rng.choice(self.users),
                proposed_at=proposed_at,
            )
            if status != DisposalStatus.PROPOSED:
                disposal.decided_by_id = self.rng.choice(self.dpo_ids)
                disposal.decided_at = proposed_at + timedelta(days=2)
                disposal.decision_reason = (
                    "Not yet at the end of its retention"
                    if status == DisposalStatus.REFUSED
                    else ""
                )
            if status == DisposalStatus.APPROVED:
                retired_sources.append((source.pk, disposed_on))
            times[number] = self.history.timeline(self.rng.randint(1, 3))
            self.stamp(disposal, times[number])
            disposals.append(disposal)
        self.history_for(
            self.save_all("disposals", Disposal, disposals),
            times,
            statuses=lambda d: (
                [DisposalStatus.PROPOSED, d.status]
                if d.status != DisposalStatus.PROPOSED
                else [d.status]
            ),
        )
        for pk, on in retired_sources:  # few thousand at most; one UPDATE each
            DataSource.objects.filter(pk=pk).update(retired_on=on)

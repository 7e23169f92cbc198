"""DPIAs and their risks, breaches, reminders and their notifications."""

from datetime import datetime, timedelta

from governance.choices import (
    AdviceDecision,
    BreachRisk,
    BreachStatus,
    DpiaStatus,
    DpoRecommendation,
    IcoDecision,
    Likelihood,
    MeasureEffect,
    ReminderKind,
    ReminderStage,
    ReminderState,
    RiskLevel,
    ScreeningOutcome,
    Severity,
)
from governance.models import Breach, Dpia, DpiaRisk, Notification, Reminder
from governance.services.dpias import store_risk_ranks

from .base import SeederBase
from .constants import (
    BATCH,
    BREACH_PATHS,
    DPIA_PATHS,
    MATRIX,
    _path,
)


class GovernanceSeeder(SeederBase):
    """DPIAs and their risks, breaches, reminders and their notifications."""

    def seed_dpias(self) -> None:
        dpias, times = [], {}
        first = (
            max(
                (
                    int(ref.removeprefix("DPIA-"))
                    for ref in Dpia.objects.values_list("reference", flat=True)
                    if ref.removeprefix("DPIA-").isdigit()
                ),
                default=0,
            )
            + 1
        )
        statuses = list(DPIA_PATHS)
        for number in range(self.count("dpias")):
            status = self.rng.choices(statuses, (6, 4, 5, 55, 15, 3, 2))[0]
            if number < 2:  # at any size, an approved DPIA and a screening to link to
                status = (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT)[number]
            required = status != DpiaStatus.SCREENED_OUT
            submitted = self.now - timedelta(days=self.rng.randint(1, 90))
            after_dpo = status in (
                DpiaStatus.AWAITING_SIGN_OFF, DpiaStatus.APPROVED, DpiaStatus.REJECTED,
                DpiaStatus.SCREENED_OUT,
            )  # fmt: skip
            signed = status in (DpiaStatus.APPROVED, DpiaStatus.REJECTED)
            dpia = Dpia(
                reference=f"DPIA-{first + number:03d}",
                title=self.name("DPIA", number),
                author_id=self.rng.choice(self.users),
                screening_indicators=["data_matching", "vulnerable"] if required else [],
                screening_outcome=ScreeningOutcome.REQUIRED
                if required
                else ScreeningOutcome.NOT_REQUIRED,
                screening_reason="Matching police and health data about vulnerable people",
                processing_nature="Pseudonymised matching",
                processing_scope="Humber-wide, 3 years",
                processing_context="Violence reduction",
                processing_purposes="Target prevention work",
                necessity_and_proportionality="Aggregates cannot target support",
                submitted_by_id=self.rng.choice(self.users)
                if status != DpiaStatus.WITHDRAWN
                else None,
                submitted_at=submitted if status != DpiaStatus.WITHDRAWN else None,
                status=status,
            )
            if after_dpo:
                dpia.dpo_recommendation = DpoRecommendation.PROCEED
                dpia.dpo_advice = "Proceed with the measures listed"
                dpia.advised_by_id = self.rng.choice(self.dpo_ids)
                dpia.advised_at = submitted + timedelta(days=self.rng.randint(1, 10))
            if signed:
                dpia.signed_off_by_id = self.rng.choice(self.signers)
                dpia.signed_off_at = submitted + timedelta(days=self.rng.randint(11, 20))
                dpia.advice_decision = AdviceDecision.ACCEPTED
            if status in (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT):
                overdue = self.rng.random() < 0.08
                dpia.next_review_on = self.days_ago(1, 60) if overdue else self.days_ahead(30, 500)
                dpia.review_owner_id = dpia.author_id
            times[number] = self.history.timeline()
            self.stamp(dpia, times[number])
            dpias.append(dpia)
        self.dpias = self.save_all("DPIAs", Dpia, dpias)
        self.history_for(
            self.dpias,
            times,
            statuses=lambda d: _path(d.status, DPIA_PATHS),  # type: ignore[arg-type]
            churn="processing_scope",
        )
        risks: list[DpiaRisk] = []
        rtimes: dict[int, list[datetime]] = {}
        for dpia in self.dpias:
            for number in range(1, self.rng.randint(1, 4) + 1):
                likelihood = self.rng.choice(Likelihood.values)
                severity = self.rng.choice(Severity.values)
                overall = MATRIX[(likelihood, severity)]  # type: ignore[index]
                risk = DpiaRisk(
                    dpia_id=dpia.pk,
                    number=number,
                    description="Re-identification of individuals from matched records",
                    likelihood=likelihood,
                    severity=severity,
                    overall_risk=overall,
                )
                if overall != RiskLevel.LOW:
                    risk.measure_options = "Pseudonymise before matching"
                    risk.measure_effect = MeasureEffect.REDUCED
                    risk.residual_risk = (
                        RiskLevel.HIGH if self.rng.random() < 0.05 else RiskLevel.LOW
                    )
                rtimes[len(risks)] = self.history.timeline(self.rng.randint(1, 4))
                self.stamp(risk, rtimes[len(risks)])
                risks.append(risk)
        self.history_for(self.save_all("DPIA risks", DpiaRisk, risks), rtimes)
        # The stored highest risks, from the risks just written: one UPDATE a batch of DPIAs.
        ids = [dpia.pk for dpia in self.dpias]
        for start in range(0, len(ids), BATCH):
            store_risk_ranks(Dpia.objects.filter(pk__in=ids[start : start + BATCH]))
        self.approved = [d for d in self.dpias if d.status == DpiaStatus.APPROVED]
        self.screened_out = [d for d in self.dpias if d.status == DpiaStatus.SCREENED_OUT]

    def seed_breaches(self) -> None:
        breaches, times = [], {}
        last = Breach.objects.values_list("reference", flat=True)
        first = max(
            (int(r[3:]) for r in last if r.startswith("BR-") and r[3:].isdigit()), default=0
        )
        for number in range(self.count("breaches")):
            status = self.rng.choices(BreachStatus.values, (10, 10, 80))[0]
            aware = self.now - timedelta(hours=self.rng.randint(2, 24 * 500))
            overdue_undecided = status == BreachStatus.OPEN and self.rng.random() < 0.3
            decision = (
                IcoDecision.UNDECIDED
                if overdue_undecided or (status == BreachStatus.OPEN and self.rng.random() < 0.5)
                else self.rng.choice((IcoDecision.REPORT, IcoDecision.NOT_REQUIRED))
            )
            breach = Breach(
                reference=f"BR-{first + number + 1:03d}",
                title=self.name("Breach", number),
                detected_at=aware - timedelta(hours=self.rng.randint(0, 12)),
                became_aware_at=aware,
                reported_by_id=self.rng.choice(self.users),
                owner_id=self.rng.choice(self.dpo_ids),
                description="An e-mail with a spreadsheet went to the wrong partner",
                data_affected="Names and incident references",
                people_affected=self.rng.randint(1, 400),
                organisation_id=self.rng.choice(self.orgs).pk,
                risk=self.rng.choice(BreachRisk.values),
                ico_decision=decision,
                ico_decision_reasons=""
                if decision == IcoDecision.UNDECIDED
                else "Assessed by the DPO",
                status=status,
                actions="Recipient deleted the e-mail",
            )
            breach.ico_deadline_at = Breach.deadline_for(aware)
            if decision == IcoDecision.REPORT:
                late = self.rng.random() < 0.15
                breach.ico_told_at = aware + timedelta(
                    hours=self.rng.randint(73, 120) if late else self.rng.randint(2, 70)
                )
                breach.ico_told_at = min(breach.ico_told_at, self.now)
                breach.ico_reference = f"ICO-{number:06d}"
            if status != BreachStatus.OPEN:
                breach.contained_at = aware + timedelta(hours=6)
            if status == BreachStatus.CLOSED:
                breach.closed_at = min(aware + timedelta(days=20), self.now)
                breach.lessons_learnt = "Check recipients before sending"
            times[number] = self.history.timeline(self.rng.randint(3, 10))
            if times[number][0] > aware:
                times[number] = sorted([aware, *times[number][1:]])
            self.stamp(breach, times[number])
            breaches.append(breach)
        self.history_for(
            self.save_all("breaches", Breach, breaches),
            times,
            statuses=lambda b: _path(b.status, BREACH_PATHS),  # type: ignore[arg-type]
            churn="actions",
        )

    def seed_reminders(self) -> None:
        """Reminders already sent for policy and agreement reviews, each with its in-app
        notification (what a user's notification list and the ledger page read)."""
        reminders = []
        records = [(ReminderKind.POLICY_REVIEW, p) for p in self.policies] + [
            (ReminderKind.AGREEMENT_REVIEW, a) for a in self.agreements
        ]
        for kind, record in self.rng.sample(records, min(len(records), self.count("reminders"))):
            due = record.next_review_on if kind == ReminderKind.POLICY_REVIEW else record.review_on
            due = due or self.today
            sent = self.now - timedelta(days=self.rng.randint(0, 60))
            reminders.append(
                Reminder(
                    kind=kind,
                    object_id=record.pk,
                    due_on=due,
                    stage=ReminderStage.DAYS_30,
                    state=ReminderState.SENT,
                    created_at=sent,
                    sent_at=sent,
                    attempts=1,
                )
            )
        reminders = self.save_all("reminders", Reminder, reminders)
        self.save_all(
            "notifications",
            Notification,
            [
                Notification(
                    user_id=self.rng.choice(self.users),
                    reminder_id=reminder.pk,
                    kind=reminder.kind,
                    title=f"Review due on {reminder.due_on:%d %B %Y}",
                    url="/",
                    created_at=reminder.created_at,
                    read_at=reminder.created_at + timedelta(days=1)
                    if self.rng.random() < 0.6
                    else None,
                    email_wanted=True,
                    email_sent_at=reminder.created_at,
                )
                for reminder in reminders
            ],
        )

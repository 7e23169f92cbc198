"""Reads the pages and the services share: what a DPIA still needs before it
can be submitted, its highest risks and who must sign it off; a user's notifications and e-mail
choices; and the records behind reminder ledger rows."""

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.urls import reverse

from .choices import (
    MANDATORY_INDICATORS,
    RISK_RANK,
    DpiaAction,
    DpiaStep,
    ReminderKind,
    RiskLevel,
    ScreeningOutcome,
)
from .models import Dpia, DpiaRisk, EmailPreference, Notification

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import Reminder

# --- What a DPIA still needs ---------------------------------------------------------------------


@dataclass(frozen=True)
class StepProblem:
    """Something missing from one step, and where it is put right."""

    step: int
    message: str
    fix_url: str

    def __str__(self) -> str:
        return self.message


#: The steps a screening's outcome calls for: a screening that finds no DPIA needed stops at 1.
def steps_needed(dpia: Dpia) -> tuple[int, ...]:
    if dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED:
        return (DpiaStep.NEED,)
    return (
        DpiaStep.NEED,
        DpiaStep.DESCRIPTION,
        DpiaStep.CONSULTATION,
        DpiaStep.NECESSITY,
        DpiaStep.RISKS,
        DpiaStep.MEASURES,
    )


def step_url(dpia: Dpia, step: int) -> str:
    """The page where ``step`` of ``dpia`` is written."""
    names: dict[int, str] = {
        DpiaStep.NEED: "governance:dpia_screening",
        DpiaStep.DESCRIPTION: "governance:dpia_description",
        DpiaStep.CONSULTATION: "governance:dpia_consultation",
        DpiaStep.NECESSITY: "governance:dpia_necessity",
    }
    if step in names:
        return reverse(names[step], kwargs={"pk": dpia.pk})
    if step == DpiaStep.RISKS:
        return reverse("governance:dpiarisk_create", kwargs={"dpia_pk": dpia.pk})
    return f"{dpia.get_absolute_url()}#step-{step}"


def dpia_problems(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> list[StepProblem]:
    """Everything that stops ``dpia`` being submitted, step by step, all at once."""
    risks = list(dpia.risks.all()) if risks is None else risks
    problems: list[StepProblem] = []

    def need(step: int, message: str, url: str = "") -> None:
        problems.append(StepProblem(step, message, url or step_url(dpia, step)))

    has_links = (
        bool(list(dpia.activities.all()))
        or bool(list(dpia.agreements.all()))
        or bool(list(dpia.data_sources.all()))
    )
    if not has_links:
        need(
            DpiaStep.NEED,
            "Link the DPIA to the processing activities, agreements or data sources it assesses.",
            reverse("governance:dpia_update", kwargs={"pk": dpia.pk}),
        )
    if not dpia.screening_outcome:
        need(DpiaStep.NEED, "Step 1: choose the screening outcome.")
    elif not dpia.screening_reason:
        need(DpiaStep.NEED, "Step 1: give the reason for the screening outcome.")
    if mandatory_indicators(dpia) and dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED:
        need(DpiaStep.NEED, MANDATORY_MESSAGE)
    if DpiaStep.DESCRIPTION in steps_needed(dpia):
        missing = [
            str(Dpia._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in (
                "processing_nature",
                "processing_scope",
                "processing_context",
                "processing_purposes",
            )
            if not getattr(dpia, name)
        ]
        if missing:
            need(DpiaStep.DESCRIPTION, f"Step 2: describe the {_and(missing)}.")
        if not dpia.consultation and not dpia.consultation_not_sought_reason:
            need(
                DpiaStep.CONSULTATION,
                "Step 3: say who was consulted and how, or why individuals' views were not sought.",
            )
        if not dpia.necessity_and_proportionality:
            need(DpiaStep.NECESSITY, "Step 4: describe the necessity and proportionality.")
        if not risks:
            need(DpiaStep.RISKS, "Step 5: record at least one risk to individuals.")
        for risk in risks:
            if risk.needs_measure and not risk.has_measure:
                need(
                    DpiaStep.MEASURES,
                    f"Step 6: risk {risk.number} is {risk.get_overall_risk_display().lower()}: "
                    "record the options to reduce it, their effect and the residual risk.",
                    reverse("governance:dpiarisk_measure", kwargs={"pk": risk.pk}),
                )
    return problems


MANDATORY_MESSAGE = (
    "Step 1: one of the Art 35(3) cases applies, so a DPIA is mandatory: choose ‘A DPIA is "
    "required’."
)


def mandatory_indicators(dpia: Dpia) -> list[str]:
    return [code for code in dpia.screening_indicators or [] if code in MANDATORY_INDICATORS]


def highest_residual_risk(risks: list[DpiaRisk]) -> str:
    """The highest risk left once the measures are in place (low with no risks at all)."""
    if not risks:
        return RiskLevel.LOW
    return max((risk.effective_residual_risk for risk in risks), key=_rank)


def highest_overall_risk(risks: list[DpiaRisk]) -> str:
    if not risks:
        return ""
    return max((risk.overall_risk for risk in risks), key=_rank)


def _rank(level: str) -> int:
    return RISK_RANK.get(level, 0)  # type: ignore[call-overload]


def sign_off_permission(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> str:
    """The permission whoever signs ``dpia`` off needs: the SIRO's for high residual risk."""
    risks = list(dpia.risks.all()) if risks is None else risks
    if highest_residual_risk(risks) == RiskLevel.HIGH:
        return "governance.sign_off_high_risk_dpia"
    return "governance.sign_off_dpia"


def signer_title(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> str:
    high = sign_off_permission(dpia, risks).endswith("high_risk_dpia")
    return "the SIRO" if high else "the Director"


def needs_ico_consultation(dpia: Dpia, risks: list[DpiaRisk] | None = None) -> bool:
    """High residual risk that the measures cannot reduce: Art 36 prior consultation."""
    risks = list(dpia.risks.all()) if risks is None else risks
    return highest_residual_risk(risks) == RiskLevel.HIGH


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def dpo_actor_ids(dpia: Dpia) -> set[int]:
    """Everyone who has acted as this DPIA's DPO (returned it, advised or confirmed it): none of
    them may write, submit or sign it off."""
    actions = (DpiaAction.RETURNED, DpiaAction.ADVISED, DpiaAction.SCREENING_CONFIRMED)
    return set(dpia.events.filter(action__in=actions).values_list("actor_id", flat=True))


# --- Notifications and the reminder ledger -------------------------------------------------------


def notifications_for(user: Any) -> "QuerySet[Notification]":
    """``user``'s own notifications, newest first: nobody sees anyone else's."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_notification_count(user: Any) -> int:
    """How many of ``user``'s notifications are unread: one COUNT query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def email_choices(user: Any) -> dict[str, bool]:
    """Whether ``user`` wants e-mails about each kind of reminder they can be sent, in the
    kinds table's order: on unless they turned it off. Partners only hear about the kinds
    that tell a partner organisation (consultations), so only those are offered to them."""
    from .reminders.kinds import KINDS

    kinds = [
        str(kind)
        for kind, spec in KINDS.items()
        if not getattr(user, "is_partner", False) or spec.partner_organisation_field
    ]
    turned_off = set(
        EmailPreference.objects.filter(user=user, send_email=False).values_list("kind", flat=True)
    )
    return {kind: kind not in turned_off for kind in kinds}


def record_urls(reminders: "list[Reminder]") -> dict[tuple[str, int], tuple[str, str]]:
    """(link, name) of the record behind each ledger row: one query per kind of record on the
    page (the kinds table holds six models), never one per row. A record since deleted has no
    link."""
    from .reminders.kinds import KINDS

    wanted: dict[str, set[int]] = defaultdict(set)
    for reminder in reminders:
        wanted[KINDS[ReminderKind(reminder.kind)].model_label].add(reminder.object_id)
    found: dict[tuple[str, int], Any] = {}
    for label, ids in wanted.items():
        related = {
            name for spec in KINDS.values() if spec.model_label == label for name in spec.related
        }
        model = apps.get_model(label)
        rows = model._default_manager.select_related(*sorted(related)).in_bulk(ids)
        for pk, record in rows.items():
            found[(label, pk)] = record
    result: dict[tuple[str, int], tuple[str, str]] = {}
    for reminder in reminders:
        spec = KINDS[ReminderKind(reminder.kind)]
        record = found.get((spec.model_label, reminder.object_id))
        if record is None:
            name = f"{spec.model._meta.verbose_name} #{reminder.object_id} (deleted)"
            result[(reminder.kind, reminder.object_id)] = ("", name.capitalize())
        else:
            result[(reminder.kind, reminder.object_id)] = (record.get_absolute_url(), str(record))
    return result

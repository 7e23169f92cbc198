"""Reads the pages and the services share: what a DPIA still needs before it
can be submitted, its highest risks and who must sign it off; a user's notifications and e-mail
choices; and the records behind reminder ledger rows."""

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models import IntegerField as IntegerOutput
from django.urls import reverse

from accounts.choices import Role
from accounts.deciders import DPO_DEPUTY_ROLE, Decision, dpo_decision

from .choices import (
    MANDATORY_INDICATORS,
    RISK_RANK,
    DpiaAction,
    DpiaStep,
    ReminderKind,
    RiskLevel,
    ScreeningOutcome,
)
from .models import Dpia, DpiaEvent, DpiaRisk, EmailPreference, Notification

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


#: The timeline entries of someone acting as the DPIA's DPO (or as deputy DPO).
DPO_ACTIONS = (DpiaAction.RETURNED, DpiaAction.ADVISED, DpiaAction.SCREENING_CONFIRMED)


def dpo_actor_ids(dpia: Dpia) -> set[int]:
    """Everyone who has acted as this DPIA's DPO (returned it, advised or confirmed it): none of
    them may write, submit or sign it off."""
    return set(dpia.events.filter(action__in=DPO_ACTIONS).values_list("actor_id", flat=True))


# --- Who may take which step of a DPIA's flow ----------------------------------------------------
#
# One function, ``dpia_decision``, answers for the services (under the row lock) and for the
# pages and queues (which offer a step only when it says yes, and otherwise show its refusal).

ADVISE = "governance.advise_dpia"
SIGN_OFF = "governance.sign_off_dpia"
SIGN_OFF_HIGH_RISK = "governance.sign_off_high_risk_dpia"
CHANGE = "governance.change_dpia"

#: The DPO's steps, and what each decides in the words of its refusal.
DPO_STEPS = {
    "return": "return this DPIA to its author",
    "advise": "give the DPO's advice on this DPIA",
    "confirm_screening": "confirm this screening",
}
SIGN_OFF_STEPS = ("approve", "reject")
#: Added to the reason (history and timeline) of a DPO step the SIRO takes as deputy.
AS_DEPUTY_DPO = "as deputy DPO"
ONLY_DPO_OR_SIRO_RECORD_ICO = "Only the DPO or the SIRO can record the ICO's prior consultation."


@dataclass(frozen=True)
class DpiaFacts:
    """Where one user stands on one DPIA: what the decision rules ask about them."""

    #: They are its author, submitted it or changed its content.
    user_wrote: bool
    #: They returned it, advised on it or confirmed its screening (as DPO or deputy DPO).
    user_was_dpo: bool
    #: Someone now holding the DPO role wrote it, so the SIRO may deputise for the DPO.
    written_by_dpo: bool


def with_decision_facts(queryset: "QuerySet[Dpia]", user: Any) -> "QuerySet[Dpia]":
    """``queryset`` annotated with ``user``'s ``DpiaFacts`` (no query per row): what
    ``dpia_facts`` reads, and what the deputy queue filters on."""
    user_pk = user.pk if getattr(user, "is_authenticated", False) else 0
    through = Dpia.contributors.through
    dpos = get_user_model().objects.filter(role=Role.DPO)
    contributors = through.objects.filter(dpia_id=OuterRef("pk"))
    return queryset.annotate(
        facts_for=Value(user_pk, output_field=IntegerOutput()),
        user_wrote=ExpressionWrapper(
            Q(author_id=user_pk)
            | Q(submitted_by_id=user_pk)
            | Q(Exists(contributors.filter(user_id=user_pk))),
            output_field=BooleanField(),
        ),
        user_was_dpo=Exists(
            DpiaEvent.objects.filter(
                dpia_id=OuterRef("pk"), actor_id=user_pk, action__in=DPO_ACTIONS
            )
        ),
        written_by_dpo=ExpressionWrapper(
            Q(Exists(dpos.filter(pk=OuterRef("author_id"))))
            | Q(Exists(dpos.filter(pk=OuterRef("submitted_by_id"))))
            | Q(Exists(contributors.filter(user__role=Role.DPO))),
            output_field=BooleanField(),
        ),
    )


def dpia_facts(dpia: Dpia, user: Any) -> DpiaFacts:
    """``user``'s facts on ``dpia``: from ``with_decision_facts`` when the row was loaded with
    them for this user, otherwise one query (the services ask under the row lock)."""
    user_pk = user.pk if getattr(user, "is_authenticated", False) else 0
    if getattr(dpia, "facts_for", None) == user_pk:
        row: dict[str, Any] = {
            name: getattr(dpia, name) for name in ("user_wrote", "user_was_dpo", "written_by_dpo")
        }
    else:
        row = (
            with_decision_facts(Dpia.objects.filter(pk=dpia.pk), user)
            .values("user_wrote", "user_was_dpo", "written_by_dpo")  # type: ignore[misc]
            .get()
        )
    return DpiaFacts(**{name: bool(value) for name, value in row.items()})


def dpia_decision(
    user: Any,
    dpia: Dpia,
    step: str,
    *,
    facts: DpiaFacts | None = None,
    risks: list[DpiaRisk] | None = None,
    residual_risk: str = "",
) -> Decision:
    """May ``user`` take ``step`` of ``dpia``'s flow (whatever its status: the transitions say
    when), in what capacity, and if not, why and who can?

    ``step`` is a DPO step (``DPO_STEPS``), a sign-off step, ``"ico_consultation"``,
    ``"submit"``, ``"withdraw"`` or ``"start_review"``. ``residual_risk`` (or ``risks``) saves
    reading the risks when the caller knows the highest residual risk already.
    """
    if not getattr(user, "is_authenticated", False):
        return Decision(False, refusal="Sign in first.")
    facts = facts or dpia_facts(dpia, user)
    if step in DPO_STEPS:
        return dpo_decision(
            user,
            permission=ADVISE,
            wrote_it=facts.user_wrote,
            written_by_dpo=facts.written_by_dpo,
            what=DPO_STEPS[step],
        )
    if step in SIGN_OFF_STEPS:
        return _sign_off_decision(user, dpia, facts, risks, residual_risk)
    if step == "ico_consultation":
        return _ico_decision(user, facts)
    if not user.has_perm(CHANGE):
        return Decision(False, refusal="Only someone who writes DPIAs can do this.")
    if step == "submit" and facts.user_was_dpo:
        return Decision(
            False,
            refusal="You reviewed this DPIA as its DPO, so you cannot also submit it: its author "
            "does, once the comments are resolved.",
        )
    return Decision(True)


def _sign_off_decision(
    user: Any,
    dpia: Dpia,
    facts: DpiaFacts,
    risks: list[DpiaRisk] | None,
    residual_risk: str,
) -> Decision:
    """Whoever the highest residual risk calls for, and neither who wrote it nor who took
    the DPO's step on it (the SIRO who deputised for the DPO included)."""
    level = residual_risk or highest_residual_risk(
        list(dpia.risks.all()) if risks is None else risks
    )
    high = level == RiskLevel.HIGH
    permission = SIGN_OFF_HIGH_RISK if high else SIGN_OFF
    signer = "SIRO" if high else "Director"
    if not user.has_perm(permission):
        return Decision(
            False,
            refusal=f"The highest residual risk is {level}, so this DPIA is signed off by the "
            f"{signer}.",
        )
    if facts.user_wrote:
        return Decision(
            False,
            refusal="You wrote or edited this DPIA, so you cannot sign it off: another "
            f"{signer} must.",
        )
    if facts.user_was_dpo:
        capacity = AS_DEPUTY_DPO if user.role == DPO_DEPUTY_ROLE else "as its DPO"
        return Decision(
            False,
            refusal=f"You reviewed this DPIA {capacity}, so you cannot also sign it off: "
            f"another {signer} must.",
        )
    return Decision(True)


def _ico_decision(user: Any, facts: DpiaFacts) -> Decision:
    """The SIRO records the prior consultation in their own right; the DPO does too, except on
    a DPIA they wrote (then another DPO, or the SIRO, does)."""
    if user.has_perm(SIGN_OFF_HIGH_RISK) and not facts.user_wrote:
        return Decision(True)
    if user.has_perm(ADVISE):
        decision = dpo_decision(
            user,
            permission=ADVISE,
            wrote_it=facts.user_wrote,
            written_by_dpo=facts.written_by_dpo,
            what="record the ICO's prior consultation",
        )
        if decision or not facts.user_wrote:
            return Decision(decision.allowed, refusal=decision.refusal)
        return Decision(
            False,
            refusal="You wrote or edited this DPIA, so you cannot record the ICO's prior "
            "consultation: another DPO, or the SIRO, must.",
        )
    if facts.user_wrote and user.has_perm(SIGN_OFF_HIGH_RISK):
        return Decision(
            False,
            refusal="You wrote or edited this DPIA, so you cannot record the ICO's prior "
            "consultation: the DPO, or another SIRO, must.",
        )
    return Decision(False, refusal=ONLY_DPO_OR_SIRO_RECORD_ICO)


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
    from .reminders.events import EVENTS
    from .reminders.kinds import KINDS

    is_partner = getattr(user, "is_partner", False)
    kinds = [
        str(kind)
        for kind, spec in KINDS.items()
        if not is_partner or spec.partner_organisation_field
    ] + [str(kind) for kind, event in EVENTS.items() if event.tells_partner == is_partner]
    turned_off = set(
        EmailPreference.objects.filter(user=user, send_email=False).values_list("kind", flat=True)
    )
    return {kind: kind not in turned_off for kind in kinds}


def record_urls(reminders: "list[Reminder]") -> dict[tuple[str, int], tuple[str, str]]:
    """(link, name) of the record behind each ledger row: one query per kind of record on the
    page (the kinds table holds six models), never one per row. A record since deleted has no
    link."""
    from .reminders.events import EVENTS
    from .reminders.kinds import KINDS

    specs: dict[ReminderKind, Any] = {**KINDS, **EVENTS}

    wanted: dict[str, set[int]] = defaultdict(set)
    for reminder in reminders:
        wanted[specs[ReminderKind(reminder.kind)].model_label].add(reminder.object_id)
    found: dict[tuple[str, int], Any] = {}
    for label, ids in wanted.items():
        related = {
            name for spec in specs.values() if spec.model_label == label for name in spec.related
        }
        model = apps.get_model(label)
        rows = model._default_manager.select_related(*sorted(related)).in_bulk(ids)
        for pk, record in rows.items():
            found[(label, pk)] = record
    result: dict[tuple[str, int], tuple[str, str]] = {}
    for reminder in reminders:
        spec = specs[ReminderKind(reminder.kind)]
        record = found.get((spec.model_label, reminder.object_id))
        if record is None:
            name = f"{spec.model._meta.verbose_name} #{reminder.object_id} (deleted)"
            result[(reminder.kind, reminder.object_id)] = ("", name.capitalize())
        else:
            result[(reminder.kind, reminder.object_id)] = (record.get_absolute_url(), str(record))
    return result

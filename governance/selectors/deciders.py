"""Who may take which step of a DPIA's flow.

One function, ``dpia_decision``, answers for the services (under the row lock) and for the
pages and queues (which offer a step only when it says yes, and otherwise show its refusal).
Its ``step`` is a transition name of the DPIA workflow (``governance.workflows.DPIA_STEPS``)
or ``"ico_consultation"``.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models import IntegerField as IntegerOutput
from django.urls import reverse

from accounts.choices import Role
from accounts.deciders import DPO_DEPUTY_ROLE, Decision, dpo_decision

from ..choices import RISK_COLOURS, RiskLevel
from ..models import Dpia, DpiaEvent, DpiaRisk
from .dpias import DPO_ACTIONS, highest_residual_risk, needs_ico_consultation, signer_title

if TYPE_CHECKING:
    from django.db.models import QuerySet

ADVISE = "governance.advise_dpia"
SIGN_OFF = "governance.sign_off_dpia"
SIGN_OFF_HIGH_RISK = "governance.sign_off_high_risk_dpia"
CHANGE = "governance.change_dpia"

#: The DPO's steps, and what each decides in the words of its refusal.
DPO_STEPS = {
    "return_for_changes": "return this DPIA to its author",
    "give_advice": "give the DPO's advice on this DPIA",
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


def may_record_ico_consultation(user: Any) -> bool:
    """Whether the ICO consultation page opens for ``user`` (it then asks ``dpia_decision``)."""
    return bool(user.has_perm(ADVISE) or user.has_perm(SIGN_OFF_HIGH_RISK))


def concerns(user: Any, name: str, facts: DpiaFacts) -> bool:
    """Whether a refusal of step ``name`` is worth telling ``user``: it is their role's kind
    of step (a DPO step for the DPO, or for the SIRO on a DPIA a DPO wrote; sign-off for
    either signatory; the ICO consultation for the DPO and SIRO; submitting for an editor)."""
    if name in DPO_STEPS:
        return bool(user.has_perm(ADVISE)) or (
            user.role == DPO_DEPUTY_ROLE and facts.written_by_dpo
        )
    if name in SIGN_OFF_STEPS:
        return bool(user.has_perm(SIGN_OFF) or user.has_perm(SIGN_OFF_HIGH_RISK))
    if name == "ico_consultation":
        return may_record_ico_consultation(user)
    return name == "submit" and bool(user.has_perm(CHANGE))


def sign_off_summary(dpia: Dpia, user: Any) -> dict[str, Any]:
    """What whoever signs off reads first: the DPO's advice, the highest residual risk, who
    must sign and, for high residual risk, whether the ICO has been consulted."""
    risks = list(dpia.risks.all())
    level = highest_residual_risk(risks)
    needs_ico = needs_ico_consultation(dpia, risks)
    return {
        "recommendation": dpia.get_dpo_recommendation_display(),
        "advice": dpia.dpo_advice,
        "advised_by": dpia.advised_by,
        "advised_at": dpia.advised_at,
        "residual_risk": RiskLevel(level).label,
        "residual_risk_colour": RISK_COLOURS.get(level, "grey"),
        "signer": signer_title(dpia, risks),
        "needs_ico_consultation": needs_ico,
        "ico_recorded": bool(dpia.ico_consulted_on and dpia.ico_outcome),
        "ico_url": reverse("governance:dpia_ico_consultation", kwargs={"pk": dpia.pk})
        if needs_ico
        and may_record_ico_consultation(user)
        and dpia_decision(user, dpia, "ico_consultation", risks=risks)
        else "",
    }

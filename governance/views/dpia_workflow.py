"""A DPIA's flow: each step's page and form, the prior consultation with the ICO, the DPO's
review queue and the Director's and SIRO's sign-off queues.

Every step calls one service in ``governance.services.dpias``, which holds the rules (who may,
when, and what must be there); these views only check the role, show the form and report what
the service says.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.views.generic import ListView

from accounts.deciders import DPO_DEPUTY_ROLE, Decision, takes_dpo_decisions
from ropa.models import ProcessingActivity
from vpp_portal.editing import EditConflict
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import RecordFormView, RegisterTransitionView, Transition, attach_errors
from vpp_portal.templatetags.portal import error_target

from ..choices import RISK_COLOURS, RISK_RANK, DpiaStatus, DpiaStep, RiskLevel
from ..forms.dpia_workflow import (
    NO_STEP_COMMENTED,
    DpiaAdviceForm,
    DpiaApproveForm,
    DpiaConfirmScreeningForm,
    DpiaIcoConsultationForm,
    DpiaReturnForm,
    DpiaTransitionForm,
    comment_field_name,
)
from ..models import Dpia, DpiaRisk
from ..querysets import DpiaQuerySet
from ..selectors import (
    ADVISE,
    CHANGE,
    DPO_STEPS,
    SIGN_OFF,
    SIGN_OFF_HIGH_RISK,
    SIGN_OFF_STEPS,
    DpiaFacts,
    dpia_decision,
    dpia_facts,
    with_decision_facts,
)
from ..services import dpias as services

# --- The steps of the flow -----------------------------------------------------------------------


@dataclass(frozen=True)
class DpiaTransition(Transition):
    """A step of a DPIA's flow, with the permissions that open its page (any one of them) and
    the model transition that says when it is on offer ("" when the view decides)."""

    form_class: type[forms.Form] | None = DpiaTransitionForm
    permissions: tuple[str, ...] = (CHANGE,)
    fsm_name: str = ""
    #: The end of the message after success: "DPIA-003 Hull youth referrals: <done>."
    done: str = ""


def _step(service: Any) -> Any:
    def run(*, actor: Any, obj: Dpia, reason: str, **kwargs: Any) -> Dpia:
        return service(actor=actor, dpia=obj, reason=reason, **kwargs)

    return run


TRANSITIONS: dict[str, DpiaTransition] = {
    "submit": DpiaTransition(
        _step(services.dpia_submit),
        "Submit the DPIA to the DPO",
        "Submit to the DPO",
        hint="The Data Protection Officer reviews it: they either return it to you with "
        "comments on named steps, or give their advice and pass it on for sign-off. You cannot "
        "change it while it is with them.",
        fsm_name="submit",
        done="submitted to the DPO",
    ),
    "return": DpiaTransition(
        _step(services.dpia_return),
        "Return the DPIA to its author",
        "Return to the author",
        hint="Comment on each step that needs changing. The author sees each comment beside "
        "its step, and must mark every one resolved before submitting again.",
        form_class=DpiaReturnForm,
        permissions=(ADVISE,),
        fsm_name="return_for_changes",
        done="returned to the author",
    ),
    "advise": DpiaTransition(
        _step(services.dpia_give_advice),
        "Give the DPO's advice",
        "Give advice",
        hint="Your advice goes with the DPIA for sign-off: to the Director when the highest "
        "residual risk is low or medium, to the SIRO when it is high.",
        form_class=DpiaAdviceForm,
        permissions=(ADVISE,),
        fsm_name="give_advice",
        done="advice given: it now waits for sign-off",
    ),
    "confirm_screening": DpiaTransition(
        _step(services.dpia_confirm_screening),
        "Confirm that no DPIA is needed",
        "Confirm no DPIA is needed",
        hint="The screening then stands as the record that no DPIA is needed for the "
        "processing it covers.",
        form_class=DpiaConfirmScreeningForm,
        permissions=(ADVISE,),
        fsm_name="confirm_screening",
        done="screening confirmed: no DPIA is needed",
    ),
    "approve": DpiaTransition(
        _step(services.dpia_approve),
        "Sign off the DPIA",
        "Approve",
        hint="You approve the measures in step 6 and accept the residual risks. The DPIA as "
        "it stands is then frozen as the approved version.",
        form_class=DpiaApproveForm,
        permissions=(SIGN_OFF, SIGN_OFF_HIGH_RISK),
        fsm_name="approve",
        done="approved",
    ),
    "reject": DpiaTransition(
        _step(services.dpia_reject),
        "Reject the DPIA",
        "Reject",
        hint="The processing must not go ahead as assessed. The DPIA and its history are kept.",
        reason_required=True,
        is_warning=True,
        permissions=(SIGN_OFF, SIGN_OFF_HIGH_RISK),
        fsm_name="reject",
        done="rejected",
    ),
    "withdraw": DpiaTransition(
        _step(services.dpia_withdraw),
        "Withdraw the DPIA",
        "Withdraw",
        hint="The processing will not go ahead as assessed. The DPIA and its history are kept.",
        reason_required=True,
        is_warning=True,
        fsm_name="withdraw",
        done="withdrawn",
    ),
    "start_review": DpiaTransition(
        _step(services.dpia_start_review),
        "Start a review of the DPIA",
        "Start the review",
        hint="A new draft revision is made from this one, with its steps and risks, for you "
        "to update and submit to the DPO. This version stays in force until the new one is "
        "approved.",
    ),
}

#: Statuses a review can start from (``services.dpia_start_review``).
REVIEWABLE_STATUSES = (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT)
#: A revision in one of these no longer stands in the way of a new review.
ENDED_REVISION_STATUSES = (DpiaStatus.WITHDRAWN, DpiaStatus.REJECTED)


def review_can_start(dpia: Dpia) -> bool:
    """Approved (or screened out), and no revision of it under way."""
    return dpia.status in REVIEWABLE_STATUSES and not any(
        revision.status not in ENDED_REVISION_STATUSES for revision in dpia.revisions.all()
    )


def _available(dpia: Dpia) -> set[str]:
    """The model transitions open to ``dpia`` now (its status and their conditions)."""
    transitions = dpia.get_available_status_transitions()  # type: ignore[attr-defined]
    return {step.name for step in transitions}


def _is_open(dpia: Dpia, step: DpiaTransition, available: set[str]) -> bool:
    return step.fsm_name in available if step.fsm_name else review_can_start(dpia)


def may_record_ico_consultation(user: Any) -> bool:
    """Whether the ICO consultation page opens for ``user`` (it then asks ``dpia_decision``)."""
    return bool(user.has_perm(ADVISE) or user.has_perm(SIGN_OFF_HIGH_RISK))


def opens_step_page(user: Any, name: str) -> bool:
    """Whether the page of step ``name`` opens for ``user`` at all (403 otherwise): their role
    has the step's permission, or they are the DPO's deputy and it is a DPO step. Whether
    they may take it on a given DPIA is ``dpia_decision``'s to say, on the page."""
    if name in DPO_STEPS:
        return takes_dpo_decisions(user, permission=ADVISE)
    return any(user.has_perm(permission) for permission in TRANSITIONS[name].permissions)


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


@dataclass(frozen=True)
class Offer:
    """What a DPIA's page offers ``user`` now: the steps they may take, as buttons (the shape
    of ``RegisterTransitionView.actions_for``), and for the steps open now that they may
    not take, why not and who can."""

    actions: list[dict[str, Any]]
    refusals: list[str]


def dpia_offer(dpia: Dpia, user: Any, *, risks: list[DpiaRisk] | None = None) -> Offer:
    """Every step open on ``dpia`` now (its status and transition conditions), offered only
    when ``dpia_decision`` lets ``user`` take it, the same rule the services enforce."""
    available = _available(dpia)
    facts = dpia_facts(dpia, user)
    risks = list(dpia.risks.all()) if risks is None else risks
    actions: list[dict[str, Any]] = []
    refusals: list[str] = []

    def offer(name: str, label: str, button: str, is_warning: bool, url: str) -> None:
        decision = dpia_decision(user, dpia, name, facts=facts, risks=risks)
        if decision:
            actions.append(
                {
                    "name": name,
                    "label": label,
                    "button": button,
                    "is_warning": is_warning,
                    "url": url,
                }
            )
        elif concerns(user, name, facts) and decision.refusal not in refusals:
            refusals.append(decision.refusal)

    for name, step in TRANSITIONS.items():
        if _is_open(dpia, step, available) and opens_step_page(user, name):
            url = reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": name})
            offer(name, step.label, step.button, step.is_warning, url)
    if (
        dpia.status == DpiaStatus.AWAITING_SIGN_OFF
        and may_record_ico_consultation(user)
        and services.needs_ico_consultation(dpia, risks)
    ):
        recorded = bool(dpia.ico_consulted_on and dpia.ico_outcome)
        label = (
            "Change the record of the ICO's prior consultation"
            if recorded
            else "Record the ICO's prior consultation"
        )
        url = reverse("governance:dpia_ico_consultation", kwargs={"pk": dpia.pk})
        offer("ico_consultation", label, label, False, url)
    return Offer(actions, refusals)


def dpia_actions(dpia: Dpia, user: Any) -> list[dict[str, Any]]:
    """The steps ``user`` may take on ``dpia`` now, as buttons (``dpia_offer``)."""
    return dpia_offer(dpia, user).actions


@dataclass(frozen=True)
class ErrorLink:
    text: str
    url: str


def risk_level(rank: int) -> str:
    """The risk level for a rank of ``DpiaQuerySet.with_risk_levels`` ("" for no risks)."""
    return next((str(level) for level, value in RISK_RANK.items() if value == rank), "")


def sign_off_summary(dpia: Dpia, user: Any) -> dict[str, Any]:
    """What whoever signs off reads first: the DPO's advice, the highest residual risk, who
    must sign and, for high residual risk, whether the ICO has been consulted."""
    risks = list(dpia.risks.all())
    level = services.highest_residual_risk(risks)
    needs_ico = services.needs_ico_consultation(dpia, risks)
    return {
        "recommendation": dpia.get_dpo_recommendation_display(),
        "advice": dpia.dpo_advice,
        "advised_by": dpia.advised_by,
        "advised_at": dpia.advised_at,
        "residual_risk": RiskLevel(level).label,
        "residual_risk_colour": RISK_COLOURS.get(level, "grey"),
        "signer": services.signer_title(dpia, risks),
        "needs_ico_consultation": needs_ico,
        "ico_recorded": bool(dpia.ico_consulted_on and dpia.ico_outcome),
        "ico_url": reverse("governance:dpia_ico_consultation", kwargs={"pk": dpia.pk})
        if needs_ico
        and may_record_ico_consultation(user)
        and dpia_decision(user, dpia, "ico_consultation", risks=risks)
        else "",
    }


class DpiaTransitionView(RegisterTransitionView):
    """One step of a DPIA's flow: its form, what stands in its way, and the service's answer."""

    model = Dpia
    template_name = "governance/dpia_transition.html"
    transitions = TRANSITIONS  # type: ignore[assignment]
    transition: DpiaTransition

    def has_permission(self) -> bool:
        return opens_step_page(self.request.user, self.kwargs["transition"])

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("revision_of")

    def decision(self) -> Decision:
        """``dpia_decision`` for this user and step: the page shows its refusal, not the form."""
        return dpia_decision(self.request.user, self.object, self.kwargs["transition"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        dpia: Dpia = self.object
        name = self.kwargs["transition"]
        problems = services.dpia_problems(dpia) if name == "submit" else []
        open_comments = (
            [
                {"comment": comment, "step": DpiaStep(comment.step).label}
                for comment in dpia.comments.filter(resolved_at__isnull=True).select_related(
                    "made_by"
                )
            ]
            if name == "submit"
            else []
        )
        context["error_links"] = self.error_links(form, problems, open_comments)
        if not form.is_bound:
            context["pending_problems"] = problems
            context["open_comments"] = open_comments
            if not self.is_open_now():
                context["not_open_message"] = (
                    f"This cannot be done while the DPIA is ‘{dpia.get_status_display()}’."
                )
            else:
                decision = self.decision()
                context["refusal"] = decision.refusal
                context["as_deputy"] = decision.as_deputy
        if name in ("approve", "reject"):
            context["sign_off"] = sign_off_summary(dpia, self.request.user)
        context["step_name"] = name
        return context

    def is_open_now(self) -> bool:
        return _is_open(self.object, self.transition, _available(self.object))

    def error_links(
        self, form: forms.Form, problems: list[Any], open_comments: list[dict[str, Any]]
    ) -> list[ErrorLink]:
        """Every message, linking to where it is put right: a missing step to its page, an
        open comment to the comment, a field's error to the field."""
        fixes = {problem.message: problem.fix_url for problem in problems}
        fields = list(form.visible_fields())
        first_field = f"#{error_target(fields[0])}" if fields else "#"
        if open_comments:
            first_comment = open_comments[0]["comment"].get_absolute_url()
        else:
            first_comment = first_field
        special = {NO_STEP_COMMENTED: f"#id_{comment_field_name(DpiaStep.NEED)}"}
        links = []
        for message in form.non_field_errors():
            text = str(message)
            if text in fixes:
                url = fixes[text]
            elif text in special:
                url = special[text]
            elif text.startswith("Resolve the DPO's"):
                url = first_comment
            else:
                url = first_field
            links.append(ErrorLink(text, url))
        links += [  # in the order the fields are on the page
            ErrorLink(str(message), f"#{error_target(form[name])}")
            for name in form.fields
            for message in form.errors.get(name, [])
        ]
        return links

    def form_valid(self, form: forms.Form) -> HttpResponse:
        reason = form.cleaned_data.get("reason", "")
        extra = form.service_kwargs() if isinstance(form, DpiaTransitionForm) else {}
        try:
            result = self.transition.service(
                actor=self.request.user, obj=self.object, reason=reason, **extra
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if self.kwargs["transition"] == "start_review":
            text = (
                f"Revision {result.revision} of {result.reference} started: make your changes "
                "and submit it to the DPO."
            )
        else:
            text = f"{result}: {self.transition.done}."
        messages.success(self.request, text)
        return HttpResponseRedirect(result.get_absolute_url())


# --- The prior consultation with the ICO ---------------------------------------------------------


class DpiaIcoConsultationView(RecordFormView):
    """Record the prior consultation with the ICO (UK GDPR Art 36) while a DPIA awaits
    sign-off: the DPO or the SIRO enters when, the ICO's reference and the outcome."""

    model = Dpia
    form_class = DpiaIcoConsultationForm
    template_name = "governance/dpia_ico_consultation.html"
    object: Dpia

    def has_permission(self) -> bool:
        return may_record_ico_consultation(self.request.user)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().filter(status=DpiaStatus.AWAITING_SIGN_OFF)

    def get_initial(self) -> dict[str, Any]:
        return {
            "consulted_on": self.object.ico_consulted_on,
            "ico_reference": self.object.ico_reference,
            "outcome": self.object.ico_outcome,
            "row_version": self.object.row_version,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sign_off"] = sign_off_summary(self.object, self.request.user)
        if not context["form"].is_bound:
            decision = dpia_decision(self.request.user, self.object, "ico_consultation")
            context["refusal"] = decision.refusal
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        data = form.cleaned_data
        try:
            dpia = services.dpia_record_ico_consultation(
                actor=self.request.user,
                dpia=self.object,
                reason=data["reason"],
                consulted_on=data["consulted_on"],
                outcome=data["outcome"],
                ico_reference=data["ico_reference"],
                expected_version=data.get("row_version"),
            )
        except EditConflict as conflict:
            current: Any = conflict.current
            when = _date_text(current.ico_consulted_on)
            data = form.data.copy()  # type: ignore[attr-defined]
            data["row_version"] = str(current.row_version)
            form.data = data
            form.add_error(
                None,
                f"This DPIA was {conflict} after you opened this page, so your entry has not "
                f"been saved. The record now says: ICO consulted on {when or 'no date'}, "
                f"reference ‘{current.ico_reference or 'none'}’, outcome ‘{current.ico_outcome}’. "
                "Your entry is still in the form: save again to replace it.",
            )
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{dpia}: prior consultation with the ICO recorded.")
        return HttpResponseRedirect(dpia.get_absolute_url())


def _date_text(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else ""


# --- The queues ----------------------------------------------------------------------------------


def review_queue(user: Any) -> DpiaQuerySet:
    """Submitted DPIAs waiting for the DPO, oldest first (the queue and its badge)."""
    return Dpia.objects.visible_to(user).awaiting_advice()


def deputy_queue(user: Any) -> DpiaQuerySet:
    """Submitted DPIAs a DPO wrote, oldest first: the SIRO takes the DPO's step on them as
    deputy DPO when no other DPO does (``accounts.deciders.dpo_decision``)."""
    queue = with_decision_facts(review_queue(user), user)
    return queue.filter(written_by_dpo=True)  # type: ignore[misc,return-value]


def sign_off_queue(user: Any, *, high_residual_risk: bool) -> DpiaQuerySet:
    """Advised DPIAs waiting for the SIRO (``high_residual_risk``) or the Director."""
    return Dpia.objects.visible_to(user).awaiting_sign_off(high_residual_risk=high_residual_risk)


def queue_count(url_name: str, user: Any) -> int:
    """How many DPIAs wait in the queue at ``url_name``: one COUNT query (the SIRO's counts
    the DPIAs awaiting them as deputy DPO too)."""

    def siro() -> QuerySet[Dpia]:
        high = sign_off_queue(user, high_residual_risk=True).values("pk")
        deputy = deputy_queue(user).values("pk")
        return Dpia.objects.filter(Q(pk__in=high) | Q(pk__in=deputy))

    queues = {
        "governance:dpia_review_queue": lambda: review_queue(user),
        "governance:dpia_director_queue": lambda: sign_off_queue(user, high_residual_risk=False),
        "governance:dpia_siro_queue": siro,
    }
    return queues[url_name]().count()


@dataclass(frozen=True)
class QueueRow:
    """One DPIA in a queue, with the step its reader may take on it, or why they may not
    and who can (``refusal``, instead of a link)."""

    dpia: Dpia
    waiting_since: datetime | None
    days_waiting: int
    risk: str  # the highest overall risk (review queue) or residual risk (sign-off)
    risk_label: str
    risk_colour: str
    action_url: str
    action_label: str
    refusal: str = ""

    @property
    def days_waiting_text(self) -> str:
        return f"{self.days_waiting} day{'' if self.days_waiting == 1 else 's'}"


def _days_since(moment: datetime | None, today: date) -> int:
    return (today - timezone.localtime(moment).date()).days if moment else 0


def _action(dpia: Dpia, step: str, label: str, decision: Decision) -> dict[str, str]:
    if not decision:
        return {"action_url": "", "action_label": "", "refusal": decision.refusal}
    url = reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": step})
    return {"action_url": url, "action_label": label, "refusal": ""}


class _DpiaQueueView(RegisterAccessMixin, ListView):
    model = Dpia
    template_name = "governance/dpia_queue.html"
    permission = ""
    kind = ""
    heading = ""
    intro = ""
    empty = ""
    waiting_label = ""

    def get_permission_required(self) -> tuple[str, ...]:
        return (self.permission,)

    def rows(self, dpias: list[Dpia], today: date) -> list[QueueRow]:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = self.rows(list(context["object_list"]), timezone.localdate())
        count = len(rows)
        context.update(
            {
                "rows": rows,
                "count": count,
                "count_text": f"{count} DPIA{'' if count == 1 else 's'} waiting, oldest first",
                "kind": self.kind,
                "heading": self.heading,
                "intro": self.intro,
                "empty": self.empty,
                "waiting_label": self.waiting_label,
            }
        )
        return context


def _risk(rank: int) -> tuple[str, str, str]:
    level = risk_level(rank)
    if not level:
        return "", "No risks recorded", "grey"
    return level, str(RiskLevel(level).label), RISK_COLOURS[level]


def _review_rows(dpias: list[Dpia], user: Any, today: date) -> list[QueueRow]:
    """Submitted DPIAs, each with the DPO's step ``user`` may take on it (advice, or confirming
    a screening that found none needed), or who must take it instead."""
    rows = []
    for dpia in dpias:
        step, label = (
            ("advise", "Give advice")
            if dpia.is_dpia_required
            else ("confirm_screening", "Confirm the screening")
        )
        decision = dpia_decision(user, dpia, step)  # the facts are annotated: no query
        if decision.as_deputy:
            label = f"{label} as deputy DPO"
        rows.append(
            QueueRow(
                dpia,
                dpia.submitted_at,
                _days_since(dpia.submitted_at, today),
                *_risk(dpia.highest_risk_rank),  # type: ignore[attr-defined]
                **_action(dpia, step, label, decision),
            )
        )
    return rows


def _with_activities(queryset: DpiaQuerySet) -> QuerySet[Dpia]:
    activities = Prefetch(
        "activities", queryset=ProcessingActivity.objects.only("pk", "name").order_by("name")
    )
    return queryset.with_risk_levels().select_related("author").prefetch_related(activities)


class DpiaReviewQueueView(_DpiaQueueView):
    """The DPO's review queue: submitted DPIAs, oldest first, each one click from its form, or
    saying who takes the step on a DPIA this DPO wrote."""

    permission = ADVISE
    kind = "review"
    heading = "DPO review queue"
    intro = (
        "DPIAs submitted for your review. Give your advice, confirm a screening that found no "
        "DPIA needed, or return the DPIA to its author with comments. On a DPIA you wrote, "
        "another DPO, or the SIRO as deputy DPO, takes the step."
    )
    empty = "No DPIAs are waiting for your review."
    waiting_label = "Submitted"

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        return with_decision_facts(_with_activities(review_queue(user)), user)

    def rows(self, dpias: list[Dpia], today: date) -> list[QueueRow]:
        return _review_rows(dpias, self.request.user, today)


class _SignOffQueueView(_DpiaQueueView):
    high_residual_risk = False
    waiting_label = "Advised"

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        queue = sign_off_queue(user, high_residual_risk=self.high_residual_risk)
        return with_decision_facts(queue.select_related("author", "advised_by"), user)

    def rows(self, dpias: list[Dpia], today: date) -> list[QueueRow]:
        user = self.request.user
        rows = []
        for dpia in dpias:
            level = risk_level(dpia.highest_residual_rank)  # type: ignore[attr-defined]
            decision = dpia_decision(user, dpia, "approve", residual_risk=level or "low")
            rows.append(
                QueueRow(
                    dpia,
                    dpia.advised_at,
                    _days_since(dpia.advised_at, today),
                    *_risk(dpia.highest_residual_rank),  # type: ignore[attr-defined]
                    **_action(dpia, "approve", "Sign off", decision),
                )
            )
        return rows


class DpiaDirectorQueueView(_SignOffQueueView):
    """DPIAs advised on by the DPO whose highest residual risk is low or medium."""

    permission = SIGN_OFF
    kind = "director"
    heading = "DPIAs for the Director's sign-off"
    intro = (
        "DPIAs the DPO has advised on whose highest residual risk is low or medium, oldest "
        "advice first. Approve the measures and accept the residual risks, or reject the DPIA."
    )
    empty = "No DPIAs are waiting for your sign-off."


class DpiaSiroQueueView(_SignOffQueueView):
    """DPIAs advised on by the DPO whose highest residual risk is high; then the DPIAs a DPO
    wrote, which await the SIRO as deputy DPO."""

    permission = SIGN_OFF_HIGH_RISK
    kind = "siro"
    high_residual_risk = True
    heading = "DPIAs for the SIRO's sign-off"
    intro = (
        "DPIAs the DPO has advised on whose highest residual risk is high, oldest advice "
        "first. High residual risk needs the prior consultation with the ICO (UK GDPR Art 36) "
        "recorded before approval."
    )
    empty = "No DPIAs are waiting for your sign-off."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        deputy = _review_rows(
            list(_with_activities(deputy_queue(user))), user, timezone.localdate()
        )
        context["deputy_rows"] = deputy
        context["deputy_count_text"] = (
            f"{len(deputy)} DPIA{'' if len(deputy) == 1 else 's'} waiting, oldest first"
        )
        return context

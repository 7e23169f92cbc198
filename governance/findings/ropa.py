"""Findings about processing activities: the activation rules of ``ropa.services`` that an
activity already active can still break (old data, imports, a DPIA or agreement that lapsed),
and overdue reviews.

Each queryset states in SQL a rule ``ropa.services.activity_problems`` applies in Python to one
activity; the tests hold the two to the same answer. The sentence and the link to where it is
put right are the rule's own (``Problem.message`` and ``Problem.fix_url``).
"""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from ropa.choices import ActivityStatus, DpiaRequired
from ropa.forms.activities import field_anchor
from ropa.ico import missing_columns
from ropa.services import activity_problems
from sharing.choices import PERSONAL_DATA_AGREEMENT_KINDS, AgreementStatus

from ..choices import (
    DPIA_IN_FORCE_STATUSES,
    DpiaStatus,
    PolicyKind,
    PolicyStatus,
    ScreeningOutcome,
)
from ..models import Dpia
from .base import Category, QueryKind, Severity
from .wording import joined, overdue_since

#: An activity under review is still processing: the rules hold while it is reviewed.
LIVE_STATUSES = (ActivityStatus.ACTIVE, ActivityStatus.UNDER_REVIEW)


def _live_personal(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(status__in=LIVE_STATUSES, has_personal_data=True)


def _problem(activity: Any, field: str) -> Any:
    """The activation rule's own problem about ``field``, or ``None``. The rules are run once
    per loaded record, however many kinds and sentences ask (they read its whole ICO record)."""
    problems = activity.__dict__.get("_activation_problems")
    if problems is None:
        problems = activity.__dict__["_activation_problems"] = activity_problems(activity)
    return next((p for p in problems if p.field == field), None)


def _edit(activity: Any, field: str = "") -> str:
    url = reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk})
    anchor = field_anchor(field) if field else ""
    return f"{url}#{anchor}" if anchor else url


def _with_related(rows: QuerySet[Any]) -> QuerySet[Any]:
    """What ``activity_problems`` reads, loaded for a whole page at once (one function, so a
    record's page loads it once for every rule kind): the register's own lists, but only the
    foreign keys a rule reads. The editors and owner that ``with_related()`` also joins are
    never shown in a finding, and seven joins cost PostgreSQL ~40 ms to plan (four: ~4 ms),
    far more than reading the page's rows."""
    return (
        rows.with_related()  # type: ignore[attr-defined]  # the register's prefetched lists
        .select_related(None)
        .select_related(
            "covering_agreement", "safeguards_policy", "retention_rule", "retention_policy"
        )
    )


def _rule_kind(field: str, fallback: str, fix_label: str, **kind: Any) -> QueryKind:
    """A kind whose sentence and link come from the activation rule's problem about ``field``
    (``fallback`` only if the rule says nothing, which the tests rule out)."""

    def describe(activity: Any, today: date) -> str:
        problem = _problem(activity, field)
        return problem.message if problem else fallback

    def fix(activity: Any) -> tuple[str, str]:
        problem = _problem(activity, field)
        return (problem.fix_url if problem else _edit(activity, field)), fix_label

    return QueryKind(
        register="Processing activities",
        register_key="ropa.processingactivity",
        model_label="ropa.ProcessingActivity",
        describe=describe,
        fix=fix,
        related=_with_related,
        **kind,
    )


# --- Without the agreement that allows its personal data ----------------------------------------


def _without_agreement(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    allows = Q(
        covering_agreement__kind__in=PERSONAL_DATA_AGREEMENT_KINDS,
        covering_agreement__status=AgreementStatus.ACTIVE,
        covering_agreement__allows_personal_data=True,
    )
    return (
        _live_personal(queryset)
        .exclude(Q(covering_agreement__isnull=False) & allows)
        .order_by("name", "pk")
    )


ACTIVITY_WITHOUT_AGREEMENT = _rule_kind(
    "covering_agreement",
    "It processes personal data without an active agreement that allows it.",
    "Choose the covering agreement",
    slug="activity-without-agreement",
    title="Active personal-data activities without an agreement that allows it",
    severity=Severity.HIGH,
    category=Category.CONTRACTS,
    offending=_without_agreement,
)

# --- Without its DPIA (or the screening that found none needed) --------------------------------


def _linked(*statuses: str, **more: Any) -> Q:
    """The activity has a linked DPIA in one of ``statuses``. ``pk IN (…)`` over the links
    rather than a correlated ``EXISTS``: hashed once, and cheap enough in the planner's
    estimate that PostgreSQL does not spend longer compiling it (JIT) than running it."""
    links = Dpia.activities.through.objects.filter(
        dpia__status__in=statuses, **{f"dpia__{name}": value for name, value in more.items()}
    )
    return Q(pk__in=links.values("processingactivity_id"))


def _without_dpia(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    # ``ropa.services._dpia_problem``: "yes" needs an approved DPIA; "no" needs a screening the
    # DPO confirmed, and no screening in force may say a DPIA is required.
    unanswered = Q(dpia_required="")
    yes_without = Q(dpia_required=DpiaRequired.YES) & ~_linked(DpiaStatus.APPROVED)
    no_without = Q(dpia_required=DpiaRequired.NO) & (
        ~_linked(DpiaStatus.SCREENED_OUT)
        | _linked(*DPIA_IN_FORCE_STATUSES, screening_outcome=ScreeningOutcome.REQUIRED)
    )
    return (
        _live_personal(queryset)
        .filter(unanswered | yes_without | no_without)
        .order_by("name", "pk")
    )


ACTIVITY_WITHOUT_DPIA = _rule_kind(
    "dpia_required",
    "Its DPIA, or the screening that found none was needed, is missing.",
    "Put the DPIA right",
    slug="activity-without-dpia",
    title="Active personal-data activities without their DPIA",
    severity=Severity.HIGH,
    category=Category.RISKS,
    offending=_without_dpia,
)

# --- Special category or criminal offence data without a safeguards policy in force ------------


def _without_safeguards(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    in_force = Q(
        safeguards_policy__kind=PolicyKind.SAFEGUARDS,
        safeguards_policy__status=PolicyStatus.IN_FORCE,
    )
    return (
        queryset.filter(status__in=LIVE_STATUSES)
        .filter(Q(has_special_category_data=True) | Q(has_criminal_offence_data=True))
        .exclude(Q(safeguards_policy__isnull=False) & in_force)
        .order_by("name", "pk")
    )


ACTIVITY_WITHOUT_SAFEGUARDS = _rule_kind(
    "safeguards_policy",
    "Special category or criminal offence data is processed without a safeguards policy in force.",
    "Choose a safeguards policy in force",
    slug="activity-without-safeguards-policy",
    title="Special category or criminal offence data without a safeguards policy in force",
    severity=Severity.HIGH,
    category=Category.POLICIES,
    offending=_without_safeguards,
)

# --- A required ICO column empty -----------------------------------------------------------------


def _incomplete(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    # The ROPA's one completeness rule (``ropa.ico.missing_columns``, via ``incomplete()``).
    return _live_personal(queryset).incomplete().order_by("name", "pk")  # type: ignore[attr-defined]


def _describe_incomplete(activity: Any, today: date) -> str:
    headings = [f"‘{column.heading}’" for column in missing_columns(activity)]
    columns = "column" if len(headings) == 1 else "columns"
    return f"The ICO record leaves required {columns} empty: {joined(headings)}."


def _fix_incomplete(activity: Any) -> tuple[str, str]:
    missing = missing_columns(activity)
    return _edit(activity, missing[0].field if missing else ""), "Fill in the ICO record"


ACTIVITY_INCOMPLETE = QueryKind(
    slug="activity-incomplete-ico-record",
    title="Active personal-data activities with a required ICO column empty",
    severity=Severity.MEDIUM,
    category=Category.ROPA,
    register="Processing activities",
    register_key="ropa.processingactivity",
    model_label="ropa.ProcessingActivity",
    offending=_incomplete,
    describe=_describe_incomplete,
    fix=_fix_incomplete,
    related=_with_related,  # holds what ``missing_columns`` reads, shared with the rule kinds
)

# --- Reviews overdue ----------------------------------------------------------------------------

ACTIVITY_REVIEW_OVERDUE = QueryKind(
    slug="activity-review-overdue",
    title="Processing activities overdue for review",
    severity=Severity.LOW,
    category=Category.ROPA,
    register="Processing activities",
    register_key="ropa.processingactivity",
    model_label="ropa.ProcessingActivity",
    # As the reminders count them: every activity not retired (``reminders.kinds``).
    offending=lambda rows, today: (
        rows.exclude(status=ActivityStatus.RETIRED)
        .filter(next_review_on__lt=today)
        .order_by("next_review_on", "pk")
    ),
    describe=lambda activity, today: f"Its review {overdue_since(activity.next_review_on, today)}.",
    fix=lambda activity: (_edit(activity, "next_review_on"), "Review it and set the next date"),
)

KINDS = (
    ACTIVITY_WITHOUT_AGREEMENT,
    ACTIVITY_WITHOUT_DPIA,
    ACTIVITY_WITHOUT_SAFEGUARDS,
    ACTIVITY_INCOMPLETE,
    ACTIVITY_REVIEW_OVERDUE,
)

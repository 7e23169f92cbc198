"""Findings about the policy register."""

from datetime import timedelta

from django.urls import reverse

from ..selectors.policy_reading import READING_PERIOD_DAYS, outstanding_q, reading_due_on
from .base import Category, QueryKind, Severity
from .wording import overdue_since

POLICY_REVIEW_OVERDUE = QueryKind(
    slug="policy-review-overdue",
    title="Policies overdue for review",
    severity=Severity.LOW,
    category=Category.POLICIES,
    register="Policies",
    register_key="governance.policy",
    model_label="governance.Policy",
    # The register's own rule: the date has passed and the policy is not withdrawn.
    offending=lambda rows, today: rows.review_overdue(today).order_by("next_review_on", "pk"),  # type: ignore[attr-defined]  # PolicyQuerySet's
    describe=lambda policy, today: f"Its review {overdue_since(policy.next_review_on, today)}.",
    fix=lambda policy: (
        reverse("governance:policy_update", kwargs={"pk": policy.pk}) + "#id_next_review_on",
        "Review it and set the next review date",
    ),
)

POLICY_READING_UNCONFIRMED = QueryKind(
    slug="policy-reading-unconfirmed",
    title="Required reading not confirmed by everyone in time",
    severity=Severity.MEDIUM,
    category=Category.POLICIES,
    register="Policies",
    register_key="governance.policy",
    model_label="governance.Policy",
    # Past its reading period, someone who must read the current version has not confirmed it.
    offending=lambda rows, today: (
        rows.filter(outstanding_q())
        .filter(reading_required_on__lt=today - timedelta(days=READING_PERIOD_DAYS))
        .order_by("reading_required_on", "pk")
    ),
    describe=lambda policy, today: (
        f"Not everyone asked to read version {policy.version} has confirmed it: it "
        f"{overdue_since(reading_due_on(policy) or today, today)}."
    ),
    fix=lambda policy: (
        policy.get_absolute_url() + "#reading",
        "See who has not confirmed it",
    ),
)

KINDS = (POLICY_REVIEW_OVERDUE, POLICY_READING_UNCONFIRMED)

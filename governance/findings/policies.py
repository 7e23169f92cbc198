"""Findings about the policy register."""

from django.urls import reverse

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

KINDS = (POLICY_REVIEW_OVERDUE,)

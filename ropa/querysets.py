"""Querysets of the ROPA registers. All internal: partners see none of them."""

from datetime import date
from typing import Any, Self

from django.db.models import Exists, OuterRef, Q

from accounts.choices import Role
from vpp_portal.querysets import RegisterQuerySet

from .choices import DisposalStatus
from .dpia_standing import standing
from .ico import incomplete_condition

#: The many-to-many columns a complete record may need (see ``ropa.ico.ICO_COLUMNS``).
REQUIRED_RELATIONS = ("individual_categories", "data_categories", "recipient_categories")


class VocabularyQuerySet(RegisterQuerySet):
    search_fields = ("name", "description")


class RetentionRuleQuerySet(RegisterQuerySet):
    search_fields = ("record_class", "authority")


class ProcessingActivityQuerySet(RegisterQuerySet):
    search_fields = ("name", "business_function", "purpose")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related(
                "owner",
                "covering_agreement",
                "safeguards_policy",
                "privacy_notice",
                "retention_rule",
                "retention_policy",
            )
            .prefetch_related(
                "joint_controllers",
                "processors",
                "processor_contracts",
                "individual_categories",
                "data_categories",
                "recipient_categories",
                "sources",
                # Columns 22 and 23 and the DPIA rule read the linked DPIAs (``ropa.ico``).
                "dpias",
            )
        )

    def with_completeness(self) -> Self:
        """What a list row needs: its owner and what ``ropa.ico.missing_columns`` reads (the
        required relations), so the completeness of a whole page costs a fixed few queries."""
        return self.select_related("owner", "retention_policy").prefetch_related(
            *REQUIRED_RELATIONS
        )

    def with_personal_data(self) -> Self:
        return self.filter(has_personal_data=True)

    def review_overdue(self, today: date) -> Self:
        """Activities still in use whose review date has passed (the reminders' own rule)."""
        return self.exclude(status="retired").filter(next_review_on__lt=today)

    def complete(self) -> Self:
        """Activities whose required ICO columns are all filled."""
        return self.exclude(self.incomplete_condition())

    def incomplete(self) -> Self:
        """Activities leaving at least one required ICO column empty."""
        return self.filter(self.incomplete_condition())

    def notice_covered_condition(self) -> Q:
        """A privacy notice covers the activity: one is linked, of the privacy notice kind, and
        not withdrawn (the transparency rule, for the list filter, the dashboard and the
        finding)."""
        known = standing()
        return Q(privacy_notice__kind=known.privacy_notice_kind) & ~Q(
            privacy_notice__status=known.policy_withdrawn
        )

    def incomplete_condition(self) -> Q:
        """Completeness as one SQL condition (for a filter or a conditional count), built from
        the same column table as the per-record ``missing_columns``: one rule, two forms."""
        return incomplete_condition(self.model)


class DisposalQuerySet(RegisterQuerySet):
    search_fields = ("notes", "evidence_reference", "activity__name", "data_source__name")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related(
                "activity", "data_source", "carried_out_by", "proposed_by", "decided_by"
            )
        )

    def awaiting_decision(self) -> Self:
        """Proposals waiting for the DPO, oldest first."""
        return self.filter(status=DisposalStatus.PROPOSED).order_by("proposed_at", "pk")

    def with_authorship(self, user: Any) -> Self:
        """Annotate who wrote each proposal, for the deputy rule (``accounts.deciders``):
        ``viewer_wrote_it`` if ``user`` proposed or edited it, ``written_by_dpo`` if anyone in
        the DPO role did. Read from the history while it was proposed, in the same query."""
        history = self.model.history.model  # type: ignore[attr-defined]
        while_proposed = history.objects.filter(id=OuterRef("pk"), status=DisposalStatus.PROPOSED)
        user_id = getattr(user, "pk", None)
        return self.annotate(
            viewer_wrote_it=Q(proposed_by_id=user_id)
            | Q(Exists(while_proposed.filter(history_user_id=user_id))),
            written_by_dpo=Q(proposed_by__role=Role.DPO)
            | Q(Exists(while_proposed.filter(history_user__role=Role.DPO))),
        )

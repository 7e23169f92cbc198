"""Querysets of the ROPA registers. All internal: partners see none of them."""

from typing import Self

from vpp_portal.querysets import RegisterQuerySet


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
            )
        )

    def with_personal_data(self) -> Self:
        return self.filter(has_personal_data=True)


class DisposalQuerySet(RegisterQuerySet):
    search_fields = ("notes", "evidence_reference", "activity__name", "data_source__name")

    def with_related(self) -> Self:
        return (
            super()
            .with_related()
            .select_related("activity", "data_source", "carried_out_by", "approved_by")
        )

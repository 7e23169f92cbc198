"""Data sources: what each classification needs, and partner-shared data's cover (rules 1,
2 and 5)."""

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Field

from vpp_portal.editing import save_register_row

from ..choices import PERSONAL_DATA_AGREEMENT_KINDS, Collection, DataClassification
from ..models import DataSource

#: The fields that belong to each classification; the others are cleared on save.
CLASSIFICATION_FIELDS = {
    DataClassification.OPEN: (
        "url",
        "publisher",
        "licence",
        "update_frequency",
        "last_refreshed_on",
    ),
    DataClassification.ONE_OFF_PUBLIC: ("citation", "published_on", "foi_reference"),
    DataClassification.PARTNER_SHARED: (
        "supplier",
        "covering_agreement",
        "justification",
        "collection",
        "new_collection_purpose",
    ),
}


def data_source_problems(source: DataSource) -> dict[str, list[str]]:
    """What stops ``source`` being saved as classified, by field (rules 1 and 2)."""
    problems: dict[str, list[str]] = defaultdict(list)
    if source.classification == DataClassification.OPEN:
        if not source.url:
            problems["url"].append("Enter the web address where the open data is published.")
        if not source.publisher:
            problems["publisher"].append("Enter who publishes the open data.")
    elif source.classification == DataClassification.ONE_OFF_PUBLIC:
        if not source.citation and not source.foi_reference:
            problems["citation"].append(
                "Enter the citation of the published paper, or the FOI reference."
            )
    elif source.classification == DataClassification.PARTNER_SHARED:
        _partner_shared_problems(source, problems)
    return dict(problems)


def _partner_shared_problems(source: DataSource, problems: dict[str, list[str]]) -> None:
    agreement = source.covering_agreement
    if source.supplier_id is None:
        problems["supplier"].append("Select the organisation that supplies the data.")
    if agreement is None:
        problems["covering_agreement"].append(
            "Select the active agreement that covers this data: partner-shared data needs one."
        )
    else:
        if not agreement.is_active:
            problems["covering_agreement"].append(
                f"‘{agreement}’ is {agreement.get_status_display().lower()}, not active: "
                "partner-shared data needs an active covering agreement."
            )
        if (
            source.supplier_id is not None
            and not agreement.parties.filter(organisation_id=source.supplier_id).exists()
        ):
            problems["covering_agreement"].append(
                f"{source.supplier} is not a party to ‘{agreement}’: choose an agreement the "
                "supplying organisation has signed."
            )
        if source.has_personal_data and agreement.kind not in PERSONAL_DATA_AGREEMENT_KINDS:
            problems["covering_agreement"].append(
                f"‘{agreement}’ is a {agreement.get_kind_display()}, which can never cover "
                "personal data: an MoU alone is never enough. Choose an Information Sharing "
                "Agreement or Art 28 contract that allows personal data."
            )
        elif source.has_personal_data and not agreement.allows_personal_data:
            problems["covering_agreement"].append(
                f"‘{agreement}’ does not allow personal data. Choose an agreement that allows "
                "it, or record on the agreement that its parties agreed to share personal data."
            )
    if not source.justification.strip():
        problems["justification"].append(
            "Explain why open or published data (classes 1 and 2) is not enough."
        )
    if not source.collection:
        problems["collection"].append(
            "Say whether the partner already collects this data or it is a new collection."
        )
    elif source.collection == Collection.NEW and not source.new_collection_purpose:
        problems["new_collection_purpose"].append(
            "A new collection is only allowed for scoping, designing or reviewing a "
            "commissioned intervention: choose which."
        )


def data_source_save(
    source: DataSource,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> DataSource:
    """Save a data source, clearing fields of other classifications, if the rules allow it."""
    for classification, fields in CLASSIFICATION_FIELDS.items():
        if classification != source.classification:
            for name in fields:
                field = DataSource._meta.get_field(name)
                assert isinstance(field, Field)
                setattr(source, field.attname, None if field.null else "")
    if source.collection != Collection.NEW:
        source.new_collection_purpose = ""
    problems = data_source_problems(source)
    if problems:
        raise ValidationError(problems)
    return save_register_row(source, actor=actor, reason=reason, expected_version=expected_version)

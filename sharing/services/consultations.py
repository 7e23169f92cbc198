"""Consultations: asking one more supplier about a product, and recording its answer."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vpp_portal.editing import save_register_row

from ..choices import PRODUCT_CLOSED_STATUSES, ConsultationResponse
from ..models import Consultation, Product
from ..signals import consultation_opened


def consultation_save(
    consultation: Consultation,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> Consultation:
    """Consult one more organisation about a product, or change when its answer is due.

    An organisation is consulted once per product, and nobody is consulted once the product
    is published or withdrawn.
    """
    with transaction.atomic():
        # The product's row lock orders this after a publish or withdrawal at the same moment.
        product = Product.objects.select_for_update().get(pk=consultation.product_id)
        if product.status in PRODUCT_CLOSED_STATUSES:
            raise ValidationError(
                f"‘{product}’ is {product.get_status_display().lower()}: nobody can be "
                "consulted about it any more, and its consultations are the record of what "
                "was agreed."
            )
        if consultation.pk is None:
            consultation.requested_by = actor
            consultation.requested_at = timezone.now()
        organisation = consultation.organisation if consultation.organisation_id else None
        if (
            organisation is not None
            and Consultation.objects.filter(product=product, organisation=organisation)
            .exclude(pk=consultation.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "organisation": (
                        f"{organisation} has already been consulted about ‘{product}’: choose "
                        "another organisation, or open that consultation from the product's "
                        "page."
                    )
                }
            )
        is_new = consultation.pk is None
        saved = save_register_row(
            consultation, actor=actor, reason=reason, expected_version=expected_version
        )
        if is_new:
            consultation_opened.send(sender=Consultation, consultation=saved)
        return saved


def consultation_respond(
    consultation: Consultation,
    /,
    *,
    actor: Any,
    response: str,
    conditions: str = "",
    expected_version: int | None = None,
) -> Consultation:
    """Record an organisation's answer (by its partner contact, or by staff on its behalf).

    The answer can change until the product is published or withdrawn; after that it is part
    of the record of what was agreed.
    """
    if response not in ConsultationResponse.values or response == ConsultationResponse.PENDING:
        raise ValidationError({"response": "Choose your organisation's answer."})
    if response == ConsultationResponse.AGREED_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError(
            {"conditions": "Enter the conditions your organisation sets on the use of its data."}
        )
    with transaction.atomic():
        # Under the product's row lock: an answer and a publish of the same product run one
        # after the other, so a product is never published on an answer changed meanwhile.
        product = Product.objects.select_for_update().get(pk=consultation.product_id)
        if product.status in PRODUCT_CLOSED_STATUSES:
            raise ValidationError(
                f"‘{product}’ is {product.get_status_display().lower()}: answers can no longer "
                "be changed. Contact the VPP core team."
            )
        consultation.response = response
        consultation.conditions = (
            conditions.strip() if response == ConsultationResponse.AGREED_WITH_CONDITIONS else ""
        )
        consultation.responded_at = timezone.now()
        consultation.responded_by = actor
        reason = f"Answered: {ConsultationResponse(response).label}"
        if getattr(actor, "organisation_id", None) != consultation.organisation_id:
            reason += f" (recorded on behalf of {consultation.organisation})"
        return save_register_row(
            consultation,
            actor=actor,
            reason=reason,
            expected_version=expected_version,
        )

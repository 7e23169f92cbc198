"""Products: whose data they use, and their workflow under rule 3 (a product for partners or
the public that uses partner-shared data waits for every supplier's agreement)."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vpp_portal.editing import save_links, save_register_row
from vpp_portal.workflow import transition_register_row

from ..choices import (
    AGREEING_RESPONSES,
    PRODUCT_AGREED_STATUSES,
    Audience,
    ConsultationResponse,
    DataClassification,
)
from ..models import Consultation, DataSource, Organisation, Product
from ..signals import consultation_opened


def product_suppliers(
    product: Product, sources: Iterable[DataSource] | None = None
) -> list[Organisation]:
    """The organisations whose partner-shared data the product uses (or would use, given
    ``sources``), by name."""
    suppliers = {
        source.supplier
        for source in (product.data_sources.all() if sources is None else sources)
        if source.classification == DataClassification.PARTNER_SHARED and source.supplier
    }
    return sorted(suppliers, key=lambda o: o.name)


def product_consultation_problems(
    product: Product, sources: Iterable[DataSource] | None = None
) -> list[str]:
    """Why ``product`` cannot yet be ready or published (rule 3); empty when it can.

    ``sources`` checks the data sources an edit is about to give the product instead of its
    current ones.
    """
    if not product.needs_consultation:
        return []
    answers = {c.organisation_id: c for c in product.consultations.all()}
    problems = []
    for supplier in product_suppliers(product, sources):
        consultation = answers.get(supplier.pk)
        if consultation is None:
            problems.append(f"{supplier} has not been consulted about this product.")
        elif consultation.response == ConsultationResponse.DECLINED:
            when = (
                timezone.localtime(consultation.responded_at) if consultation.responded_at else None
            )
            on = f" on {when:%d %B %Y}" if when else ""
            audience = "the public" if product.audience == Audience.PUBLIC else "partners"
            problems.append(
                f"{supplier} declined{on}: the product cannot go to {audience} with their data."
            )
        elif consultation.response not in AGREEING_RESPONSES:
            problems.append(f"{supplier} has not answered the consultation yet.")
    return problems


def product_save(
    product: Product,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
    links: Mapping[str, Iterable[Any]] | None = None,
) -> Product:
    """Save a product and the data sources it uses (``links["data_sources"]``; the current
    ones when not given) as one change: one history row, which holds the links as they now
    stand.

    A ready or published product keeps to rule 3: its audience and data sources can change
    only if every supplier of partner-shared data in them has agreed.
    """
    links = dict(links or {})
    sources = list(links.get("data_sources", product.data_sources.all() if product.pk else ()))
    links["data_sources"] = sources
    with transaction.atomic():
        # The rule is checked against the status as stored, under the row lock, so a product
        # marked ready or published meanwhile is held to it; row, links and history row then
        # commit together or not at all.
        stored = Product.objects.select_for_update().get(pk=product.pk) if product.pk else None
        if stored is not None and stored.status in PRODUCT_AGREED_STATUSES:
            problems = product_consultation_problems(product, sources)
            if problems:
                raise ValidationError(
                    [
                        f"‘{product}’ is {stored.get_status_display().lower()}, so every "
                        "organisation whose data it uses must have agreed. Return it to draft "
                        "to make this change and consult again.",
                        *problems,
                    ]
                )
        product = save_register_row(
            product, actor=actor, reason=reason, expected_version=expected_version
        )
        save_links(product, links)
    return product


def product_request_consultation(
    product: Product, /, *, actor: Any, reason: str, due_on: datetime.date | None = None
) -> Product:
    """Ask every supplier not yet consulted, and wait for their answers."""

    def check(current: Product) -> list[str]:
        if not current.needs_consultation:
            return ["An internal product needs no consultation: mark it ready instead."]
        if not product_suppliers(current):
            return ["The product uses no partner-shared data, so there is nobody to consult."]
        return []

    def ask(current: Product) -> None:
        consulted = set(current.consultations.values_list("organisation_id", flat=True))
        for supplier in product_suppliers(current):
            if supplier.pk not in consulted:
                consultation = save_register_row(
                    Consultation(
                        product=current,
                        organisation=supplier,
                        requested_by=actor,
                        due_on=due_on,
                    ),
                    actor=actor,
                    reason=reason,
                )
                consultation_opened.send(sender=Consultation, consultation=consultation)

    return transition_register_row(
        product, "request_consultation", actor=actor, reason=reason, check=check, before_save=ask
    )


def product_mark_ready(product: Product, /, *, actor: Any, reason: str) -> Product:
    """Mark a product ready once every supplier of its partner-shared data agreed (rule 3)."""
    return transition_register_row(
        product, "mark_ready", actor=actor, reason=reason, check=product_consultation_problems
    )


def product_publish(product: Product, /, *, actor: Any, reason: str) -> Product:
    """Publish; the consultation rule is checked again in case sources changed since ready."""
    return transition_register_row(
        product, "publish", actor=actor, reason=reason, check=product_consultation_problems
    )


def product_withdraw(product: Product, /, *, actor: Any, reason: str) -> Product:
    """Take a ready or published product back from its audience, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the product is being withdrawn."})
    return transition_register_row(product, "withdraw", actor=actor, reason=reason)


def product_return_to_draft(product: Product, /, *, actor: Any, reason: str) -> Product:
    """Return a product to draft; answers already given are kept."""
    return transition_register_row(product, "return_to_draft", actor=actor, reason=reason)

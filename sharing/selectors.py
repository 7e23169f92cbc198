"""Read-side queries over the sharing registers."""

from datetime import date
from typing import Any

from django.db.models import Count, Model, Prefetch
from django.utils import timezone

from vpp_portal.history import HistoryEntry, history_entries, merged_history, part_history_entries

from .choices import HolderRole, OrganisationKind
from .dpia_standing import standing
from .models import (
    Agreement,
    AgreementParty,
    Consultation,
    Organisation,
    RoleHolder,
    SignedDocument,
)


def organisations_by_kind(user: Any) -> list[dict[str, Any]]:
    """How many organisations of each kind the user can see, most common first."""
    labels = dict(OrganisationKind.choices)
    rows = (
        Organisation.objects.visible_to(user)
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "kind")
    )
    return [
        {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "count": row["count"]}
        for row in rows
    ]


def recent_organisation_changes(user: Any, limit: int = 8) -> list[Any]:
    """The latest history rows of organisations the user can see."""
    visible = Organisation.objects.visible_to(user).values("pk")
    return list(
        Organisation.history.filter(id__in=visible)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )


def organisation_relations(organisation: Organisation, user: Any) -> dict[str, Any]:
    """The panels of an organisation's page, each limited to what ``user`` may see."""
    from .models import Agreement, Consultation, DataSource, Forum

    forums = (
        list(Forum.objects.visible_to(user).filter(members=organisation))
        if not getattr(user, "is_partner", False)
        else []
    )
    return {
        "contacts": list(organisation.contacts.all()),
        "forums": forums,
        "agreement_parties": list(
            organisation.agreement_parties.filter(
                agreement__in=Agreement.objects.visible_to(user)
            ).select_related("agreement")
        ),
        "supplied_sources": list(
            DataSource.objects.visible_to(user)
            .filter(supplier=organisation)
            .select_related("covering_agreement")
        ),
        "consultations": list(
            Consultation.objects.visible_to(user)
            .filter(organisation=organisation)
            .select_related("product")
        ),
    }


def product_consultation_status(product: Any) -> dict[str, Any]:
    """Who supplies the product's partner-shared data, their answers, and what blocks it.

    ``other_consultations`` are organisations consulted although they supply none of its
    partner-shared data. Reads only the product's prefetched sources and consultations.
    """
    from .services import product_consultation_problems, product_suppliers

    answers = {c.organisation_id: c for c in product.consultations.all()}
    suppliers = product_suppliers(product)
    supplier_ids = {s.pk for s in suppliers}
    return {
        "suppliers": [{"organisation": s, "consultation": answers.get(s.pk)} for s in suppliers],
        "other_consultations": sorted(
            (c for c in answers.values() if c.organisation_id not in supplier_ids),
            key=lambda c: c.organisation.name,
        ),
        "consultation_problems": product_consultation_problems(product),
    }


EXPIRY_WARNING_DAYS = 90


def sharing_figures(user: Any) -> dict[str, Any]:
    """The home page's figures for the sharing registers, each within what ``user`` may see.

    Each figure comes with the list filter that shows its rows, so the page can link to it.
    """
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from .models import Agreement, Consultation, DataSource, Product

    today = timezone.localdate()
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    agreements = Agreement.objects.visible_to(user).aggregate(
        active=Count("pk", filter=Q(status="active")),
        expiring=Count("pk", filter=Q(status="active", expires_on__lt=horizon)),
    )
    figures = {
        "active_agreements": agreements["active"],
        "expiring_agreements": agreements["expiring"],
        "expiry_horizon": horizon,
        "expiry_warning_days": EXPIRY_WARNING_DAYS,
        "uncovered_sources": DataSource.objects.visible_to(user).uncovered().count(),
        "pending_consultations": Consultation.objects.visible_to(user)
        .filter(response="pending")
        .count(),
    }
    if not getattr(user, "is_partner", False):
        figures["products_awaiting_consultation"] = (
            Product.objects.visible_to(user).filter(status="awaiting_consultation").count()
        )
    return figures


def consultations_awaiting_answer(user: Any) -> list[Any]:
    """Pending consultations addressed to the user's organisation, oldest first."""
    from .models import Consultation

    return list(
        Consultation.objects.visible_to(user)
        .filter(response="pending")
        .select_related("product")
        .order_by("due_on", "requested_at")
    )


def current_holders(role: str, on: date, organisation_id: int | None = None) -> list[RoleHolder]:
    """Who holds ``role`` on ``on`` — at ``organisation_id``, or by default at the organisation
    hosting the core team (the partnership's own SIRO, DPO and Director). Earliest start first."""
    holders = RoleHolder.objects.current(on).filter(role=role).select_related("user")
    holders = (
        holders.filter(organisation=organisation_id)
        if organisation_id is not None
        else holders.filter(organisation__is_core_team_host=True)
    )
    return list(holders.order_by("starts_on", "pk"))


def current_dpo(on: date | None = None) -> RoleHolder | None:
    """The partnership's current DPO: the ROPA header names them, overdue reminders go to them.
    The longest-serving one if two overlap during a handover."""
    holders = current_holders(HolderRole.DPO, on or timezone.localdate())
    return holders[0] if holders else None


def agreement_history(agreement: Agreement) -> list[HistoryEntry]:
    """Every change to ``agreement``, its parties (added, role changed, signing elsewhere
    recorded or accepted, removed) and its signed documents, newest first, with who and why.

    A fixed number of queries whatever the number of parties and changes: each table's rows
    at once, with their users and organisations.
    """
    newest_first = ("-history_date", "-history_id")
    parties = list(
        AgreementParty.history.filter(agreement_id=agreement.pk)  # type: ignore[attr-defined]
        .select_related("history_user", "organisation")
        .order_by(*newest_first)
    )
    documents = list(
        SignedDocument.history.filter(agreement_id=agreement.pk)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by(*newest_first)
    )
    return merged_history(
        history_entries(agreement),
        part_history_entries(
            AgreementParty,
            parties,
            name="Party",
            subject=lambda row: f"{row.organisation} ({row.get_role_display()})",
            leave_out=("Agreement",),
        ),
        part_history_entries(
            SignedDocument,
            documents,
            name="Signed document",
            subject=lambda row: row.title,
            leave_out=("Agreement",),
        ),
    )


def signs_elsewhere_to_accept(user: Any) -> Any:
    """Agreements with a party's "signs elsewhere" reason that ``user`` may accept now: for
    the DPO, those they did not record; for the SIRO as deputy DPO, those a DPO recorded
    (the rule of ``services.signs_elsewhere_decision``). Nobody else accepts them."""
    from accounts.choices import Role
    from accounts.deciders import DPO_DEPUTY_ROLE

    parties = AgreementParty.objects.exclude(signs_elsewhere_reason="").filter(
        signs_elsewhere_accepted_by__isnull=True
    )
    role = getattr(user, "role", None)
    if role == Role.DPO and user.has_perm("sharing.change_agreement"):
        parties = parties.exclude(signs_elsewhere_recorded_by=user)
    elif role == DPO_DEPUTY_ROLE:
        parties = parties.filter(signs_elsewhere_recorded_by__role=Role.DPO).exclude(
            signs_elsewhere_recorded_by=user
        )
    else:
        return Agreement.objects.none()
    return Agreement.objects.visible_to(user).filter(pk__in=parties.values("agreement"))


def dpia_prefetches(model: type[Model], user: Any) -> list[Prefetch]:
    """The prefetch of the DPIAs linked to ``model``'s rows (``dpias``, declared on
    ``governance.Dpia``: sharing does not import governance), for users who may read DPIAs; none
    for anyone else, so a partner's page never loads even a DPIA's reference. A revision a later
    one replaced is left out (``dpia_standing``): the revision that replaced it is linked too."""
    if not user.has_perm("governance.view_dpia"):
        return []
    dpia_model: Any = model._meta.get_field("dpias").related_model
    dpias = dpia_model.objects.visible_to(user).exclude(status__in=standing().replaced)
    return [Prefetch("dpias", dpias.order_by("reference", "revision"))]


def shown_dpias(record: Any, user: Any) -> list[Any] | None:
    """The linked DPIAs a sharing record's page lists (loaded by ``dpia_prefetches``);
    ``None`` when the user may not read DPIAs, so the page has no DPIA row at all."""
    return list(record.dpias.all()) if user.has_perm("governance.view_dpia") else None


# ---------------------------------------------------------------------------------------------
# Record pages
# ---------------------------------------------------------------------------------------------


def current_role_holders(organisation: Organisation) -> list[dict[str, Any]]:
    """Who holds each role at ``organisation`` today, in the strategy's order (one query)."""
    holders = (
        RoleHolder.objects.current(timezone.localdate())
        .filter(organisation=organisation)
        .order_by("starts_on", "pk")
    )
    by_role: dict[str, list[RoleHolder]] = {role: [] for role in HolderRole.values}
    for holder in holders:
        by_role.setdefault(holder.role, []).append(holder)
    return [
        {"role": role, "label": label, "holders": by_role[role]}
        for role, label in HolderRole.choices
    ]


def holders_of_role(holder: RoleHolder, user: Any) -> list[RoleHolder]:
    """Everyone ``user`` can see who has held ``holder``'s role at its organisation, latest
    first: the handovers at a glance."""
    return list(
        RoleHolder.objects.visible_to(user)
        .filter(organisation=holder.organisation_id, role=holder.role)
        .order_by("-starts_on", "-pk")
    )


def consultation_data_used(consultation: Consultation) -> list[Any]:
    """The consulted organisation's data sources that the product uses."""
    return list(
        consultation.product.data_sources.filter(supplier=consultation.organisation_id).order_by(
            "name"
        )
    )

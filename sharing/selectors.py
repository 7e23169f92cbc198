"""Read-side queries over the sharing registers."""

from typing import Any

from django.db.models import Count

from .choices import OrganisationKind
from .models import Organisation


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
    """Who supplies the product's partner-shared data, their answers, and what blocks it."""
    from .services import product_consultation_problems, product_suppliers

    answers = {c.organisation_id: c for c in product.consultations.all()}
    return {
        "suppliers": [
            {"organisation": s, "consultation": answers.get(s.pk)}
            for s in product_suppliers(product)
        ],
        "consultation_problems": product_consultation_problems(product),
    }

"""Findings about agreements, data sources and products (the sharing registers)."""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from ropa.choices import ActivityStatus
from ropa.models import ProcessingActivity
from sharing.choices import (
    AGREEING_RESPONSES,
    AgreementStatus,
    Audience,
    DataClassification,
    ProductStatus,
)
from sharing.code_items import missing_labels
from sharing.models import Consultation, DataSource
from sharing.services import product_consultation_problems

from .base import Category, QueryKind, Severity
from .wording import count_of, day, joined, overdue_since

# --- Partner-shared data without an active covering agreement (rule 5) -----------------------


def _uncovered(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    # The register's own rule (``DataSourceQuerySet.uncovered``); a source already disposed of
    # holds no data any more, so it needs no agreement.
    return queryset.uncovered().filter(retired_on__isnull=True).order_by("name", "pk")  # type: ignore[attr-defined]


def _describe_uncovered(source: DataSource, today: date) -> str:
    supplier = source.supplier.name if source.supplier else "a partner"
    agreement = source.covering_agreement
    if agreement is None:
        return f"Partner-shared data from {supplier} is used with no covering agreement."
    return (
        f"Partner-shared data from {supplier} is covered by ‘{agreement}’, which is "
        f"‘{agreement.get_status_display()}’, not active."
    )


def _fix_uncovered(source: DataSource) -> tuple[str, str]:
    agreement = source.covering_agreement
    if agreement is not None and agreement.status in (
        AgreementStatus.REQUESTED_VIA_FORUM,
        AgreementStatus.DRAFTING,
        AgreementStatus.IN_NEGOTIATION,
    ):
        return agreement.get_absolute_url(), "Finish and activate the agreement"
    return (
        reverse("sharing:datasource_update", kwargs={"pk": source.pk}) + "#id_covering_agreement",
        "Choose an active covering agreement",
    )


UNCOVERED_SOURCE = QueryKind(
    slug="uncovered-source",
    title="Partner-shared data sources without an active covering agreement",
    severity=Severity.HIGH,
    category=Category.CONTRACTS,
    register="Data sources",
    register_key="sharing.datasource",
    model_label="sharing.DataSource",
    offending=_uncovered,
    describe=_describe_uncovered,
    fix=_fix_uncovered,
    related=lambda rows: rows.select_related("supplier", "covering_agreement"),
)

# --- An agreement that has ended but still covers sources or activities ----------------------

ENDED_STATUSES = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


def _live_sources() -> QuerySet[Any]:
    return DataSource.objects.filter(covering_agreement=OuterRef("pk"), retired_on__isnull=True)


def _live_activities() -> QuerySet[Any]:
    return ProcessingActivity.objects.filter(covering_agreement=OuterRef("pk")).exclude(
        status=ActivityStatus.RETIRED
    )


def _ended_still_covering(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    ended = Q(status__in=ENDED_STATUSES) | Q(status=AgreementStatus.ACTIVE, expires_on__lt=today)
    return (
        queryset.filter(ended)
        .filter(Exists(_live_sources()) | Exists(_live_activities()))
        .order_by("expires_on", "title", "pk")
    )


def _how_many(rows: QuerySet[Any]) -> Coalesce:
    counted = rows.order_by().values("covering_agreement").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_covered_counts(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.annotate(
        live_source_count=_how_many(_live_sources()),
        live_activity_count=_how_many(_live_activities()),
    )


def _describe_ended(agreement: Any, today: date) -> str:
    if agreement.status == AgreementStatus.TERMINATED:
        ended = "was terminated"
    elif agreement.status == AgreementStatus.EXPIRED:
        ended = f"expired on {day(agreement.expires_on)}" if agreement.expires_on else "expired"
    else:
        ended = f"passed its expiry date on {day(agreement.expires_on)}"
    covered = [
        count_of(agreement.live_source_count, "data source"),
        count_of(agreement.live_activity_count, "processing activity", "processing activities"),
    ]
    return f"It {ended} but still covers {joined([c for c in covered if c[0] != '0'])}."


ENDED_AGREEMENT_COVERING = QueryKind(
    slug="ended-agreement-still-covering",
    title="Expired or terminated agreements still covering data sources or activities",
    severity=Severity.HIGH,
    category=Category.CONTRACTS,
    register="Agreements",
    register_key="sharing.agreement",
    model_label="sharing.Agreement",
    offending=_ended_still_covering,
    describe=_describe_ended,
    fix=lambda agreement: (
        agreement.get_absolute_url(),
        "Renew it, or move what it covers to an agreement in force",
    ),
    related=_with_covered_counts,
)

# --- Agreement reviews overdue -----------------------------------------------------------------


AGREEMENT_REVIEW_OVERDUE = QueryKind(
    slug="agreement-review-overdue",
    title="Active agreements overdue for review",
    severity=Severity.MEDIUM,
    category=Category.CONTRACTS,
    register="Agreements",
    register_key="sharing.agreement",
    model_label="sharing.Agreement",
    # The reminders chase the reviews of active agreements only (``reminders.kinds``).
    offending=lambda rows, today: (
        rows.active()  # type: ignore[attr-defined]  # AgreementQuerySet's
        .filter(review_on__lt=today)
        .order_by("review_on", "pk")
    ),
    describe=lambda agreement, today: f"Its review {overdue_since(agreement.review_on, today)}.",
    fix=lambda agreement: (
        reverse("sharing:agreement_update", kwargs={"pk": agreement.pk}) + "#id_review_on",
        "Review it and set the next review date",
    ),
)

# --- An active ISA missing an item of the data sharing code ----------------------------------


def _isa_missing_items(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    # The register's own rule (``sharing.code_items``, via ``isas_missing_items``).
    return queryset.active().isas_missing_items().order_by("title", "pk")  # type: ignore[attr-defined]


ISA_MISSING_ITEMS = QueryKind(
    slug="isa-missing-code-items",
    title="Active ISAs missing an item of the data sharing code",
    severity=Severity.MEDIUM,
    category=Category.CONTRACTS,
    register="Agreements",
    register_key="sharing.agreement",
    model_label="sharing.Agreement",
    offending=_isa_missing_items,
    describe=lambda agreement, today: f"It does not cover: {joined(missing_labels(agreement))}.",
    fix=lambda agreement: (
        reverse("sharing:agreement_code_items", kwargs={"pk": agreement.pk}),
        "Record what the agreement covers",
    ),
    related=lambda rows: rows.prefetch_related("code_items", "parties"),
)

# --- A product beyond the core team without every supplier's agreement (rule 3) --------------

#: Product states in which every supplier must already have agreed.
AGREED_STATES = (ProductStatus.READY, ProductStatus.PUBLISHED)


def _unagreed_sources() -> QuerySet[Any]:
    """The product's partner-shared sources whose supplier has not agreed to it: the rule of
    ``sharing.services.product_consultation_problems`` as a subquery."""
    agreed = Consultation.objects.filter(
        product=OuterRef(OuterRef("pk")),
        organisation=OuterRef("supplier"),
        response__in=AGREEING_RESPONSES,
    )
    return DataSource.objects.filter(
        products=OuterRef("pk"),
        classification=DataClassification.PARTNER_SHARED,
        supplier__isnull=False,
    ).exclude(Exists(agreed))


def _without_agreement(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    return (
        queryset.filter(status__in=AGREED_STATES)
        .exclude(audience=Audience.INTERNAL)
        .filter(Exists(_unagreed_sources()))
        .order_by("title", "pk")
    )


def _describe_without_agreement(product: Any, today: date) -> str:
    audience = "the public" if product.audience == Audience.PUBLIC else "partners"
    state = product.get_status_display().lower()
    problems = " ".join(product_consultation_problems(product))
    return f"It is {state} for {audience} without every supplier's agreement. {problems}".strip()


def _fix_without_agreement(product: Any) -> tuple[str, str]:
    # Once published, consultations are closed: the product is withdrawn until they agree.
    if product.status == ProductStatus.PUBLISHED:
        return product.get_absolute_url(), "Withdraw it until every supplier agrees"
    return (
        reverse("sharing:consultation_create", kwargs={"product_pk": product.pk}),
        "Consult the suppliers",
    )


PRODUCT_WITHOUT_AGREEMENT = QueryKind(
    slug="product-without-supplier-agreement",
    title="Products for partners or the public missing a supplier's agreement",
    severity=Severity.HIGH,
    category=Category.CONTRACTS,
    register="Products",
    register_key="sharing.product",
    model_label="sharing.Product",
    offending=_without_agreement,
    describe=_describe_without_agreement,
    fix=lambda product: _fix_without_agreement(product),
    related=lambda rows: rows.prefetch_related("data_sources__supplier", "consultations"),
)

# --- A disposed data source still used by a live product --------------------------------------


def _disposed_sources() -> QuerySet[Any]:
    return DataSource.objects.filter(retired_on__isnull=False)


def _using_disposed(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    in_use = _disposed_sources().filter(products=OuterRef("pk"))
    return (
        queryset.exclude(status=ProductStatus.WITHDRAWN)
        .filter(Exists(in_use))
        .order_by("title", "pk")
    )


def _describe_using_disposed(product: Any, today: date) -> str:
    sources = [
        f"‘{source}’ (disposed of on {day(source.retired_on)})"
        for source in product.disposed_sources
    ]
    state = product.get_status_display().lower()
    return f"This {state} product still uses {joined(sources)}."


PRODUCT_USING_DISPOSED = QueryKind(
    slug="product-using-disposed-source",
    title="Live products still using a disposed data source",
    severity=Severity.MEDIUM,
    category=Category.RECORDS,
    register="Products",
    register_key="sharing.product",
    model_label="sharing.Product",
    offending=_using_disposed,
    describe=_describe_using_disposed,
    fix=lambda product: (
        reverse("sharing:product_update", kwargs={"pk": product.pk}),
        "Remove the disposed source, or withdraw the product",
    ),
    related=lambda rows: rows.prefetch_related(
        Prefetch("data_sources", queryset=_disposed_sources(), to_attr="disposed_sources")
    ),
)

KINDS = (
    UNCOVERED_SOURCE,
    ENDED_AGREEMENT_COVERING,
    PRODUCT_WITHOUT_AGREEMENT,
    AGREEMENT_REVIEW_OVERDUE,
    ISA_MISSING_ITEMS,
    PRODUCT_USING_DISPOSED,
)

"""Products of the partnership's analysis, and the consultations of their suppliers (rule 3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..choices import (
    Audience,
    ConsultationResponse,
    ProductKind,
    ProductStatus,
)
from ..querysets import (
    ConsultationQuerySet,
    ProductQuerySet,
)
from .data_sources import DataSource
from .organisations import Organisation

USER = settings.AUTH_USER_MODEL


class Product(RegisterModel):
    """An output of the partnership's analysis (report, dashboard, briefing, dataset)."""

    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=ProductKind.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    description = models.TextField(blank=True)
    data_sources = models.ManyToManyField(
        DataSource, related_name="products", blank=True, verbose_name="data sources used"
    )
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = FSMField(
        max_length=30, choices=ProductStatus.choices, default=ProductStatus.DRAFT, protected=False
    )
    published_on = models.DateField(null=True, blank=True, editable=False)

    objects = ProductQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[data_sources])

    class Meta:
        ordering = ("title",)
        verbose_name = "product"
        indexes = (
            models.Index(fields=("status",), name="sharing_product_status_idx"),
            # The product list: its default order, by title, and filtered by status; sorted
            # by publication date.
            models.Index(fields=("title",), name="sharing_product_title_idx"),
            models.Index(fields=("status", "title"), name="sharing_product_stitle_idx"),
            models.Index(fields=("published_on",), name="sharing_product_pub_idx"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def needs_consultation(self) -> bool:
        """Going beyond the core team with partner-shared data needs the suppliers' agreement."""
        return self.audience != Audience.INTERNAL

    @transition(
        field=status, source=ProductStatus.DRAFT, target=ProductStatus.AWAITING_CONSULTATION
    )
    def request_consultation(self) -> None:
        """The suppliers of its partner-shared data are asked to agree."""

    @transition(
        field=status,
        source=(ProductStatus.DRAFT, ProductStatus.AWAITING_CONSULTATION),
        target=ProductStatus.READY,
    )
    def mark_ready(self) -> None:
        """The product is ready to go to its audience."""

    # Publishing straight from "awaiting consultation" is allowed once every supplier has
    # agreed: the rule is what matters, not an extra click through "ready".
    @transition(
        field=status,
        source=(ProductStatus.AWAITING_CONSULTATION, ProductStatus.READY),
        target=ProductStatus.PUBLISHED,
    )
    def publish(self) -> None:
        """The product goes to its audience, published today."""
        self.published_on = timezone.localdate()

    @transition(
        field=status,
        source=(ProductStatus.READY, ProductStatus.PUBLISHED),
        target=ProductStatus.WITHDRAWN,
    )
    def withdraw(self) -> None:
        """The product is taken back from its audience."""

    @transition(
        field=status,
        source=(ProductStatus.AWAITING_CONSULTATION, ProductStatus.READY, ProductStatus.WITHDRAWN),
        target=ProductStatus.DRAFT,
    )
    def return_to_draft(self) -> None:
        """The product goes back to draft."""


class Consultation(RegisterModel):
    """A supplying organisation asked whether a product may use its data, and its answer."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="consultations")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name="organisation consulted",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("answer due by", null=True, blank=True)
    response = models.CharField(
        max_length=30, choices=ConsultationResponse.choices, default=ConsultationResponse.PENDING
    )
    conditions = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsultationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-requested_at",)
        verbose_name = "consultation"
        permissions = (("respond_consultation", "Can answer a consultation"),)
        constraints = (
            models.UniqueConstraint(
                fields=("product", "organisation"),
                name="sharing_consultation_once_per_product",
                violation_error_message="This organisation has already been consulted on it.",
            ),
            models.CheckConstraint(
                name="sharing_consultation_conditions_stated",
                condition=~Q(response="agreed_with_conditions") | ~Q(conditions=""),
                violation_error_message="Say what the conditions are.",
            ),
        )
        indexes = (
            models.Index(fields=("response",), name="sharing_consult_response_idx"),
            # The consultation list's default order: answer due date (then the product's
            # title, among the rows that tie); sorted by when it was asked.
            models.Index(fields=("due_on",), name="sharing_consult_due_idx"),
            models.Index(fields=("requested_at",), name="sharing_consult_asked_idx"),
        )

    def __str__(self) -> str:
        return f"{self.product} – {self.organisation}"

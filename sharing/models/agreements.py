"""Agreements (MoUs, ISAs, Art 28 contracts, forum agreements-in-principle), their parties
and signed documents."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel, recorded_by

from ..choices import (
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    LawfulBasis,
    PartyRole,
)
from ..querysets import (
    AgreementQuerySet,
)
from ..storage import signed_document_storage
from .forums import Forum
from .organisations import Organisation

USER = settings.AUTH_USER_MODEL


class Agreement(RegisterModel):
    """An agreement under which data is shared: an MoU, an ISA, a forum agreement-in-principle
    or an Art 28 controller-to-processor contract."""

    title = models.CharField(max_length=250)
    reference = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    template = models.CharField(
        "template used",
        max_length=20,
        choices=AgreementTemplate.choices,
        default=AgreementTemplate.HIGA_ISA,
    )
    via_forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="via forum",
        help_text="The forum whose existing arrangement this agreement reuses, if any.",
    )
    purpose = models.TextField(help_text="What the sharing is for, and its benefits.")
    lawful_basis = models.CharField(
        "lawful basis", max_length=30, choices=LawfulBasis.choices, blank=True
    )
    legal_power = models.TextField(
        "legal power to share",
        blank=True,
        help_text="For public bodies: the power relied on, e.g. Crime and Disorder Act 1998 s115.",
    )
    data_items = models.TextField("data shared", blank=True)
    allows_personal_data = models.BooleanField(
        "allows personal data",
        default=False,
        help_text="Only an ISA or an Art 28 contract can allow personal data to be shared.",
    )
    has_special_category_data = models.BooleanField("special category data", default=False)
    has_criminal_offence_data = models.BooleanField("criminal offence data", default=False)
    art26_arrangement = models.TextField(
        "Art 26 joint controller arrangement",
        blank=True,
        help_text="Required when any party is a joint controller: who does what (UK GDPR Art 26).",
    )
    starts_on = models.DateField("start date", null=True, blank=True)
    review_on = models.DateField("review date", null=True, blank=True)
    expires_on = models.DateField("expiry date", null=True, blank=True)
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_agreements"
    )
    status = FSMField(
        max_length=30,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFTING,
        protected=False,
    )
    organisations = models.ManyToManyField(
        Organisation, through="AgreementParty", related_name="agreements"
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("title",)
        verbose_name = "agreement"
        constraints = (
            models.CheckConstraint(
                name="sharing_agreement_mou_never_allows_personal_data",
                condition=Q(allows_personal_data=False) | Q(kind__in=["isa", "art28"]),
                violation_error_message=(
                    "Only an Information Sharing Agreement or an Art 28 contract can allow "
                    "personal data; an MoU or agreement-in-principle never does."
                ),
            ),
            models.CheckConstraint(
                name="sharing_agreement_expiry_after_start",
                condition=Q(expires_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(expires_on__gt=models.F("starts_on")),
                violation_error_message="The expiry date must be after the start date.",
            ),
        )
        indexes = (
            models.Index(fields=("status",), name="sharing_agreement_status_idx"),
            models.Index(fields=("expires_on",), name="sharing_agreement_expires_idx"),
            # Reviews overdue (the findings, the reminders): active ones past their date.
            models.Index(fields=("status", "review_on"), name="sharing_agreement_review_idx"),
            # The agreement list: its default order, by title; filtered by status or by kind
            # (and sorted by kind), still by title; sorted by review date, then title.
            models.Index(fields=("title",), name="sharing_agreement_title_idx"),
            models.Index(fields=("status", "title"), name="sharing_agreement_stitle_idx"),
            models.Index(fields=("kind", "title"), name="sharing_agreement_ktitle_idx"),
            models.Index(fields=("review_on", "title"), name="sharing_agreement_rtitle_idx"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == AgreementStatus.ACTIVE

    # The status graph: each step is performed by its service (``sharing.workflows``).
    @transition(
        field=status, source=AgreementStatus.REQUESTED_VIA_FORUM, target=AgreementStatus.DRAFTING
    )
    def start_drafting(self) -> None:
        """A request via a forum becomes a draft."""

    @transition(
        field=status, source=AgreementStatus.DRAFTING, target=AgreementStatus.IN_NEGOTIATION
    )
    def start_negotiation(self) -> None:
        """The draft goes to the parties for negotiation."""

    @transition(
        field=status,
        source=(
            AgreementStatus.REQUESTED_VIA_FORUM,
            AgreementStatus.DRAFTING,
            AgreementStatus.IN_NEGOTIATION,
        ),
        target=AgreementStatus.ACTIVE,
    )
    def activate(self) -> None:
        """The agreement is in force: data can be shared under it."""

    @transition(field=status, source=AgreementStatus.ACTIVE, target=AgreementStatus.EXPIRED)
    def expire(self) -> None:
        """The agreement has run its term."""

    @transition(
        field=status,
        source=(
            AgreementStatus.REQUESTED_VIA_FORUM,
            AgreementStatus.DRAFTING,
            AgreementStatus.IN_NEGOTIATION,
            AgreementStatus.ACTIVE,
        ),
        target=AgreementStatus.TERMINATED,
    )
    def terminate(self) -> None:
        """The agreement is ended early."""

    def is_review_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.review_on is not None and self.review_on < today


class AgreementParty(RegisterModel):
    """One organisation's part in an agreement, and its role under UK GDPR."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreement_parties"
    )
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    # A party whose signature is not in the signed copy uploaded here (it signs a counterpart
    # held elsewhere, e.g. by a forum): why, who recorded that, and the DPO who accepted it.
    # Set only through ``services.agreement_party_record_signs_elsewhere`` and
    # ``services.agreement_party_accept_signs_elsewhere``.
    signs_elsewhere_reason = models.TextField(
        "why it signs elsewhere",
        blank=True,
        editable=False,
        help_text="Where the party's signed copy is kept, and why it is not uploaded here.",
    )
    signs_elsewhere_recorded_by = recorded_by("signing elsewhere recorded by")
    signs_elsewhere_recorded_at = models.DateTimeField(
        "signing elsewhere recorded", null=True, blank=True, editable=False
    )
    signs_elsewhere_accepted_by = recorded_by("signing elsewhere accepted by")
    signs_elsewhere_accepted_at = models.DateTimeField(
        "signing elsewhere accepted", null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("agreement", "organisation__name")
        verbose_name = "agreement party"
        verbose_name_plural = "agreement parties"
        constraints = (
            models.UniqueConstraint(
                fields=("agreement", "organisation"),
                name="sharing_agreementparty_once_per_agreement",
                violation_error_message="This organisation is already a party to the agreement.",
            ),
            models.CheckConstraint(
                name="sharing_agreementparty_signs_elsewhere_accepted_with_reason",
                condition=Q(signs_elsewhere_accepted_by__isnull=True)
                | (
                    ~Q(signs_elsewhere_reason="")
                    & Q(signs_elsewhere_recorded_by__isnull=False)
                    & Q(signs_elsewhere_accepted_at__isnull=False)
                    & ~Q(signs_elsewhere_accepted_by=models.F("signs_elsewhere_recorded_by"))
                ),
                violation_error_message=(
                    "Signing elsewhere is accepted only with a recorded reason, by someone "
                    "other than the person who recorded it."
                ),
            ),
        )

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url()

    @property
    def signs_elsewhere_is_accepted(self) -> bool:
        """Its signature is accounted for outside the portal, and the DPO accepted that."""
        return bool(self.signs_elsewhere_reason) and self.signs_elsewhere_accepted_by_id is not None

    @property
    def signs_elsewhere_awaits_acceptance(self) -> bool:
        return bool(self.signs_elsewhere_reason) and self.signs_elsewhere_accepted_by_id is None


class SignedDocument(RegisterModel):
    """A signed copy of an agreement (PDF or DOCX), kept outside the web root."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200, help_text="For example, ‘Signed ISA, version 2’.")
    file = models.FileField(storage=signed_document_storage, upload_to="agreements/%Y/%m/")
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = "signed document"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url()

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from .choices import (
    UPDATE_FREQUENCY_DAYS,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    Audience,
    Collection,
    ConsultationResponse,
    DataClassification,
    ForumConnectionStatus,
    HolderRole,
    LawfulBasis,
    NewCollectionPurpose,
    OrganisationKind,
    PartyRole,
    ProductKind,
    ProductStatus,
    UpdateFrequency,
)
from .querysets import (
    AgreementQuerySet,
    ConnectionRequestQuerySet,
    ConsultationQuerySet,
    ContactQuerySet,
    DataSourceQuerySet,
    ForumQuerySet,
    OrganisationQuerySet,
    ProductQuerySet,
    RoleHolderQuerySet,
)
from .storage import signed_document_storage

USER = settings.AUTH_USER_MODEL


class Organisation(RegisterModel):
    """A body the partnership works with: the OPCC hosting the core team, or a partner."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    is_core_team_host = models.BooleanField(
        "hosts the core team",
        default=False,
        help_text="The organisation that hosts the VPP core team (the OPCC in Humber).",
    )
    address = models.TextField(blank=True, help_text="Postal address, as on its agreements.")

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        verbose_name = "organisation"
        constraints = (
            models.UniqueConstraint(
                Lower("name"),
                name="sharing_organisation_unique_name",
                violation_error_message="An organisation with this name already exists.",
            ),
            models.UniqueConstraint(
                fields=("is_core_team_host",),
                condition=Q(is_core_team_host=True),
                name="sharing_organisation_one_core_team_host",
                violation_error_message=(
                    "Another organisation already hosts the core team; untick it there first."
                ),
            ),
        )
        indexes = (models.Index(fields=("kind",), name="sharing_org_kind_idx"),)

    def __str__(self) -> str:
        return self.name


class Contact(RegisterModel):
    """A named person at an organisation whom the partnership deals with."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(
        "role", max_length=150, help_text="For example, Data Protection Officer."
    )
    email = models.EmailField("e-mail address", blank=True)
    phone = models.CharField("phone", max_length=40, blank=True)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("organisation__name", "name")
        verbose_name = "contact"

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()


class RoleHolder(RegisterModel):
    """Who holds SIRO, DPO or Director for an organisation, from when to when (Appendix 1).

    The core-team host's current DPO is the DPO the ROPA header names and the person overdue
    reminders escalate to. ``user`` is the holder's portal account, when they have one: only an
    account can be sent reminders.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_holders"
    )
    role = models.CharField(max_length=20, choices=HolderRole.choices)
    name = models.CharField(max_length=150)
    job_title = models.CharField("job title", max_length=150, blank=True)
    email = models.EmailField("e-mail address", blank=True)
    phone = models.CharField("phone", max_length=40, blank=True)
    address = models.TextField(blank=True)
    user = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_roles",
        verbose_name="portal account",
        help_text="Their login, if they have one: reminders go to this account.",
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("to", null=True, blank=True)

    objects = RoleHolderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("organisation__name", "role", "-starts_on")
        verbose_name = "role holder"
        constraints = (
            models.CheckConstraint(
                name="sharing_roleholder_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message="The end date must be on or after the start date.",
            ),
        )
        indexes = (
            models.Index(fields=("organisation", "role", "starts_on"), name="sharing_holder_idx"),
        )

    def __str__(self) -> str:
        return f"{self.name}, {self.get_role_display()} at {self.organisation}"

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class Forum(RegisterModel):
    """An existing information-sharing body whose arrangements the VPP can reuse."""

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, blank=True)
    purpose = models.TextField(blank=True)
    members = models.ManyToManyField(Organisation, related_name="forums", blank=True)

    objects = ForumQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ("name",)
        verbose_name = "forum"

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


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
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == AgreementStatus.ACTIVE

    # Transitions: only the state change; the rules are checked in services.
    @transition(
        field=status, source=AgreementStatus.REQUESTED_VIA_FORUM, target=AgreementStatus.DRAFTING
    )
    def start_drafting(self) -> None:
        pass

    @transition(
        field=status, source=AgreementStatus.DRAFTING, target=AgreementStatus.IN_NEGOTIATION
    )
    def start_negotiation(self) -> None:
        pass

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
        pass

    @transition(field=status, source=AgreementStatus.ACTIVE, target=AgreementStatus.EXPIRED)
    def expire(self) -> None:
        pass

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
        pass

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
    signs_elsewhere_recorded_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="signing elsewhere recorded by",
    )
    signs_elsewhere_recorded_at = models.DateTimeField(
        "signing elsewhere recorded", null=True, blank=True, editable=False
    )
    signs_elsewhere_accepted_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="signing elsewhere accepted by",
    )
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


class ConnectionRequest(RegisterModel):
    """The VPP asking a forum to connect it to some of its members under the forum's
    existing arrangement, rather than writing new paperwork."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="connection_requests")
    organisations = models.ManyToManyField(
        Organisation,
        related_name="connection_requests",
        verbose_name="members to connect with",
    )
    purpose = models.TextField()
    requested_on = models.DateField(default=timezone.localdate)
    status = FSMField(
        max_length=20,
        choices=ForumConnectionStatus.choices,
        default=ForumConnectionStatus.REQUESTED,
        protected=False,
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="connection_requests",
        help_text="The agreement the connection led to, once connected.",
    )
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConnectionRequestQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ("-requested_on", "-pk")
        verbose_name = "connection request"
        indexes = (models.Index(fields=("status",), name="sharing_connreq_status_idx"),)

    def __str__(self) -> str:
        forum = self.forum.acronym or self.forum.name
        return f"Connection via {forum} ({self.requested_on:%d %b %Y})"

    @transition(
        field=status, source=ForumConnectionStatus.REQUESTED, target=ForumConnectionStatus.CONNECTED
    )
    def connect(self) -> None:
        pass

    @transition(
        field=status, source=ForumConnectionStatus.REQUESTED, target=ForumConnectionStatus.DECLINED
    )
    def decline(self) -> None:
        pass


class DataSource(RegisterModel):
    """A data set the partnership uses, with its one Appendix 3 classification."""

    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    classification = models.CharField(max_length=20, choices=DataClassification.choices)
    # 1. Open data
    url = models.URLField("web address", max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    update_frequency = models.CharField(max_length=20, choices=UpdateFrequency.choices, blank=True)
    last_refreshed_on = models.DateField("last refreshed", null=True, blank=True)
    # 2. One-off public
    citation = models.TextField(blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    foi_reference = models.CharField("FOI reference", max_length=100, blank=True)
    # 3. Partner-shared
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplied_sources",
        verbose_name="supplying organisation",
    )
    covering_agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="covered_sources",
        verbose_name="covering agreement",
    )
    justification = models.TextField(
        "why open sources are not enough",
        blank=True,
        help_text="Why open or published data (classes 1 and 2) cannot meet the need.",
    )
    collection = models.CharField(max_length=20, choices=Collection.choices, blank=True)
    new_collection_purpose = models.CharField(
        "purpose of the new collection",
        max_length=20,
        choices=NewCollectionPurpose.choices,
        blank=True,
    )
    # Flags and housekeeping
    has_personal_data = models.BooleanField("personal data", default=False)
    has_special_category_data = models.BooleanField("special category data", default=False)
    has_criminal_offence_data = models.BooleanField("criminal offence data", default=False)
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    location = models.CharField(
        max_length=250, blank=True, help_text="Where the data is held, e.g. ‘OPCC SharePoint’."
    )
    retention_note = models.CharField(
        "retention notes",
        max_length=250,
        blank=True,
        help_text="Anything about keeping this data that the retention rule does not say.",
    )
    retention_rule = models.ForeignKey(
        "ropa.RetentionRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_sources",
    )
    retention_trigger_on = models.DateField("retention trigger date", null=True, blank=True)
    retired_on = models.DateField(
        "retired on",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when a disposal is recorded; the source is then no longer in use.",
    )
    # Derived on every save (see ``save``) and stored so that reminders and lists can select
    # on them in SQL; the rule for each lives in Python only.
    retention_due_on = models.DateField("retention due date", null=True, blank=True, editable=False)
    refresh_due_on = models.DateField("refresh due by", null=True, blank=True, editable=False)

    HISTORY_HIDDEN_FIELDS = (
        *RegisterModel.HISTORY_HIDDEN_FIELDS,
        "retention_due_on",
        "refresh_due_on",
    )

    objects = DataSourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        verbose_name = "data source"
        constraints = (
            models.CheckConstraint(
                name="sharing_datasource_special_data_is_personal",
                condition=Q(has_personal_data=True)
                | Q(has_special_category_data=False, has_criminal_offence_data=False),
                violation_error_message=(
                    "Special category and criminal offence data are personal data: tick "
                    "‘personal data’ too."
                ),
            ),
        )
        indexes = (
            models.Index(fields=("classification",), name="sharing_source_class_idx"),
            # Retention due and overdue (the findings, the dashboard, the due list): live rows.
            models.Index(
                fields=("retention_due_on",),
                condition=Q(retired_on__isnull=True),
                name="sharing_source_due_idx",
            ),
        )

    def __str__(self) -> str:
        return self.name

    def derive_due_dates(self) -> None:
        """Work out the stored due dates from the fields they follow."""
        self.retention_due_on = (
            self.retention_rule.due_on(self.retention_trigger_on)
            if self.retention_rule_id is not None and self.retention_rule is not None
            else None
        )
        days = UPDATE_FREQUENCY_DAYS.get(self.update_frequency)  # type: ignore[call-overload]
        self.refresh_due_on = (
            self.last_refreshed_on + timedelta(days=days)
            if self.classification == DataClassification.OPEN
            and days is not None
            and self.last_refreshed_on is not None
            else None
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_due_dates()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "retention_due_on",
                "refresh_due_on",
            }
        super().save(*args, **kwargs)

    @property
    def is_uncovered(self) -> bool:
        """Partner-shared data with no active covering agreement (rule 5)."""
        return self.classification == DataClassification.PARTNER_SHARED and not (
            self.covering_agreement is not None and self.covering_agreement.is_active
        )


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
        indexes = (models.Index(fields=("status",), name="sharing_product_status_idx"),)

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
        pass

    @transition(
        field=status,
        source=(ProductStatus.DRAFT, ProductStatus.AWAITING_CONSULTATION),
        target=ProductStatus.READY,
    )
    def mark_ready(self) -> None:
        pass

    # Publishing straight from "awaiting consultation" is allowed once every supplier has
    # agreed: the rule is what matters, not an extra click through "ready".
    @transition(
        field=status,
        source=(ProductStatus.AWAITING_CONSULTATION, ProductStatus.READY),
        target=ProductStatus.PUBLISHED,
    )
    def publish(self) -> None:
        self.published_on = timezone.localdate()

    @transition(
        field=status,
        source=(ProductStatus.READY, ProductStatus.PUBLISHED),
        target=ProductStatus.WITHDRAWN,
    )
    def withdraw(self) -> None:
        pass

    @transition(
        field=status,
        source=(ProductStatus.AWAITING_CONSULTATION, ProductStatus.READY, ProductStatus.WITHDRAWN),
        target=ProductStatus.DRAFT,
    )
    def return_to_draft(self) -> None:
        pass


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
        indexes = (models.Index(fields=("response",), name="sharing_consult_response_idx"),)

    def __str__(self) -> str:
        return f"{self.product} – {self.organisation}"

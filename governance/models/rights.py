"""The register of requests from individuals (UK GDPR rights, FOI and EIR) and the searches
partner organisations are asked to make for them."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import RETURN_VALUE, FSMField, transition
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel, recorded_by

from ..rights.choices import (
    GDPR_KINDS,
    PauseReason,
    RightsOutcome,
    RightsRequestKind,
    RightsRequestStatus,
    SearchAnswer,
    regime_of,
)
from ..rights.clocks import Regime
from ..rights.querysets import RightsRequestQuerySet, RightsSearchQuerySet

USER = settings.AUTH_USER_MODEL
S = RightsRequestStatus


class RightsRequest(RegisterModel):
    """One request from an individual: what right (or FOI/EIR), when it arrived, who asked
    (kept minimal), who handles it, the registers it touches, its statutory clock and how it
    was answered. The due date is stored and recomputed by the services
    (``governance.services.rights``) from ``clock_started_on``, ``days_paused`` and the
    extension (``governance.rights.clocks``)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField("kind of request", max_length=20, choices=RightsRequestKind.choices)
    received_on = models.DateField("received on")
    requester_name = models.CharField("requester's name", max_length=200)
    requester_contact = models.CharField(
        "requester's contact details",
        max_length=300,
        help_text="An e-mail or postal address to reply to: nothing more is needed.",
    )
    summary = models.TextField(
        "what is asked for",
        help_text="Describe the information or action asked for. Do not repeat the "
        "requester's name or contact details here.",
    )
    handler = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="handled by",
        help_text="Reminders of the due date go to them, and to the DPO once it has passed.",
    )
    activities = models.ManyToManyField(
        "ropa.ProcessingActivity",
        blank=True,
        related_name="rights_requests",
        verbose_name="processing activities it touches",
    )
    data_sources = models.ManyToManyField(
        "sharing.DataSource",
        blank=True,
        related_name="rights_requests",
        verbose_name="data sources it touches",
    )
    status = FSMField(
        max_length=20, choices=S.choices, default=S.RECEIVED, protected=False, editable=False
    )
    # The clock: set by the services only.
    clock_started_on = models.DateField("clock started on", editable=False)
    days_paused = models.PositiveIntegerField("days paused", default=0, editable=False)
    paused_on = models.DateField("paused on", null=True, blank=True, editable=False)
    pause_reason = models.CharField(
        "waiting for", max_length=20, choices=PauseReason.choices, blank=True, editable=False
    )
    extension_months = models.PositiveSmallIntegerField(
        "extended by (months)", default=0, editable=False
    )
    extension_reason = models.TextField("reason for the extension", blank=True, editable=False)
    extended_by = recorded_by("extended by")
    due_on = models.DateField("due on", null=True, blank=True, editable=False)
    # The response.
    outcome = models.CharField(
        max_length=20, choices=RightsOutcome.choices, blank=True, editable=False
    )
    exemption = models.CharField("exemption relied on", max_length=300, blank=True, editable=False)
    responded_on = models.DateField("responded on", null=True, blank=True, editable=False)
    responded_by = recorded_by("responded by")

    #: The requester's details never reach the History tab or the audit log, which readers
    #: other than the DPO and the handler see: the current values are on the request's page.
    HISTORY_HIDDEN_FIELDS = (
        *RegisterModel.HISTORY_HIDDEN_FIELDS,
        "requester_name",
        "requester_contact",
    )

    objects = RightsRequestQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[activities, data_sources])

    class Meta:
        ordering = ("-received_on", "-pk")
        verbose_name = "request from an individual"
        verbose_name_plural = "requests from individuals"
        permissions = (
            ("manage_rightsrequest", "Can take every step of any request from an individual"),
        )
        constraints = (
            models.CheckConstraint(
                name="governance_rightsrequest_due_unless_paused",
                condition=Q(status="paused") | Q(due_on__isnull=False),
                violation_error_message="A request that is not paused has a due date.",
            ),
            models.CheckConstraint(
                name="governance_rightsrequest_paused_has_reason",
                condition=~Q(status="paused") | (Q(paused_on__isnull=False) & ~Q(pause_reason="")),
                violation_error_message="Say what the request is waiting for.",
            ),
            models.CheckConstraint(
                name="governance_rightsrequest_extension_has_reason",
                condition=~Q(status="extended") | ~Q(extension_reason=""),
                violation_error_message="Give the reason for the extension.",
            ),
            models.CheckConstraint(
                name="governance_rightsrequest_extension_months",
                condition=Q(extension_months__lte=2),
                violation_error_message="A request can be extended by one or two months only.",
            ),
            models.CheckConstraint(
                name="governance_rightsrequest_responded_has_outcome",
                condition=~Q(status="responded") | (~Q(outcome="") & Q(responded_on__isnull=False)),
                violation_error_message="Record the outcome and the date of the response.",
            ),
            models.CheckConstraint(
                name="governance_rightsrequest_exemption_named",
                condition=~Q(outcome__in=("disclosed_in_part", "refused")) | ~Q(exemption=""),
                violation_error_message="Name the exemption relied on.",
            ),
        )
        indexes = (
            models.Index(fields=("status", "due_on"), name="governance_rr_status_due_idx"),
            models.Index(fields=("-received_on", "-id"), name="governance_rr_received_idx"),
        )

    def __str__(self) -> str:
        label = RightsRequestKind(self.kind).label.split(" (")[0] if self.kind else "Request"
        return f"{self.reference}: {label}" if self.reference else label

    @property
    def regime(self) -> Regime:
        return regime_of(self.kind)

    @property
    def is_gdpr(self) -> bool:
        return self.kind in GDPR_KINDS

    @property
    def is_open(self) -> bool:
        return self.status != S.RESPONDED

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    @transition(field=status, source=(S.RECEIVED, S.EXTENDED), target=S.PAUSED)
    def pause(self) -> None:
        """Received or extended → paused (``rights_request_pause``)."""

    @transition(field=status, source=S.PAUSED, target=RETURN_VALUE(S.RECEIVED, S.EXTENDED))
    def resume(self) -> str:
        """Paused → running again, extended if it had been (``rights_request_resume``)."""
        return S.EXTENDED if self.extension_months or self.extension_reason else S.RECEIVED

    @transition(field=status, source=S.RECEIVED, target=S.EXTENDED)
    def extend(self) -> None:
        """Received → extended, with a reason (``rights_request_extend``)."""

    @transition(field=status, source=(S.RECEIVED, S.EXTENDED), target=S.RESPONDED)
    def respond(self) -> None:
        """Received or extended → responded (``rights_request_respond``)."""


class RightsSearch(RegisterModel):
    """A partner organisation asked to search its records for a request, and its answer.
    The partner sees the question and the request's reference, never the requester."""

    rights_request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="searches", verbose_name="request"
    )
    organisation = models.ForeignKey(
        "sharing.Organisation",
        on_delete=models.PROTECT,
        related_name="rights_searches",
        verbose_name="organisation asked to search",
    )
    question = models.TextField(
        "what to search for",
        help_text="What the organisation should look for. The requester's details are not "
        "shown to the organisation: give only what it needs to search.",
    )
    due_on = models.DateField("answer due by")
    requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    answer = models.CharField(
        max_length=20, choices=SearchAnswer.choices, default=SearchAnswer.PENDING, editable=False
    )
    notes = models.TextField("notes", blank=True, editable=False)
    answered_at = models.DateTimeField("answered at", null=True, blank=True, editable=False)
    answered_by = recorded_by("answered by")

    objects = RightsSearchQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("due_on", "pk")
        verbose_name = "search for a request"
        verbose_name_plural = "searches for requests"
        permissions = (("answer_rightssearch", "Can answer a search for a request"),)
        constraints = (
            models.UniqueConstraint(
                fields=("rights_request", "organisation"),
                name="governance_rightssearch_once_per_request",
                violation_error_message="This organisation has already been asked to search "
                "for this request.",
            ),
        )
        indexes = (
            models.Index(fields=("answer", "due_on"), name="governance_rs_answer_idx"),
            # The search list's default order (soonest answer due first).
            models.Index(fields=("due_on", "id"), name="governance_rs_due_idx"),
        )

    def __str__(self) -> str:
        return f"{self.rights_request.reference} search – {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("governance:rightssearch_detail", kwargs={"pk": self.pk})

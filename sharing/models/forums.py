"""Forums (partnerships of bodies) and the connections the VPP asks of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..choices import (
    ForumConnectionStatus,
)
from ..querysets import (
    ConnectionRequestQuerySet,
    ForumQuerySet,
)
from .organisations import Organisation

USER = settings.AUTH_USER_MODEL


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
        # By name: agreements import forums (an agreement may come via one).
        "sharing.Agreement",
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
        indexes = (
            models.Index(fields=("status",), name="sharing_connreq_status_idx"),
            # The connection request list's default order, newest first (the model's order:
            # the list's own sort by date alone reads the same index).
            models.Index(fields=("-requested_on", "-id"), name="sharing_connreq_newest_idx"),
        )

    def __str__(self) -> str:
        forum = self.forum.acronym or self.forum.name
        return f"Connection via {forum} ({self.requested_on:%d %b %Y})"

    @transition(
        field=status, source=ForumConnectionStatus.REQUESTED, target=ForumConnectionStatus.CONNECTED
    )
    def connect(self) -> None:
        """The forum connected the VPP to the members asked for."""

    @transition(
        field=status, source=ForumConnectionStatus.REQUESTED, target=ForumConnectionStatus.DECLINED
    )
    def decline(self) -> None:
        """The forum declined the request."""

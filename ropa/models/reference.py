"""The ROPA's header (the controller details) and its three reference vocabularies."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..querysets import VocabularyQuerySet


class Vocabulary(RegisterModel):
    """A term in one of the ROPA's reference lists, maintained by the DPO and admins."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class IndividualCategory(Vocabulary):
    """A category of individuals (data subjects), e.g. victims of violence."""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of individuals"
        verbose_name_plural = "categories of individuals"


class DataCategory(Vocabulary):
    """A category of personal data, e.g. contact details or offence history."""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of personal data"
        verbose_name_plural = "categories of personal data"


class RecipientCategory(Vocabulary):
    """A category of recipients, e.g. community safety partnerships."""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of recipients"
        verbose_name_plural = "categories of recipients"


class ControllerDetails(RegisterModel):
    """The header of the ROPA (Art 30(1)(a)): the controller and its representative.

    One row only, edited by the DPO. The DPO's own contact details are not kept here: they
    come from the core-team host's current DPO on the role-holder register
    (``sharing.RoleHolder``), so the header changes when the DPO does.
    """

    controller_name = models.CharField("controller", max_length=200)
    controller_address = models.TextField("controller's address", blank=True)
    controller_email = models.EmailField("controller's e-mail", blank=True)
    controller_phone = models.CharField("controller's phone", max_length=40, blank=True)
    representative_name = models.CharField("representative", max_length=200, blank=True)
    representative_address = models.TextField("representative's address", blank=True)
    representative_email = models.EmailField("representative's e-mail", blank=True)
    representative_phone = models.CharField("representative's phone", max_length=40, blank=True)
    singleton = models.BooleanField(default=True, editable=False, unique=True)

    HISTORY_HIDDEN_FIELDS = (*RegisterModel.HISTORY_HIDDEN_FIELDS, "singleton")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "controller details"
        verbose_name_plural = "controller details"
        constraints = (
            models.CheckConstraint(
                name="ropa_controllerdetails_one_row",
                condition=Q(singleton=True),
                violation_error_message="There is only one controller header.",
            ),
        )

    def __str__(self) -> str:
        return f"Controller: {self.controller_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ropa:controllerdetails_detail")

"""What an Information Sharing Agreement covers: one recorded answer (or a reference to where the
signed document deals with it) per item of the ICO data sharing code's list."""

from django.db import models
from simple_history.models import HistoricalRecords

from vpp_portal.models import RegisterModel

from ..choices import IsaItem
from .agreements import Agreement


class AgreementCodeItem(RegisterModel):
    """How one ISA deals with one item of the data sharing code: the answer in a few words, or
    the section of the signed document that deals with it (or both)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="code_items")
    item = models.CharField(max_length=30, choices=IsaItem.choices)
    answer = models.TextField(blank=True)
    document_reference = models.CharField(
        "document reference or section",
        max_length=250,
        blank=True,
        help_text="Where the signed agreement deals with it, for example ‘Schedule 2, section 4’.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("agreement", "item")
        verbose_name = "data sharing code item"
        constraints = (
            models.UniqueConstraint(
                fields=("agreement", "item"),
                name="sharing_agreementcodeitem_once_per_agreement",
                violation_error_message="This item is already recorded for the agreement.",
            ),
        )

    def __str__(self) -> str:
        return f"{self.agreement} – {self.get_item_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.agreement.get_absolute_url()}#contents"

    @property
    def is_answered(self) -> bool:
        """Counts as covered: an answer or a document reference is recorded."""
        return bool(self.answer) or bool(self.document_reference)

"""The abstract base every register model inherits: audit fields, history and a row version."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class RegisterModel(models.Model):
    """Common columns for a register row.

    ``row_version`` goes up by one on every save; edit forms carry the version they were opened
    at so that a save over someone else's newer change is refused (see ``vpp_portal.editing``).
    Each concrete register declares ``history = HistoricalRecords()`` (with ``m2m_fields`` where
    its links matter), so django-simple-history keeps one historical table per register.
    """

    created_at = models.DateTimeField("created", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField("last updated", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    row_version = models.PositiveIntegerField(default=1, editable=False)

    #: Fields that change on every save and say nothing a reader of the History tab needs.
    HISTORY_HIDDEN_FIELDS: tuple[str, ...] = (
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "row_version",
    )

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        opts = self._meta
        return reverse(f"{opts.app_label}:{opts.model_name}_detail", kwargs={"pk": self.pk})


def special_data_is_personal(name: str) -> models.CheckConstraint:
    """The database's own guard for a record with the three data flags: special category and
    criminal offence data are personal data, so neither may be ticked without ‘personal data’."""
    return models.CheckConstraint(
        name=name,
        condition=models.Q(has_personal_data=True)
        | models.Q(has_special_category_data=False, has_criminal_offence_data=False),
        violation_error_message=(
            "Special category and criminal offence data are personal data: tick "
            "‘personal data’ too."
        ),
    )


def recorded_by(verbose_name: str) -> models.ForeignKey:
    """Who took a recorded step (proposed, decided, accepted…): set by the step's service, never
    by a form, and kept when the user is deactivated."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )

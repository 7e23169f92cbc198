from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable, YesNoColumn, blanks_last

from ..models import Course, TrainingRecord


def _day(value: Any) -> str:
    return date_format(value, "j M Y") if value else ""


class CourseTable(RegisterTable):
    caption = "Courses"

    title = LinkColumn()
    audience = tables.Column(verbose_name="Who it is for", empty_values=())
    is_induction = YesNoColumn(verbose_name="Induction")
    renewal_months = tables.Column(verbose_name="Renewal", empty_values=())
    provider = tables.Column()

    class Meta:
        model = Course
        fields = ("title", "audience", "is_induction", "renewal_months", "provider")
        order_by = ("title",)

    def render_audience(self, record: Course) -> str:
        return record.audience_text()

    def value_audience(self, record: Course) -> str:
        return record.audience_text()

    def render_renewal_months(self, record: Course) -> str:
        if not record.renewal_months:
            return "Never"
        months = record.renewal_months
        return f"Every {months} month{'' if months == 1 else 's'}"

    def value_renewal_months(self, record: Course) -> str:
        return self.render_renewal_months(record)


class TrainingRecordTable(RegisterTable):
    caption = "Training records"

    course = LinkColumn(order_by=("course__title",))
    person = tables.Column(order_by=("person__full_name", "person__email"))
    organisation = tables.Column(
        accessor="person__organisation",
        verbose_name="Organisation",
        order_by=("person__organisation__name",),
    )
    completed_on = tables.Column(verbose_name="Completed")
    expires_on = tables.Column(verbose_name="Expires", empty_values=())

    order_expires_on = blanks_last("expires_on", then="-completed_on")

    class Meta:
        model = TrainingRecord
        fields = ("course", "person", "organisation", "completed_on", "expires_on")
        order_by = ("-completed_on",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_person(self, record: TrainingRecord) -> Any:
        url = reverse("governance:person_training", kwargs={"pk": record.person_id})
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record.person)

    def value_person(self, record: TrainingRecord) -> str:
        return str(record.person)

    def render_completed_on(self, value: Any) -> str:
        return _day(value)

    def value_completed_on(self, value: Any) -> str:
        return value.isoformat() if value else ""

    def render_expires_on(self, record: TrainingRecord) -> Any:
        if record.expires_on is None:
            return "Does not expire"
        if record.is_expired(self.today):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Expired</strong>',
                _day(record.expires_on),
            )
        return _day(record.expires_on)

    def value_expires_on(self, record: TrainingRecord) -> str:
        return record.expires_on.isoformat() if record.expires_on else ""


class PersonTrainingTable(tables.Table):
    """The people list: who, where from, and a link to what they are due."""

    caption = "People"

    full_name = tables.Column(verbose_name="Name", order_by=("full_name", "email"))
    organisation = tables.Column(order_by=("organisation__name",))
    role = tables.Column(verbose_name="Portal role")
    started_on = tables.Column(
        accessor="training_profile__started_on",
        verbose_name="Started",
        orderable=False,
        empty_values=(),
    )

    class Meta:
        fields = ("full_name", "organisation", "role", "started_on")
        order_by = ("full_name",)

    @property
    def verbose_name_plural(self) -> str:
        return "people"

    def render_full_name(self, record: Any) -> Any:
        url = reverse("governance:person_training", kwargs={"pk": record.pk})
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record)

    def render_role(self, record: Any) -> str:
        return str(record.get_role_display())

    def render_started_on(self, record: Any) -> str:
        profile = getattr(record, "training_profile", None)
        return _day(profile.started_on) if profile else "Not recorded"

"""The role-holder form: who holds SIRO, DPO or Director at an organisation, and when."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from vpp_portal.choosers import use_chooser
from vpp_portal.editing import RegisterForm

from ..choices import HolderRole
from ..models import Organisation, RoleHolder
from ..services import role_holder_problems

FIELDS = (
    "organisation",
    "role",
    "starts_on",
    "ends_on",
    "name",
    "job_title",
    "email",
    "phone",
    "address",
    "user",
)


def _account_label(user: Any) -> str:
    """An account by name and e-mail address, since two people can share a name."""
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


class RoleHolderForm(RegisterForm):
    submit_label = "Save role holder"

    class Meta:
        model = RoleHolder
        fields = FIELDS
        widgets = {
            "role": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "organisation": "Organisation",
            "role": "Role",
            "starts_on": "From",
            "ends_on": "To (optional)",
            "name": "Name",
            "job_title": "Job title (optional)",
            "email": "E-mail address (optional)",
            "phone": "Phone (optional)",
            "address": "Address (optional)",
            "user": "Portal account (optional)",
        }
        help_texts = {
            "starts_on": "The first day they hold the role.",
            "ends_on": "Their last day in the role. Leave empty while they hold it. At a "
            "handover, end it the day before the new holder starts: periods cannot overlap.",
            "job_title": "For example, Chief Executive.",
            "address": "Where to write to them. The DPO's address heads the record of "
            "processing activities.",
            "user": "Their login, if they have one: reminders for the role go to this account. "
            "The core team's role holders need an internal account.",
        }
        error_messages = {
            "organisation": {"required": "Select the organisation."},
            "role": {"required": "Select the role."},
            "name": {"required": "Enter the role holder's name."},
            "starts_on": {
                "required": "Enter the date they took up the role.",
                "invalid": "Enter the start date as a real date.",
            },
            "ends_on": {"invalid": "Enter the end date as a real date."},
            "email": {
                "invalid": "Enter an e-mail address in the right format, like name@example.org."
            },
            "user": {"invalid_choice": "Select an account from the list, or leave it empty."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = HolderRole.choices  # type: ignore[attr-defined]
        # Organisations and accounts are chosen by typing part of a name: never every row listed.
        use_chooser(
            self.fields,
            "organisation",
            kind="organisation",
            queryset=Organisation.objects.order_by("name"),
        )
        # Active accounts, and the one already chosen even if it has since been deactivated
        # (so an edit shows it and says what is wrong, instead of dropping it silently).
        account = use_chooser(
            self.fields,
            "user",
            kind="account",
            queryset=get_user_model()
            ._default_manager.filter(Q(is_active=True) | Q(pk=self.instance.user_id))
            .order_by("full_name", "email"),
        )
        account.label_from_instance = _account_label  # type: ignore[method-assign, assignment]
        account._sync_widget()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service checks again under a lock; here the messages reach the fields early.
        candidate = RoleHolder(pk=self.instance.pk, **{name: cleaned.get(name) for name in FIELDS})
        for field, messages in role_holder_problems(candidate).items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("organisation", field_width=Fluid.TWO_THIRDS),
                Field.radios("role", legend_size=Size.SMALL),
                Field.text("starts_on"),
                Field.text("ends_on"),
                legend="The role",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field.text("job_title", field_width=Fluid.TWO_THIRDS),
                Field.text("email", field_width=Fluid.TWO_THIRDS, spellcheck="false"),
                Field.text("phone", field_width=Fluid.ONE_THIRD),
                Field.textarea("address", rows=3),
                Field.text("user", field_width=Fluid.TWO_THIRDS),
                legend="The person",
                legend_size=Size.MEDIUM,
            ),
        ]

from collections.abc import Mapping
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from accounts.choices import Role
from accounts.selectors import internal_users
from sharing.models import Organisation
from vpp_portal.choosers import use_chooser
from vpp_portal.documents import checked_document, document_file_input
from vpp_portal.editing import RegisterForm, constraint_message
from vpp_portal.forms import owner_field

from ..choices import Adoption, PolicyKind, PolicyStatus
from ..models import Policy

KIND_HINTS = {
    PolicyKind.SAFEGUARDS: "Needed for special category or criminal offence data (DPA 2018 "
    "Schedule 1 Part 4).",
}
ADOPTION_HINTS = {
    Adoption.ADOPTED: "The VPP follows the owner's policy as it stands.",
    Adoption.OVERRIDDEN: "The VPP departs from it: record the decision and why.",
}


def _https_urls(field: models.Field, **kwargs: Any) -> Any:
    """Web addresses typed without a scheme are taken to be https (Django 6 behaviour)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _choices(choices: Any, hints: Mapping[Any, str]) -> list[Choice]:
    return [Choice(value, label, hint=hints.get(value, "")) for value, label in choices]


#: Who a policy may be required reading for, in the order the boxes are offered.
READING_ROLE_CHOICES = [
    (role.value, role.label)
    for role in (Role.STAFF, Role.DPO, Role.SIRO, Role.DIRECTOR, Role.ADMIN, Role.PARTNER)
]


class PolicyForm(RegisterForm):
    submit_label = "Save policy"

    required_for_roles = forms.MultipleChoiceField(
        label="Required reading for",
        choices=READING_ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone with a ticked role is asked to read the current version and "
        "confirm it, while the policy is in force. A new version asks them again. Leave all "
        "unticked if it is not required reading.",
        error_messages={"invalid_choice": "Select roles from the list."},
    )

    class Meta:
        model = Policy
        fields = (
            "title",
            "kind",
            "owner_organisation",
            "version",
            "adoption",
            "decision",
            "document_url",
            "document",
            "status",
            "next_review_on",
            "owner",
            "required_for_roles",
        )
        widgets = {
            "kind": forms.RadioSelect,
            "adoption": forms.RadioSelect,
            "status": forms.RadioSelect,
            # A text input (the GOV.UK style has none for type="url"); still checked as a URL.
            "document_url": forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
            # A plain file input: the default one links to the current file, which is private.
            "document": document_file_input(),
        }
        labels = {
            "owner_organisation": "Owner organisation",
            "adoption": "Has the VPP adopted it or overridden it?",
            "decision": "The VPP's decision",
            "document_url": "Link to the document",
            "document": "Upload a copy (optional)",
            "next_review_on": "Next review date",
            "owner": "Review owner",
        }
        help_texts = {
            "owner": "The member of the core team who keeps it under review. Reminders of the "
            "review date go to them (to the DPO if nobody is named).",
            "title": "For example ‘Data Protection Policy’.",
            "version": "For example 3.1.",
            "decision": "What the VPP decided instead, when and by whom. Required when the "
            "policy is overridden.",
            "document_url": "Where the current version is published, for example on the OPCC "
            "website or SharePoint.",
            "document": "Only if it has no link: a PDF or Word (DOCX) file, kept privately for "
            "the core team.",
        }
        error_messages = {
            "title": {"required": "Enter the title of the policy."},
            "kind": {"required": "Select the kind of policy."},
            "owner_organisation": {"required": "Select the organisation that owns the policy."},
            "document_url": {
                "invalid": "Enter a web address in the right format, like https://example.org"
            },
            "next_review_on": {"invalid": "Enter the next review date as a real date."},
        }
        formfield_callback = _https_urls

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radios carry no blank "---------" choice.
        self.fields["kind"].choices = _choices(PolicyKind.choices, KIND_HINTS)  # type: ignore[attr-defined]
        self.fields["adoption"].choices = _choices(Adoption.choices, ADOPTION_HINTS)  # type: ignore[attr-defined]
        self.fields["status"].choices = PolicyStatus.choices  # type: ignore[attr-defined]
        # Organisations and people are chosen by typing part of a name: never every row listed.
        use_chooser(
            self.fields,
            "owner_organisation",
            kind="organisation",
            queryset=Organisation.objects.order_by("name"),
        )
        owner_field(self.fields, "owner", internal_users(), current=self.instance.owner_id)
        if self.instance.pk and self.instance.document:
            self.fields[
                "document"
            ].help_text = "A copy is already uploaded; choose another file only to replace it."

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):
            return checked_document(document)[0]
        return document

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The model's rule, said beside the box to fill rather than at the top of the page.
        roles = cleaned.get("required_for_roles") or []
        # In the roles' own order, so that saving the same boxes is no change in History.
        cleaned["required_for_roles"] = [v for v, _ in READING_ROLE_CHOICES if v in roles]
        if roles and not (cleaned.get("version") or "").strip():
            self.add_error("version", "Enter the version: people confirm they have read a version.")
        if (
            cleaned.get("adoption") == Adoption.OVERRIDDEN
            and not (cleaned.get("decision") or "").strip()
        ):
            self.add_error(
                "decision",
                constraint_message(Policy, "governance_policy_override_has_decision"),
            )
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("title", field_width=Fluid.TWO_THIRDS),
                Field.radios("kind", legend_size=Size.SMALL),
                Field.text("owner_organisation", field_width=Fluid.TWO_THIRDS),
                Field.text("version", field_width=Fluid.ONE_QUARTER),
                legend="The policy",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("adoption", legend_size=Size.SMALL),
                Field.textarea("decision", rows=4),
                legend="Adopted or overridden",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("document_url"),
                Field("document"),
                legend="The document",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("status", legend_size=Size.SMALL),
                Field.text("next_review_on"),
                Field.text("owner", field_width=Fluid.TWO_THIRDS),
                legend="Status and review",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("required_for_roles", legend_size=Size.SMALL, small=True),
                legend="Required reading",
                legend_size=Size.MEDIUM,
            ),
        ]

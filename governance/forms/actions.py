"""Forms of the data-protection audits, their findings and the action register.

The rules live in ``governance.services.actions``; the forms only say which box a problem
belongs to."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms
from django.core.files.uploadedfile import UploadedFile

from accounts.selectors import internal_users
from ropa.models import ProcessingActivity
from sharing.models import Agreement, DataSource, Organisation
from vpp_portal.choosers import use_chooser, use_multi_chooser
from vpp_portal.documents import checked_document, document_file_input
from vpp_portal.editing import RegisterForm
from vpp_portal.forms import date_field, owner_field

from ..choices import ActionSource, AuditStatus, RiskLevel
from ..models import Action, AuditFinding, DataProtectionAudit, Dpia


def _checked_upload(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return checked_document(value)[0]
    return value


class DataProtectionAuditForm(RegisterForm):
    submit_label = "Save audit"

    class Meta:
        model = DataProtectionAudit
        fields = (
            "title",
            "scope",
            "auditor_name",
            "auditor_organisation",
            "carried_out_on",
            "report",
            "status",
        )
        widgets = {"status": forms.RadioSelect, "report": document_file_input()}
        labels = {
            "auditor_organisation": "Auditor's organisation (optional)",
            "carried_out_on": "Carried out on",
            "report": "Audit report (optional)",
        }
        help_texts = {
            "auditor_name": "For example ‘Internal Audit’ or the lead auditor's name.",
            "carried_out_on": "When the audit was (or will be) carried out.",
            "report": "A PDF or Word (DOCX) file, kept privately for the core team.",
        }
        error_messages = {
            "title": {"required": "Enter the title of the audit."},
            "scope": {"required": "Enter what the audit covered."},
            "auditor_name": {"required": "Enter who carried out the audit."},
            "carried_out_on": {"required": "Enter the day the audit was carried out."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = AuditStatus.choices  # type: ignore[attr-defined]
        use_chooser(
            self.fields,
            "auditor_organisation",
            kind="organisation",
            queryset=Organisation.objects.order_by("name"),
        )
        if self.instance.pk and self.instance.report:
            self.fields[
                "report"
            ].help_text = "A report is already uploaded; choose another file only to replace it."

    def clean_report(self) -> Any:
        return _checked_upload(self.cleaned_data.get("report"))

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.textarea("scope", rows=4),
            Field.text("auditor_name", field_width=Fluid.TWO_THIRDS),
            Field.text("auditor_organisation", field_width=Fluid.TWO_THIRDS),
            Field.text("carried_out_on"),
            Field("report"),
            Field.radios("status", legend_size=Size.SMALL),
        ]


#: The chooser kind of each link of a finding to the records it concerns.
FINDING_LINKS = {
    "activities": ("activity", ProcessingActivity, "name"),
    "data_sources": ("datasource", DataSource, "name"),
    "agreements": ("agreement", Agreement, "title"),
    "dpias": ("dpia", Dpia, "title"),
}


class AuditFindingForm(RegisterForm):
    submit_label = "Save finding"

    class Meta:
        model = AuditFinding
        fields = (
            "severity",
            "description",
            "recommendation",
            "activities",
            "data_sources",
            "agreements",
            "dpias",
        )
        widgets = {"severity": forms.RadioSelect}
        labels = {
            "description": "What the audit found",
            "recommendation": "The auditor's recommendation (optional)",
            "activities": "Processing activities concerned",
            "data_sources": "Data sources concerned",
            "agreements": "Agreements concerned",
            "dpias": "DPIAs concerned",
        }
        error_messages = {
            "severity": {"required": "Select how serious the finding is."},
            "description": {"required": "Enter what the audit found."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = RiskLevel.choices  # type: ignore[attr-defined]
        for name, (kind, model, order) in FINDING_LINKS.items():
            use_multi_chooser(
                self.fields, name, kind=kind, queryset=model._default_manager.order_by(order, "pk")
            )

    def layout_fields(self) -> list[Any]:
        return [
            Field.radios("severity", legend_size=Size.SMALL),
            Field.textarea("description", rows=4),
            Field.textarea("recommendation", rows=3),
            Fieldset(
                *(Field(name) for name in FINDING_LINKS),
                legend="The records it concerns",
                legend_size=Size.MEDIUM,
            ),
        ]


class ActionForm(RegisterForm):
    """An action's what, who and when; the date of the Board decision for one from the Board."""

    submit_label = "Save action"

    class Meta:
        model = Action
        fields = ("title", "description", "owner", "due_on", "board_decided_on")
        labels = {
            "description": "What is to be done (optional)",
            "owner": "Owner",
            "due_on": "Due date",
            "board_decided_on": "Date of the Board decision",
        }
        help_texts = {
            "owner": "The member of the core team who sees it through. Reminders of the due "
            "date go to them, and to the DPO once it is overdue.",
        }
        error_messages = {
            "title": {"required": "Enter what the action is."},
            "owner": {"required": "Choose who owns the action."},
            "due_on": {"required": "Enter the day the action is due."},
        }

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source or self.instance.source
        owner_field(self.fields, "owner", internal_users(), current=self.instance.owner_id)
        if self.source == ActionSource.BOARD_DECISION:
            self.fields["board_decided_on"].required = True
            self.fields["board_decided_on"].error_messages["required"] = (
                "Enter the date of the Board decision."
            )
        else:
            del self.fields["board_decided_on"]
        self.helper.layout = Layout(
            *self.layout_fields(),
            Field.text("change_reason", field_width=Fluid.TWO_THIRDS),
            *(["row_version"] if "row_version" in self.fields else []),
            Submit("save", self.submit_label),
        )

    def layout_fields(self) -> list[Any]:
        names = ["title", "description", "owner", "due_on"]
        if "board_decided_on" in self.fields:
            names.append("board_decided_on")
        layout: dict[str, Any] = {
            "title": Field.text("title", field_width=Fluid.TWO_THIRDS),
            "description": Field.textarea("description", rows=4),
            "owner": Field.text("owner", field_width=Fluid.TWO_THIRDS),
            "due_on": Field.text("due_on"),
            "board_decided_on": Field.text("board_decided_on"),
        }
        return [layout[name] for name in names]


class ActionCompleteForm(forms.Form):
    """Recording an action done: the day and the evidence (words, a document, or both)."""

    completed_on = date_field("Completed on", required=False)
    evidence = forms.CharField(
        label="Evidence of completion",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What shows it was done: for example the revised procedure, the training "
        "record or the minutes. Describe it, upload a document, or both.",
    )
    evidence_document = forms.FileField(
        label="Evidence document (optional)",
        required=False,
        widget=document_file_input(),
        help_text="A PDF or Word (DOCX) file, kept privately for the core team.",
    )
    reason = forms.CharField(
        label="Note for the History tab (optional)", required=False, max_length=1000
    )

    def clean_evidence_document(self) -> Any:
        return _checked_upload(self.cleaned_data.get("evidence_document"))


class ActionCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the action cancelled?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, overtaken by a new procedure. Kept on the action's record.",
        error_messages={"required": "Enter why the action is cancelled."},
    )


class ActionStartForm(forms.Form):
    reason = forms.CharField(
        label="Note for the History tab (optional)", required=False, max_length=1000
    )


class BreachNoActionForm(forms.Form):
    reason = forms.CharField(
        label="Why do the lessons learnt need no action?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example, the lesson was already put into practice when the breach was "
        "contained. Kept on the breach's record.",
        error_messages={"required": "Enter why no action is needed."},
    )

from django import forms

from vpp_portal.editing import RegisterForm

from ..models import ProcessingActivity


class ProcessingActivityForm(RegisterForm):
    submit_label = "Save processing activity"

    class Meta:
        model = ProcessingActivity
        fields = (
            "name",
            "business_function",
            "purpose",
            "has_personal_data",
            "has_special_category_data",
            "has_criminal_offence_data",
            "covering_agreement",
            "joint_controllers",
            "individual_categories",
            "data_categories",
            "recipient_categories",
            "processors",
            "processor_contracts",
            "third_countries",
            "transfer_safeguards",
            "retention_schedule",
            "retention_rule",
            "retention_trigger_on",
            "security_measures",
            "art6_basis",
            "art9_condition",
            "legitimate_interests",
            "lia_link",
            "rights_available",
            "automated_decision_making",
            "sources",
            "consent_record_link",
            "location",
            "dpia_required",
            "dpia_progress",
            "dpia_reference",
            "has_breach",
            "breach_reference",
            "schedule1_condition",
            "schedule1_art6_basis",
            "retention_policy",
            "retained_in_line",
            "retention_reasons_if_not",
            "safeguards_policy",
            "owner",
            "next_review_on",
        )
        widgets = {
            "joint_controllers": forms.CheckboxSelectMultiple,
            "individual_categories": forms.CheckboxSelectMultiple,
            "data_categories": forms.CheckboxSelectMultiple,
            "recipient_categories": forms.CheckboxSelectMultiple,
            "processors": forms.CheckboxSelectMultiple,
            "processor_contracts": forms.CheckboxSelectMultiple,
            "sources": forms.CheckboxSelectMultiple,
        }

from vpp_portal.editing import RegisterForm

from .models import Policy


class PolicyForm(RegisterForm):
    submit_label = "Save policy"

    class Meta:
        model = Policy
        fields = (
            "title",
            "kind",
            "owner_organisation",
            "adoption",
            "decision",
            "version",
            "document_url",
            "next_review_on",
            "status",
        )

from django import forms

from vpp_portal.editing import RegisterForm

from ..models import Agreement, ConnectionRequest, Forum


class ForumForm(RegisterForm):
    submit_label = "Save forum"

    class Meta:
        model = Forum
        fields = ("name", "acronym", "purpose", "members")
        widgets = {"members": forms.CheckboxSelectMultiple}
        help_texts = {"members": "The organisations that belong to the forum."}


class ConnectionRequestForm(RegisterForm):
    submit_label = "Save connection request"

    class Meta:
        model = ConnectionRequest
        fields = ("forum", "organisations", "purpose", "requested_on", "owner")
        widgets = {"organisations": forms.CheckboxSelectMultiple}
        help_texts = {
            "organisations": "The forum's members the VPP asks to be connected with.",
            "purpose": "What the connection is for: it becomes the agreement's purpose.",
        }

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        forum, wanted = cleaned.get("forum"), cleaned.get("organisations")
        if forum and wanted:
            outside = [o.name for o in wanted if not forum.members.filter(pk=o.pk).exists()]
            if outside:
                self.add_error(
                    "organisations",
                    f"Not members of {forum}: {', '.join(outside)}. Choose the forum's members.",
                )
        return cleaned


class ConnectForm(forms.Form):
    """Recording that the forum connected the VPP: the agreement it leads to."""

    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(),
        required=False,
        label="Agreement the connection leads to",
        help_text="Leave empty and tick the box below to start a new ISA via the forum.",
    )
    create_agreement = forms.BooleanField(
        required=False, label="Start a new Information Sharing Agreement via the forum"
    )
    reason = forms.CharField(
        label="Notes on the forum's decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter notes on the forum's decision."},
    )

    def set_object(self, request: ConnectionRequest, user: object) -> None:
        self.fields["agreement"].queryset = Agreement.objects.visible_to(user)  # type: ignore[attr-defined]

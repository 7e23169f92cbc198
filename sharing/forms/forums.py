from typing import Any

from django import forms
from django.utils.html import format_html

from accounts.selectors import internal_users
from vpp_portal.choosers import ChooserField, use_chooser, use_multi_chooser
from vpp_portal.editing import RegisterForm
from vpp_portal.forms import owner_field

from ..choices import AgreementStatus
from ..models import Agreement, ConnectionRequest, Forum


class ForumForm(RegisterForm):
    submit_label = "Save forum"

    class Meta:
        model = Forum
        fields = ("name", "acronym", "purpose", "members")
        help_texts = {
            "name": "The forum's full name, for example ‘Humber Information Governance Alliance’.",
            "acronym": "For example, HIGA. Shown in lists and connection requests.",
            "purpose": "What the forum is for and the arrangements it already has in place.",
            "members": "The organisations that belong to the forum.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Organisations are chosen by typing part of a name: never every row listed.
        use_multi_chooser(self.fields, "members", kind="organisation")


class ConnectionRequestForm(RegisterForm):
    submit_label = "Save connection request"

    class Meta:
        model = ConnectionRequest
        fields = ("forum", "organisations", "purpose", "requested_on", "owner")
        labels = {"owner": "Followed up by"}
        help_texts = {
            "forum": "The forum whose existing arrangement the VPP asks to reuse.",
            "organisations": "The forum's members the VPP asks to be connected with.",
            "purpose": "What the connection is for: it becomes the agreement's purpose.",
            "requested_on": "The date the request went to the forum.",
            "owner": "The person in the core team who follows the request up.",
        }
        error_messages = {
            "forum": {"required": "Select the forum the request goes to."},
            "organisations": {"required": "Select the members to be connected with."},
            "purpose": {"required": "Enter what the connection is for."},
            "requested_on": {
                "required": "Enter the date the request went to the forum.",
                "invalid": "Enter a real date for the request, for example 27/3/2025.",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Forums, organisations and people are chosen by typing part of a name.
        use_chooser(self.fields, "forum", kind="forum")
        use_multi_chooser(self.fields, "organisations", kind="organisation")
        owner_field(self.fields, "owner", internal_users())
        request = self.instance
        assert isinstance(request, ConnectionRequest)
        chosen = request.forum if request.forum_id else self.initial.get("forum")
        if isinstance(chosen, Forum):
            names = [member.name for member in chosen.members.all()]
            # Hints are rendered as markup: the forum's and members' names go in escaped.
            self.fields["organisations"].help_text = (
                format_html("Members of {}: {}.", chosen, _and_list(names))
                if names
                else format_html(
                    "{} has no members recorded yet: add them on the forum first.", chosen
                )
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        forum, wanted = cleaned.get("forum"), cleaned.get("organisations")
        if forum and wanted:
            members = set(forum.members.values_list("pk", flat=True))
            outside = [o.name for o in wanted if o.pk not in members]
            if outside:
                verb = "is not a member" if len(outside) == 1 else "are not members"
                self.add_error(
                    "organisations",
                    f"{_and_list(outside)} {verb} of {forum}: select only the forum's members, "
                    "or record the membership on the forum first.",
                )
        return cleaned


def _and_list(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class ConnectForm(forms.Form):
    """Recording that the forum connected the VPP: the agreement it leads to."""

    agreement = ChooserField(
        queryset=Agreement.objects.none(),
        kind="agreement",
        required=False,
        label="Agreement the connection leads to",
        help_text="An agreement already in the portal (type part of its title); or leave this "
        "empty and tick the box below.",
    )
    create_agreement = forms.BooleanField(
        required=False,
        label="Start a new Information Sharing Agreement via the forum",
        help_text=(
            "A draft ISA on the forum's template, with the core team's host and the members "
            "as controllers."
        ),
    )
    reason = forms.CharField(
        label="Notes on the forum's decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Recorded in the History tab.",
        error_messages={"required": "Enter notes on the forum's decision."},
    )

    def set_object(self, request: ConnectionRequest, user: object) -> None:
        field = self.fields["agreement"]
        assert isinstance(field, ChooserField)
        field.queryset = (
            Agreement.objects.visible_to(user)
            .exclude(status__in=(AgreementStatus.EXPIRED, AgreementStatus.TERMINATED))
            .order_by("title")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("agreement") and cleaned.get("create_agreement"):
            self.add_error(
                "create_agreement",
                "Either select an existing agreement or tick the box to start a new one, not both.",
            )
        return cleaned

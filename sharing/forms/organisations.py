from vpp_portal.editing import RegisterForm

from ..models import Contact, Organisation


class OrganisationForm(RegisterForm):
    submit_label = "Save organisation"

    class Meta:
        model = Organisation
        fields = ("name", "kind", "is_core_team_host", "address")
        help_texts = {"name": "The organisation's full name, as it signs agreements."}


class ContactForm(RegisterForm):
    submit_label = "Save contact"

    class Meta:
        model = Contact
        fields = ("name", "role", "email", "phone")

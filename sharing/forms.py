from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit

from vpp_portal.editing import RegisterForm

from .models import Organisation


class OrganisationForm(RegisterForm):
    class Meta:
        model = Organisation
        fields = ("name", "kind", "is_core_team_host")
        help_texts = {"name": "The organisation's full name, as it signs agreements."}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.select("kind"),
            Field.checkbox("is_core_team_host"),
            Field.text("change_reason", field_width=Fluid.TWO_THIRDS),
            *(["row_version"] if "row_version" in self.fields else []),
            Submit("save", "Save organisation"),
        )

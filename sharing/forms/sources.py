from vpp_portal.editing import RegisterForm

from ..models import DataSource


class DataSourceForm(RegisterForm):
    submit_label = "Save data source"

    class Meta:
        model = DataSource
        fields = (
            "name",
            "description",
            "classification",
            "url",
            "publisher",
            "licence",
            "update_frequency",
            "last_refreshed_on",
            "citation",
            "published_on",
            "foi_reference",
            "supplier",
            "covering_agreement",
            "justification",
            "collection",
            "new_collection_purpose",
            "has_personal_data",
            "has_special_category_data",
            "has_criminal_offence_data",
            "owner",
            "location",
            "retention_note",
        )

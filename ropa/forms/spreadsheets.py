"""The upload form of the ICO-layout ROPA import."""

from pathlib import PurePath
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from .. import spreadsheets


class ActivityImportForm(forms.Form):
    """One workbook; a valid form has read it (``sheet``) but checked no cell yet."""

    file = forms.FileField(
        label="Spreadsheet",
        error_messages={
            "required": "Select the spreadsheet to import.",
            "empty": "The selected file is empty.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet: spreadsheets.Sheet | None = None
        self.data_bytes = b""
        limit = filesizeformat(spreadsheets.max_upload_bytes())
        self.fields["file"].help_text = format_html(
            "An Excel workbook (.xlsx) in the ICO ROPA layout, smaller than {}.", limit
        )
        # The template writes the <form> tag (multipart), the CSRF token and the buttons.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.max_upload_bytes():
            limit = filesizeformat(spreadsheets.max_upload_bytes())
            raise forms.ValidationError(f"The selected file must be smaller than {limit}")
        self.data_bytes = upload.read()
        try:
            self.sheet = spreadsheets.read_workbook(self.data_bytes)
        except spreadsheets.SpreadsheetError as error:
            raise forms.ValidationError(error.message) from error
        return upload

    @property
    def file_name(self) -> str:
        """The uploaded file's own name, without any folders a browser sent with it."""
        return clean_file_name(self.cleaned_data["file"].name)


def clean_file_name(name: str) -> str:
    """A file name safe to show and record: no folders, no control characters, 200 at most."""
    base = PurePath(name.replace("\\", "/")).name
    return "".join(ch for ch in base if ch.isprintable())[:200] or "spreadsheet.xlsx"

from typing import Any

from django import forms

from . import MAX_QUERY_LENGTH, clean_query


class SearchField(forms.CharField):
    """Text cleaned of invisible characters (a NUL among them) before it is checked, so
    stray bytes are dropped rather than refused and a search of only those is empty."""

    def to_python(self, value: Any) -> str:
        return clean_query(super().to_python(value) or "")


class SearchForm(forms.Form):
    """The search box: what to look for, capped in length."""

    q = SearchField(
        label="Search the registers",
        help_text="Words from a record's name, title, reference or description.",
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": "Enter what you are looking for",
            "max_length": f"Search terms must be {MAX_QUERY_LENGTH} characters or fewer",
        },
    )

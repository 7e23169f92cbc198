"""The base FilterSet: a GET form laid out in the GOV.UK style, with a free-text search."""

from typing import Any

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Layout

from .choosers import chooser_filters


class RegisterFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_search")

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        # Each chooser filter finds, and filters by, only the rows this user may see.
        for item in chooser_filters(self.filters.values()):
            item.set_rows(getattr(request, "user", None))

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.search(value.strip())

    @property
    def form(self) -> Any:
        form = super().form
        if not hasattr(form, "helper"):
            helper = FormHelper()
            helper.form_method = "get"
            helper.form_tag = True
            helper.attrs = {"role": "search", "aria-label": "Filter the list"}
            helper.layout = Layout(
                *form.fields,
                Div(
                    Button("filter", "Apply filters"),
                    css_class="govuk-button-group",
                ),
            )
            form.helper = helper
        return form

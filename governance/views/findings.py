"""The findings page: every compliance finding across the registers, filtered by kind,
severity, category and register, with its counts, paginated and exported as CSV.

Internal only (``governance.view_policy``, which every internal role holds): findings name
other partners' records. A page reads one COUNT per kind, then only the kinds it overlaps,
sliced in SQL; the export streams the same selection in batches.
"""

from collections.abc import Iterator
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Layout
from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from vpp_portal.exports import csv_chunks

from ..findings import (
    KINDS,
    REGISTERS,
    Category,
    Finding,
    FindingKind,
    Severity,
    counts,
    findings_page,
    findings_url,
    select_kinds,
)

#: Every internal role holds it and no partner does: the findings pages' permission.
FINDINGS_PERMISSION = "governance.view_policy"
PER_PAGE = 25
#: Findings read per query while the export streams.
EXPORT_BATCH = 500

SEVERITY_COLOURS = {Severity.HIGH: "red", Severity.MEDIUM: "orange", Severity.LOW: "grey"}


class FindingFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Kind of finding",
        required=False,
        choices=[(kind.slug, kind.title) for kind in KINDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose kinds of finding from the list."},
    )
    severity = forms.ChoiceField(
        label="Severity",
        required=False,
        choices=(("", "Any severity"), *Severity.choices),
        error_messages={"invalid_choice": "Choose high, medium or low."},
    )
    category = forms.ChoiceField(
        label="Accountability category",
        required=False,
        choices=(("", "Any category"), *Category.choices),
        error_messages={"invalid_choice": "Choose a category from the list."},
    )
    register = forms.ChoiceField(
        label="Register",
        required=False,
        choices=(("", "Any register"), *REGISTERS),
        error_messages={"invalid_choice": "Choose a register from the list."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = True
        helper.attrs = {"role": "search", "aria-label": "Filter the findings"}
        helper.layout = Layout(
            "severity",
            "category",
            "register",
            "kind",
            Div(Button("filter", "Apply filters"), css_class="govuk-button-group"),
        )
        self.helper = helper

    def selected_kinds(self) -> tuple[FindingKind, ...]:
        """The kinds the filters leave. A filter with a bad value is left out (the page says
        what is wrong next to it); the others still apply."""
        if not self.is_bound:
            return KINDS
        self.is_valid()
        data = self.cleaned_data
        return select_kinds(
            data.get("kind") or (),
            severity=data.get("severity") or "",
            category=data.get("category") or "",
            register=data.get("register") or "",
        )


class _FindingSequence:
    """The selected findings as a sequence ``Paginator`` can count and slice: the count is the
    sum of the kinds' counts, a slice is one ``findings_page`` call (SQL-sliced per kind)."""

    def __init__(
        self, kinds: tuple[FindingKind, ...], tally: dict[str, int], user: Any, today: Any
    ) -> None:
        self.kinds, self.tally, self.user, self.today = kinds, tally, user, today

    def count(self) -> int:
        return sum(self.tally[kind.slug] for kind in self.kinds)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Finding]:
        start, stop = window.start or 0, window.stop or self.count()
        return findings_page(
            self.kinds,
            start,
            stop - start,
            self.today,
            user=self.user,
            known_counts=self.tally,
        )


class _FindingsAccess(PermissionRequiredMixin):
    permission_required = FINDINGS_PERMISSION
    raise_exception = True
    request: HttpRequest

    def selection(self) -> tuple[FindingFilterForm, tuple[FindingKind, ...], dict[str, int]]:
        form = FindingFilterForm(self.request.GET or None)
        kinds = form.selected_kinds()
        tally = counts(self.today, kinds, user=self.request.user)
        return form, kinds, tally

    @property
    def today(self) -> Any:
        return timezone.localdate()


class FindingListView(_FindingsAccess, TemplateView):
    template_name = "governance/finding_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, kinds, tally = self.selection()
        today = self.today
        paginator: Paginator[Finding] = Paginator(
            _FindingSequence(kinds, tally, self.request.user, today),  # type: ignore[arg-type]  # counted and sliced like a list
            PER_PAGE,
        )
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            page=page,
            findings=[
                {"finding": finding, "colour": SEVERITY_COLOURS[finding.severity]}
                for finding in page.object_list
            ],
            total=paginator.count,
            kind_counts=[
                {
                    "kind": kind,
                    "count": tally[kind.slug],
                    "url": findings_url(kind=kind.slug),
                    "colour": SEVERITY_COLOURS[kind.severity],
                }
                for kind in kinds
            ],
            query_string=self.request.GET.urlencode(),
            export_query=_without_page(self.request),
        )
        return context


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())


EXPORT_HEADER = ("Severity", "Category", "Kind", "Register", "Record", "What is wrong", "Fix")


def csv_row(finding: Finding, request: HttpRequest) -> list[str]:
    kind = next(kind for kind in KINDS if kind.slug == finding.kind)
    return [
        finding.severity.label,
        finding.category.label,
        kind.title,
        finding.register,
        finding.record_label,
        finding.message,
        f"{finding.fix_label}: {request.build_absolute_uri(finding.fix_url)}",
    ]


class FindingExportView(_FindingsAccess, View):
    """The filtered findings as CSV, streamed: every finding the page's filters select, in the
    page's order, read a batch at a time."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form, kinds, tally = self.selection()
        if form.is_bound and not form.is_valid():  # the page, saying what is wrong
            return FindingListView.as_view()(request, *args, **kwargs)
        today = self.today
        user = request.user

        def rows() -> Iterator[list[str]]:
            yield list(EXPORT_HEADER)
            for kind in kinds:
                for offset in range(0, tally[kind.slug], EXPORT_BATCH):
                    for finding in kind.page(offset, EXPORT_BATCH, today, user):
                        yield csv_row(finding, request)

        response = StreamingHttpResponse(csv_chunks(rows()), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="findings-{today.isoformat()}.csv"'
        return response

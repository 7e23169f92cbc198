"""Generic views every register is built from: list, export, detail, create, edit, history.

An app's views subclass these with a model, a table, a filterset and a form; templates live
at ``<app>/<model>_<list|detail|form|history>.html`` and extend the shared layouts.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Manager, Model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import CreateView, DetailView, UpdateView
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormView, ModelFormMixin
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin, Table

from .display import EMPTY, yes_no
from .editing import EditConflict, RegisterForm, save_register_row
from .exports import csv_chunks, xlsx_bytes
from .history import history_entries
from .permissions import RegisterAccessMixin
from .register_export import EXPORT_JOBS, export_job_params, export_rows
from .workflow import Workflow

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class RegisterListView(RegisterAccessMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated register list with export links for the same filter."""

    # Paginated by the table only: ListView's own pagination would run the queries again.
    table_pagination = {"per_page": 25}

    def get_template_names(self) -> list[str]:
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_list.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["query_string"] = self.request.GET.urlencode()
        context["opts"] = self.model._meta
        return context


class RegisterExportView(RegisterAccessMixin, FilterView):
    """The list's filtered rows, in the list's columns and order, as CSV or XLSX.

    Rows are read from a database iterator, never as table rows (``vpp_portal.register_export``):
    CSV streams as it is read; XLSX is written from the same iterator. Past
    ``EXPORT_JOB_THRESHOLD_ROWS`` rows (one COUNT) the export becomes a background job, and the
    user is sent to its progress page.
    """

    table_class: type[Table]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        fmt = self.kwargs.get("format", "csv")
        table = self.export_table()
        filename = self.export_filename(fmt)
        count = self.object_list.count()
        if count > settings.EXPORT_JOB_THRESHOLD_ROWS:
            noun = str(self.model._meta.verbose_name_plural)
            start = EXPORT_JOBS.get()
            progress_url = start(
                actor=request.user,
                params=export_job_params(
                    request,
                    fmt,
                    filename=filename,
                    permission=self.get_permission_required(),
                    list_url=self.list_url(),
                ),
                title=f"{noun[:1].upper()}{noun[1:]} export ({fmt.upper()})",
                row_count=count,
            )
            messages.info(
                request,
                f"This export has {count:,} rows, so it is being written in the background. "
                "You will be notified when it is ready to download.",
            )
            return HttpResponseRedirect(progress_url)
        rows = export_rows(table, links=fmt == "xlsx")
        response: HttpResponseBase
        if fmt == "xlsx":
            response = HttpResponse(xlsx_bytes(rows), content_type=EXPORT_FORMATS[fmt])
        else:
            response = StreamingHttpResponse(csv_chunks(rows), content_type=EXPORT_FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def export_table(self) -> Table:
        """The list's table over the filtered rows, sorted as the list's ``?sort=`` asks (as
        ``FilterView.get`` filters: an invalid filter in strict mode gives no rows)."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        table = self.table_class(self.object_list)
        RequestConfig(self.request, paginate=False).configure(table)
        return table

    def export_filename(self, fmt: str) -> str:
        stamp = timezone.localdate().isoformat()
        return f"{slugify(str(self.model._meta.verbose_name_plural))}-{stamp}.{fmt}"

    def list_url(self) -> str:
        """The list this export is of, with the same filters and sort."""
        match = self.request.resolver_match
        assert match is not None  # a view's request has been resolved
        url = reverse(match.view_name.removesuffix("_export") + "_list")
        query = self.request.GET.urlencode()
        return f"{url}?{query}" if query else url


class _RecordTabsMixin(RegisterAccessMixin):
    """Context for the record header: its Details and History tabs."""

    active_tab = "detail"
    object: Any

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        opts = self.model._meta
        context["opts"] = opts
        context["active_tab"] = self.active_tab
        context["history_url"] = reverse(
            f"{opts.app_label}:{opts.model_name}_history", kwargs={"pk": self.object.pk}
        )
        return context


class RegisterDetailView(_RecordTabsMixin, DetailView):
    def get_template_names(self) -> list[str]:
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html"]


class RegisterHistoryView(_RecordTabsMixin, DetailView):
    """The History tab: every version of one record, field by field."""

    active_tab = "history"

    def get_template_names(self) -> list[str]:
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_history.html", "layouts/register_history.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history_entries"] = history_entries(self.object)
        return context


if TYPE_CHECKING:  # Django's generic views are generic only in django-stubs.
    _ModelFormMixin = ModelFormMixin[Any, RegisterForm]
else:
    _ModelFormMixin = ModelFormMixin


class _RegisterSaveMixin(RegisterAccessMixin, TemplateResponseMixin, _ModelFormMixin):
    success_verb = "saved"
    object: Any
    #: ``save_service(record, /, *, actor, reason, expected_version)`` when the register has
    #: rules to apply on save; ``None`` saves the row as it is.
    save_service: Any = None
    #: The save service also takes ``links`` (the form's many-to-many choices) and saves them
    #: itself, so that its rules can check the links as saved before the transaction commits.
    save_service_takes_links = False
    #: Whether this save has saved the many-to-many links already.
    links_saved = False

    def save_object(self, form: RegisterForm) -> Any:
        """Save the row through the register's service (or as it is, when it has none)."""
        kwargs: dict[str, Any] = {
            "actor": self.request.user,
            "reason": form.cleaned_data.get("change_reason", ""),
            "expected_version": form.cleaned_data.get("row_version"),
        }
        if self.save_service is None:
            return save_register_row(form.instance, **kwargs)
        if self.save_service_takes_links:
            kwargs["links"] = form.links()
            self.links_saved = True
        return type(self).save_service(form.instance, **kwargs)

    def get_template_names(self) -> list[str]:
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_form.html", "layouts/register_form.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        return context

    def form_valid(self, form: RegisterForm) -> HttpResponse:
        request: HttpRequest = self.request
        try:
            # One transaction for the whole save: the row, its many-to-many links and the
            # history row that records both. A failure anywhere leaves all three as they were.
            with transaction.atomic():
                self.links_saved = False
                self.object = self.save_object(form)
                if not self.links_saved:
                    form.save_relations()
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(request, f"{self.object} {self.success_verb}.")
        return HttpResponseRedirect(self.object.get_absolute_url())

    def conflict_response(self, form: RegisterForm, conflict: EditConflict) -> HttpResponse:
        """Keep the editor's input, show what the other person changed, save nothing."""
        current = conflict.current
        differences = []
        for name, bound in form.fields.items():
            if name in ("change_reason", "row_version") or not hasattr(current, name):
                continue
            theirs = getattr(current, name)
            yours = form.cleaned_data.get(name)
            if isinstance(theirs, Manager):  # many-to-many: compare the linked rows
                theirs_rows, yours_rows = list(theirs.all()), list(yours or [])
                if {o.pk for o in theirs_rows} != {o.pk for o in yours_rows}:
                    differences.append(
                        {
                            "label": bound.label or name,
                            "theirs": ", ".join(map(str, theirs_rows)) or "—",
                            "yours": ", ".join(map(str, yours_rows)) or "—",
                        }
                    )
                continue
            if theirs != yours:
                differences.append(
                    {
                        "label": bound.label or name,
                        "theirs": _field_display(current, name),
                        "yours": _value_display(bound, yours),
                    }
                )
        form.refresh_version(current.row_version)
        form.add_error(
            None,
            f"This {self.model._meta.verbose_name} was {conflict} after you opened it, so your "
            "changes have not been saved. Your changes are still in the form: compare them with "
            "the current values, then save again to keep yours.",
        )
        return self.render_to_response(
            self.get_context_data(form=form, conflict=conflict, conflict_differences=differences)
        )


def attach_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: by field where the form has that
    field, otherwise at the top, so every message reaches the error summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                target = field if field in form.fields else None
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _field_display(instance: Model, name: str) -> str:
    display = getattr(instance, f"get_{name}_display", None)
    value = display() if display else getattr(instance, name)
    if isinstance(value, bool):
        return yes_no(value)
    return EMPTY if value in (None, "") else str(value)


def _value_display(bound: Any, value: Any) -> str:
    choices = dict(getattr(bound, "choices", ()) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return yes_no(value)
    return EMPTY if value in (None, "") else str(value)


class RegisterCreateView(_RegisterSaveMixin, CreateView):
    permission_action = "add"
    success_verb = "added"


class RegisterUpdateView(_RegisterSaveMixin, UpdateView):
    permission_action = "change"


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        help_text="Recorded in the History tab.",
    )


class RecordFormView(RegisterAccessMixin, SingleObjectMixin, FormView):
    """A form about one record the user may see (a workflow step, a decision, a step of a
    DPIA): the record is looked up through ``visible_to`` before the form is shown or taken."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)


class RegisterTransitionView(RecordFormView):
    """GET: a confirmation page with a reason (and any extra fields) for one workflow step.
    POST: run the step's service; its problems are listed on the page and nothing changes."""

    permission_action = "change"
    #: The register's workflow table (``<app>/workflows.py``).
    transitions: Workflow = {}
    template_name = "layouts/register_transition.html"

    @classmethod
    def actions_for(
        cls, obj: Any, user: Any, *, skip: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """The workflow steps open to ``obj`` now, as buttons for a user who may change it."""
        opts = cls.model._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            return []
        available = {step.name for step in obj.get_available_status_transitions()}
        return [
            {
                "name": name,
                "label": step.label,
                "button": step.button,
                "is_warning": step.is_warning,
                "url": reverse(
                    f"{opts.app_label}:{opts.model_name}_transition",
                    kwargs={"pk": obj.pk, "transition": name},
                ),
            }
            for name, step in cls.transitions.items()
            if name in available and name not in skip
        ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("transition") not in self.transitions:
            raise Http404("No such action.")
        self.transition = self.transitions[kwargs["transition"]]
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type[forms.Form]:
        base = self.transition.form_class or TransitionForm
        if self.transition.reason_required:
            return type("RequiredReasonForm", (base,), {"reason": _required_reason()})
        return base

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)
        if hasattr(form, "set_object"):
            form.set_object(self.object, self.request.user)
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        context["transition"] = self.transition
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "") or self.transition.label
        try:
            self.object = self.transition.service(
                self.object, actor=self.request.user, reason=reason, **data
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.object}: {self.transition.label.lower()} – done.")
        return HttpResponseRedirect(self.object.get_absolute_url())


@dataclass(frozen=True)
class ErrorLink:
    """One message of a workflow step's error summary and where it is put right."""

    text: str
    url: str


class ActivationTransitionView(RegisterTransitionView):
    """A workflow whose "activate" step has rules (an agreement, a processing activity): before
    anything is submitted the page lists what would stop it, and each message of a refused
    step links to where it is put right."""

    template_name = "layouts/register_activation_transition.html"
    #: How the page names the record: "This agreement cannot be made active until …".
    record_noun = "record"

    def activation_problems(self) -> list[Any]:
        """What stops the activation now, each with ``message`` and ``fix_url``."""
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        problems = self.activation_problems() if self.kwargs["transition"] == "activate" else []
        fixes = {problem.message: problem.fix_url for problem in problems}
        reason_anchor = f"#{form['reason'].auto_id}" if "reason" in form.fields else "#"
        context["error_links"] = [
            ErrorLink(str(message), fixes.get(str(message), reason_anchor))
            for message in form.non_field_errors()
        ] + [
            ErrorLink(str(message), f"#{form[name].auto_id}")
            for name, messages in form.errors.items()
            if name in form.fields
            for message in messages
        ]
        # Before anything is submitted, say what would stop the step.
        context["pending_problems"] = problems if not form.is_bound else []
        context["record_noun"] = self.record_noun
        return context


def _required_reason() -> forms.CharField:
    return forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Recorded in the History tab.",
        error_messages={"required": "Enter the reason."},
    )

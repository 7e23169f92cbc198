"""The ROPA's header (the controller details) and its three reference vocabularies."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.urls import URLPattern, path, reverse
from django.views.generic import TemplateView

from sharing.selectors import current_dpo
from vpp_portal.editing import RegisterForm
from vpp_portal.history import history_entries
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)
from vpp_portal.routes import register_routes

from ..filters.reference import VocabularyFilterSet
from ..forms.reference import (
    ControllerDetailsForm,
    DataCategoryForm,
    IndividualCategoryForm,
    RecipientCategoryForm,
)
from ..models import (
    ControllerDetails,
    DataCategory,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
)
from ..tables.reference import DataCategoryTable, IndividualCategoryTable, RecipientCategoryTable

# --- The controller header (one row) --------------------------------------------------------


def _controller() -> ControllerDetails | None:
    return ControllerDetails.objects.select_related("created_by", "updated_by").first()


class _ControllerPageMixin(RegisterAccessMixin):
    """The header is one row at fixed URLs: no id, and the page works before it exists."""

    model = ControllerDetails
    active_tab = "detail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            {
                "object": self.controller,
                "opts": ControllerDetails._meta,
                "active_tab": self.active_tab,
                "detail_url": reverse("ropa:controllerdetails_detail"),
                "history_url": reverse("ropa:controllerdetails_history"),
            }
        )
        return context

    @property
    def controller(self) -> ControllerDetails | None:
        if not hasattr(self, "_controller"):
            self._controller = _controller()
        return self._controller


class ControllerDetailsDetailView(_ControllerPageMixin, TemplateView):
    template_name = "ropa/controllerdetails_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The DPO block is the core-team host's current DPO on the role-holder register.
        context["dpo"] = current_dpo()
        return context


class ControllerDetailsHistoryView(_ControllerPageMixin, TemplateView):
    template_name = "ropa/controllerdetails_history.html"
    active_tab = "history"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history_entries"] = history_entries(self.controller) if self.controller else []
        return context


class ControllerDetailsUpdateView(RegisterUpdateView):
    """Edit the header; the first save creates the row (its history says who created it)."""

    model = ControllerDetails
    form_class = ControllerDetailsForm

    def get_object(self, queryset: Any = None) -> ControllerDetails:
        return _controller() or ControllerDetails()

    def save_object(self, form: RegisterForm) -> Any:
        if form.instance.pk is None and ControllerDetails.objects.exists():
            raise ValidationError(
                "Someone else recorded the controller details while you were editing them. "
                "Go back to the controller details to see theirs, then edit them."
            )
        return super().save_object(form)


# --- Reference vocabularies ------------------------------------------------------------------

#: Each vocabulary: its path under ``vocabularies/``, model, table and form.
VOCABULARIES = (
    ("individuals", IndividualCategory, IndividualCategoryTable, IndividualCategoryForm),
    ("data", DataCategory, DataCategoryTable, DataCategoryForm),
    ("recipients", RecipientCategory, RecipientCategoryTable, RecipientCategoryForm),
)


class _VocabularyMixin(RegisterAccessMixin):
    """One template set serves the three lists: ``ropa/vocabulary_<page>.html``."""

    page = ""

    def get_template_names(self) -> list[str]:
        opts = self.model._meta
        return [f"ropa/{opts.model_name}_{self.page}.html", f"ropa/vocabulary_{self.page}.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        opts = self.model._meta
        user = self.request.user
        context["can_add"] = user.has_perm(f"ropa.add_{opts.model_name}")
        context["can_change"] = user.has_perm(f"ropa.change_{opts.model_name}")
        return context


def _with_usage(queryset: Any) -> Any:
    return queryset.annotate(activity_count=Count("processingactivity", distinct=True))


def vocabulary_views(model: Any, table: Any, form: Any) -> dict[str, Any]:
    """The six register views of one vocabulary."""
    name = model.__name__
    activities = ProcessingActivity.objects.only("pk", "name", "status").order_by("name")

    def view(action: str, *bases: type, **attrs: Any) -> type:
        return type(f"{name}{action}View", bases, {"model": model, **attrs})

    def list_queryset(self: Any) -> Any:
        return _with_usage(model.objects.visible_to(self.request.user).with_related())

    def detail_queryset(self: Any) -> Any:
        return (
            model.objects.visible_to(self.request.user)
            .with_related()
            .prefetch_related(Prefetch("processingactivity_set", activities, to_attr="activities"))
        )

    return {
        "list": view(
            "List",
            _VocabularyMixin,
            RegisterListView,
            page="list",
            table_class=table,
            filterset_class=VocabularyFilterSet,
            get_queryset=list_queryset,
        ),
        "export": view(
            "Export",
            RegisterExportView,
            table_class=table,
            filterset_class=VocabularyFilterSet,
            get_queryset=list_queryset,
        ),
        "create": view(
            "Create", _VocabularyMixin, RegisterCreateView, page="form", form_class=form
        ),
        "detail": view(
            "Detail",
            _VocabularyMixin,
            RegisterDetailView,
            page="detail",
            get_queryset=detail_queryset,
        ),
        "update": view(
            "Update", _VocabularyMixin, RegisterUpdateView, page="form", form_class=form
        ),
        "history": view("History", RegisterHistoryView),
    }


urlpatterns: list[URLPattern] = [
    path("controller/", ControllerDetailsDetailView.as_view(), name="controllerdetails_detail"),
    path(
        "controller/edit/", ControllerDetailsUpdateView.as_view(), name="controllerdetails_update"
    ),
    path(
        "controller/history/",
        ControllerDetailsHistoryView.as_view(),
        name="controllerdetails_history",
    ),
    *[
        pattern
        for prefix, model, table, form in VOCABULARIES
        for pattern in register_routes(
            f"vocabularies/{prefix}",
            str(model._meta.model_name),
            vocabulary_views(model, table, form),
        )
    ],
]

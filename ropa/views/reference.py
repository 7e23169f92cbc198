"""The ROPA's header (the controller details) and its three reference vocabularies."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
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
# The three vocabularies share one set of views; each vocabulary's routes say which terms they
# show, with ``as_view(model=…, table_class=…, form_class=…)`` (see ``VOCABULARIES``).


class _OneVocabulary:
    """Which vocabulary the view shows, set per route through ``as_view``."""

    model: Any = None
    table_class: Any = None
    form_class: Any = None


class _VocabularyMixin(_OneVocabulary, RegisterAccessMixin):
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


class _VocabularyListMixin(_OneVocabulary):
    """The terms the user may see, each with how many activities use it."""

    request: Any
    filterset_class = VocabularyFilterSet

    def get_queryset(self) -> Any:
        terms = self.model.objects.visible_to(self.request.user).with_related()
        return terms.annotate(activity_count=Count("processingactivity", distinct=True))


class VocabularyListView(_VocabularyListMixin, _VocabularyMixin, RegisterListView):
    page = "list"


class VocabularyExportView(_VocabularyListMixin, RegisterExportView):
    pass


class VocabularyCreateView(_VocabularyMixin, RegisterCreateView):
    page = "form"


class VocabularyDetailView(_VocabularyMixin, RegisterDetailView):
    """A term and the activities that use it: the first ``ACTIVITIES_SHOWN`` by name
    (``activities``) and how many there are (``activity_count``), so a term used by thousands
    of activities is still a small page."""

    page = "detail"
    ACTIVITIES_SHOWN = 25

    def get_queryset(self) -> Any:
        terms: Any = self.model._default_manager
        return terms.visible_to(self.request.user).with_related()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        using = (
            ProcessingActivity.objects.visible_to(self.request.user)
            .filter(pk__in=self.object.processingactivity_set.values("pk"))
            .only("pk", "name", "status")
            .order_by("name", "pk")
        )
        context["activities"] = list(using[: self.ACTIVITIES_SHOWN])
        context["activity_count"] = using.count()
        return context


class VocabularyUpdateView(_VocabularyMixin, RegisterUpdateView):
    page = "form"


class VocabularyHistoryView(_OneVocabulary, RegisterHistoryView):
    pass


#: The views every vocabulary shares, by ``register_routes``' keywords.
VOCABULARY_VIEWS: dict[str, Any] = {
    "list_view": VocabularyListView,
    "export_view": VocabularyExportView,
    "create_view": VocabularyCreateView,
    "detail_view": VocabularyDetailView,
    "update_view": VocabularyUpdateView,
    "history_view": VocabularyHistoryView,
}

#: Each vocabulary (columns 4, 5 and 6 of the ICO template): its URL prefix, its route names'
#: stem, and what its views show.
VOCABULARIES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "vocabularies/individuals",
        "individualcategory",
        {
            "model": IndividualCategory,
            "table_class": IndividualCategoryTable,
            "form_class": IndividualCategoryForm,
        },
    ),
    (
        "vocabularies/data",
        "datacategory",
        {"model": DataCategory, "table_class": DataCategoryTable, "form_class": DataCategoryForm},
    ),
    (
        "vocabularies/recipients",
        "recipientcategory",
        {
            "model": RecipientCategory,
            "table_class": RecipientCategoryTable,
            "form_class": RecipientCategoryForm,
        },
    ),
)

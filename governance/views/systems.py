"""The systems register (list, export, record, history, the Board's decision) and the
information map. Writes go through ``governance.services.systems``; these views show and route.
"""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fluid, Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.generic import TemplateView

from ropa.models import ProcessingActivity
from sharing.choices import DataClassification
from sharing.models import Agreement, DataSource, Organisation
from vpp_portal.choosers import ChooserField
from vpp_portal.editing import EditConflict
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RecordFormView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    attach_errors,
)

from .. import infomap
from ..forms.systems import SystemDecisionForm, SystemForm
from ..models.systems import BOARD_DECISION_COLOURS, EXIT_DECISIONS, BoardDecision, System
from ..services import systems as services
from ..systems_lists import SystemFilterSet, SystemTable


class SystemListView(RegisterListView):
    model = System
    table_class = SystemTable
    filterset_class = SystemFilterSet


class SystemExportView(RegisterExportView):
    model = System
    table_class = SystemTable
    filterset_class = SystemFilterSet


class SystemDetailView(RegisterDetailView):
    model = System

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        system: System = self.object
        user = self.request.user
        # What the system holds, as far as this user may see it (a partner: their own sources).
        context["data_sources"] = list(
            DataSource.objects.visible_to(user)
            .filter(systems=system)
            .select_related("supplier")
            .order_by("name")
        )
        context["activities"] = list(
            ProcessingActivity.objects.visible_to(user).filter(systems=system).order_by("name")
        )
        context["contract_visible"] = (
            system.art28_contract_id is not None
            and Agreement.objects.visible_to(user).filter(pk=system.art28_contract_id).exists()
        )
        context["supplier_visible"] = (
            Organisation.objects.visible_to(user).filter(pk=system.supplier_id).exists()
        )
        context["decision"] = BoardDecision(system.board_decision)
        context["decision_colour"] = BOARD_DECISION_COLOURS[BoardDecision(system.board_decision)]
        context["is_review_overdue"] = system.is_review_overdue()
        context["is_assurance_current"] = system.is_assurance_current()
        context["can_decide"] = user.has_perm(services.DECIDE)
        return context


class SystemHistoryView(RegisterHistoryView):
    model = System


class SystemCreateView(RegisterCreateView):
    model = System
    form_class = SystemForm
    save_service = services.system_save
    save_service_takes_links = True


class SystemUpdateView(RegisterUpdateView):
    model = System
    form_class = SystemForm
    save_service = services.system_save
    save_service_takes_links = True


class SystemDecisionView(RecordFormView):
    """The SIRO records the Board's decision on a system: continue, replace or withdraw."""

    model = System
    form_class = SystemDecisionForm
    template_name = "governance/system_decision.html"
    object: System

    def get_permission_required(self) -> tuple[str, ...]:
        return (services.DECIDE,)

    def get_initial(self) -> dict[str, Any]:
        return {"exit_plan": self.object.exit_plan}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["opts"] = System._meta
        context["decision"] = BoardDecision(self.object.board_decision)
        context["exit_decisions"] = [decision.label for decision in EXIT_DECISIONS]
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        data = form.cleaned_data
        try:
            system = services.system_record_decision(
                self.object,
                actor=self.request.user,
                decision=data["decision"],
                decided_on=data["decided_on"],
                reason=data["reason"],
                exit_plan=data["exit_plan"],
                next_review_on=data.get("next_review_on"),
            )
        except EditConflict:
            form.add_error(None, "Someone changed this system meanwhile: check it and try again.")
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        decision = BoardDecision(system.board_decision).label
        messages.success(self.request, f"{system}: the Board's decision ({decision}) is recorded.")
        return HttpResponseRedirect(system.get_absolute_url())


# --- The information map -------------------------------------------------------------------------


class InfoMapFilterForm(forms.Form):
    organisation = forms.Field(required=False)
    classification = forms.ChoiceField(
        label="Data source classification",
        required=False,
        choices=[("", "Any classification"), *DataClassification.choices],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = ChooserField(
            Organisation.objects.visible_to(user),
            kind="organisation",
            required=False,
            label="Organisation",
            help_text="Show the flows of one organisation: type part of its name.",
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.attrs = {"role": "search", "aria-label": "Filter the map"}
        self.helper.layout = Layout(
            Field.text("organisation", field_width=Fluid.FULL),
            Field.select("classification"),
            Div(Button("filter", "Apply filters"), css_class="govuk-button-group"),
        )


class InfoMapView(RegisterAccessMixin, TemplateView):
    """Where information resides: the diagram and the same links as a table."""

    model = System
    template_name = "governance/infomap.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        form = InfoMapFilterForm(request.GET or None, user=user)
        organisation = None
        classification = ""
        valid = form.is_valid() if form.is_bound else True
        if form.is_bound and valid:
            organisation = form.cleaned_data.get("organisation")
            classification = form.cleaned_data.get("classification") or ""
        found = (
            infomap.build_map(user, organisation=organisation, classification=classification)
            if valid
            else infomap.InfoMap()
        )
        svg = None
        unavailable = ""
        if found.nodes:
            try:
                svg = infomap.clean_svg(
                    infomap.render_svg(infomap.to_dot(found)), label_id="infomap-caption"
                )
            except infomap.DiagramUnavailable as problem:
                unavailable = str(problem)
        context = self.get_context_data(
            form=form,
            infomap=found,
            rows=found.rows(),
            svg=svg,
            unavailable=unavailable,
            max_nodes=infomap.MAX_NODES,
            layers=[(layer, found.count(layer)) for layer in infomap.LAYERS],
        )
        return self.render_to_response(context)

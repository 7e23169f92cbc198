"""Training and awareness: the course catalogue, training records, start dates, and each
person's page of what they are due."""

from typing import Any

from django.contrib.auth import get_user_model
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from vpp_portal.documents import private_file_response
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from ..forms.training import CourseForm, TrainingProfileForm, TrainingRecordForm
from ..models import Course, TrainingProfile, TrainingRecord
from ..services.training import course_save, training_profile_save, training_record_save
from ..training.filters import CourseFilterSet, PersonTrainingFilterSet, TrainingRecordFilterSet
from ..training.rules import people_visible_to, person_standings
from ..training.tables import CourseTable, PersonTrainingTable, TrainingRecordTable

# --- Courses -------------------------------------------------------------------------------------


class CourseListView(RegisterListView):
    model = Course
    table_class = CourseTable
    filterset_class = CourseFilterSet


class CourseExportView(RegisterExportView):
    model = Course
    table_class = CourseTable
    filterset_class = CourseFilterSet


class CourseDetailView(RegisterDetailView):
    model = Course

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["record_count"] = (
            TrainingRecord.objects.visible_to(self.request.user).filter(course=self.object).count()
        )
        return context


class CourseHistoryView(RegisterHistoryView):
    model = Course


class CourseCreateView(RegisterCreateView):
    model = Course
    form_class = CourseForm
    save_service = course_save


class CourseUpdateView(RegisterUpdateView):
    model = Course
    form_class = CourseForm
    save_service = course_save


# --- Training records ----------------------------------------------------------------------------


class TrainingRecordListView(RegisterListView):
    model = TrainingRecord
    table_class = TrainingRecordTable
    filterset_class = TrainingRecordFilterSet


class TrainingRecordExportView(RegisterExportView):
    model = TrainingRecord
    table_class = TrainingRecordTable
    filterset_class = TrainingRecordFilterSet


class TrainingRecordDetailView(RegisterDetailView):
    model = TrainingRecord

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_expired"] = self.object.is_expired(timezone.localdate())
        return context


class TrainingRecordHistoryView(RegisterHistoryView):
    model = TrainingRecord


class TrainingRecordCreateView(RegisterCreateView):
    model = TrainingRecord
    form_class = TrainingRecordForm
    save_service = training_record_save

    def get_initial(self) -> dict[str, Any]:
        """``?person=<id>&course=<id>`` fill the form in (the person's page links so)."""
        initial = super().get_initial()
        for name in ("person", "course"):
            value = self.request.GET.get(name, "")
            if value.isdigit() and len(value) < 10:
                initial[name] = int(value)
        return initial


class TrainingRecordUpdateView(RegisterUpdateView):
    model = TrainingRecord
    form_class = TrainingRecordForm
    save_service = training_record_save


class TrainingRecordEvidenceView(RegisterAccessMixin, View):
    """Serve a record's uploaded evidence to those who may see the record; no public address."""

    model = TrainingRecord

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        record = get_object_or_404(
            TrainingRecord.objects.visible_to(request.user).exclude(evidence_document=""), pk=pk
        )
        return private_file_response(record.evidence_document)


# --- Start dates ---------------------------------------------------------------------------------


class TrainingProfileCreateView(RegisterCreateView):
    model = TrainingProfile
    form_class = TrainingProfileForm
    save_service = training_profile_save

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        value = self.request.GET.get("person", "")
        if value.isdigit() and len(value) < 10:
            initial["person"] = int(value)
        return initial


class TrainingProfileUpdateView(RegisterUpdateView):
    model = TrainingProfile
    form_class = TrainingProfileForm
    save_service = training_profile_save


class TrainingProfileHistoryView(RegisterHistoryView):
    model = TrainingProfile


# --- People --------------------------------------------------------------------------------------


class PersonTrainingListView(RegisterAccessMixin, SingleTableMixin, FilterView):
    """Everyone the user may see, filterable by where they stand (the dashboard's figures
    link here)."""

    model = TrainingRecord  # the permission: who may see training records may see this
    table_class = PersonTrainingTable
    filterset_class = PersonTrainingFilterSet
    table_pagination = {"per_page": 25}
    template_name = "governance/person_training_list.html"

    def get_queryset(self) -> Any:
        return (
            people_visible_to(self.request.user)
            .select_related("organisation", "training_profile")
            .order_by("full_name", "email")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["query_string"] = self.request.GET.urlencode()
        return context


class PersonTrainingView(RegisterAccessMixin, TemplateView):
    """One person's training: each course that applies to them and where they stand. The id
    is the person's; who may see training records may open it, for the people they may see."""

    model = get_user_model()
    template_name = "governance/person_training.html"

    def get_permission_required(self) -> tuple[str, ...]:
        return ("governance.view_trainingrecord",)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = get_object_or_404(
            people_visible_to(self.request.user).select_related("organisation"),
            pk=self.kwargs["pk"],
        )
        today = timezone.localdate()
        standings = person_standings(person, today)
        context.update(
            person=person,
            standings=standings,
            out_of_date=[s for s in standings if s.is_out_of_date],
            profile=TrainingProfile.objects.filter(person=person).first(),
            records=list(
                TrainingRecord.objects.filter(person=person)
                .select_related("course")
                .order_by("-completed_on", "pk")
            ),
            is_self=person.pk == self.request.user.pk,
            today=today,
        )
        return context

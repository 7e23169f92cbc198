"""The training pages, spliced into governance's URL namespace (``governance.urls``)."""

from django.urls import path

from vpp_portal.routes import register_routes

from ..views.training import (
    CourseCreateView,
    CourseDetailView,
    CourseExportView,
    CourseHistoryView,
    CourseListView,
    CourseUpdateView,
    PersonTrainingListView,
    PersonTrainingView,
    TrainingProfileCreateView,
    TrainingProfileHistoryView,
    TrainingProfileUpdateView,
    TrainingRecordCreateView,
    TrainingRecordDetailView,
    TrainingRecordEvidenceView,
    TrainingRecordExportView,
    TrainingRecordHistoryView,
    TrainingRecordListView,
    TrainingRecordUpdateView,
)

training_urlpatterns = [
    *register_routes(
        "training/courses",
        "course",
        list_view=CourseListView,
        export_view=CourseExportView,
        create_view=CourseCreateView,
        detail_view=CourseDetailView,
        update_view=CourseUpdateView,
        history_view=CourseHistoryView,
    ),
    *register_routes(
        "training/records",
        "trainingrecord",
        list_view=TrainingRecordListView,
        export_view=TrainingRecordExportView,
        create_view=TrainingRecordCreateView,
        detail_view=TrainingRecordDetailView,
        update_view=TrainingRecordUpdateView,
        history_view=TrainingRecordHistoryView,
    ),
    path(
        "training/records/<int:pk>/evidence/",
        TrainingRecordEvidenceView.as_view(),
        name="trainingrecord_evidence",
    ),
    # Start dates: a person's page is their details, so these have no page of their own.
    path(
        "training/start-dates/add/",
        TrainingProfileCreateView.as_view(),
        name="trainingprofile_create",
    ),
    path(
        "training/start-dates/<int:pk>/edit/",
        TrainingProfileUpdateView.as_view(),
        name="trainingprofile_update",
    ),
    path(
        "training/start-dates/<int:pk>/history/",
        TrainingProfileHistoryView.as_view(),
        name="trainingprofile_history",
    ),
    # People and what each is due (the dashboard's training figures link to the list).
    path("training/people/", PersonTrainingListView.as_view(), name="person_training_list"),
    path("training/people/<int:pk>/", PersonTrainingView.as_view(), name="person_training"),
]

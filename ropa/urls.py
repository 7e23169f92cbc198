"""The ROPA app's routes, every one listed here by its view class."""

from django.urls import path, re_path

from vpp_portal.routes import register_routes

from .views.activities import (
    ProcessingActivityCreateView,
    ProcessingActivityDetailView,
    ProcessingActivityExportView,
    ProcessingActivityHistoryView,
    ProcessingActivityListView,
    ProcessingActivityPdfView,
    ProcessingActivityPrintView,
    ProcessingActivityTransitionView,
    ProcessingActivityUpdateView,
)
from .views.reference import (
    ControllerDetailsDetailView,
    ControllerDetailsHistoryView,
    ControllerDetailsUpdateView,
    DataCategoryCreateView,
    DataCategoryDetailView,
    DataCategoryExportView,
    DataCategoryHistoryView,
    DataCategoryListView,
    DataCategoryUpdateView,
    IndividualCategoryCreateView,
    IndividualCategoryDetailView,
    IndividualCategoryExportView,
    IndividualCategoryHistoryView,
    IndividualCategoryListView,
    IndividualCategoryUpdateView,
    RecipientCategoryCreateView,
    RecipientCategoryDetailView,
    RecipientCategoryExportView,
    RecipientCategoryHistoryView,
    RecipientCategoryListView,
    RecipientCategoryUpdateView,
)
from .views.retention import (
    DisposalApproveView,
    DisposalCreateView,
    DisposalDetailView,
    DisposalEvidenceView,
    DisposalExportView,
    DisposalHistoryView,
    DisposalListView,
    DisposalQueueView,
    DisposalRefuseView,
    DisposalUpdateView,
    RetentionDueView,
    RetentionRuleCreateView,
    RetentionRuleDetailView,
    RetentionRuleExportView,
    RetentionRuleHistoryView,
    RetentionRuleListView,
    RetentionRuleUpdateView,
)
from .views.spreadsheets import (
    ProcessingActivityIcoExportView,
    ProcessingActivityImportConfirmView,
    ProcessingActivityImportView,
)

app_name = "ropa"

urlpatterns = [
    # Processing activities: the register, its workflow, the printed record and the ICO
    # spreadsheet (export and the three-step import).
    *register_routes(
        "activities",
        "processingactivity",
        list_view=ProcessingActivityListView,
        export_view=ProcessingActivityExportView,
        create_view=ProcessingActivityCreateView,
        detail_view=ProcessingActivityDetailView,
        update_view=ProcessingActivityUpdateView,
        history_view=ProcessingActivityHistoryView,
        transition_view=ProcessingActivityTransitionView,
    ),
    path(
        "activities/<int:pk>/print/",
        ProcessingActivityPrintView.as_view(),
        name="processingactivity_print",
    ),
    path(
        "activities/<int:pk>/pdf/",
        ProcessingActivityPdfView.as_view(),
        name="processingactivity_pdf",
    ),
    re_path(
        r"^activities/ico\.(?P<format>csv|xlsx)$",
        ProcessingActivityIcoExportView.as_view(),
        name="processingactivity_ico_export",
    ),
    path(
        "activities/import/",
        ProcessingActivityImportView.as_view(),
        name="processingactivity_import",
    ),
    path(
        "activities/import/<str:token>/",
        ProcessingActivityImportConfirmView.as_view(),
        name="processingactivity_import_confirm",
    ),
    # The ROPA's header: one row, at fixed addresses.
    path("controller/", ControllerDetailsDetailView.as_view(), name="controllerdetails_detail"),
    path(
        "controller/edit/", ControllerDetailsUpdateView.as_view(), name="controllerdetails_update"
    ),
    path(
        "controller/history/",
        ControllerDetailsHistoryView.as_view(),
        name="controllerdetails_history",
    ),
    # The reference vocabularies (columns 4 to 6).
    *register_routes(
        "vocabularies/individuals",
        "individualcategory",
        list_view=IndividualCategoryListView,
        export_view=IndividualCategoryExportView,
        create_view=IndividualCategoryCreateView,
        detail_view=IndividualCategoryDetailView,
        update_view=IndividualCategoryUpdateView,
        history_view=IndividualCategoryHistoryView,
    ),
    *register_routes(
        "vocabularies/data",
        "datacategory",
        list_view=DataCategoryListView,
        export_view=DataCategoryExportView,
        create_view=DataCategoryCreateView,
        detail_view=DataCategoryDetailView,
        update_view=DataCategoryUpdateView,
        history_view=DataCategoryHistoryView,
    ),
    *register_routes(
        "vocabularies/recipients",
        "recipientcategory",
        list_view=RecipientCategoryListView,
        export_view=RecipientCategoryExportView,
        create_view=RecipientCategoryCreateView,
        detail_view=RecipientCategoryDetailView,
        update_view=RecipientCategoryUpdateView,
        history_view=RecipientCategoryHistoryView,
    ),
    # Retention rules, the records due for disposal, and the disposal log with its decisions.
    *register_routes(
        "retention-rules",
        "retentionrule",
        list_view=RetentionRuleListView,
        export_view=RetentionRuleExportView,
        create_view=RetentionRuleCreateView,
        detail_view=RetentionRuleDetailView,
        update_view=RetentionRuleUpdateView,
        history_view=RetentionRuleHistoryView,
    ),
    path("retention/due/", RetentionDueView.as_view(), name="retention_due"),
    *register_routes(
        "disposals",
        "disposal",
        list_view=DisposalListView,
        export_view=DisposalExportView,
        create_view=DisposalCreateView,
        detail_view=DisposalDetailView,
        update_view=DisposalUpdateView,
        history_view=DisposalHistoryView,
    ),
    path("disposals/awaiting-approval/", DisposalQueueView.as_view(), name="disposal_queue"),
    path("disposals/<int:pk>/approve/", DisposalApproveView.as_view(), name="disposal_approve"),
    path("disposals/<int:pk>/refuse/", DisposalRefuseView.as_view(), name="disposal_refuse"),
    path("disposals/<int:pk>/evidence/", DisposalEvidenceView.as_view(), name="disposal_evidence"),
]

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
    VOCABULARIES,
    VOCABULARY_VIEWS,
    ControllerDetailsDetailView,
    ControllerDetailsHistoryView,
    ControllerDetailsUpdateView,
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
    # The reference vocabularies (columns 4 to 6): one set of views, told which terms.
    *(
        pattern
        for prefix, name, shows in VOCABULARIES
        for pattern in register_routes(prefix, name, **VOCABULARY_VIEWS, initkwargs=shows)
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

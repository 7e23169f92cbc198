from django.urls import path

from vpp_portal.routes import register_routes, views_of

from .views import (
    breaches,
    dpia_documents,
    dpia_steps,
    dpia_workflow,
    dpias,
    notifications,
    policies,
    reminders,
)
from .views.audit import AuditLogExportView, AuditLogView
from .views.dashboard import DashboardView
from .views.findings import FindingExportView, FindingListView
from .views.reports import (
    BoardReportPdfView,
    BoardReportView,
    ReportJobDetailView,
    ReportJobDownloadView,
)
from .views.search import SearchView

app_name = "governance"

urlpatterns = [
    # The accountability dashboard (SIRO, DPO, Director).
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    # The quarterly Board report (page and PDF) and the jobs that make big ones in the background.
    path("board-report/", BoardReportView.as_view(), name="board_report"),
    path("board-report/pdf/", BoardReportPdfView.as_view(), name="board_report_pdf"),
    path("jobs/<int:pk>/", ReportJobDetailView.as_view(), name="reportjob_detail"),
    path("jobs/<int:pk>/download/", ReportJobDownloadView.as_view(), name="reportjob_download"),
    *register_routes("policies", "policy", views_of(policies, "Policy")),
    path(
        "policies/<int:pk>/document/",
        policies.PolicyDocumentView.as_view(),
        name="policy_document",
    ),
    # The breach log: the register, the ICO decision and the open → contained → closed flow.
    *register_routes("breaches", "breach", views_of(breaches, "Breach")),
    path("breaches/<int:pk>/ico/", breaches.BreachIcoView.as_view(), name="breach_ico"),
    path(
        "breaches/<int:pk>/partners/",
        breaches.BreachPartnerDecisionView.as_view(),
        name="breach_partner_decision",
    ),
    path(
        "breaches/<int:pk>/<slug:transition>/",
        breaches.BreachTransitionView.as_view(),
        name="breach_transition",
    ),
    # Notifications (everyone's own) and the reminder ledger behind them.
    path("notifications/", notifications.NotificationListView.as_view(), name="notification_list"),
    path(
        "notifications/settings/",
        notifications.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
    path(
        "notifications/<int:pk>/",
        notifications.NotificationOpenView.as_view(),
        name="notification_open",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path("reminders/", reminders.ReminderListView.as_view(), name="reminder_list"),
    # Compliance findings across every register, and their CSV (internal roles).
    path("findings/", FindingListView.as_view(), name="finding_list"),
    path("findings/export/", FindingExportView.as_view(), name="finding_export"),
    # One search box over every register the user can see (the header's).
    path("search/", SearchView.as_view(), name="search"),
    # DPIAs: the register, its queues, each step's page, the flow and the printed document.
    path(
        "dpias/review-queue/",
        dpia_workflow.DpiaReviewQueueView.as_view(),
        name="dpia_review_queue",
    ),
    path(
        "dpias/sign-off/director/",
        dpia_workflow.DpiaDirectorQueueView.as_view(),
        name="dpia_director_queue",
    ),
    path(
        "dpias/sign-off/siro/",
        dpia_workflow.DpiaSiroQueueView.as_view(),
        name="dpia_siro_queue",
    ),
    *register_routes("dpias", "dpia", views_of(dpias, "Dpia")),
    path("dpias/<int:pk>/timeline/", dpias.DpiaTimelineView.as_view(), name="dpia_timeline"),
    path(
        "dpias/<int:pk>/screening/",
        dpia_steps.DpiaScreeningView.as_view(),
        name="dpia_screening",
    ),
    path(
        "dpias/<int:pk>/description/",
        dpia_steps.DpiaDescriptionView.as_view(),
        name="dpia_description",
    ),
    path(
        "dpias/<int:pk>/consultation/",
        dpia_steps.DpiaConsultationView.as_view(),
        name="dpia_consultation",
    ),
    path(
        "dpias/<int:pk>/necessity/",
        dpia_steps.DpiaNecessityView.as_view(),
        name="dpia_necessity",
    ),
    path(
        "dpias/<int:dpia_pk>/risks/add/",
        dpia_steps.DpiaRiskCreateView.as_view(),
        name="dpiarisk_create",
    ),
    path(
        "dpias/risks/<int:pk>/edit/",
        dpia_steps.DpiaRiskUpdateView.as_view(),
        name="dpiarisk_update",
    ),
    path(
        "dpias/risks/<int:pk>/measure/",
        dpia_steps.DpiaRiskMeasureView.as_view(),
        name="dpiarisk_measure",
    ),
    path(
        "dpias/risks/<int:pk>/remove/",
        dpia_steps.DpiaRiskDeleteView.as_view(),
        name="dpiarisk_delete",
    ),
    path(
        "dpias/comments/<int:pk>/resolve/",
        dpias.DpiaCommentResolveView.as_view(),
        name="dpiacomment_resolve",
    ),
    path(
        "dpias/<int:pk>/ico-consultation/",
        dpia_workflow.DpiaIcoConsultationView.as_view(),
        name="dpia_ico_consultation",
    ),
    path("dpias/<int:pk>/print/", dpia_documents.DpiaPrintView.as_view(), name="dpia_print"),
    path("dpias/<int:pk>/pdf/", dpia_documents.DpiaPdfView.as_view(), name="dpia_pdf"),
    path(
        "dpias/<int:pk>/approved/",
        dpia_documents.DpiaSnapshotView.as_view(),
        name="dpia_snapshot",
    ),
    path(
        "dpias/<int:pk>/approved/pdf/",
        dpia_documents.DpiaSnapshotPdfView.as_view(),
        name="dpia_snapshot_pdf",
    ),
    # The audit log across every register, and its CSV (read-only).
    path("audit/", AuditLogView.as_view(), name="audit_log"),
    path("audit/export/", AuditLogExportView.as_view(), name="audit_log_export"),
    # Last: its <transition> slug would otherwise catch the pages above.
    path(
        "dpias/<int:pk>/<slug:transition>/",
        dpia_workflow.DpiaTransitionView.as_view(),
        name="dpia_transition",
    ),
]

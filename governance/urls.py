from django.urls import include, path

from vpp_portal.routes import register_routes

from .rights.urls import rights_urlpatterns
from .training.urls import training_urlpatterns
from .views.actions import (
    ActionCancelView,
    ActionCompleteView,
    ActionCreateView,
    ActionDetailView,
    ActionEvidenceView,
    ActionExportView,
    ActionHistoryView,
    ActionListView,
    ActionStartView,
    ActionUpdateView,
    BreachActionCreateView,
    BreachNoActionView,
    DpiaMeasureActionCreateView,
    FindingActionCreateView,
)
from .views.audit import AuditLogExportView, AuditLogView
from .views.audits import (
    AuditFindingCreateView,
    AuditFindingDetailView,
    AuditFindingHistoryView,
    AuditFindingUpdateView,
    DataProtectionAuditCreateView,
    DataProtectionAuditDetailView,
    DataProtectionAuditDocumentView,
    DataProtectionAuditExportView,
    DataProtectionAuditHistoryView,
    DataProtectionAuditListView,
    DataProtectionAuditUpdateView,
)
from .views.breaches import (
    BreachCreateView,
    BreachDetailView,
    BreachExportView,
    BreachHistoryView,
    BreachIcoView,
    BreachListView,
    BreachPartnerDecisionView,
    BreachTransitionView,
    BreachUpdateView,
)
from .views.dashboard import DashboardView
from .views.dpia_documents import DpiaPdfView, DpiaPrintView, DpiaSnapshotPdfView, DpiaSnapshotView
from .views.dpia_queues import DpiaDirectorQueueView, DpiaReviewQueueView, DpiaSiroQueueView
from .views.dpia_steps import (
    DpiaConsultationView,
    DpiaDescriptionView,
    DpiaNecessityView,
    DpiaRiskCreateView,
    DpiaRiskDeleteView,
    DpiaRiskMeasureView,
    DpiaRiskUpdateView,
    DpiaScreeningView,
)
from .views.dpia_workflow import DpiaIcoConsultationView, DpiaTransitionView
from .views.dpias import (
    DpiaCommentResolveView,
    DpiaCreateView,
    DpiaDetailView,
    DpiaExportView,
    DpiaHistoryView,
    DpiaListView,
    DpiaTimelineView,
    DpiaUpdateView,
)
from .views.findings import FindingExportView, FindingListView
from .views.home import HomeView
from .views.notifications import (
    NotificationListView,
    NotificationOpenView,
    NotificationReadAllView,
    NotificationReadView,
    NotificationSettingsView,
)
from .views.policies import (
    PolicyCreateView,
    PolicyDetailView,
    PolicyDocumentView,
    PolicyExportView,
    PolicyHistoryView,
    PolicyListView,
    PolicyUpdateView,
)
from .views.policy_reading import PolicyConfirmView, PolicyReadingListView, PolicyReadView
from .views.reminders import ReminderListView
from .views.reports import (
    BoardReportPdfView,
    BoardReportView,
    ReportJobDetailView,
    ReportJobDownloadView,
)
from .views.search import SearchView
from .views.systems import (
    InfoMapView,
    SystemCreateView,
    SystemDecisionView,
    SystemDetailView,
    SystemExportView,
    SystemHistoryView,
    SystemListView,
    SystemUpdateView,
)

#: Governance's own pages, in the "governance" namespace under /governance/.
governance_urlpatterns = [
    # The accountability dashboard (SIRO, DPO, Director).
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    # The quarterly Board report (page and PDF) and the jobs that make big ones in the background.
    path("board-report/", BoardReportView.as_view(), name="board_report"),
    path("board-report/pdf/", BoardReportPdfView.as_view(), name="board_report_pdf"),
    path("jobs/<int:pk>/", ReportJobDetailView.as_view(), name="reportjob_detail"),
    path("jobs/<int:pk>/download/", ReportJobDownloadView.as_view(), name="reportjob_download"),
    *register_routes(
        "policies",
        "policy",
        list_view=PolicyListView,
        export_view=PolicyExportView,
        create_view=PolicyCreateView,
        detail_view=PolicyDetailView,
        update_view=PolicyUpdateView,
        history_view=PolicyHistoryView,
    ),
    path("policies/<int:pk>/document/", PolicyDocumentView.as_view(), name="policy_document"),
    # Required reading: everyone's own list, a policy's reading page and the confirmation.
    path("policies/reading/", PolicyReadingListView.as_view(), name="policy_reading"),
    path("policies/<int:pk>/read/", PolicyReadView.as_view(), name="policy_read"),
    path("policies/<int:pk>/confirm/", PolicyConfirmView.as_view(), name="policy_confirm"),
    # The breach log: the register, the ICO decision and the open → contained → closed flow.
    *register_routes(
        "breaches",
        "breach",
        list_view=BreachListView,
        export_view=BreachExportView,
        create_view=BreachCreateView,
        detail_view=BreachDetailView,
        update_view=BreachUpdateView,
        history_view=BreachHistoryView,
        transition_view=BreachTransitionView,
    ),
    path("breaches/<int:pk>/ico/", BreachIcoView.as_view(), name="breach_ico"),
    path(
        "breaches/<int:pk>/partners/",
        BreachPartnerDecisionView.as_view(),
        name="breach_partner_decision",
    ),
    # Notifications (everyone's own) and the reminder ledger behind them.
    path("notifications/", NotificationListView.as_view(), name="notification_list"),
    path(
        "notifications/settings/",
        NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path(
        "notifications/read-all/",
        NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
    path("notifications/<int:pk>/", NotificationOpenView.as_view(), name="notification_open"),
    path("notifications/<int:pk>/read/", NotificationReadView.as_view(), name="notification_read"),
    path("reminders/", ReminderListView.as_view(), name="reminder_list"),
    # Compliance findings across every register, and their CSV (internal roles).
    path("findings/", FindingListView.as_view(), name="finding_list"),
    path("findings/export/", FindingExportView.as_view(), name="finding_export"),
    # One search box over every register the user can see (the header's).
    path("search/", SearchView.as_view(), name="search"),
    # DPIAs: the register and its flow, its queues, each step's page and the printed document.
    *register_routes(
        "dpias",
        "dpia",
        list_view=DpiaListView,
        export_view=DpiaExportView,
        create_view=DpiaCreateView,
        detail_view=DpiaDetailView,
        update_view=DpiaUpdateView,
        history_view=DpiaHistoryView,
        transition_view=DpiaTransitionView,
    ),
    path("dpias/review-queue/", DpiaReviewQueueView.as_view(), name="dpia_review_queue"),
    path("dpias/sign-off/director/", DpiaDirectorQueueView.as_view(), name="dpia_director_queue"),
    path("dpias/sign-off/siro/", DpiaSiroQueueView.as_view(), name="dpia_siro_queue"),
    path("dpias/<int:pk>/timeline/", DpiaTimelineView.as_view(), name="dpia_timeline"),
    path("dpias/<int:pk>/screening/", DpiaScreeningView.as_view(), name="dpia_screening"),
    path("dpias/<int:pk>/description/", DpiaDescriptionView.as_view(), name="dpia_description"),
    path("dpias/<int:pk>/consultation/", DpiaConsultationView.as_view(), name="dpia_consultation"),
    path("dpias/<int:pk>/necessity/", DpiaNecessityView.as_view(), name="dpia_necessity"),
    path("dpias/<int:dpia_pk>/risks/add/", DpiaRiskCreateView.as_view(), name="dpiarisk_create"),
    path("dpias/risks/<int:pk>/edit/", DpiaRiskUpdateView.as_view(), name="dpiarisk_update"),
    path("dpias/risks/<int:pk>/measure/", DpiaRiskMeasureView.as_view(), name="dpiarisk_measure"),
    path("dpias/risks/<int:pk>/remove/", DpiaRiskDeleteView.as_view(), name="dpiarisk_delete"),
    path(
        "dpias/comments/<int:pk>/resolve/",
        DpiaCommentResolveView.as_view(),
        name="dpiacomment_resolve",
    ),
    path(
        "dpias/<int:pk>/ico-consultation/",
        DpiaIcoConsultationView.as_view(),
        name="dpia_ico_consultation",
    ),
    path("dpias/<int:pk>/print/", DpiaPrintView.as_view(), name="dpia_print"),
    path("dpias/<int:pk>/pdf/", DpiaPdfView.as_view(), name="dpia_pdf"),
    path("dpias/<int:pk>/approved/", DpiaSnapshotView.as_view(), name="dpia_snapshot"),
    path("dpias/<int:pk>/approved/pdf/", DpiaSnapshotPdfView.as_view(), name="dpia_snapshot_pdf"),
    # The systems register, the Board's decision on a system (the SIRO's), and the
    # information map drawn from organisations, sources, systems, activities and products.
    *register_routes(
        "systems",
        "system",
        list_view=SystemListView,
        export_view=SystemExportView,
        create_view=SystemCreateView,
        detail_view=SystemDetailView,
        update_view=SystemUpdateView,
        history_view=SystemHistoryView,
    ),
    path("systems/<int:pk>/decision/", SystemDecisionView.as_view(), name="system_decision"),
    path("information-map/", InfoMapView.as_view(), name="infomap"),
    # Requests from individuals, their clocks and the searches partners are asked to make.
    *rights_urlpatterns,
    # Training and awareness: courses, records, start dates, each person's page.
    *training_urlpatterns,
    # Data-protection audits and their findings; the action register fed by findings, breach
    # lessons, DPIA measures and Board decisions (``views.audits``, ``views.actions``).
    *register_routes(
        "dpaudits",
        "dataprotectionaudit",
        list_view=DataProtectionAuditListView,
        export_view=DataProtectionAuditExportView,
        create_view=DataProtectionAuditCreateView,
        detail_view=DataProtectionAuditDetailView,
        update_view=DataProtectionAuditUpdateView,
        history_view=DataProtectionAuditHistoryView,
    ),
    path(
        "dpaudits/<int:pk>/report/",
        DataProtectionAuditDocumentView.as_view(),
        name="dataprotectionaudit_document",
    ),
    path(
        "dpaudits/<int:dataprotectionaudit_pk>/findings/add/",
        AuditFindingCreateView.as_view(),
        name="auditfinding_create",
    ),
    path(
        "dpaudits/findings/<int:pk>/",
        AuditFindingDetailView.as_view(),
        name="auditfinding_detail",
    ),
    path(
        "dpaudits/findings/<int:pk>/edit/",
        AuditFindingUpdateView.as_view(),
        name="auditfinding_update",
    ),
    path(
        "dpaudits/findings/<int:pk>/history/",
        AuditFindingHistoryView.as_view(),
        name="auditfinding_history",
    ),
    path(
        "dpaudits/findings/<int:pk>/add-action/",
        FindingActionCreateView.as_view(),
        name="auditfinding_add_action",
    ),
    *register_routes(
        "actions",
        "action",
        list_view=ActionListView,
        export_view=ActionExportView,
        create_view=ActionCreateView,
        detail_view=ActionDetailView,
        update_view=ActionUpdateView,
        history_view=ActionHistoryView,
    ),
    path("actions/<int:pk>/start/", ActionStartView.as_view(), name="action_start"),
    path("actions/<int:pk>/done/", ActionCompleteView.as_view(), name="action_complete"),
    path("actions/<int:pk>/cancel/", ActionCancelView.as_view(), name="action_cancel"),
    path("actions/<int:pk>/evidence/", ActionEvidenceView.as_view(), name="action_evidence"),
    path(
        "breaches/<int:pk>/add-action/", BreachActionCreateView.as_view(), name="breach_add_action"
    ),
    path("breaches/<int:pk>/no-action/", BreachNoActionView.as_view(), name="breach_no_action"),
    path(
        "dpias/risks/<int:pk>/add-action/",
        DpiaMeasureActionCreateView.as_view(),
        name="dpiarisk_add_action",
    ),
    # The audit log across every register, and its CSV (read-only).
    path("audit/", AuditLogView.as_view(), name="audit_log"),
    path("audit/export/", AuditLogExportView.as_view(), name="audit_log_export"),
]

# The root URLconf includes this module at "": the home page is the site's root and keeps its
# un-namespaced name "home" (LOGIN_REDIRECT_URL, the header's link), the rest is governance's.
urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("governance/", include((governance_urlpatterns, "governance"))),
]

from django.db import models


class PolicyKind(models.TextChoices):
    POLICY = "policy", "Policy"
    PROCEDURE = "procedure", "Procedure"
    PRIVACY_NOTICE = "privacy_notice", "Privacy notice"
    SAFEGUARDS = "safeguards", "Safeguards policy (appropriate policy document)"


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "Adopted by the VPP"
    OVERRIDDEN = "overridden", "Overridden by a VPP decision"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_FORCE = "in_force", "In force"
    UNDER_REVIEW = "under_review", "Under review"
    WITHDRAWN = "withdrawn", "Withdrawn"


STATUS_COLOURS = {
    "in_force": "green",
    "under_review": "yellow",
    "withdrawn": "red",
}


# --- DPIAs ---------------------------------------------------------------------------------------


class DpiaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the DPO"
    RETURNED = "returned", "Returned for changes"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
    APPROVED = "approved", "Approved"
    SCREENED_OUT = "screened_out", "No DPIA needed"
    SUPERSEDED = "superseded", "Superseded by a revision"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Rejected"


#: Statuses in which the DPIA is still being written or decided.
DPIA_OPEN_STATUSES = (
    DpiaStatus.DRAFT,
    DpiaStatus.SUBMITTED,
    DpiaStatus.RETURNED,
    DpiaStatus.AWAITING_SIGN_OFF,
)
#: Statuses in which the author may change the content.
DPIA_EDITABLE_STATUSES = (DpiaStatus.DRAFT, DpiaStatus.RETURNED)
#: Statuses that settle the question for the processing it covers (the ROPA rule reads these).
DPIA_IN_FORCE_STATUSES = (DpiaStatus.APPROVED, DpiaStatus.SCREENED_OUT)
#: Statuses in which a DPIA is over without being in force (no longer in a review's way).
DPIA_SETTLED_STATUSES = (DpiaStatus.SUPERSEDED, DpiaStatus.WITHDRAWN, DpiaStatus.REJECTED)
#: Statuses a DPIA only reaches after its approved version was frozen (its snapshot taken).
DPIA_FROZEN_STATUSES = (*DPIA_IN_FORCE_STATUSES, DpiaStatus.SUPERSEDED)
#: Statuses of a DPIA that still stands for its processing: being decided, or in force.
DPIA_CURRENT_STATUSES = (*DPIA_OPEN_STATUSES, *DPIA_IN_FORCE_STATUSES)
#: Statuses of a DPIA a later revision replaced (the records it covered link the revision too).
DPIA_REPLACED_STATUSES = (DpiaStatus.SUPERSEDED,)

STATUS_COLOURS.update(
    {
        "draft": "grey",
        "submitted": "blue",
        "returned": "orange",
        "awaiting_sign_off": "purple",
        "approved": "green",
        "screened_out": "turquoise",
        "superseded": "grey",
        "rejected": "red",
    }
)


class ScreeningOutcome(models.TextChoices):
    REQUIRED = "required", "A DPIA is required"
    NOT_REQUIRED = "not_required", "No DPIA is needed"


class ScreeningIndicator(models.TextChoices):
    """Step 1's checklist: Art 35(3)'s three mandatory cases, then the ICO's ten indicators of
    processing likely to result in high risk."""

    # UK GDPR Art 35(3): any one of these makes a DPIA mandatory.
    EVALUATION = (
        "evaluation",
        "Systematic and extensive evaluation of people, with legal or similarly significant "
        "effects",
    )
    LARGE_SCALE_SPECIAL = (
        "large_scale_special",
        "Large-scale processing of special category or criminal offence data",
    )
    PUBLIC_MONITORING = "public_monitoring", "Large-scale systematic monitoring of a public area"
    # The ICO's list of processing likely to result in high risk.
    INNOVATIVE_TECHNOLOGY = "innovative_technology", "Innovative technology"
    DENIAL_OF_SERVICE = "denial_of_service", "Decisions on access to a service or benefit"
    PROFILING = "profiling", "Large-scale profiling"
    BIOMETRIC = "biometric", "Biometric data"
    GENETIC = "genetic", "Genetic data"
    DATA_MATCHING = "data_matching", "Data matching across sources"
    INVISIBLE_PROCESSING = "invisible_processing", "Invisible processing"
    TRACKING = "tracking", "Tracking location or behaviour"
    VULNERABLE = "vulnerable", "Targeting children or other vulnerable people"
    PHYSICAL_HARM = "physical_harm", "Risk of physical harm if the data were lost"


#: The indicators that make a DPIA mandatory on their own (Art 35(3)).
MANDATORY_INDICATORS = (
    ScreeningIndicator.EVALUATION,
    ScreeningIndicator.LARGE_SCALE_SPECIAL,
    ScreeningIndicator.PUBLIC_MONITORING,
)


class Likelihood(models.TextChoices):
    REMOTE = "remote", "Remote"
    POSSIBLE = "possible", "Possible"
    PROBABLE = "probable", "Probable"


class Severity(models.TextChoices):
    MINIMAL = "minimal", "Minimal"
    SIGNIFICANT = "significant", "Significant"
    SEVERE = "severe", "Severe"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


#: Ordering of risk levels, for "the highest risk" (a tag's colour is never the only signal:
#: the level's word is always shown too).
RISK_RANK = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}
RISK_COLOURS = {"low": "green", "medium": "yellow", "high": "red"}

#: The partnership's one risk matrix: overall risk by likelihood (rows) and severity (columns).
RISK_MATRIX: dict[str, dict[str, str]] = {
    Likelihood.REMOTE: {
        Severity.MINIMAL: RiskLevel.LOW,
        Severity.SIGNIFICANT: RiskLevel.LOW,
        Severity.SEVERE: RiskLevel.MEDIUM,
    },
    Likelihood.POSSIBLE: {
        Severity.MINIMAL: RiskLevel.LOW,
        Severity.SIGNIFICANT: RiskLevel.MEDIUM,
        Severity.SEVERE: RiskLevel.HIGH,
    },
    Likelihood.PROBABLE: {
        Severity.MINIMAL: RiskLevel.MEDIUM,
        Severity.SIGNIFICANT: RiskLevel.HIGH,
        Severity.SEVERE: RiskLevel.HIGH,
    },
}


def overall_risk(likelihood: str, severity: str) -> str:
    """The overall risk the matrix gives ``likelihood`` × ``severity``."""
    return RISK_MATRIX[likelihood][severity]


class MeasureEffect(models.TextChoices):
    ELIMINATED = "eliminated", "Eliminated"
    REDUCED = "reduced", "Reduced"
    ACCEPTED = "accepted", "Accepted"


class DpoRecommendation(models.TextChoices):
    PROCEED = "proceed", "The processing can go ahead as described"
    PROCEED_WITH_MEASURES = (
        "proceed_with_measures",
        "The processing can go ahead only with the measures in step 6",
    )
    DO_NOT_PROCEED = "do_not_proceed", "The processing should not go ahead"


class AdviceDecision(models.TextChoices):
    ACCEPTED = "accepted", "DPO advice accepted"
    OVERRULED = "overruled", "DPO advice overruled"


class DpiaStep(models.IntegerChoices):
    NEED = 1, "Step 1: Identify the need for a DPIA"
    DESCRIPTION = 2, "Step 2: Describe the processing"
    CONSULTATION = 3, "Step 3: Consultation process"
    NECESSITY = 4, "Step 4: Necessity and proportionality"
    RISKS = 5, "Step 5: Identify and assess risks"
    MEASURES = 6, "Step 6: Measures to reduce risk"
    SIGN_OFF = 7, "Step 7: Sign off and record outcomes"


class DpiaAction(models.TextChoices):
    """What a timeline entry records."""

    CREATED = "created", "Started"
    SUBMITTED = "submitted", "Submitted to the DPO"
    RETURNED = "returned", "Returned for changes by the DPO"
    COMMENT_RESOLVED = "comment_resolved", "Comment resolved"
    ADVISED = "advised", "DPO advice given"
    SCREENING_CONFIRMED = "screening_confirmed", "DPO agreed no DPIA is needed"
    ICO_CONSULTED = "ico_consulted", "Prior consultation with the ICO recorded"
    APPROVED = "approved", "Signed off and approved"
    REJECTED = "rejected", "Rejected at sign-off"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REVIEW_STARTED = "review_started", "Review started: new revision created"
    SUPERSEDED = "superseded", "Superseded by a revision"


# --- Breaches ------------------------------------------------------------------------------------

#: UK GDPR Art 33: tell the ICO without undue delay and within 72 hours of becoming aware.
ICO_DEADLINE_HOURS = 72


class BreachStatus(models.TextChoices):
    OPEN = "open", "Open"
    CONTAINED = "contained", "Contained"
    CLOSED = "closed", "Closed"


BREACH_STATUS_COLOURS = {"open": "red", "contained": "yellow", "closed": "grey"}


class BreachRisk(models.TextChoices):
    """The ICO's three-way assessment of the risk to people's rights and freedoms."""

    UNASSESSED = "unassessed", "Not assessed yet"
    UNLIKELY = "unlikely", "Unlikely to result in a risk"
    RISK = "risk", "A risk to people's rights and freedoms"
    HIGH = "high", "A high risk to people's rights and freedoms"


class IcoDecision(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    REPORT = "report", "Yes: the ICO must be told"
    NOT_REQUIRED = "not_required", "No: the ICO need not be told"


class PartnerDecision(models.TextChoices):
    """The DPO's decision whether to tell the partner whose data a breach involved."""

    UNDECIDED = "undecided", "Not decided yet"
    TELL = "tell", "Yes: tell the partner"
    DO_NOT_TELL = "do_not_tell", "No: do not tell the partner"


class IndividualsTold(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    NOT_REQUIRED = "not_required", "Not required"
    TOLD = "told", "Told"


# --- Report jobs (the Board report; exports may reuse them) --------------------------------------


class ReportJobKind(models.TextChoices):
    BOARD_REPORT = "board_report", "Board report"
    REGISTER_EXPORT = "register_export", "Register export"


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being produced"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


REPORT_JOB_STATUS_COLOURS = {"queued": "grey", "running": "blue", "done": "green", "failed": "red"}


# --- Reminders and notifications -----------------------------------------------------------------


class ReminderKind(models.TextChoices):
    """What a reminder is about: one row each in ``governance.reminders.kinds.KINDS``."""

    DPIA_REVIEW = "dpia_review", "DPIA review dates"
    AGREEMENT_REVIEW = "agreement_review", "Agreement review dates"
    AGREEMENT_EXPIRY = "agreement_expiry", "Agreement expiry dates"
    POLICY_REVIEW = "policy_review", "Policy review dates"
    ACTIVITY_REVIEW = "activity_review", "Processing activity review dates"
    ACTIVITY_RETENTION = "activity_retention", "Retention due dates of processing activities"
    SOURCE_RETENTION = "source_retention", "Retention due dates of data sources"
    SOURCE_REFRESH = "source_refresh", "Open data not refreshed"
    CONSULTATION_DUE = "consultation_due", "Consultations waiting for an answer"
    BREACH_ICO_DEADLINE = "breach_ico_deadline", "Breach 72-hour ICO deadlines"
    # Workflow events: one ledger row per event (``governance.reminders.events``).
    DPIA_SUBMITTED = "dpia_submitted", "DPIAs submitted to the DPO"
    DPIA_RETURNED = "dpia_returned", "DPIAs returned to their author for changes"
    DPIA_SIGN_OFF = "dpia_sign_off", "DPIAs sent for sign-off"
    DPIA_DECIDED = "dpia_decided", "DPIAs approved or rejected"
    CONSULTATION_OPENED = "consultation_opened", "Consultations opened with your organisation"
    BREACH_PARTNER_DATA = "breach_partner_data", "Breaches involving a partner's data"
    BREACH_PARTNER_TOLD = "breach_partner_told", "Breaches your organisation is told about"
    REPORT_READY = "report_ready", "Reports ready to download"
    # People, rights, audits and systems.
    INDUCTION_DUE = "induction_due", "Induction training for new starters"
    TRAINING_EXPIRY = "training_expiry", "Training due for renewal"
    POLICY_READING = "policy_reading", "Policies to read and confirm"
    RIGHTS_REQUEST_DUE = "rights_request_due", "Requests from individuals due for a response"
    RIGHTS_SEARCH_DUE = "rights_search_due", "Searches asked of your organisation for a request"
    ACTION_DUE = "action_due", "Actions due"
    SYSTEM_REVIEW = "system_review", "System Board review dates"
    AGREEMENT_EXPIRED = "agreement_expired", "Agreements that have expired"


class ReminderStage(models.TextChoices):
    DAYS_30 = "days_30", "30 days before"
    DAYS_7 = "days_7", "7 days before"
    ON_THE_DAY = "on_the_day", "On the day"
    HOURS_72 = "hours_72", "72-hour clock started"
    HOURS_24 = "hours_24", "24 hours left"
    OVERDUE = "overdue", "Overdue"
    #: A workflow event: sent once, whatever happens to the record afterwards.
    EVENT = "event", "Event"


class ReminderState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    CLAIMED = "claimed", "Being sent"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Not sent: the due date moved or the record closed"


# --- Data-protection audits and the action register ---------------------------------------------


class AuditStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    REPORTED = "reported", "Reported"


class ActionSource(models.TextChoices):
    """Where an action came from; each links to its record (a Board decision, to its date)."""

    AUDIT_FINDING = "audit_finding", "Audit finding"
    BREACH_LESSON = "breach_lesson", "Breach lesson learnt"
    DPIA_MEASURE = "dpia_measure", "DPIA measure"
    BOARD_DECISION = "board_decision", "Board decision"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


#: Still to be done: reminded about, counted as overdue past the due date.
ACTION_LIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
ACTION_STATUS_COLOURS = {
    "open": "blue",
    "in_progress": "yellow",
    "done": "green",
    "cancelled": "grey",
}
AUDIT_STATUS_COLOURS = {"planned": "grey", "in_progress": "yellow", "reported": "green"}

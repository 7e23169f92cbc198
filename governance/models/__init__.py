"""The governance registers: policies, DPIAs, breaches; the reminder ledger and notifications."""

from .audits import Action, AuditFinding, DataProtectionAudit
from .breaches import Breach
from .dpias import Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot
from .jobs import ReportJob
from .oversight import MonthlyFigure
from .policies import Policy
from .policy_reading import PolicyConfirmation, PolicyReadingTask
from .reminders import EmailPreference, Notification, Reminder
from .rights import RightsRequest, RightsSearch
from .systems import System
from .training import Course, TrainingProfile, TrainingRecord

__all__ = [
    "Action",
    "AuditFinding",
    "Breach",
    "Course",
    "DataProtectionAudit",
    "Dpia",
    "DpiaComment",
    "DpiaEvent",
    "DpiaRisk",
    "DpiaSnapshot",
    "EmailPreference",
    "MonthlyFigure",
    "Notification",
    "Policy",
    "PolicyConfirmation",
    "PolicyReadingTask",
    "Reminder",
    "ReportJob",
    "RightsRequest",
    "RightsSearch",
    "System",
    "TrainingProfile",
    "TrainingRecord",
]

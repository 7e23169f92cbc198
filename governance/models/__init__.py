"""The governance registers: policies, DPIAs, breaches; the reminder ledger and notifications."""

from .breaches import Breach
from .dpias import Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot
from .jobs import ReportJob
from .oversight import MonthlyFigure
from .policies import Policy
from .reminders import EmailPreference, Notification, Reminder

__all__ = [
    "Breach",
    "Dpia",
    "DpiaComment",
    "DpiaEvent",
    "DpiaRisk",
    "DpiaSnapshot",
    "EmailPreference",
    "MonthlyFigure",
    "Notification",
    "Policy",
    "Reminder",
    "ReportJob",
]

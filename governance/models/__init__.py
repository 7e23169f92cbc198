"""The governance registers: policies and procedures, DPIAs (breaches and reminders to follow)."""

from .dpias import Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot
from .policies import Policy

__all__ = ["Dpia", "DpiaComment", "DpiaEvent", "DpiaRisk", "DpiaSnapshot", "Policy"]

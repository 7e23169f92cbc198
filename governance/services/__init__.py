"""Writes to the governance registers (see each module's rules): ``dpias`` (a package),
``breaches`` and ``notifications``. Every service acting on a record takes it first."""

from .breaches import (
    breach_close,
    breach_contain,
    breach_partner_decision,
    breach_record,
    breach_record_ico_decision,
    breach_reopen,
    breach_update,
)
from .dpias import (
    dpia_approve,
    dpia_comment_resolve,
    dpia_confirm_screening,
    dpia_give_advice,
    dpia_record_ico_consultation,
    dpia_reject,
    dpia_return,
    dpia_risk_remove,
    dpia_risk_save,
    dpia_save,
    dpia_start_review,
    dpia_submit,
    dpia_withdraw,
)
from .notifications import (
    email_preferences_save,
    notification_mark_read,
    notifications_mark_all_read,
)

__all__ = [
    "breach_close",
    "breach_contain",
    "breach_partner_decision",
    "breach_record",
    "breach_record_ico_decision",
    "breach_reopen",
    "breach_update",
    "dpia_approve",
    "dpia_comment_resolve",
    "dpia_confirm_screening",
    "dpia_give_advice",
    "dpia_record_ico_consultation",
    "dpia_reject",
    "dpia_return",
    "dpia_risk_remove",
    "dpia_risk_save",
    "dpia_save",
    "dpia_start_review",
    "dpia_submit",
    "dpia_withdraw",
    "email_preferences_save",
    "notification_mark_read",
    "notifications_mark_all_read",
]

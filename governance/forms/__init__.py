from .breaches import (
    BreachCloseForm,
    BreachContainForm,
    BreachForm,
    BreachIcoForm,
    BreachPartnerDecisionForm,
    BreachReopenForm,
)
from .notifications import NotificationSettingsForm
from .policies import PolicyForm

__all__ = [
    "BreachCloseForm",
    "BreachContainForm",
    "BreachForm",
    "BreachIcoForm",
    "BreachPartnerDecisionForm",
    "BreachReopenForm",
    "NotificationSettingsForm",
    "PolicyForm",
]

"""The Humber demo's required reading: the OPCC Data Protection Policy is required reading for
the core team (Staff, DPO, SIRO, Director). The DPO, the SIRO and the Director have confirmed
its current version; the analyst has not yet, so their home page and the policy page show it.
Loading twice adds nothing."""

from typing import Any

from accounts.models import User

from ..models import Policy, PolicyConfirmation
from ..services.policy_reading import policy_confirm_reading, policy_save

REQUIRED_POLICY = "OPCC Data Protection Policy"
REQUIRED_FOR = ["staff", "dpo", "siro", "director"]


def load_policy_reading(*, actor: User, readers: list[User]) -> Policy | None:
    """Mark the data protection policy required reading (once) and record ``readers``'
    confirmations of its current version (each once)."""
    policy = Policy.objects.filter(title=REQUIRED_POLICY).first()
    if policy is None:
        return None
    if policy.required_for_roles != REQUIRED_FOR or policy.reading_required_on is None:
        policy.required_for_roles = list(REQUIRED_FOR)
        policy = policy_save(
            policy, actor=actor, reason="Humber demo data: required reading for the core team"
        )
    for reader in readers:
        done: Any = PolicyConfirmation.objects.filter(
            policy=policy, user=reader, version=policy.version
        ).exists()
        if not done:
            policy_confirm_reading(policy, actor=reader, version=policy.version)
    return policy

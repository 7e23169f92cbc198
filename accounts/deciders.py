"""Who takes a decision that belongs to a role, and who deputises when that person cannot.

A decision is never taken by the person who wrote or proposed the record it decides on: the
DPO does not review their own DPIA or approve their own disposal. With one DPO in post that
would leave the record stuck, so the SIRO is the DPO's deputy, for records a DPO wrote or
proposed only. The deputy's decision is recorded as taken "as deputy DPO".

Every page that offers a decision asks ``dpo_decision`` first, so it offers only what the user
may do and otherwise says who can.
"""

from dataclasses import dataclass
from typing import Any

from .choices import Role

#: The role that takes the DPO's decisions on records a DPO wrote or proposed.
DPO_DEPUTY_ROLE = Role.SIRO


@dataclass(frozen=True)
class Decision:
    """Whether a user may take a decision, and in what capacity; why not, and who can."""

    allowed: bool
    as_deputy: bool = False
    refusal: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def takes_dpo_decisions(user: Any, *, permission: str) -> bool:
    """Whether the pages of the DPO's decision guarded by ``permission`` open for ``user``:
    they hold it, or they are the DPO's deputy. Each page still asks ``dpo_decision``."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.has_perm(permission)) or user.role == DPO_DEPUTY_ROLE


def dpo_decision(
    user: Any, *, permission: str, wrote_it: bool, written_by_dpo: bool, what: str
) -> Decision:
    """May ``user`` take the DPO's decision ``what`` (e.g. "confirm this screening")?

    ``permission`` is the DPO's permission for it; ``wrote_it`` says whether ``user`` wrote or
    proposed the record; ``written_by_dpo`` whether anyone holding the DPO role did.
    The refusal names who else can, in words for the page.
    """
    if not getattr(user, "is_authenticated", False):
        return Decision(False, refusal=f"Only the DPO can {what}.")
    holds_dpo_role = user.role == Role.DPO and user.has_perm(permission)
    if wrote_it:
        if holds_dpo_role or user.role == DPO_DEPUTY_ROLE:
            return Decision(
                False,
                refusal=(
                    f"You wrote or proposed this, so you cannot {what}: another DPO, or the "
                    "SIRO as deputy DPO, must."
                ),
            )
        return Decision(False, refusal=f"Only the DPO can {what}, and not on a record they wrote.")
    if holds_dpo_role:
        return Decision(True)
    if user.role == DPO_DEPUTY_ROLE and written_by_dpo:
        return Decision(True, as_deputy=True)
    if written_by_dpo:
        return Decision(
            False,
            refusal=f"A DPO wrote this, so another DPO, or the SIRO as deputy DPO, must {what}.",
        )
    return Decision(False, refusal=f"Only the DPO can {what}.")

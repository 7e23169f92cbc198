"""Every change to a DPIA: saving its steps and risks, and each step of its flow.

The rules:

1. Content (steps 1 to 6 and the links) changes only while the DPIA is a draft or returned,
   and never by someone who has already acted as its DPO.
2. Submitting needs every step the screening calls for, and every DPO comment resolved.
3. The DPO returns it (with comments on named steps) or gives advice; a screening that found
   no DPIA needed is confirmed by the DPO instead, and is then in force on its own.
4. Sign-off is the Director's while the highest residual risk is low or medium, the SIRO's when
   it is high; high residual risk also needs the prior consultation with the ICO (Art 36)
   recorded first.
5. Nobody advises on or signs off a DPIA they wrote, and one person takes one step only. On
   a DPIA a DPO wrote, another DPO or the SIRO as deputy DPO takes the DPO's steps
   (``accounts.deciders.dpo_decision``); whoever took the DPO's step does not sign it off.
   ``governance.selectors.dpia_decision`` holds these rules, for the pages too.
6. Approval freezes a snapshot; a review starts a new revision from the approved one, which
   it supersedes once the revision is itself approved.

Every step runs whole in one transaction: it locks the row, checks the rules under the lock,
records who, when and why in the history, adds an entry to the DPIA's timeline and (at
approval) freezes the snapshot and supersedes the previous revision, or does none of it.

The modules: ``content`` (rule 1: the DPIA, its risks, resolving comments), ``flow`` (the
steps any role takes: submit, return, reject, withdraw), ``decisions`` (the DPO's advice or
confirmation, the ICO consultation, sign-off) and ``revisions`` (reviews, snapshots,
supersession). Every service takes the DPIA (or its risk or comment) first.
"""

from vpp_portal.editing import EditConflict

from ...selectors import (
    MANDATORY_MESSAGE,
    StepProblem,
    dpia_problems,
    dpo_actor_ids,
    highest_overall_risk,
    highest_residual_risk,
    needs_ico_consultation,
    sign_off_permission,
    signer_title,
    step_url,
    steps_needed,
)
from .content import (
    dpia_comment_resolve,
    dpia_risk_remove,
    dpia_risk_save,
    dpia_save,
    store_risk_ranks,
)
from .decisions import (
    SCREENING_SAYS_NOT_REQUIRED,
    SCREENING_SAYS_REQUIRED,
    dpia_approve,
    dpia_confirm_screening,
    dpia_give_advice,
    dpia_record_ico_consultation,
)
from .flow import NOTIFIES, dpia_reject, dpia_return, dpia_submit, dpia_withdraw
from .revisions import COPIED_FIELDS, COPIED_RISK_FIELDS, dpia_start_review, snapshot_digest

__all__ = [
    "COPIED_FIELDS",
    "COPIED_RISK_FIELDS",
    "MANDATORY_MESSAGE",
    "NOTIFIES",
    "SCREENING_SAYS_NOT_REQUIRED",
    "SCREENING_SAYS_REQUIRED",
    "EditConflict",
    "StepProblem",
    "dpia_approve",
    "dpia_comment_resolve",
    "dpia_confirm_screening",
    "dpia_give_advice",
    "dpia_problems",
    "dpia_record_ico_consultation",
    "dpia_reject",
    "dpia_return",
    "dpia_risk_remove",
    "dpia_risk_save",
    "dpia_save",
    "dpia_start_review",
    "dpia_submit",
    "dpia_withdraw",
    "dpo_actor_ids",
    "highest_overall_risk",
    "highest_residual_risk",
    "needs_ico_consultation",
    "sign_off_permission",
    "signer_title",
    "snapshot_digest",
    "step_url",
    "steps_needed",
    "store_risk_ranks",
]

"""What ropa needs to know of governance's registers, which sit above it in the layer table:
which DPIA statuses count for a processing activity, and which policy kind is a safeguards
policy.

ropa never names governance's status values. ``STANDING`` is filled by governance in
``GovernanceConfig.ready()`` from ``governance.choices`` (its one definition of each DPIA status
group); ropa's rule (``ropa.services``), ICO columns 22 and 23 (``ropa.ico``) and the record page
read ``standing()``. A test holds the two to the same answer (tests/test_layers.py).
"""

from dataclasses import dataclass

from vpp_portal.interfaces import Slot


@dataclass(frozen=True)
class DpiaStanding:
    #: An approved DPIA: it settles "DPIA required? yes".
    approved: str
    #: A screening the DPO confirmed found no DPIA needed: it settles "no".
    screened_out: str
    #: Still being written or decided: it counts, but settles nothing yet.
    open: tuple[str, ...]
    #: Superseded, withdrawn or rejected: never counts for the processing it was linked to.
    settled: tuple[str, ...]
    #: The screening outcome (step 1) that says a DPIA is required.
    screening_required: str
    #: The policy kind an activity's safeguards policy (appropriate policy document) must have.
    safeguards_policy_kind: str
    #: The policy kind an activity's privacy notice must have.
    privacy_notice_kind: str
    #: A policy in this status no longer covers anything (a withdrawn privacy notice).
    policy_withdrawn: str

    @property
    def in_force(self) -> tuple[str, ...]:
        """The statuses that settle the question for the processing a DPIA covers."""
        return (self.approved, self.screened_out)


STANDING: Slot[DpiaStanding] = Slot("ropa.dpia_standing.STANDING", filled_by="governance")


def standing() -> DpiaStanding:
    return STANDING.get()

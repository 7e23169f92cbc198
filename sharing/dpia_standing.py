"""What sharing needs to know of the DPIA register, which sits above it in the layer table:
which DPIA statuses a sharing record (an agreement, a data source) leaves out of its list of
linked DPIAs.

sharing never names governance's status values. ``STANDING`` is filled by governance in
``GovernanceConfig.ready()`` from ``governance.choices``; ``sharing.selectors.dpia_prefetches``
reads ``standing()``. A test holds the two to the same answer (tests/test_layers.py).
"""

from dataclasses import dataclass

from vpp_portal.interfaces import Slot


@dataclass(frozen=True)
class DpiaStanding:
    #: Replaced by a later revision (which is linked too): not listed on a sharing record.
    replaced: tuple[str, ...]


STANDING: Slot[DpiaStanding] = Slot("sharing.dpia_standing.STANDING", filled_by="governance")


def standing() -> DpiaStanding:
    return STANDING.get()

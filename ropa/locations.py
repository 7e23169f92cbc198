"""What ropa needs to know of where its activities' data is held, from a register above it.

ROPA column 20 (location of the data) is ``ProcessingActivity.location``, a field ropa owns.
When an activity is held in systems of the systems register (governance), that register's
services keep the field up to date, and the activity's form shows it read-only. ropa never
reads the systems register: governance fills ``KEPT_FROM_SYSTEMS`` in its
``AppConfig.ready()`` with a function saying whether an activity's location is kept there.
"""

from collections.abc import Callable

from vpp_portal.interfaces import Slot

#: ``kept(activity_id) -> bool``: whether the activity's location is kept from its systems.
KEPT_FROM_SYSTEMS: Slot[Callable[[int], bool]] = Slot(
    "ropa.locations.KEPT_FROM_SYSTEMS", filled_by="governance"
)


def location_kept_from_systems(activity_id: int | None) -> bool:
    """Whether the location of the data of this (saved) activity is set by its systems."""
    if activity_id is None:
        return False
    return KEPT_FROM_SYSTEMS.get()(activity_id)

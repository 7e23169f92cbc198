"""Governance's chooser (``vpp_portal.choosers``): policies the user may see."""

from vpp_portal.choosers import Chooser, register_chooser

from .models import Policy


def register() -> None:
    register_chooser(
        Chooser(
            kind="policy",
            noun="policy",
            model=Policy,
            search_fields=("title", "version"),
            permission="governance.view_policy",
            order_by=("title", "-version", "pk"),
        )
    )

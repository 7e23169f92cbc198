"""The ROPA's chooser (``vpp_portal.choosers``): processing activities the user may see."""

from vpp_portal.choosers import Chooser, register_chooser

from .models import ProcessingActivity


def register() -> None:
    register_chooser(
        Chooser(
            kind="activity",
            noun="processing activity",
            model=ProcessingActivity,
            search_fields=("name", "business_function"),
            permission="ropa.view_processingactivity",
            order_by=("name", "pk"),
        )
    )

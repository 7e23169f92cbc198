"""Governance's choosers (``vpp_portal.choosers``): policies and DPIAs the user may see."""

from typing import Any

from django.contrib.auth import get_user_model

from vpp_portal.choosers import Chooser, register_chooser

from .models import Dpia, Policy
from .training.rules import people_visible_to


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
    # DPIAs, for the records an audit finding concerns.
    register_chooser(
        Chooser(
            kind="dpia",
            noun="DPIA",
            model=Dpia,
            search_fields=("title", "reference"),
            permission="governance.view_dpia",
            order_by=("title", "pk"),
        )
    )
    # People whose training is recorded: core team and partner staff (a partner finds only
    # their own organisation's), each shown with their e-mail address.
    register_chooser(
        Chooser(
            kind="trainee",
            noun="person",
            model=get_user_model(),
            search_fields=("full_name", "email"),
            permission="governance.view_trainingrecord",
            order_by=("full_name", "email"),
            scope=people_visible_to,
            label=_person_label,
        )
    )


def _person_label(user: Any) -> str:
    return f"{user.full_name} ({user.email})" if user.full_name else user.email

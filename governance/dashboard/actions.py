"""The leadership panel's action-register figures: what is still to be done, and what is past
its due date. One conditional aggregate over the register, whatever its size."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q

from ..choices import ACTION_LIVE_STATUSES
from ..models import Action
from ..querysets_actions import overdue_condition
from .figures import Figure, list_url


def action_figures(user: Any, today: date) -> list[Figure]:
    figures = Action.objects.visible_to(user).aggregate(
        live=Count("pk", filter=Q(status__in=ACTION_LIVE_STATUSES)),
        overdue=Count("pk", filter=overdue_condition(today)),
    )
    actions = "governance:action_list"
    return [
        Figure("Actions open or in progress", figures["live"], list_url(actions, status="live")),
        Figure(
            "Actions overdue",
            figures["overdue"],
            list_url(actions, overdue="true"),
            "Open or in progress, and past their due date: their reminders go to the DPO.",
        ),
    ]

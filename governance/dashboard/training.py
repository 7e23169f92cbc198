"""The training and awareness panel's figures: one conditional aggregate over people."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count

from ..training.rules import in_date, induction_overdue, key_role_course_missing, people_visible_to
from .figures import Figure, list_url, plural

LIST = "governance:person_training_list"


def training_figures(user: Any, today: date) -> list[Figure]:
    """The share of people in date, new starters past 30 days without induction, and
    key-role holders without their specialist course — each linking to the people list
    filtered to exactly those people (the same conditions, ``training.rules``)."""
    people = people_visible_to(user)
    tally = people.aggregate(
        total=Count("pk"),
        in_date=Count("pk", filter=in_date(today)),
        induction=Count("pk", filter=induction_overdue(today)),
        key_role=Count("pk", filter=key_role_course_missing(today)),
    )
    total, current = tally["total"], tally["in_date"]
    share = f"{round(100 * current / total)}%" if total else "No people"
    return [
        Figure(
            "People in date with their training",
            share,
            list_url(LIST, state="out_of_date"),
            f"{current} of {plural(total, 'person', 'people')} in date.",
        ),
        Figure(
            "New starters without induction after 30 days",
            tally["induction"],
            list_url(LIST, state="induction_overdue"),
        ),
        Figure(
            "Key-role holders without their specialist course",
            tally["key_role"],
            list_url(LIST, state="key_role_missing"),
        ),
    ]

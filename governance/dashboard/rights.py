"""The "Individuals' rights" panel: the on-time rate over the last twelve months and the open
requests by age, each figure linked to the request list filtered to its rows. One conditional
aggregate over the request table."""

from datetime import date
from typing import Any

from django.db.models import Count, F, Q

from ..models.rights import RightsRequest
from ..rights.filters import AGE_BANDS, age_condition, responded_in_last_year
from .figures import Figure, list_url

LIST = "governance:rightsrequest_list"


def rights_figures(user: Any, today: date) -> list[Figure]:
    last_year = responded_in_last_year(today)
    counts = RightsRequest.objects.visible_to(user).aggregate(
        responded=Count("pk", filter=last_year),
        on_time=Count("pk", filter=last_year & Q(responded_on__lte=F("due_on"))),
        overdue=Count("pk", filter=~Q(status="responded") & Q(due_on__lt=today)),
        **{band: Count("pk", filter=age_condition(band, today)) for band, *_ in AGE_BANDS},
    )
    responded, on_time = counts["responded"], counts["on_time"]
    rate = f"{round(100 * on_time / responded)}%" if responded else "None responded"
    figures = [
        Figure(
            "Responded on time in the last 12 months",
            rate,
            list_url(LIST, responded="on_time"),
            f"{on_time} of {responded} requests" if responded else "No request was responded to.",
        ),
        Figure(
            "Responded late in the last 12 months",
            responded - on_time,
            list_url(LIST, responded="late"),
        ),
        Figure("Open and overdue", counts["overdue"], list_url(LIST, clock="overdue")),
    ]
    figures += [
        Figure(f"Open: {label[0].lower()}{label[1:]}", counts[band], list_url(LIST, age=band))
        for band, label, *_ in AGE_BANDS
    ]
    return figures

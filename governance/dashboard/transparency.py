"""The transparency panel: which active personal-data activities a privacy notice covers, from
the same read of the processing activities as the records of processing panel."""

from __future__ import annotations

from typing import Any

from .figures import Figure, list_url


def transparency_figures(activities: dict[str, Any]) -> list[Figure]:
    total = activities["active_personal"]
    covered = activities["notice_covered"]
    share = round(100 * covered / total) if total else 100
    activity_list = "ropa:processingactivity_list"
    personal = {"status": "active", "has_personal_data": "true"}
    return [
        Figure(
            "Covered by a privacy notice",
            covered,
            list_url(activity_list, **personal, privacy_notice="covered"),
            f"{share}% of active activities with personal data are covered by a privacy "
            "notice that is not withdrawn.",
        ),
        Figure(
            "No privacy notice covers them",
            total - covered,
            list_url(activity_list, **personal, privacy_notice="missing"),
        ),
    ]

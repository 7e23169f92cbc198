"""The Django admin's view of django-simple-history: history may be read there, never changed.

``SIMPLE_HISTORY_REVERT_DISABLED`` only hides simple-history's "Revert" button: its form for a
past version still saves whatever is POSTed to it, writing a new history row. Every admin that
shows history uses ``ReadOnlyHistoryAdmin``, which refuses that POST.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """A model's history pages in the admin, read-only: a past version is shown, not restored."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("History cannot be changed or restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

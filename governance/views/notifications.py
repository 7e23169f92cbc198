"""STUB: replaced by a helper."""

from django.http import Http404
from django.views import View


class _Stub(View):
    def dispatch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise Http404("Not built yet")


class NotificationListView(_Stub):
    pass


class NotificationSettingsView(_Stub):
    pass


class NotificationReadAllView(_Stub):
    pass


class NotificationOpenView(_Stub):
    pass


class NotificationReadView(_Stub):
    pass

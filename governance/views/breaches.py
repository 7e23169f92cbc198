"""STUB: replaced by a helper."""

from django.http import Http404
from django.views import View


class _Stub(View):
    def dispatch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise Http404("Not built yet")


class BreachListView(_Stub):
    pass


class BreachExportView(_Stub):
    pass


class BreachCreateView(_Stub):
    pass


class BreachDetailView(_Stub):
    pass


class BreachUpdateView(_Stub):
    pass


class BreachHistoryView(_Stub):
    pass


class BreachIcoView(_Stub):
    pass


class BreachTransitionView(_Stub):
    pass

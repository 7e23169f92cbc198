"""STUB: replaced by a helper."""

from django.http import Http404
from django.views import View


class _Stub(View):
    def dispatch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise Http404("Not built yet")


class RoleHolderListView(_Stub):
    pass


class RoleHolderExportView(_Stub):
    pass


class RoleHolderCreateView(_Stub):
    pass


class RoleHolderDetailView(_Stub):
    pass


class RoleHolderUpdateView(_Stub):
    pass


class RoleHolderHistoryView(_Stub):
    pass

"""Placeholder while the DPIA views are written: every page answers 501."""

from django.http import HttpResponse
from django.views import View


class _NotYet(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse("Not written yet", status=501)


class DpiaListView(_NotYet):
    pass

class DpiaExportView(_NotYet):
    pass

class DpiaCreateView(_NotYet):
    pass

class DpiaDetailView(_NotYet):
    pass

class DpiaUpdateView(_NotYet):
    pass

class DpiaHistoryView(_NotYet):
    pass

class DpiaTimelineView(_NotYet):
    pass

class DpiaCommentResolveView(_NotYet):
    pass

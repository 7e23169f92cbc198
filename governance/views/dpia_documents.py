"""Placeholder while the DPIA views are written: every page answers 501."""

from django.http import HttpResponse
from django.views import View


class _NotYet(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse("Not written yet", status=501)


class DpiaPrintView(_NotYet):
    pass

class DpiaPdfView(_NotYet):
    pass

class DpiaSnapshotView(_NotYet):
    pass

class DpiaSnapshotPdfView(_NotYet):
    pass

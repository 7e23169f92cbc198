"""Placeholder while the DPIA views are written: every page answers 501."""

from django.http import HttpResponse
from django.views import View


class _NotYet(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse("Not written yet", status=501)


class DpiaReviewQueueView(_NotYet):
    pass

class DpiaDirectorQueueView(_NotYet):
    pass

class DpiaSiroQueueView(_NotYet):
    pass

class DpiaIcoConsultationView(_NotYet):
    pass

class DpiaTransitionView(_NotYet):
    pass


def dpia_actions(dpia, user):  # placeholder: the workflow buttons for ``dpia`` and ``user``
    return []

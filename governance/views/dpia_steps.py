"""Placeholder while the DPIA views are written: every page answers 501."""

from django.http import HttpResponse
from django.views import View


class _NotYet(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse("Not written yet", status=501)


class DpiaScreeningView(_NotYet):
    pass

class DpiaDescriptionView(_NotYet):
    pass

class DpiaConsultationView(_NotYet):
    pass

class DpiaNecessityView(_NotYet):
    pass

class DpiaRiskCreateView(_NotYet):
    pass

class DpiaRiskUpdateView(_NotYet):
    pass

class DpiaRiskMeasureView(_NotYet):
    pass

class DpiaRiskDeleteView(_NotYet):
    pass

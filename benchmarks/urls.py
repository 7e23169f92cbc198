"""The portal's URLs plus the benchmark's floor view: what any signed-in page costs at least
(the session, the user, the login check, rendering a template), to compare each page with; and
the benchmark-only admin site (``benchmarks/admin.py``), whose changelists are the other yardstick
for the register lists."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from benchmarks.admin import site as benchmark_admin
from vpp_portal.urls import handler403, handler404, handler500
from vpp_portal.urls import urlpatterns as portal_urls

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "benchmarks/floor.html", {"user": request.user})


urlpatterns = [
    path("benchmark/floor/", floor, name="benchmark_floor"),
    path("benchmark/admin/", benchmark_admin.urls),
    *portal_urls,
]

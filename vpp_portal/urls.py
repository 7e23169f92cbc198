from django.contrib import admin
from django.urls import include, path

from . import views
from .choosers import ChooserSearchView

admin.site.site_header = "VPP Governance Portal administration"
admin.site.site_title = "VPP Governance Portal"
# One way in: the admin's own login form would bypass the portal's (lockout, later MFA).
admin.site.login = views.admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The autocomplete choosers' search (vpp_portal.choosers): each kind checks its own role.
    path("choose/<slug:kind>/", ChooserSearchView.as_view(), name="chooser_search"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("accounts.security_urls")),
    path("sharing/", include("sharing.urls")),
    path("ropa/", include("ropa.urls")),
    # Governance holds the home page (at "") and its own pages under governance/.
    path("", include("governance.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "vpp_portal.views.permission_denied"
handler404 = "vpp_portal.views.page_not_found"
handler500 = "vpp_portal.views.server_error"

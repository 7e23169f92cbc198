"""The security pages (allauth's sign-in routes are in ``accounts.urls``, un-namespaced)."""

from django.urls import path

from . import security_views

app_name = "accounts"

urlpatterns = [
    path(
        "security-events/",
        security_views.SecurityEventListView.as_view(),
        name="securityevent_list",
    ),
    path("role-changes/", security_views.RoleChangeListView.as_view(), name="rolechange_list"),
]

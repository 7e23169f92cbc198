from django.urls import path, re_path

from . import views

app_name = "sharing"

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    re_path(
        r"^organisations/export\.(?P<format>csv|xlsx)$",
        views.OrganisationExportView.as_view(),
        name="organisation_export",
    ),
    path("organisations/add/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path(
        "organisations/<int:pk>/history/",
        views.OrganisationHistoryView.as_view(),
        name="organisation_history",
    ),
]

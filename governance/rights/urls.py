"""The rights request register's routes, included in governance's namespace."""

from django.urls import path, re_path

from vpp_portal.routes import EXPORT, register_routes

from ..views.rights import (
    RightsRequestCreateView,
    RightsRequestDetailView,
    RightsRequestExportView,
    RightsRequestHistoryView,
    RightsRequestListView,
    RightsRequestTransitionView,
    RightsRequestUpdateView,
    RightsSearchAnswerView,
    RightsSearchCreateView,
    RightsSearchDetailView,
    RightsSearchExportView,
    RightsSearchHistoryView,
    RightsSearchListView,
    RightsSearchUpdateView,
)

rights_urlpatterns = [
    *register_routes(
        "rights-requests",
        "rightsrequest",
        list_view=RightsRequestListView,
        export_view=RightsRequestExportView,
        create_view=RightsRequestCreateView,
        detail_view=RightsRequestDetailView,
        update_view=RightsRequestUpdateView,
        history_view=RightsRequestHistoryView,
        transition_view=RightsRequestTransitionView,
    ),
    path(
        "rights-requests/<int:request_pk>/searches/add/",
        RightsSearchCreateView.as_view(),
        name="rightssearch_create",
    ),
    path("rights-searches/", RightsSearchListView.as_view(), name="rightssearch_list"),
    re_path(
        rf"^rights-searches/{EXPORT}", RightsSearchExportView.as_view(), name="rightssearch_export"
    ),
    path("rights-searches/<int:pk>/", RightsSearchDetailView.as_view(), name="rightssearch_detail"),
    path(
        "rights-searches/<int:pk>/edit/",
        RightsSearchUpdateView.as_view(),
        name="rightssearch_update",
    ),
    path(
        "rights-searches/<int:pk>/history/",
        RightsSearchHistoryView.as_view(),
        name="rightssearch_history",
    ),
    path(
        "rights-searches/<int:pk>/answer/",
        RightsSearchAnswerView.as_view(),
        name="rightssearch_answer",
    ),
]

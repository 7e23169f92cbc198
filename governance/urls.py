from django.urls import path

from vpp_portal.routes import register_routes, views_of

from .views import policies

app_name = "governance"

urlpatterns = [
    *register_routes("policies", "policy", views_of(policies, "Policy")),
    path(
        "policies/<int:pk>/document/",
        policies.PolicyDocumentView.as_view(),
        name="policy_document",
    ),
]

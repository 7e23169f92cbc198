from django.urls import path, re_path

from .views import agreements, forums, organisations, products, sources

app_name = "sharing"

EXPORT = r"export\.(?P<format>csv|xlsx)$"


def register(prefix: str, name: str, views: dict) -> list:
    """The standard register routes: list, export, add, detail, edit, history."""
    return [
        path(f"{prefix}/", views["list"].as_view(), name=f"{name}_list"),
        re_path(rf"^{prefix}/{EXPORT}", views["export"].as_view(), name=f"{name}_export"),
        path(f"{prefix}/add/", views["create"].as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", views["detail"].as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views["update"].as_view(), name=f"{name}_update"),
        path(f"{prefix}/<int:pk>/history/", views["history"].as_view(), name=f"{name}_history"),
    ]


def views_of(module: object, model: str) -> dict:
    return {
        action: getattr(module, f"{model}{suffix}View")
        for action, suffix in (
            ("list", "List"),
            ("export", "Export"),
            ("create", "Create"),
            ("detail", "Detail"),
            ("update", "Update"),
            ("history", "History"),
        )
    }


urlpatterns = [
    *register("organisations", "organisation", views_of(organisations, "Organisation")),
    path(
        "organisations/<int:organisation_pk>/contacts/add/",
        organisations.ContactCreateView.as_view(),
        name="contact_create",
    ),
    path(
        "contacts/<int:pk>/edit/", organisations.ContactUpdateView.as_view(), name="contact_update"
    ),
    path(
        "contacts/<int:pk>/history/",
        organisations.ContactHistoryView.as_view(),
        name="contact_history",
    ),
    *register("forums", "forum", views_of(forums, "Forum")),
    *register("connection-requests", "connectionrequest", views_of(forums, "ConnectionRequest")),
    path(
        "connection-requests/<int:pk>/<slug:transition>/",
        forums.ConnectionRequestTransitionView.as_view(),
        name="connectionrequest_transition",
    ),
    *register("agreements", "agreement", views_of(agreements, "Agreement")),
    path(
        "agreements/<int:pk>/<slug:transition>/",
        agreements.AgreementTransitionView.as_view(),
        name="agreement_transition",
    ),
    path(
        "agreements/<int:agreement_pk>/parties/add/",
        agreements.AgreementPartyCreateView.as_view(),
        name="agreementparty_create",
    ),
    path(
        "parties/<int:pk>/edit/",
        agreements.AgreementPartyUpdateView.as_view(),
        name="agreementparty_update",
    ),
    path(
        "parties/<int:pk>/remove/",
        agreements.AgreementPartyDeleteView.as_view(),
        name="agreementparty_delete",
    ),
    path(
        "agreements/<int:agreement_pk>/documents/add/",
        agreements.SignedDocumentCreateView.as_view(),
        name="signeddocument_create",
    ),
    path(
        "documents/<int:pk>/download/",
        agreements.SignedDocumentDownloadView.as_view(),
        name="signeddocument_download",
    ),
    *register("data-sources", "datasource", views_of(sources, "DataSource")),
    *register("products", "product", views_of(products, "Product")),
    path(
        "products/<int:pk>/<slug:transition>/",
        products.ProductTransitionView.as_view(),
        name="product_transition",
    ),
    path(
        "products/<int:product_pk>/consultations/add/",
        products.ConsultationCreateView.as_view(),
        name="consultation_create",
    ),
    path("consultations/", products.ConsultationListView.as_view(), name="consultation_list"),
    re_path(
        rf"^consultations/{EXPORT}",
        products.ConsultationExportView.as_view(),
        name="consultation_export",
    ),
    path(
        "consultations/<int:pk>/",
        products.ConsultationDetailView.as_view(),
        name="consultation_detail",
    ),
    path(
        "consultations/<int:pk>/edit/",
        products.ConsultationUpdateView.as_view(),
        name="consultation_update",
    ),
    path(
        "consultations/<int:pk>/history/",
        products.ConsultationHistoryView.as_view(),
        name="consultation_history",
    ),
    path(
        "consultations/<int:pk>/respond/",
        products.ConsultationRespondView.as_view(),
        name="consultation_respond",
    ),
]

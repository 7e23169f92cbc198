from django.urls import path, re_path

from vpp_portal.routes import EXPORT, register_routes, views_of

from .views import agreements, forums, organisations, products, role_holders, sources

app_name = "sharing"


urlpatterns = [
    *register_routes("organisations", "organisation", views_of(organisations, "Organisation")),
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
    *register_routes("role-holders", "roleholder", views_of(role_holders, "RoleHolder")),
    *register_routes("forums", "forum", views_of(forums, "Forum")),
    *register_routes(
        "connection-requests", "connectionrequest", views_of(forums, "ConnectionRequest")
    ),
    path(
        "connection-requests/<int:pk>/<slug:transition>/",
        forums.ConnectionRequestTransitionView.as_view(),
        name="connectionrequest_transition",
    ),
    *register_routes("agreements", "agreement", views_of(agreements, "Agreement")),
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
        "parties/<int:pk>/signs-elsewhere/",
        agreements.AgreementPartySignsElsewhereView.as_view(),
        name="agreementparty_signs_elsewhere",
    ),
    path(
        "parties/<int:pk>/signs-elsewhere/accept/",
        agreements.AgreementPartyAcceptSignsElsewhereView.as_view(),
        name="agreementparty_accept_signs_elsewhere",
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
    *register_routes("data-sources", "datasource", views_of(sources, "DataSource")),
    *register_routes("products", "product", views_of(products, "Product")),
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

from django.urls import path, re_path

from vpp_portal.routes import EXPORT, register_routes

from .views.agreements import (
    AgreementCreateView,
    AgreementDetailView,
    AgreementExportView,
    AgreementHistoryView,
    AgreementListView,
    AgreementPartyAcceptSignsElsewhereView,
    AgreementPartyCreateView,
    AgreementPartyDeleteView,
    AgreementPartySignsElsewhereView,
    AgreementPartyUpdateView,
    AgreementTransitionView,
    AgreementUpdateView,
    SignedDocumentCreateView,
    SignedDocumentDownloadView,
)
from .views.code_items import AgreementCodeItemsView
from .views.forums import (
    ConnectionRequestCreateView,
    ConnectionRequestDetailView,
    ConnectionRequestExportView,
    ConnectionRequestHistoryView,
    ConnectionRequestListView,
    ConnectionRequestTransitionView,
    ConnectionRequestUpdateView,
    ForumCreateView,
    ForumDetailView,
    ForumExportView,
    ForumHistoryView,
    ForumListView,
    ForumUpdateView,
)
from .views.organisations import (
    ContactCreateView,
    ContactHistoryView,
    ContactUpdateView,
    OrganisationCreateView,
    OrganisationDetailView,
    OrganisationExportView,
    OrganisationHistoryView,
    OrganisationListView,
    OrganisationUpdateView,
)
from .views.products import (
    ConsultationCreateView,
    ConsultationDetailView,
    ConsultationExportView,
    ConsultationHistoryView,
    ConsultationListView,
    ConsultationRespondView,
    ConsultationUpdateView,
    ProductCreateView,
    ProductDetailView,
    ProductExportView,
    ProductHistoryView,
    ProductListView,
    ProductTransitionView,
    ProductUpdateView,
)
from .views.role_holders import (
    RoleHolderCreateView,
    RoleHolderDetailView,
    RoleHolderExportView,
    RoleHolderHistoryView,
    RoleHolderListView,
    RoleHolderUpdateView,
)
from .views.sources import (
    DataSourceAgreementChoicesView,
    DataSourceCreateView,
    DataSourceDetailView,
    DataSourceExportView,
    DataSourceHistoryView,
    DataSourceListView,
    DataSourceUpdateView,
)

app_name = "sharing"


urlpatterns = [
    *register_routes(
        "organisations",
        "organisation",
        list_view=OrganisationListView,
        export_view=OrganisationExportView,
        create_view=OrganisationCreateView,
        detail_view=OrganisationDetailView,
        update_view=OrganisationUpdateView,
        history_view=OrganisationHistoryView,
    ),
    path(
        "organisations/<int:organisation_pk>/contacts/add/",
        ContactCreateView.as_view(),
        name="contact_create",
    ),
    path("contacts/<int:pk>/edit/", ContactUpdateView.as_view(), name="contact_update"),
    path("contacts/<int:pk>/history/", ContactHistoryView.as_view(), name="contact_history"),
    *register_routes(
        "role-holders",
        "roleholder",
        list_view=RoleHolderListView,
        export_view=RoleHolderExportView,
        create_view=RoleHolderCreateView,
        detail_view=RoleHolderDetailView,
        update_view=RoleHolderUpdateView,
        history_view=RoleHolderHistoryView,
    ),
    *register_routes(
        "forums",
        "forum",
        list_view=ForumListView,
        export_view=ForumExportView,
        create_view=ForumCreateView,
        detail_view=ForumDetailView,
        update_view=ForumUpdateView,
        history_view=ForumHistoryView,
    ),
    *register_routes(
        "connection-requests",
        "connectionrequest",
        list_view=ConnectionRequestListView,
        export_view=ConnectionRequestExportView,
        create_view=ConnectionRequestCreateView,
        detail_view=ConnectionRequestDetailView,
        update_view=ConnectionRequestUpdateView,
        history_view=ConnectionRequestHistoryView,
        transition_view=ConnectionRequestTransitionView,
    ),
    *register_routes(
        "agreements",
        "agreement",
        list_view=AgreementListView,
        export_view=AgreementExportView,
        create_view=AgreementCreateView,
        detail_view=AgreementDetailView,
        update_view=AgreementUpdateView,
        history_view=AgreementHistoryView,
        transition_view=AgreementTransitionView,
    ),
    path(
        "agreements/<int:pk>/contents/",
        AgreementCodeItemsView.as_view(),
        name="agreement_code_items",
    ),
    path(
        "agreements/<int:agreement_pk>/parties/add/",
        AgreementPartyCreateView.as_view(),
        name="agreementparty_create",
    ),
    path(
        "parties/<int:pk>/edit/", AgreementPartyUpdateView.as_view(), name="agreementparty_update"
    ),
    path(
        "parties/<int:pk>/remove/", AgreementPartyDeleteView.as_view(), name="agreementparty_delete"
    ),
    path(
        "parties/<int:pk>/signs-elsewhere/",
        AgreementPartySignsElsewhereView.as_view(),
        name="agreementparty_signs_elsewhere",
    ),
    path(
        "parties/<int:pk>/signs-elsewhere/accept/",
        AgreementPartyAcceptSignsElsewhereView.as_view(),
        name="agreementparty_accept_signs_elsewhere",
    ),
    path(
        "agreements/<int:agreement_pk>/documents/add/",
        SignedDocumentCreateView.as_view(),
        name="signeddocument_create",
    ),
    path(
        "documents/<int:pk>/download/",
        SignedDocumentDownloadView.as_view(),
        name="signeddocument_download",
    ),
    path(
        "data-sources/agreement-choices/",
        DataSourceAgreementChoicesView.as_view(),
        name="datasource_agreement_choices",
    ),
    *register_routes(
        "data-sources",
        "datasource",
        list_view=DataSourceListView,
        export_view=DataSourceExportView,
        create_view=DataSourceCreateView,
        detail_view=DataSourceDetailView,
        update_view=DataSourceUpdateView,
        history_view=DataSourceHistoryView,
    ),
    *register_routes(
        "products",
        "product",
        list_view=ProductListView,
        export_view=ProductExportView,
        create_view=ProductCreateView,
        detail_view=ProductDetailView,
        update_view=ProductUpdateView,
        history_view=ProductHistoryView,
        transition_view=ProductTransitionView,
    ),
    path(
        "products/<int:product_pk>/consultations/add/",
        ConsultationCreateView.as_view(),
        name="consultation_create",
    ),
    path("consultations/", ConsultationListView.as_view(), name="consultation_list"),
    re_path(
        rf"^consultations/{EXPORT}", ConsultationExportView.as_view(), name="consultation_export"
    ),
    path("consultations/<int:pk>/", ConsultationDetailView.as_view(), name="consultation_detail"),
    path(
        "consultations/<int:pk>/edit/", ConsultationUpdateView.as_view(), name="consultation_update"
    ),
    path(
        "consultations/<int:pk>/history/",
        ConsultationHistoryView.as_view(),
        name="consultation_history",
    ),
    path(
        "consultations/<int:pk>/respond/",
        ConsultationRespondView.as_view(),
        name="consultation_respond",
    ),
]

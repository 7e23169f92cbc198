from typing import Any

from django.shortcuts import get_object_or_404

from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from ..filters.organisations import OrganisationFilterSet
from ..forms.organisations import ContactForm, OrganisationForm
from ..models import Contact, Organisation
from ..selectors import current_role_holders, organisation_relations
from ..tables.organisations import OrganisationTable


class OrganisationListView(RegisterListView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilterSet


class OrganisationExportView(RegisterExportView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilterSet


class OrganisationDetailView(RegisterDetailView):
    model = Organisation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(organisation_relations(self.object, self.request.user))
        if self.request.user.has_perm("sharing.view_roleholder"):
            context["role_holders"] = current_role_holders(self.object)
        return context


class OrganisationHistoryView(RegisterHistoryView):
    model = Organisation


class OrganisationCreateView(RegisterCreateView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationUpdateView(RegisterUpdateView):
    model = Organisation
    form_class = OrganisationForm


class ContactCreateView(RegisterCreateView):
    """Add a named contact to an organisation the user can see; saving returns to its page."""

    model = Contact
    form_class = ContactForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        organisation = get_object_or_404(
            Organisation.objects.visible_to(self.request.user),
            pk=self.kwargs["organisation_pk"],
        )
        kwargs["instance"] = Contact(organisation=organisation)
        return kwargs


class ContactUpdateView(RegisterUpdateView):
    """Edit a contact of an organisation the user can see (404 for anyone else's)."""

    model = Contact
    form_class = ContactForm

    def get_queryset(self) -> Any:
        # Contacts are scoped by their organisation (ContactQuerySet.for_partner).
        return Contact.objects.visible_to(self.request.user).with_related()


class ContactHistoryView(RegisterHistoryView):
    """Every change to one contact; the Details tab leads back to the organisation."""

    model = Contact

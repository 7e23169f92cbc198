"""Parties to an agreement: added, changed and removed from the agreement's page, with history."""

import pytest
from django.urls import reverse

from sharing.models import AgreementParty
from tests.factories import AgreementFactory, DataSourceFactory

pytestmark = pytest.mark.django_db


def add_url(agreement):
    return reverse("sharing:agreementparty_create", kwargs={"agreement_pk": agreement.pk})


def edit_url(party):
    return reverse("sharing:agreementparty_update", kwargs={"pk": party.pk})


def remove_url(party):
    return reverse("sharing:agreementparty_delete", kwargs={"pk": party.pk})


def edit_data(party, **changes):
    data = {
        "organisation": party.organisation_id,
        "role": party.role,
        "row_version": party.row_version,
    }
    data.update(changes)
    return data


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("role", ["siro", "director", "partner_hull", "partner_police"])
def test_readers_and_partners_cannot_add_change_or_remove_parties(
    request, client, role, police, hull_sharing
):
    party = hull_sharing["agreementparty"]
    client.force_login(request.getfixturevalue(role))
    assert client.get(add_url(party.agreement)).status_code == 403
    response = client.post(
        add_url(party.agreement), {"organisation": police.pk, "role": "recipient"}
    )
    assert response.status_code == 403
    assert client.post(edit_url(party), edit_data(party, role="processor")).status_code == 403
    assert client.post(remove_url(party), {"reason": "Left"}).status_code == 403
    party.refresh_from_db()
    assert party.role == "controller"
    assert party.agreement.parties.count() == 2


def test_staff_add_a_party_and_its_history_records_who_and_why(client, staff, police, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(staff)
    page = client.get(add_url(agreement))
    assert f'href="{agreement.get_absolute_url()}" class="govuk-back-link"' in page.content.decode()
    # The organisation is typed (a chooser): the page lists no organisations.
    assert "<option" not in page.content.decode()

    response = client.post(
        add_url(agreement),
        {"organisation": police.pk, "role": "recipient", "change_reason": "Joined in May"},
    )
    assert response["Location"] == agreement.get_absolute_url()
    party = agreement.parties.get(organisation=police)
    assert party.role == "recipient"
    (entry,) = party.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Joined in May",
    )


def test_an_organisation_already_party_cannot_be_added_twice(client, staff, hull, hull_sharing):
    agreement = hull_sharing["agreement"]
    client.force_login(staff)
    response = client.post(add_url(agreement), {"organisation": hull.pk, "role": "recipient"})
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "This organisation is already a party to the agreement."
    ]
    assert agreement.parties.filter(organisation=hull).count() == 1


def test_missing_answers_are_reported_next_to_their_fields(client, staff, hull_sharing):
    client.force_login(staff)
    response = client.post(add_url(hull_sharing["agreement"]), {})
    errors = response.context["form"].errors
    assert errors["organisation"] == ["Select the organisation."]
    assert errors["role"] == ["Select the organisation's role under UK GDPR."]
    assert "There is a problem" in response.content.decode()


def test_a_role_change_writes_exactly_one_history_row_with_user_and_reason(
    client, dpo, hull_sharing
):
    party = hull_sharing["agreementparty"]
    client.force_login(dpo)
    page = client.get(edit_url(party)).content.decode()
    assert f'href="{party.agreement.get_absolute_url()}" class="govuk-back-link"' in page
    response = client.post(
        edit_url(party), edit_data(party, role="recipient", change_reason="Receives only")
    )
    assert response["Location"] == party.agreement.get_absolute_url()
    party.refresh_from_db()
    assert party.role == "recipient"
    assert party.history.count() == 2
    latest = party.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Receives only")


def test_a_joint_controller_cannot_join_an_active_agreement_without_an_art26_arrangement(
    client, staff, police, hull_sharing
):
    agreement = hull_sharing["agreement"]
    client.force_login(staff)
    response = client.post(
        add_url(agreement), {"organisation": police.pk, "role": "joint_controller"}
    )
    assert response.context["form"].errors["role"] == [
        "Record the Art 26 arrangement on the agreement before adding a joint controller to an "
        "active agreement."
    ]
    assert not agreement.parties.filter(organisation=police).exists()


def test_a_supplier_cannot_be_swapped_for_another_organisation_on_an_active_agreement(
    client, staff, police, hull_sharing
):
    party = hull_sharing["agreementparty"]
    client.force_login(staff)
    response = client.post(edit_url(party), edit_data(party, organisation=police.pk))
    assert response.context["form"].errors["organisation"] == [
        "Hull City Council supplies data under this agreement (Hull youth service contacts): "
        "change those data sources first."
    ]
    party.refresh_from_db()
    assert party.organisation.name == "Hull City Council"


def test_staff_remove_a_party_and_the_history_says_who_and_why(client, staff, police, opcc):
    agreement = AgreementFactory(
        status="active", parties=[(opcc, "controller"), (police, "recipient")]
    )
    party = agreement.parties.get(organisation=police)
    client.force_login(staff)
    response = client.post(remove_url(party), {"reason": "Police withdrew in June"}, follow=True)
    assert response.redirect_chain[-1][0] == agreement.get_absolute_url()
    assert "Humberside Police removed from the agreement." in messages_on(response)
    assert not agreement.parties.filter(organisation=police).exists()
    deleted = AgreementParty.history.filter(id=party.pk).order_by("-history_date").first()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        staff,
        "Police withdrew in June",
    )
    assert AgreementParty.history.filter(id=party.pk, history_type="-").count() == 1


def test_a_removal_without_a_reason_is_recorded_as_such(client, staff, police, opcc):
    agreement = AgreementFactory(parties=[(opcc, "controller"), (police, "recipient")])
    party = agreement.parties.get(organisation=police)
    client.force_login(staff)
    client.post(remove_url(party), {"reason": ""})
    deleted = AgreementParty.history.get(id=party.pk, history_type="-")
    assert deleted.history_change_reason == "Party removed"


def test_a_party_that_supplies_data_under_the_active_agreement_cannot_be_removed(
    client, staff, hull_sharing
):
    party = hull_sharing["agreementparty"]
    client.force_login(staff)
    response = client.post(remove_url(party), {"reason": "Leaving"}, follow=True)
    assert messages_on(response) == [
        "Hull City Council supplies data under this agreement (Hull youth service contacts): "
        "change those data sources first."
    ]
    assert "Hull youth service contacts): change those data sources first." in (
        response.content.decode()
    )
    assert AgreementParty.objects.filter(pk=party.pk).exists()
    assert not AgreementParty.history.filter(id=party.pk, history_type="-").exists()


def test_once_the_agreement_has_ended_a_former_supplier_can_be_removed(client, staff, hull_sharing):
    agreement = hull_sharing["agreement"]
    agreement.status = "expired"
    agreement.save()
    party = hull_sharing["agreementparty"]
    client.force_login(staff)
    client.post(remove_url(party), {"reason": "Tidying up after expiry"})
    assert not AgreementParty.objects.filter(pk=party.pk).exists()


def test_the_last_party_of_an_active_agreement_cannot_be_removed(client, staff, opcc):
    agreement = AgreementFactory(status="active", parties=[(opcc, "controller")])
    party = agreement.parties.get()
    client.force_login(staff)
    response = client.post(remove_url(party), {"reason": "Oops"}, follow=True)
    assert messages_on(response) == [
        "An active agreement needs its parties: this is the last one. Terminate the agreement "
        "instead."
    ]
    assert agreement.parties.count() == 1


def test_removal_is_post_only(client, staff, hull_sharing):
    party = hull_sharing["agreementparty"]
    client.force_login(staff)
    assert client.get(remove_url(party)).status_code == 405
    assert AgreementParty.objects.filter(pk=party.pk).exists()


def test_a_data_source_supplier_on_another_agreement_does_not_block_removal(
    client, staff, police, opcc
):
    other = AgreementFactory(status="active", parties=[(police, "controller")])
    DataSourceFactory(classification="partner_shared", supplier=police, covering_agreement=other)
    agreement = AgreementFactory(
        status="active", parties=[(opcc, "controller"), (police, "recipient")]
    )
    client.force_login(staff)
    client.post(remove_url(agreement.parties.get(organisation=police)), {"reason": "Left"})
    assert list(agreement.parties.values_list("organisation__name", flat=True)) == [opcc.name]


# --- The agreement's History tab --------------------------------------------------------------


def test_adding_changing_and_removing_a_party_each_show_in_the_agreements_history(
    client, staff, dpo, police, hull_sharing
):
    agreement = hull_sharing["agreement"]
    history_url = reverse("sharing:agreement_history", kwargs={"pk": agreement.pk})
    client.force_login(staff)
    client.post(
        add_url(agreement),
        {"organisation": police.pk, "role": "recipient", "change_reason": "Joined in May"},
    )
    party = agreement.parties.get(organisation=police)
    client.force_login(dpo)
    client.post(edit_url(party), edit_data(party, role="controller", change_reason="Now shares"))
    client.force_login(staff)
    client.post(remove_url(party), {"reason": "Left the partnership"})

    response = client.get(history_url)
    assert response.status_code == 200
    party_entries = [
        e for e in response.context["history_entries"] if e.subject.startswith("Humberside")
    ]
    assert [(e.action, e.subject, e.user, e.reason) for e in party_entries] == [
        ("Party removed", "Humberside Police (Controller)", staff, "Left the partnership"),
        ("Party changed", "Humberside Police (Controller)", dpo, "Now shares"),
        ("Party added", "Humberside Police (Recipient)", staff, "Joined in May"),
    ]
    changed = party_entries[1]
    assert [(c.label, c.old, c.new) for c in changed.changes] == [
        ("Role", "Recipient", "Controller")
    ]
    # The agreement's own rows are still there, and the page says who did what.
    assert any(not e.subject for e in response.context["history_entries"])
    text = response.content.decode()
    assert "Party added: Humberside Police (Recipient)" in text
    assert "Party removed: Humberside Police (Controller)" in text
    assert "Left the partnership" in text and "Dana DPO" in text

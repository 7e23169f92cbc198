"""An MoU, ISA or Art 28 contract becomes active only with evidence that it was signed: a signed
copy uploaded, or, for a party that signs a copy kept elsewhere, a recorded reason that the DPO
accepted (the DPO's decision: never the person who recorded it; the SIRO deputises for a DPO).
The agreement page and the activation step say exactly what is missing, each with its link."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.choices import Role
from sharing import services
from sharing.models import Agreement, AgreementParty, SignedDocument
from tests.conftest import MINIMAL_PDF
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def draft(opcc, hull, kind="isa", **fields):
    """A drafting agreement complete in every way but its signatures."""
    values = {
        "title": "Hull knife crime ISA",
        "kind": kind,
        "starts_on": TODAY - datetime.timedelta(days=7),
        "parties": [(opcc, "controller"), (hull, "controller")],
        **fields,
    }
    if kind in ("isa", "art28"):
        values.setdefault("allows_personal_data", True)
        values.setdefault("lawful_basis", "public_task")
    return AgreementFactory(**values)


def attach_signed_copy(agreement):
    return SignedDocument.objects.create(
        agreement=agreement,
        title="Signed by both parties",
        file=ContentFile(MINIMAL_PDF, name="signed.pdf"),
        original_name="signed.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
    )


def step_url(agreement):
    return reverse(
        "sharing:agreement_transition", kwargs={"pk": agreement.pk, "transition": "activate"}
    )


def upload_url(agreement):
    return reverse("sharing:signeddocument_create", kwargs={"agreement_pk": agreement.pk})


def record_url(party):
    return reverse("sharing:agreementparty_signs_elsewhere", kwargs={"pk": party.pk})


def accept_url(party):
    return reverse("sharing:agreementparty_accept_signs_elsewhere", kwargs={"pk": party.pk})


def party_of(agreement, organisation):
    return agreement.parties.get(organisation=organisation)


def status_of(agreement):
    agreement.refresh_from_db()
    return agreement.status


def no_copy(names):
    return (
        "Upload the signed copy of the agreement. No signed document is attached: nothing "
        f"shows that {names} signed it. A party that signs a copy kept elsewhere needs the "
        "reason recorded on its row under Parties, and the DPO's acceptance."
    )


def awaiting(organisation, recorder):
    return (
        f"{organisation} signs elsewhere, recorded by {recorder}: the DPO has not yet accepted "
        "that. Accept it, or upload the signed copy."
    )


# --- The rule -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["isa", "art28", "mou"])
def test_an_agreement_without_a_signed_copy_cannot_be_made_active(client, staff, opcc, hull, kind):
    agreement = draft(opcc, hull, kind=kind)
    client.force_login(staff)
    response = client.post(step_url(agreement), {"reason": "All parties have signed"})
    assert response.status_code == 200
    links = [(link.text, link.url) for link in response.context["error_links"]]
    assert links == [(no_copy(f"{hull} and {opcc}"), upload_url(agreement))]
    assert f'<a href="{upload_url(agreement)}">' in response.content.decode()
    assert status_of(agreement) == "drafting"
    assert agreement.history.count() == 1


@pytest.mark.parametrize("kind", ["isa", "art28", "mou"])
def test_a_signed_copy_lets_the_agreement_be_made_active(client, staff, opcc, hull, kind):
    agreement = draft(opcc, hull, kind=kind)
    attach_signed_copy(agreement)
    client.force_login(staff)
    response = client.post(step_url(agreement), {"reason": "Signed copy uploaded"})
    assert response.status_code == 302
    assert status_of(agreement) == "active"


def test_a_forum_agreement_in_principle_needs_no_signed_copy(staff, opcc, hull):
    agreement = draft(opcc, hull, kind="forum_aip")
    services.agreement_activate(agreement, actor=staff, reason="Agreed at HIGA")
    assert status_of(agreement) == "active"


def test_the_agreement_page_says_what_is_missing_each_linking_to_its_fix(client, staff, opcc, hull):
    agreement = draft(opcc, hull)
    client.force_login(staff)
    response = client.get(agreement.get_absolute_url())
    text = response.content.decode()
    block = text.split('data-testid="activation-problems"')[1].split("</div>")[0]
    message = escape(no_copy(f"{hull} and {opcc}"))
    assert f'<a class="govuk-link" href="{upload_url(agreement)}">{message}</a>' in block
    # Each party offers the other way to put it right.
    assert record_url(party_of(agreement, hull)) in text
    assert "Record that it signs elsewhere" in text


def test_the_activation_step_lists_what_is_missing_before_it_is_submitted(
    client, staff, opcc, hull
):
    agreement = draft(opcc, hull)
    client.force_login(staff)
    response = client.get(step_url(agreement))
    assert [(p.message, p.fix_url) for p in response.context["pending_problems"]] == [
        (no_copy(f"{hull} and {opcc}"), upload_url(agreement))
    ]
    assert "There is a problem" not in response.content.decode()


# --- Signing elsewhere: recorded by an editor, accepted by the DPO -------------------------------


def test_a_party_that_signs_elsewhere_counts_once_the_dpo_accepts_the_reason(
    client, staff, dpo, opcc, hull
):
    agreement = draft(opcc, hull)
    hull_party, opcc_party = party_of(agreement, hull), party_of(agreement, opcc)
    client.force_login(staff)
    for party in (hull_party, opcc_party):
        response = client.post(
            record_url(party),
            {
                "signs_elsewhere_reason": "Signed the HIGA master ISA held by the secretariat.",
                "row_version": party.row_version,
            },
        )
        assert response.status_code == 302
    # Recorded but not yet accepted: activation names each party; staff, who may not accept,
    # are sent to the party's row (which says who can), the DPO to the acceptance itself.
    refused = client.post(step_url(agreement), {"reason": "Signed"})
    detail = agreement.get_absolute_url()
    assert [(link.text, link.url) for link in refused.context["error_links"]] == [
        (awaiting(hull, staff), f"{detail}#party-{hull_party.pk}"),
        (awaiting(opcc, staff), f"{detail}#party-{opcc_party.pk}"),
    ]
    assert status_of(agreement) == "drafting"

    client.force_login(dpo)
    pending = client.get(step_url(agreement)).context["pending_problems"]
    assert [p.fix_url for p in pending] == [accept_url(hull_party), accept_url(opcc_party)]
    for party in (hull_party, opcc_party):
        page = client.get(accept_url(party))
        assert page.status_code == 200
        assert "Signed the HIGA master ISA held by the secretariat." in page.content.decode()
        assert client.post(accept_url(party), {"note": "Seen the HIGA register"}).status_code == 302
    hull_party.refresh_from_db()
    assert (hull_party.signs_elsewhere_recorded_by, hull_party.signs_elsewhere_accepted_by) == (
        staff,
        dpo,
    )
    assert hull_party.signs_elsewhere_accepted_at is not None
    latest = hull_party.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        dpo,
        f"Accepted that {hull} signs elsewhere: Seen the HIGA register",
    )

    assert client.post(step_url(agreement), {"reason": "Both sign elsewhere"}).status_code == 302
    assert status_of(agreement) == "active"


def test_one_party_in_the_copy_and_one_signing_elsewhere_still_needs_the_copy(
    staff, dpo, opcc, hull
):
    agreement = draft(opcc, hull)
    services.agreement_party_record_signs_elsewhere(
        party_of(agreement, hull), actor=staff, reason="Signed at the HIGA board."
    )
    services.agreement_party_accept_signs_elsewhere(party_of(agreement, hull), actor=dpo)
    with pytest.raises(ValidationError) as error:
        services.agreement_activate(agreement, actor=staff, reason="Signed")
    assert error.value.messages == [no_copy(str(opcc))]


def test_the_person_who_recorded_the_reason_cannot_accept_it(client, dpo, opcc, hull):
    agreement = draft(opcc, hull)
    party = party_of(agreement, hull)
    services.agreement_party_record_signs_elsewhere(
        party, actor=dpo, reason="Signed at the HIGA board."
    )
    client.force_login(dpo)
    assert client.get(accept_url(party)).status_code == 403
    assert client.post(accept_url(party), {"note": ""}).status_code == 403
    # The page says who else can.
    text = client.get(agreement.get_absolute_url()).content.decode()
    assert "another DPO, or the SIRO as deputy DPO, must" in text
    assert accept_url(party) not in text
    with pytest.raises(ValidationError):
        services.agreement_party_accept_signs_elsewhere(party, actor=dpo)
    party.refresh_from_db()
    assert party.signs_elsewhere_accepted_by is None


def test_the_siro_accepts_as_deputy_a_reason_the_dpo_recorded(client, dpo, siro, opcc, hull):
    agreement = draft(opcc, hull)
    party = party_of(agreement, hull)
    services.agreement_party_record_signs_elsewhere(
        party, actor=dpo, reason="Signed at the HIGA board."
    )
    client.force_login(siro)
    assert "as deputy DPO" in client.get(agreement.get_absolute_url()).content.decode()
    assert client.post(accept_url(party), {"note": ""}).status_code == 302
    party.refresh_from_db()
    assert party.signs_elsewhere_accepted_by == siro
    assert party.history.first().history_change_reason == (
        f"Accepted that {hull} signs elsewhere (as deputy DPO)"
    )


def test_another_dpo_accepts_a_reason_a_dpo_recorded(dpo, opcc, hull):
    other = UserFactory(email="dpo2@test.vpp", role=Role.DPO, organisation=opcc)
    party = party_of(draft(opcc, hull), hull)
    services.agreement_party_record_signs_elsewhere(party, actor=dpo, reason="HIGA copy.")
    services.agreement_party_accept_signs_elsewhere(party, actor=other)
    party.refresh_from_db()
    assert party.signs_elsewhere_accepted_by == other


@pytest.mark.parametrize("role", ["staff", "director", "admin_user", "partner_hull"])
def test_only_the_dpo_may_accept(request, client, staff, opcc, hull, hull_sharing, role):
    party = hull_sharing["agreementparty"]
    services.agreement_party_record_signs_elsewhere(
        party, actor=UserFactory(role=Role.STAFF), reason="HIGA copy."
    )
    client.force_login(request.getfixturevalue(role))
    assert client.post(accept_url(party), {"note": ""}).status_code == 403
    party.refresh_from_db()
    assert party.signs_elsewhere_accepted_by is None


def test_a_reason_must_be_given(client, staff, opcc, hull):
    party = party_of(draft(opcc, hull), hull)
    client.force_login(staff)
    response = client.post(
        record_url(party), {"signs_elsewhere_reason": "  ", "row_version": party.row_version}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["signs_elsewhere_reason"] == [
        "Say where this party's signed copy is kept and why it is not uploaded here."
    ]
    party.refresh_from_db()
    assert party.signs_elsewhere_reason == ""


def test_a_changed_reason_must_be_accepted_again(staff, dpo, opcc, hull):
    party = party_of(draft(opcc, hull), hull)
    services.agreement_party_record_signs_elsewhere(party, actor=staff, reason="HIGA copy.")
    services.agreement_party_accept_signs_elsewhere(party, actor=dpo)
    services.agreement_party_record_signs_elsewhere(
        party, actor=staff, reason="Counterpart held by the council's legal team."
    )
    party.refresh_from_db()
    assert party.signs_elsewhere_awaits_acceptance
    assert party.signs_elsewhere_accepted_by is None


def test_an_active_agreement_cannot_lose_the_accepted_reason_it_rests_on(staff, dpo, opcc, hull):
    agreement = draft(opcc, hull)
    for party in agreement.parties.all():
        services.agreement_party_record_signs_elsewhere(party, actor=staff, reason="HIGA.")
        services.agreement_party_accept_signs_elsewhere(party, actor=dpo)
    services.agreement_activate(agreement, actor=staff, reason="Signed elsewhere")
    with pytest.raises(ValidationError) as error:
        services.agreement_party_record_signs_elsewhere(
            party_of(agreement, hull), actor=staff, reason="Something else"
        )
    assert "upload the signed copy before changing the reason" in error.value.messages[0]


def test_the_database_refuses_an_acceptance_by_the_person_who_recorded_it(staff, opcc, hull):
    party = party_of(draft(opcc, hull), hull)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.filter(pk=party.pk).update(
            signs_elsewhere_reason="HIGA copy.",
            signs_elsewhere_recorded_by=staff,
            signs_elsewhere_accepted_by=staff,
            signs_elsewhere_accepted_at=timezone.now(),
        )


def test_giving_a_party_another_organisation_drops_the_old_ones_reason(staff, opcc, hull, police):
    party = party_of(draft(opcc, hull), hull)
    services.agreement_party_record_signs_elsewhere(party, actor=staff, reason="HIGA copy.")
    party.refresh_from_db()
    party.organisation = police
    services.agreement_party_save(party, actor=staff, reason="Wrong organisation")
    party.refresh_from_db()
    assert (party.signs_elsewhere_reason, party.signs_elsewhere_recorded_by) == ("", None)


# --- One transaction ---------------------------------------------------------------------------


def test_an_activation_whose_history_row_fails_leaves_the_agreement_as_it_was(
    monkeypatch, staff, opcc, hull
):
    """The second half of the activation (its history row) fails: nothing of the first half
    (the status change, the new version) remains."""
    agreement = draft(opcc, hull)
    attach_signed_copy(agreement)
    version = agreement.row_version
    history_model = Agreement.history.model

    def broken_history_write(*args, **kwargs):
        raise RuntimeError("history database unavailable")

    monkeypatch.setattr(history_model, "save", broken_history_write)
    with pytest.raises(RuntimeError):
        services.agreement_activate(agreement, actor=staff, reason="Signed")
    monkeypatch.undo()
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.status, stored.row_version) == ("drafting", version)
    assert stored.history.count() == 1


def test_an_acceptance_whose_history_row_fails_is_not_recorded(monkeypatch, staff, dpo, opcc, hull):
    party = party_of(draft(opcc, hull), hull)
    services.agreement_party_record_signs_elsewhere(party, actor=staff, reason="HIGA copy.")
    history_model = AgreementParty.history.model

    def broken_history_write(*args, **kwargs):
        raise RuntimeError("history database unavailable")

    monkeypatch.setattr(history_model, "save", broken_history_write)
    with pytest.raises(RuntimeError):
        services.agreement_party_accept_signs_elsewhere(party, actor=dpo)
    monkeypatch.undo()
    party.refresh_from_db()
    assert party.signs_elsewhere_accepted_by is None
    assert party.history.count() == 2

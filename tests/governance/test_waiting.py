""" "Waiting for you" at the top of each home page: each role's lines, counted from data built
here, each linking to a list or queue showing exactly that many rows; and the DPO's decision
whether to tell a partner about a breach."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.choices import PartnerDecision
from governance.models import Breach, Policy
from governance.services import breaches as breach_services
from sharing.models import Consultation
from tests.dpias import HIGH_STAYS_HIGH, LOW, advised_dpia, returned_dpia, submitted_dpia
from tests.factories import AgreementFactory, ConsultationFactory
from tests.governance.breach_helpers import make_breach

pytestmark = pytest.mark.django_db


def waiting(client, user) -> dict[str, tuple[str, str]]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {line.slug: (line.text, line.url) for line in response.context["waiting"]}


def rows_at(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    if "table" in response.context:
        return len(list(response.context["table"].rows))
    return len(response.context["rows"])


def test_with_nothing_waiting_the_home_page_says_so(client, staff):
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert "Waiting for you" in page
    assert "Nothing is waiting for you." in page


def test_the_dpo_sees_the_review_queue_with_the_oldest_wait_and_breaches_to_decide(
    client, staff, dpo, hull, opcc
):
    for index in range(3):
        submitted_dpia(staff, title=f"Referrals {index}")
    make_breach(staff, "BR-001")
    make_breach(staff, "BR-002", organisation=hull)
    make_breach(
        staff,
        "BR-003",
        organisation=opcc,
        ico_decision="not_required",
        ico_decision_reasons="Nobody identifiable.",
    )

    lines = waiting(client, dpo)

    text, url = lines["review-queue"]
    assert text == "3 DPIAs waiting for your review, the oldest since today"
    assert rows_at(client, url) == 3
    text, url = lines["breaches-ico"]
    assert text.startswith("2 breaches waiting for your decision on telling the ICO")
    assert rows_at(client, url) == 2
    text, url = lines["breaches-partner"]
    assert text.startswith("1 breach of a partner's data")
    assert rows_at(client, url) == 1
    assert "dpias-returned" not in lines


def test_the_oldest_wait_is_in_days(client, staff, dpo):
    dpia = submitted_dpia(staff)
    type(dpia).objects.filter(pk=dpia.pk).update(submitted_at=timezone.now() - timedelta(days=12))
    assert waiting(client, dpo)["review-queue"][0] == (
        "1 DPIA waiting for your review, the oldest for 12 days"
    )


def test_the_director_and_the_siro_see_their_own_sign_off_queues(
    client, staff, dpo, siro, director
):
    advised_dpia(staff, dpo, title="Low one", risks=(LOW,))
    advised_dpia(staff, dpo, title="Low two", risks=(LOW,))
    advised_dpia(staff, dpo, title="High one", risks=(HIGH_STAYS_HIGH,))
    submitted_dpia(dpo, title="Written by the DPO")

    director_lines = waiting(client, director)
    text, url = director_lines["director-queue"]
    assert text.startswith("2 DPIAs waiting for your sign-off")
    assert rows_at(client, url) == 2
    assert "siro-queue" not in director_lines

    siro_lines = waiting(client, siro)
    text, url = siro_lines["siro-queue"]
    assert text.startswith("1 DPIA with a high residual risk")
    assert rows_at(client, url) == 1
    text, url = siro_lines["deputy-queue"]
    assert text.startswith("1 DPIA a DPO wrote, waiting for you as deputy DPO")
    assert url.endswith("#deputy")


def test_staff_see_their_returned_dpias_overdue_reviews_and_unanswered_consultations(
    client, staff, dpo, opcc, hull
):
    mine = returned_dpia(staff, dpo, title="Mine")
    returned_dpia(dpo, UserFactoryDpo(), title="Someone else's")
    yesterday = timezone.localdate() - timedelta(days=1)
    Policy.objects.create(
        title="Overdue policy",
        kind="policy",
        owner_organisation=opcc,
        owner=staff,
        next_review_on=yesterday,
    )
    Policy.objects.create(
        title="Someone else's",
        kind="policy",
        owner_organisation=opcc,
        owner=dpo,
        next_review_on=yesterday,
    )
    AgreementFactory(owner=staff, status="active", review_on=yesterday)
    AgreementFactory(owner=staff, status="active", review_on=timezone.localdate())
    ConsultationFactory(organisation=hull, requested_by=staff)
    ConsultationFactory(organisation=hull, requested_by=staff)
    ConsultationFactory(organisation=hull, requested_by=staff, response="agreed")
    ConsultationFactory(organisation=hull, requested_by=dpo)

    lines = waiting(client, staff)

    text, url = lines["dpias-returned"]
    assert text == "1 DPIA returned to you for changes"
    client.force_login(staff)
    assert rows_at(client, url) == 1
    assert str(mine.title) in client.get(url).content.decode()
    text, url = lines["policy-reviews"]
    assert text == "1 policy of yours is overdue for review"
    assert rows_at(client, url) == 1
    text, url = lines["agreement-reviews"]
    assert text == "1 agreement of yours is overdue for review"
    assert rows_at(client, url) == 1
    text, url = lines["consultations-asked"]
    assert text == "2 consultations you asked for are waiting for an answer"
    assert rows_at(client, url) == 2


def UserFactoryDpo():
    from tests.factories import UserFactory

    return UserFactory(role="dpo", email="other.dpo@test.vpp")


def test_a_partner_sees_only_their_organisations_consultations(client, hull, police, partner_hull):
    ConsultationFactory(organisation=hull)
    ConsultationFactory(organisation=hull)
    ConsultationFactory(organisation=police)

    text, url = waiting(client, partner_hull)["consultations-to-answer"]
    assert text == "2 consultations waiting for your organisation's answer"
    assert rows_at(client, url) == 2
    assert Consultation.objects.count() == 3


@pytest.mark.parametrize("role", ["dpo", "siro", "director"])
def test_overseers_home_links_to_the_dashboard(request, client, role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("home")).content.decode()
    assert reverse("governance:dashboard") in page


def test_staff_home_does_not_link_to_the_dashboard(client, staff):
    client.force_login(staff)
    assert reverse("governance:dashboard") not in client.get(reverse("home")).content.decode()


# --- The DPO's decision to tell the partner -------------------------------------------------------


def decision_url(breach) -> str:
    return reverse("governance:breach_partner_decision", args=[breach.pk])


def test_the_dpo_records_the_decision_with_reasons_and_it_is_in_the_history(
    client, staff, dpo, hull
):
    breach = make_breach(staff, organisation=hull)
    client.force_login(dpo)
    response = client.post(decision_url(breach), {"tell": "yes", "reason": "Their data."})
    assert response.status_code == 302

    breach.refresh_from_db()
    assert breach.partner_decision == PartnerDecision.TELL
    assert (breach.partner_decided_by, breach.partner_decision_reason) == (dpo, "Their data.")
    last = breach.history.latest()
    assert last.history_user == dpo
    assert "Decided to tell Hull" in last.history_change_reason
    page = client.get(breach.get_absolute_url()).content.decode()
    assert "Yes: tell the partner" in page and "Their data." in page


def test_a_decision_without_reasons_is_refused_beside_the_field_and_changes_nothing(
    client, staff, dpo, hull
):
    breach = make_breach(staff, organisation=hull)
    client.force_login(dpo)
    response = client.post(decision_url(breach), {"tell": "no", "reason": " "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    breach.refresh_from_db()
    assert breach.partner_decision == PartnerDecision.UNDECIDED
    assert breach.history.count() == 1


def test_only_the_dpo_may_decide(client, staff, siro, hull):
    breach = make_breach(staff, organisation=hull)
    for user in (staff, siro):
        client.force_login(user)
        assert client.get(decision_url(breach)).status_code == 403
        assert client.post(decision_url(breach), {"tell": "yes", "reason": "x"}).status_code == 403
    with pytest.raises(Exception, match="Only the Data Protection Officer"):
        breach_services.breach_partner_decision(breach, actor=staff, tell=True, reason="x")
    assert Breach.objects.get(pk=breach.pk).partner_decision == PartnerDecision.UNDECIDED


def test_others_are_told_on_the_breach_who_decides(client, staff, hull):
    breach = make_breach(staff, organisation=hull)
    client.force_login(staff)
    page = client.get(breach.get_absolute_url()).content.decode()
    assert "The Data Protection Officer decides whether" in page
    assert decision_url(breach) not in page


def test_a_partner_once_told_stays_told(staff, dpo, hull):
    breach = make_breach(staff, organisation=hull)
    breach_services.breach_partner_decision(breach, actor=dpo, tell=True, reason="Their data.")
    with pytest.raises(Exception, match="cannot be changed"):
        breach_services.breach_partner_decision(breach, actor=dpo, tell=False, reason="Oops")


def test_a_breach_without_a_partners_data_has_nothing_to_decide(client, staff, dpo, opcc):
    breach = make_breach(staff, organisation=opcc)
    client.force_login(dpo)
    response = client.get(decision_url(breach))
    assert "does not involve a partner's data" in response.content.decode()
    response = client.post(decision_url(breach), {"tell": "yes", "reason": "x"})
    assert response.status_code == 200
    assert Breach.objects.get(pk=breach.pk).partner_decision == PartnerDecision.UNDECIDED

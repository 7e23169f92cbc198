"""Each role's home page shows real figures of what exists."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_internal_roles_see_how_many_organisations_there_are_by_kind(client, director, police):
    OrganisationFactory(name="HMP Hull", kind="prison")
    OrganisationFactory(name="HMP Humber", kind="prison")
    client.force_login(director)
    response = client.get(reverse("home"))
    assert response.context["organisation_count"] == 4  # OPCC, police and two prisons
    by_kind = {row["label"]: row["count"] for row in response.context["organisations_by_kind"]}
    assert by_kind == {"Prison": 2, "Police": 1, "Other": 1}
    text = response.content.decode()
    assert f"{reverse('sharing:organisation_list')}?kind=prison" in text


def test_the_home_page_lists_recent_changes_with_who_and_why(client, staff, hull):
    client.force_login(staff)
    client.post(
        reverse("sharing:organisation_update", kwargs={"pk": hull.pk}),
        {
            "name": "Hull CC",
            "kind": "local_authority",
            "change_reason": "Short name",
            "row_version": 1,
        },
    )
    text = client.get(reverse("home")).content.decode()
    assert "Sam Staff changed" in text
    assert "Short name" in text


def test_the_admin_also_sees_active_accounts_by_role(client, admin_user, staff, dpo):
    UserFactory(role="staff", is_active=False)
    client.force_login(admin_user)
    rows = {
        row["role"]: row["count"] for row in client.get(reverse("home")).context["users_by_role"]
    }
    assert (rows["Staff"], rows["DPO"], rows["Admin"], rows["Partner"]) == (1, 1, 1, 0)


def test_staff_do_not_see_account_figures(client, staff):
    client.force_login(staff)
    assert "users_by_role" not in client.get(reverse("home")).context


def test_a_partner_sees_only_their_organisation_and_colleagues(
    client, partner_police, police, hull
):
    UserFactory(role="partner", organisation=police)
    UserFactory(role="partner", organisation=hull)
    client.force_login(partner_police)
    response = client.get(reverse("home"))
    text = response.content.decode()
    assert response.context["colleague_count"] == 2
    assert "Humberside Police" in text
    assert "Hull City Council" not in text
    assert "organisation-count" not in text


def test_the_home_page_counts_agreements_uncovered_data_and_pending_answers(
    client, staff, hull_sharing
):
    from sharing.models import Agreement

    client.force_login(staff)
    figures = client.get(reverse("home")).context["figures"]
    assert (figures["active_agreements"], figures["uncovered_sources"]) == (1, 0)
    assert figures["pending_consultations"] == 1
    # When the covering agreement expires, its data shows up as uncovered.
    Agreement.objects.filter(pk=hull_sharing["agreement"].pk).update(status="expired")
    figures = client.get(reverse("home")).context["figures"]
    assert (figures["active_agreements"], figures["uncovered_sources"]) == (0, 1)
    text = client.get(reverse("home")).content.decode()
    assert f"{reverse('sharing:datasource_list')}?uncovered=true" in text


def test_a_partner_home_lists_the_consultations_waiting_for_their_answer(
    client, partner_hull, partner_police, hull_sharing
):
    client.force_login(partner_hull)
    text = client.get(reverse("home")).content.decode()
    assert "Answer: Hull hotspots briefing" in text
    client.force_login(partner_police)
    text = client.get(reverse("home")).content.decode()
    assert "Nothing is waiting for your answer." in text

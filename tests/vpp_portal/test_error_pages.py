"""Error pages use the portal's layout and say what to do next."""

import pytest
from django.test import RequestFactory

from vpp_portal import views

pytestmark = pytest.mark.django_db


def test_the_500_page_apologises_in_the_portal_layout(staff):
    request = RequestFactory().get("/")
    request.user = staff
    response = views.server_error(request)
    text = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in text
    assert "VPP Governance Portal" in text
    assert "Skip to main content" in text


def test_the_403_page_explains_the_role_does_not_allow_it(client, siro, hull):
    client.force_login(siro)
    response = client.get(f"/sharing/organisations/{hull.pk}/edit/")
    assert response.status_code == 403
    assert "Your role does not allow this action" in response.content.decode()


def test_the_404_page_says_the_record_may_not_be_shared_with_you(client, staff):
    client.force_login(staff)
    response = client.get("/sharing/organisations/999999/")
    assert response.status_code == 404
    assert "may not be shared with your organisation" in response.content.decode()

"""axe (WCAG 2.2 AA) on every portal page a role can open, including forms showing errors.

The pages come from the URL × role matrix, so a new page is checked here without being listed.
The Django admin (Django's own templates), downloads and the JSON answers (the health check,
the choosers' search) are not pages of the portal and are left out.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_url_role_matrix import MATRIX, ROLES, named_urls, url_for

from .browsing import assert_accessible

NOT_PORTAL_PAGES = ("admin:", "healthz", "chooser_search")
# Downloads, not pages: exports, stored documents and generated PDFs.
FILE_URLS = ("_export", "_download", "_document", "_evidence", "_pdf")


def sign_in_browser(page, live_server, user) -> None:
    """Give the browser the session cookie of a signed-in test client (fast, no form)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


#: Roles whose own pages (the DPO's queue, the sign-off queues) are checked here; the pages
#: staff can open as well were checked as staff already.
DECIDERS = ("dpo", "siro", "director")


def pages_for(role: str) -> list[str]:
    column = ROLES.index(role)
    staff_column = ROLES.index("staff")
    return [
        name
        for name in named_urls()
        if MATRIX[name][column] == 200
        and not (role in DECIDERS and MATRIX[name][staff_column] == 200)
        and not name.startswith(NOT_PORTAL_PAGES)
        and not name.endswith(FILE_URLS)
    ]


#: Staff open most pages: their pages are checked in parts, so parallel workers share them.
PARTS = {"staff": 3}


@pytest.mark.browser
@pytest.mark.parametrize(
    ("role", "part"),
    [
        (role, part)
        for role in ("staff", "partner_hull", "anonymous", *DECIDERS)
        for part in range(PARTS.get(role, 1))
    ],
)
def test_every_page_a_role_can_open_passes_axe(request, portal_page, live_server, role, part):
    objects = request.getfixturevalue("url_objects")
    user = request.getfixturevalue(role)
    if user is not None:
        sign_in_browser(portal_page, live_server, user)
    checked = []
    for name in pages_for(role)[part :: PARTS.get(role, 1)]:
        url = url_for(name, objects)
        response = portal_page.goto(url)
        assert response.status == 200, f"{name} ({url}) answered {response.status} for {role}"
        assert_accessible(portal_page, f"{name} ({url}) as {role}")
        checked.append(name)
    assert checked, f"no pages were checked for {role}"


@pytest.mark.browser
def test_forms_showing_errors_and_a_conflict_pass_axe(
    portal_page, live_server, staff, dpo, hull, siro
):
    sign_in_browser(portal_page, live_server, staff)

    portal_page.goto(reverse("sharing:organisation_create"))
    portal_page.get_by_role("button", name="Save organisation").click()
    assert portal_page.get_by_text("There is a problem").is_visible()
    assert_accessible(portal_page, "the add form with errors")

    # Open the edit form, let the DPO save first, then save: the conflict page.
    edit = reverse("sharing:organisation_update", kwargs={"pk": hull.pk})
    portal_page.goto(edit)
    other = Client()
    other.force_login(dpo)
    other.post(edit, {"name": "Hull CC", "kind": "local_authority", "row_version": 1})
    portal_page.get_by_label("Name", exact=True).fill("Hull City Council (HCC)")
    portal_page.get_by_role("button", name="Save organisation").click()
    assert portal_page.get_by_test_id("conflict-differences").is_visible()
    assert_accessible(portal_page, "the edit form after a conflict")

    # A page the role may not use.
    sign_in_browser(portal_page, live_server, siro)
    response = portal_page.goto(edit)
    assert response.status == 403
    assert_accessible(portal_page, "the 403 page")

"""Every response tells the browser what the portal's pages may do: a Content-Security-Policy
without inline script or style, no framing, forms posting only to the portal, no camera,
microphone or location; and no page needs more than that policy allows.

Every page each role opens is scanned for inline script and style by the payload sweep
(``tests/security/test_script_payloads.py``), which renders them all already."""

import pytest
from django.urls import reverse

from tests.support.html import inline_code

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as directive → sources (django-csp writes the
    directives in no fixed order)."""
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    return dict(directive.partition(" ")[::2] for directive in directives if directive)


def test_a_page_carries_exactly_the_portals_content_security_policy(client, staff):
    client.force_login(staff)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert policy(response) == EXPECTED_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_sign_in_page_carries_the_policy_too(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert policy(response) == EXPECTED_POLICY


def test_a_page_forbids_camera_microphone_and_location_and_framing(client, staff):
    client.force_login(staff)
    response = client.get(reverse("home"))
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_download_carries_the_policy_and_is_not_sniffed(client, partner_hull, hull_sharing):
    client.force_login(partner_hull)
    url = reverse(
        "sharing:signeddocument_download", kwargs={"pk": hull_sharing["signeddocument"].pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert policy(response) == EXPECTED_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_checker_finds_each_kind_of_inline_code():
    found = inline_code(
        "<script>alert(1)</script><script src='/static/a.js'></script>"
        '<script type="application/json">{"a": 1}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p>'
    )
    assert found == [
        "inline <script>alert(1)</script>",
        "<style> element",
        '<p style="color:red">',
        '<p onclick="x()">',
        '<a href="javascript:x()">',
    ]


def test_base_layout_loads_its_scripts_from_files_and_turns_off_htmx_inline_styles(client, staff):
    client.force_login(staff)
    text = client.get(reverse("home")).content.decode()
    assert '<script src="/static/build/js-enabled.js"></script>' in text
    assert '<script type="module" src="/static/build/govuk-init.js"></script>' in text
    assert '"includeIndicatorStyles": false' in text
    assert '"allowEval": false' in text


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        ("partner_police", "sharing:agreement_list", 200),
        ("partner_police", "sharing:forum_list", 403),
        ("staff", "governance:breach_detail", 404),
    ],
)
def test_refusal_pages_have_no_inline_script_or_style_either(
    request, client, role, url_name, status
):
    client.force_login(request.getfixturevalue(role))
    kwargs = {"pk": 999_999} if status == 404 else None
    response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == status
    assert policy(response) == EXPECTED_POLICY
    assert inline_code(response.content.decode()) == []

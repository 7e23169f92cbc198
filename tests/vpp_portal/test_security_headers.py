"""Every response tells the browser what the portal's pages may do: a Content-Security-Policy
without inline script or style, no framing, forms posting only to the portal, no camera,
microphone or location; and no page needs more than that policy allows."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_url_role_matrix import MATRIX, ROLES, named_urls, url_for

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

#: Roles every page is rendered as, where they may open it: the core team's editor, the DPO
#: (whose decision buttons other roles never see), a partner, a signed-out visitor. A page none
#: of them opens (the SIRO's queue, the admin site) is rendered as the first role that does.
ROLES_RENDERED = ("staff", "dpo", "partner_hull", "anonymous")

#: ``<script type>`` values a browser runs; anything else (``application/json``) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as directive → sources (django-csp writes the
    directives in no fixed order)."""
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    return dict(directive.partition(" ")[::2] for directive in directives if directive)


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block: inline
    ``<script>`` and ``<style>`` elements, ``style=`` and ``on…=`` attributes, and
    ``javascript:`` links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        runs = values.get("type", "").strip().lower() in SCRIPT_TYPES
        if tag == "script" and "src" not in values and runs:
            self._script = ""
        if tag == "style":
            self.found.append("<style> element")
        for name, value in values.items():
            javascript_url = name in URL_ATTRIBUTES and value.strip().lower().startswith(
                "javascript:"
            )
            if name == "style" or name.startswith("on") or javascript_url:
                self.found.append(f'<{tag} {name}="{value}">')

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.found.append(f"inline <script>{self._script.strip()[:80]}</script>")
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


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


def roles_to_render(name: str) -> list[str]:
    """The roles ``name`` is rendered as: those of ``ROLES_RENDERED`` the URL x role matrix
    expects to open it (200), else the first role that does."""
    opening = [role for role, status in zip(ROLES, MATRIX[name], strict=True) if status == 200]
    return [role for role in ROLES_RENDERED if role in opening] or opening[:1]


def test_no_page_any_role_opens_has_inline_script_or_style(request, client, url_objects):
    actors = {role: request.getfixturevalue(role) for role in ROLES}
    offending: list[str] = []
    rendered = 0
    for name in named_urls():
        url = url_for(name, url_objects)
        for role in roles_to_render(name):
            client.logout()
            if actors[role] is not None:
                client.force_login(actors[role])
            response = client.get(url)
            # Anything but a page (a download, a redirect) is the URL x role matrix's concern.
            html = response.get("Content-Type", "").startswith("text/html")
            if response.status_code != 200 or not html:
                continue
            assert "Content-Security-Policy" in response, f"{name} as {role} has no CSP"
            rendered += 1
            offending.extend(
                f"{name} as {role}: {found}" for found in inline_code(response.content.decode())
            )
    assert rendered > len(MATRIX) // 2, "too few pages rendered to mean anything"
    assert not offending, "\n".join(offending)


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

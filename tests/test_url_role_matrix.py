"""Every named URL, for every role, answers with the status this table expects.

A URL added without a row here fails ``test_every_named_url_is_in_the_matrix``; a row whose
status is wrong, or any 500, fails ``test_every_url_answers_each_role_as_expected``.
The record used for ``<pk>`` URLs belongs to Hull City Council, so the Humberside Police
partner must get a 404 where the Hull partner gets a 200.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = (
    "anonymous",
    "staff",
    "dpo",
    "siro",
    "director",
    "admin_user",
    "partner_police",
    "partner_hull",
)

#                 anon staff dpo siro dir  admin police hull
LOGIN_ONLY = (302, 200, 200, 200, 200, 200, 200, 200)
EVERYONE = (200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_OUT_ONLY = (200, 302, 302, 302, 302, 302, 302, 302)
HULL_RECORD = (302, 200, 200, 200, 200, 200, 404, 200)
EDITORS = (302, 200, 200, 403, 403, 200, 403, 403)
ADMIN_SITE_OK = (302, 302, 302, 302, 302, 200, 302, 302)
ADMIN_SITE_FORBIDDEN = (302, 302, 302, 302, 302, 403, 302, 302)

MATRIX: dict[str, tuple[int, ...]] = {
    "home": LOGIN_ONLY,
    "healthz": EVERYONE,
    "account_login": SIGNED_OUT_ONLY,
    "account_logout": (302, 200, 200, 200, 200, 200, 200, 200),
    "account_inactive": EVERYONE,
    "account_change_password": LOGIN_ONLY,
    "account_reset_password": EVERYONE,
    "account_reset_password_done": EVERYONE,
    "account_reset_password_from_key": EVERYONE,
    "account_reset_password_from_key_done": EVERYONE,
    "sharing:organisation_list": LOGIN_ONLY,
    "sharing:organisation_export": LOGIN_ONLY,
    "sharing:organisation_create": EDITORS,
    "sharing:organisation_detail": HULL_RECORD,
    "sharing:organisation_update": EDITORS,
    "sharing:organisation_history": HULL_RECORD,
    # The Django admin: only the Admin role has is_staff; everyone else is sent to its login.
    "admin:index": ADMIN_SITE_OK,
    # Its login hands over to the portal's; logout is POST-only.
    "admin:login": (302, 403, 403, 403, 403, 302, 403, 403),
    "admin:logout": (302, 302, 302, 302, 302, 405, 302, 302),
    "admin:password_change": ADMIN_SITE_OK,
    "admin:password_change_done": ADMIN_SITE_OK,
    "admin:autocomplete": (302, 302, 302, 302, 302, 403, 302, 302),
    "admin:jsi18n": ADMIN_SITE_OK,
    "admin:view_on_site": (302, 302, 302, 302, 302, 302, 302, 302),
    "admin:app_list": ADMIN_SITE_OK,
    "admin:axes_accessattempt_changelist": ADMIN_SITE_OK,
    "admin:axes_accessattempt_add": ADMIN_SITE_FORBIDDEN,
    "admin:axes_accessattempt_history": ADMIN_SITE_OK,
    "admin:axes_accessattempt_delete": ADMIN_SITE_OK,
    "admin:axes_accessattempt_change": ADMIN_SITE_OK,
    "admin:axes_accesslog_changelist": ADMIN_SITE_OK,
    "admin:axes_accesslog_add": ADMIN_SITE_FORBIDDEN,
    "admin:axes_accesslog_history": ADMIN_SITE_OK,
    "admin:axes_accesslog_delete": ADMIN_SITE_FORBIDDEN,
    "admin:axes_accesslog_change": ADMIN_SITE_OK,
    "admin:axes_accessfailurelog_changelist": ADMIN_SITE_OK,
    "admin:axes_accessfailurelog_add": ADMIN_SITE_FORBIDDEN,
    "admin:axes_accessfailurelog_history": ADMIN_SITE_OK,
    "admin:axes_accessfailurelog_delete": ADMIN_SITE_FORBIDDEN,
    "admin:axes_accessfailurelog_change": ADMIN_SITE_OK,
    "admin:auth_user_password_change": ADMIN_SITE_OK,
    "admin:accounts_user_simple_history": ADMIN_SITE_OK,
    "admin:accounts_user_changelist": ADMIN_SITE_OK,
    "admin:accounts_user_add": ADMIN_SITE_OK,
    "admin:accounts_user_history": ADMIN_SITE_OK,
    "admin:accounts_user_delete": ADMIN_SITE_FORBIDDEN,
    "admin:accounts_user_change": ADMIN_SITE_OK,
    "admin:sharing_organisation_simple_history": ADMIN_SITE_OK,
    "admin:sharing_organisation_changelist": ADMIN_SITE_OK,
    "admin:sharing_organisation_add": ADMIN_SITE_OK,
    "admin:sharing_organisation_history": ADMIN_SITE_OK,
    "admin:sharing_organisation_delete": ADMIN_SITE_FORBIDDEN,
    "admin:sharing_organisation_change": ADMIN_SITE_OK,
}


def named_urls() -> list[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return sorted(set(walk(get_resolver().url_patterns)))


ADMIN_OBJECT_URL = re.compile(r"^admin:[a-z]+_(?P<model>[a-z]+)_(history|delete|change)$")


def url_for(name: str, objects: dict) -> str:
    """Reverse ``name`` with arguments pointing at the fixture records."""
    hull, staff = objects["organisation"], objects["user"]
    kwargs: dict = {}
    args: list = []
    if name.startswith("sharing:organisation_") and name.split("_")[-1] in (
        "detail",
        "update",
        "history",
    ):
        kwargs = {"pk": hull.pk}
    elif name == "sharing:organisation_export":
        kwargs = {"format": "csv"}
    elif name == "account_reset_password_from_key":
        kwargs = {"uidb36": "zz", "key": "not-a-real-key"}
    elif name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(hull)
        kwargs = {"content_type_id": content_type.pk, "object_id": hull.pk}
    elif name == "admin:app_list":
        kwargs = {"app_label": "sharing"}
    elif name == "admin:auth_user_password_change":
        kwargs = {"id": staff.pk}
    elif name.endswith("_simple_history"):
        record = hull if "organisation" in name else staff
        args = [record.pk, record.history.first().history_id]
    elif match := ADMIN_OBJECT_URL.match(name):
        kwargs = {"object_id": objects[match["model"]].pk}
    return reverse(name, kwargs=kwargs or None, args=args or None)


def test_every_named_url_is_in_the_matrix():
    missing = [name for name in named_urls() if name not in MATRIX]
    stale = [name for name in MATRIX if name not in named_urls()]
    assert not missing, f"named URLs without expected statuses: {missing}"
    assert not stale, f"matrix rows for URLs that no longer exist: {stale}"


@pytest.mark.django_db
def test_every_url_answers_each_role_as_expected(request, client, url_objects):
    # Every actor exists before any request, so the answers don't depend on fixture order.
    actors = {role: request.getfixturevalue(role) for role in ROLES}
    unexpected = []
    for name in named_urls():
        url = url_for(name, url_objects)
        for role, expected in zip(ROLES, MATRIX[name], strict=True):
            client.logout()
            if actors[role] is not None:
                client.force_login(actors[role])
            status = client.get(url).status_code
            assert status != 500, f"{name} ({url}) answered 500 for {role}"
            if status != expected:
                unexpected.append(f"{name} as {role}: expected {expected}, got {status}")
    assert not unexpected, "\n".join(unexpected)

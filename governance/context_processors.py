"""Template context every page needs: the role-based primary navigation, with a count badge
on each DPIA queue the user works, and the signed-in user's unread notification count.

It lives in governance, the top of the layer table, because the navigation names every app's
registers and the badges count governance's queues and notifications."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property

from .selectors import queue_counts, unread_notification_count

#: (label, list URL name, permission needed, model names whose pages highlight the item)
NAVIGATION = (
    ("Dashboard", "governance:dashboard", "governance.view_dashboard", ("dashboard",)),
    # Every internal role holds view_policy and no partner does: findings name partners' records.
    ("Findings", "governance:finding_list", "governance.view_policy", ("finding",)),
    (
        "Organisations",
        "sharing:organisation_list",
        "sharing.view_organisation",
        ("organisation", "contact"),
    ),
    ("Forums", "sharing:forum_list", "sharing.view_forum", ("forum", "connectionrequest")),
    (
        "Agreements",
        "sharing:agreement_list",
        "sharing.view_agreement",
        ("agreement", "agreementparty", "signeddocument"),
    ),
    ("Data sources", "sharing:datasource_list", "sharing.view_datasource", ("datasource",)),
    ("Products", "sharing:product_list", "sharing.view_product", ("product",)),
    ("Consultations", "sharing:consultation_list", "sharing.view_consultation", ("consultation",)),
    (
        "ROPA",
        "ropa:processingactivity_list",
        "ropa.view_processingactivity",
        (
            "processingactivity",
            "controllerdetails",
            "individualcategory",
            "datacategory",
            "recipientcategory",
        ),
    ),
    (
        "Retention",
        "ropa:retention_due",
        "ropa.view_retentionrule",
        ("retention", "retentionrule", "disposal"),
    ),
    ("Policies", "governance:policy_list", "governance.view_policy", ("policy",)),
    (
        "Training",
        "governance:trainingrecord_list",
        "governance.view_trainingrecord",
        ("course", "trainingrecord", "trainingprofile", "person"),
    ),
    ("DPIAs", "governance:dpia_list", "governance.view_dpia", ("dpia", "dpiarisk", "dpiacomment")),
    ("Breaches", "governance:breach_list", "governance.view_breach", ("breach",)),
    (
        "Requests",
        "governance:rightsrequest_list",
        "governance.view_rightsrequest",
        ("rightsrequest",),
    ),
    ("Searches", "governance:rightssearch_list", "governance.view_rightssearch", ("rightssearch",)),
    (
        "Audits",
        "governance:dataprotectionaudit_list",
        "governance.view_dataprotectionaudit",
        ("dataprotectionaudit", "auditfinding"),
    ),
    ("Actions", "governance:action_list", "governance.view_action", ("action",)),
    ("Systems", "governance:system_list", "governance.view_system", ("system", "infomap")),
    ("Role holders", "sharing:roleholder_list", "sharing.view_roleholder", ("roleholder",)),
    (
        "Security events",
        "accounts:securityevent_list",
        "accounts.view_securityevent",
        ("securityevent",),
    ),
    ("Role changes", "accounts:rolechange_list", "accounts.view_rolechange", ("rolechange",)),
    ("Audit log", "governance:audit_log", "accounts.view_audit_log", ("audit",)),
)

#: (label, queue URL name, permission needed, what the badge counts): the badges of the queues
#: a user works cost one query between them (``queue_counts``), and none for anyone else.
QUEUES = (
    (
        "Review queue",
        "governance:dpia_review_queue",
        "governance.advise_dpia",
        "waiting for your review",
    ),
    (
        "Sign-off",
        "governance:dpia_director_queue",
        "governance.sign_off_dpia",
        "waiting for your sign-off",
    ),
    (
        "Sign-off",
        "governance:dpia_siro_queue",
        "governance.sign_off_high_risk_dpia",
        "waiting for your sign-off",
    ),
)


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else ""
    view_name = match.view_name if match else ""
    # A queue's page is the queue's item, not its register's ("dpia_review_queue").
    on_queue = view_name in {queue[1] for queue in QUEUES}
    current_model = "" if on_queue else (url_name or "").split("_")[0]
    items = [{"text": "Home", "href": reverse("home"), "active": url_name == "home"}]
    for text, list_url, permission, models in NAVIGATION:
        if not user.has_perm(permission):
            continue
        href = reverse(list_url)
        if text == "Organisations" and user.is_partner:  # type: ignore[union-attr]
            text = "My organisation"
            href = reverse("sharing:organisation_detail", kwargs={"pk": user.organisation_id})  # type: ignore[union-attr]
        items.append({"text": text, "href": href, "active": current_model in models})
    items.extend(_queues(request, view_name))
    if user.is_staff:
        items.append({"text": "Administration", "href": reverse("admin:index"), "active": False})
    return items


def _queues(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    items = []
    counts = queue_counts(request.user)
    for text, url_name, permission, waiting in QUEUES:
        if not request.user.has_perm(permission):
            continue
        count = counts[url_name]
        items.append(
            {
                "text": text,
                "href": reverse(url_name),
                "active": current == url_name,
                "badge": count,
                "badge_label": f"DPIA{'' if count == 1 else 's'} {waiting}",
            }
        )
    return items


class UnreadNotifications:
    """The header's unread badge: one COUNT query, run only when a page shows the header, and
    at most once a request however many templates ask (see ``unread_notifications``)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def count(self) -> int:
        return unread_notification_count(self.request.user)

    @property
    def label(self) -> str:
        return f"unread notification{'' if self.count == 1 else 's'}"


def unread_notifications(request: HttpRequest) -> UnreadNotifications | None:
    """The request's unread badge (``None`` when nobody is signed in): views that show the
    count too ask here, so the page still counts once."""
    if not request.user.is_authenticated:
        return None
    badge = getattr(request, "_portal_unread", None)
    if badge is None:
        badge = UnreadNotifications(request)
        request._portal_unread = badge  # type: ignore[attr-defined]
    return badge


def portal(request: HttpRequest) -> dict[str, Any]:
    # A page can render several request contexts (a table, a form): the badges' counts are
    # worked out once per request.
    navigation = getattr(request, "_portal_navigation", None)
    if navigation is None:
        navigation = _navigation(request)
        request._portal_navigation = navigation  # type: ignore[attr-defined]
    return {
        "portal_navigation": navigation,
        "portal_partnership_name": settings.VPP_PARTNERSHIP_NAME,
        "portal_unread": unread_notifications(request),
    }

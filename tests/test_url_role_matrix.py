"""Every named URL, for every role, answers with the status this table expects.

A URL added without a row here fails ``test_every_named_url_is_in_the_matrix``; a row whose
status is wrong, or any 500, fails ``test_url_role_matrix[<url name>]``, one test per URL name.
The record used for ``<pk>`` URLs belongs to Hull City Council, so the Humberside Police
partner must get a 404 where the Hull partner gets a 200.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix_support import undone

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
INTERNAL_ONLY = (302, 200, 200, 200, 200, 200, 403, 403)
POST_ONLY_EDIT = (302, 405, 405, 403, 403, 405, 403, 403)
ANSWERERS_OF_HULL = (302, 200, 200, 403, 403, 200, 404, 200)
DPO_AND_ADMIN = (302, 403, 200, 403, 403, 200, 403, 403)
EDITORS_NOT_FOUND = (302, 404, 404, 403, 403, 404, 403, 403)
DPO_ONLY = (302, 403, 200, 403, 403, 403, 403, 403)
SIRO_ONLY = (302, 403, 403, 200, 403, 403, 403, 403)
DIRECTOR_ONLY = (302, 403, 403, 403, 200, 403, 403, 403)
DPO_AND_SIRO = (302, 403, 200, 200, 403, 403, 403, 403)
OVERSEERS = (302, 403, 200, 200, 200, 200, 403, 403)
OVERSIGHT = (302, 403, 200, 200, 200, 403, 403, 403)  # governance.view_dashboard
AUDITORS = (302, 403, 200, 200, 403, 200, 403, 403)  # accounts.view_audit_log
POST_ONLY = (302, 405, 405, 405, 405, 405, 405, 405)
STAFF_OWN_REDIRECT = (302, 302, 404, 404, 404, 404, 404, 404)
ADMIN_SITE_OK = (302, 302, 302, 302, 302, 200, 302, 302)
ADMIN_SITE_FORBIDDEN = (302, 302, 302, 302, 302, 403, 302, 302)

MATRIX: dict[str, tuple[int, ...]] = {
    "home": LOGIN_ONLY,
    # The choosers' search, checked with kind=organisation: every role may search the
    # organisations (a partner finds only their own; tests/vpp_portal/test_choosers.py).
    "chooser_search": LOGIN_ONLY,
    "healthz": EVERYONE,
    "account_login": SIGNED_OUT_ONLY,
    "account_logout": (302, 200, 200, 200, 200, 200, 200, 200),
    "account_inactive": EVERYONE,
    "account_change_password": LOGIN_ONLY,
    "account_reset_password": EVERYONE,
    "account_reset_password_done": EVERYONE,
    "account_reset_password_from_key": EVERYONE,
    "account_reset_password_from_key_done": EVERYONE,
    # Two-factor authentication and sessions: every user's own. Changing a setting first sends
    # them to confirm it is them (302); the DPO, SIRO, Director and Admin actors have an
    # authenticator app (tests/factories.py), the others none, so some pages are not found.
    "account_reauthenticate": LOGIN_ONLY,
    "mfa_index": LOGIN_ONLY,
    "mfa_authenticate": (302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_reauthenticate": (302, 302, 200, 200, 200, 200, 302, 302),
    "mfa_activate_totp": (302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_deactivate_totp": (302, 404, 302, 302, 302, 302, 404, 404),
    "mfa_view_recovery_codes": (302, 404, 404, 404, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": (302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": (302, 404, 404, 404, 404, 404, 404, 404),
    "mfa_list_webauthn": LOGIN_ONLY,
    "mfa_add_webauthn": (302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_reauthenticate_webauthn": (302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_remove_webauthn": (302, 302, 302, 302, 302, 302, 302, 302),
    "mfa_edit_webauthn": (302, 302, 302, 302, 302, 302, 302, 302),
    "usersessions_list": LOGIN_ONLY,
    "sharing:organisation_list": LOGIN_ONLY,
    "sharing:organisation_export": LOGIN_ONLY,
    "sharing:organisation_create": EDITORS,
    "sharing:organisation_detail": HULL_RECORD,
    "sharing:organisation_update": EDITORS,
    "sharing:organisation_history": HULL_RECORD,
    "sharing:contact_create": EDITORS,
    "sharing:contact_update": EDITORS,
    "sharing:contact_history": HULL_RECORD,
    # Forums, connection requests and products are internal: a partner's role cannot open them.
    "sharing:forum_list": INTERNAL_ONLY,
    "sharing:forum_export": INTERNAL_ONLY,
    "sharing:forum_create": EDITORS,
    "sharing:forum_detail": INTERNAL_ONLY,
    "sharing:forum_update": EDITORS,
    "sharing:forum_history": INTERNAL_ONLY,
    "sharing:connectionrequest_list": INTERNAL_ONLY,
    "sharing:connectionrequest_export": INTERNAL_ONLY,
    "sharing:connectionrequest_create": EDITORS,
    "sharing:connectionrequest_detail": INTERNAL_ONLY,
    "sharing:connectionrequest_update": EDITORS,
    "sharing:connectionrequest_history": INTERNAL_ONLY,
    "sharing:connectionrequest_transition": EDITORS,
    # Agreements, data sources and consultations: partners see their organisation's rows.
    "sharing:agreement_list": LOGIN_ONLY,
    "sharing:agreement_export": LOGIN_ONLY,
    "sharing:agreement_create": EDITORS,
    "sharing:agreement_detail": HULL_RECORD,
    "sharing:agreement_update": EDITORS,
    "sharing:agreement_history": HULL_RECORD,
    "sharing:agreement_transition": EDITORS,
    "sharing:agreement_code_items": EDITORS,
    "sharing:agreementparty_create": EDITORS,
    "sharing:agreementparty_update": EDITORS,
    "sharing:agreementparty_delete": POST_ONLY_EDIT,
    "sharing:agreementparty_signs_elsewhere": EDITORS,
    # The DPO's decision: the fixture party has no reason yet, so no DPO wrote it and the
    # SIRO is not deputy; the other partner cannot see it at all.
    "sharing:agreementparty_accept_signs_elsewhere": (302, 403, 200, 403, 403, 403, 404, 403),
    "sharing:signeddocument_create": EDITORS,
    "sharing:signeddocument_download": HULL_RECORD,
    "sharing:datasource_list": LOGIN_ONLY,
    "sharing:datasource_export": LOGIN_ONLY,
    "sharing:datasource_create": EDITORS,
    # Without htmx, the agreement list's address sends editors on to the add form.
    "sharing:datasource_agreement_choices": (302, 302, 302, 403, 403, 302, 403, 403),
    "sharing:datasource_detail": HULL_RECORD,
    "sharing:datasource_update": EDITORS,
    "sharing:datasource_history": HULL_RECORD,
    "sharing:product_list": INTERNAL_ONLY,
    "sharing:product_export": INTERNAL_ONLY,
    "sharing:product_create": EDITORS,
    "sharing:product_detail": INTERNAL_ONLY,
    "sharing:product_update": EDITORS,
    "sharing:product_history": INTERNAL_ONLY,
    "sharing:product_transition": EDITORS,
    "sharing:consultation_create": EDITORS,
    "sharing:consultation_list": LOGIN_ONLY,
    "sharing:consultation_export": LOGIN_ONLY,
    "sharing:consultation_detail": HULL_RECORD,
    "sharing:consultation_update": EDITORS,
    "sharing:consultation_history": HULL_RECORD,
    "sharing:consultation_respond": ANSWERERS_OF_HULL,
    # ROPA, retention and disposals, policies: internal registers.
    **{
        f"ropa:{model}_{action}": (EDITORS if action in ("create", "update") else INTERNAL_ONLY)
        for model in ("processingactivity", "retentionrule", "disposal")
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    "ropa:processingactivity_transition": EDITORS,
    "ropa:processingactivity_print": INTERNAL_ONLY,
    "ropa:processingactivity_pdf": INTERNAL_ONLY,
    "ropa:processingactivity_ico_export": INTERNAL_ONLY,
    "ropa:processingactivity_import": EDITORS,
    "ropa:processingactivity_import_confirm": EDITORS_NOT_FOUND,
    "ropa:retention_due": INTERNAL_ONLY,
    "ropa:disposal_evidence": INTERNAL_ONLY,
    # Disposals are proposed by editors and decided by the DPO (the SIRO as deputy DPO, on
    # one a DPO proposed): the queue and the POST-only decisions are theirs alone.
    "ropa:disposal_queue": DPO_AND_SIRO,
    "ropa:disposal_approve": (302, 403, 405, 405, 403, 403, 403, 403),
    "ropa:disposal_refuse": (302, 403, 405, 405, 403, 403, 403, 403),
    "ropa:controllerdetails_detail": INTERNAL_ONLY,
    "ropa:controllerdetails_update": DPO_AND_ADMIN,
    "ropa:controllerdetails_history": INTERNAL_ONLY,
    # Reference vocabularies: read by internal roles, kept by the DPO and the admin.
    **{
        f"ropa:{model}_{action}": (
            DPO_AND_ADMIN if action in ("create", "update") else INTERNAL_ONLY
        )
        for model in ("individualcategory", "datacategory", "recipientcategory")
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    **{
        f"governance:policy_{action}": (
            EDITORS if action in ("create", "update") else INTERNAL_ONLY
        )
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    "governance:policy_document": INTERNAL_ONLY,
    # Required reading: everyone's own list; a policy's reading page (the fixture policy is
    # nobody's required reading, so a partner finds nothing); the confirmation is POST-only.
    "governance:policy_reading": LOGIN_ONLY,
    "governance:policy_read": (302, 200, 200, 200, 200, 200, 404, 404),
    "governance:policy_confirm": POST_ONLY,
    # Training: everyone signed in reads (a partner only their own organisation's people);
    # editors record. The records are a Hull contact's.
    **{
        f"governance:course_{action}": (EDITORS if action in ("create", "update") else LOGIN_ONLY)
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    **{
        f"governance:trainingrecord_{action}": (
            EDITORS
            if action in ("create", "update")
            else HULL_RECORD
            if action in ("detail", "history")
            else LOGIN_ONLY
        )
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    "governance:trainingrecord_evidence": HULL_RECORD,
    "governance:trainingprofile_create": EDITORS,
    "governance:trainingprofile_update": EDITORS,
    "governance:trainingprofile_history": HULL_RECORD,
    "governance:person_training_list": LOGIN_ONLY,
    "governance:person_training": HULL_RECORD,
    # DPIAs: internal, written by editors, reviewed by the DPO, signed off by the Director or
    # the SIRO. The record is returned with a DPO comment, so its steps can be changed.
    **{
        f"governance:dpia_{action}": (EDITORS if action in ("create", "update") else INTERNAL_ONLY)
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    "governance:dpia_timeline": INTERNAL_ONLY,
    "governance:dpia_print": INTERNAL_ONLY,
    "governance:dpia_pdf": INTERNAL_ONLY,
    "governance:dpia_snapshot": INTERNAL_ONLY,
    "governance:dpia_snapshot_pdf": INTERNAL_ONLY,
    "governance:dpia_screening": EDITORS,
    "governance:dpia_description": EDITORS,
    "governance:dpia_consultation": EDITORS,
    "governance:dpia_necessity": EDITORS,
    "governance:dpiarisk_create": EDITORS,
    "governance:dpiarisk_update": EDITORS,
    "governance:dpiarisk_measure": EDITORS,
    "governance:dpiarisk_delete": EDITORS,
    "governance:dpiacomment_resolve": EDITORS,
    "governance:dpia_transition": EDITORS,
    "governance:dpia_ico_consultation": DPO_AND_SIRO,
    "governance:dpia_review_queue": DPO_ONLY,
    "governance:dpia_director_queue": DIRECTOR_ONLY,
    "governance:dpia_siro_queue": SIRO_ONLY,
    # The breach log: internal; recorded and edited by editors; the ICO decision is the DPO's.
    **{
        f"governance:breach_{action}": (
            EDITORS if action in ("create", "update") else INTERNAL_ONLY
        )
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    "governance:breach_ico": DPO_ONLY,
    # Whether to tell the partner whose data it was: the DPO's (others read it on the breach).
    "governance:breach_partner_decision": DPO_ONLY,
    "governance:breach_transition": EDITORS,
    # Systems: partners see those their organisation supplies or that hold its data (the
    # fixture system is Hull's); the Board's decision is recorded by the SIRO; the map is
    # everyone's, scoped to what each may see.
    **{
        f"governance:system_{action}": (EDITORS if action in ("create", "update") else HULL_RECORD)
        for action in ("detail", "history", "create", "update")
    },
    "governance:system_list": LOGIN_ONLY,
    "governance:system_export": LOGIN_ONLY,
    "governance:system_decision": SIRO_ONLY,
    "governance:infomap": LOGIN_ONLY,
    # Requests from individuals: internal; logged by editors; edited and stepped by the DPO or
    # the request's handler (the fixture's is the staff user's); the searches are asked of Hull,
    # whose partner sees and answers them.
    **{
        f"governance:rightsrequest_{action}": INTERNAL_ONLY
        for action in ("list", "export", "detail", "history")
    },
    "governance:rightsrequest_create": EDITORS,
    "governance:rightsrequest_update": (302, 200, 200, 403, 403, 403, 403, 403),
    "governance:rightsrequest_transition": (302, 200, 200, 403, 403, 403, 403, 403),
    "governance:rightssearch_list": LOGIN_ONLY,
    "governance:rightssearch_export": LOGIN_ONLY,
    "governance:rightssearch_detail": HULL_RECORD,
    "governance:rightssearch_history": HULL_RECORD,
    "governance:rightssearch_create": (302, 200, 200, 403, 403, 403, 403, 403),
    "governance:rightssearch_update": (302, 200, 200, 403, 403, 403, 403, 403),
    "governance:rightssearch_answer": (302, 200, 200, 403, 403, 403, 404, 200),
    # Data-protection audits and the action register: internal, kept by editors. An action's
    # steps are its owner's (the fixture's is the staff user's) or the DPO's; cancelling and
    # saying a breach's lessons need no action are the DPO's.
    **{
        f"governance:{model}_{action}": (
            EDITORS if action in ("create", "update") else INTERNAL_ONLY
        )
        for model in ("dataprotectionaudit", "action")
        for action in ("list", "export", "create", "detail", "update", "history")
    },
    "governance:dataprotectionaudit_document": INTERNAL_ONLY,
    "governance:auditfinding_create": EDITORS,
    "governance:auditfinding_detail": INTERNAL_ONLY,
    "governance:auditfinding_update": EDITORS,
    "governance:auditfinding_history": INTERNAL_ONLY,
    "governance:auditfinding_add_action": EDITORS,
    "governance:breach_add_action": EDITORS,
    "governance:dpiarisk_add_action": EDITORS,
    "governance:action_start": (302, 200, 200, 403, 403, 403, 403, 403),
    "governance:action_complete": (302, 200, 200, 403, 403, 403, 403, 403),
    "governance:action_cancel": DPO_ONLY,
    # The fixture's action is open, so it has no evidence to download yet.
    "governance:action_evidence": (302, 404, 404, 404, 404, 404, 403, 403),
    "governance:breach_no_action": DPO_ONLY,
    # Notifications: everyone has their own; the fixture's one is the staff user's, which opens
    # (and redirects to) its record; anyone else's is a 404.
    "governance:notification_list": LOGIN_ONLY,
    "governance:notification_settings": LOGIN_ONLY,
    "governance:notification_read_all": POST_ONLY,
    "governance:notification_read": POST_ONLY,
    "governance:notification_open": STAFF_OWN_REDIRECT,
    "governance:reminder_list": OVERSEERS,
    # Compliance findings name every partner's records: internal roles only.
    "governance:finding_list": INTERNAL_ONLY,
    "governance:finding_export": INTERNAL_ONLY,
    # Open to every role: each register it searches checks its own permission and scope.
    "governance:search": LOGIN_ONLY,
    # The accountability dashboard: the SIRO, the DPO and the Director; partners never.
    "governance:dashboard": OVERSIGHT,
    # The Board report (the PDF is a POST: producing it is recorded) and its jobs, which are
    # their requester's (the SIRO's) alone: the other overseers get a 404.
    "governance:board_report": OVERSIGHT,
    "governance:board_report_pdf": (302, 403, 405, 405, 405, 403, 403, 403),
    # The SIRO's job: anyone else, whatever their role, gets a 404.
    "governance:reportjob_detail": (302, 404, 404, 200, 404, 404, 404, 404),
    "governance:reportjob_download": (302, 404, 404, 200, 404, 404, 404, 404),
    # The security log (DPO and Admin) and the role changes (DPO and SIRO): read-only.
    # The audit log across every register and its CSV (DPO, SIRO, Admin): read-only.
    "governance:audit_log": AUDITORS,
    "governance:audit_log_export": AUDITORS,
    "accounts:securityevent_list": DPO_AND_ADMIN,
    "accounts:rolechange_list": DPO_AND_SIRO,
    # Role holders: reference data, kept by the DPO and the admin.
    **{
        f"sharing:roleholder_{action}": (
            DPO_AND_ADMIN if action in ("create", "update") else INTERNAL_ONLY
        )
        for action in ("list", "export", "create", "detail", "update", "history")
    },
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


def _kwarg_names(name: str) -> list[str]:
    from django.urls import get_resolver

    namespace, _, url_name = name.rpartition(":")
    resolver = get_resolver()
    if namespace:
        resolver = resolver.namespace_dict[namespace][1]
    possibilities, _pattern, _defaults, _converters = resolver.reverse_dict.getlist(url_name)[0]
    _format, params = possibilities[0]
    return list(params)


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


#: The workflow step each transition URL is checked with.
TRANSITION_FOR = {
    "sharing:agreement_transition": "start_negotiation",
    "sharing:connectionrequest_transition": "decline",
    "sharing:product_transition": "mark_ready",
    "ropa:processingactivity_transition": "start_review",
    "governance:dpia_transition": "submit",
    "governance:breach_transition": "contain",
    "governance:rightsrequest_transition": "pause",
}
#: URLs checked against a record in a particular state rather than the model's usual one.
OBJECT_FOR = {
    "governance:dpia_ico_consultation": "dpia_awaiting_sign_off",
    "governance:dpia_snapshot": "approved_dpia",
    "governance:dpia_snapshot_pdf": "approved_dpia",
}
#: URL keyword → the record (by model name) it points at.
PARENT_KWARGS = {
    "organisation_pk": "organisation",
    "agreement_pk": "agreement",
    "product_pk": "product",
    "dpia_pk": "dpia",
    "request_pk": "rightsrequest",
    "dataprotectionaudit_pk": "dataprotectionaudit",
}


def url_for(
    name: str, objects: dict, *, transition: str | None = None, record: str | None = None
) -> str:
    """Reverse ``name`` with arguments pointing at the fixture records (all Hull's).

    ``transition`` names the workflow step of a ``<transition>`` URL and ``record`` the key
    in ``objects`` of the ``<pk>`` record, where the caller wants other than the defaults."""
    staff = objects["user"]
    pattern_kwargs = _kwarg_names(name)
    kwargs: dict = {}
    args: list = []
    if name.split(":")[0] in ("sharing", "ropa", "governance"):
        model = name.split(":")[1].split("_")[0]
        for keyword in pattern_kwargs:
            if keyword == "pk":
                kwargs["pk"] = objects[record or OBJECT_FOR.get(name, model)].pk
            elif keyword in PARENT_KWARGS:
                kwargs[keyword] = objects[PARENT_KWARGS[keyword]].pk
            elif keyword == "format":
                kwargs["format"] = "csv"
            elif keyword == "transition":
                kwargs["transition"] = transition or TRANSITION_FOR[name]
            elif keyword == "token":
                kwargs["token"] = "no-such-import"
    elif name == "account_reset_password_from_key":
        kwargs = {"uidb36": "zz", "key": "not-a-real-key"}
    elif name in ("mfa_remove_webauthn", "mfa_edit_webauthn"):
        kwargs = {"pk": 999999}  # nobody's security key
    elif name == "admin:view_on_site":
        hull = objects["organisation"]
        content_type = ContentType.objects.get_for_model(hull)
        kwargs = {"content_type_id": content_type.pk, "object_id": hull.pk}
    elif name == "chooser_search":
        return reverse(name, kwargs={"kind": "organisation"}) + "?q=Hull"
    elif name == "admin:app_list":
        kwargs = {"app_label": "sharing"}
    elif name == "admin:auth_user_password_change":
        kwargs = {"id": staff.pk}
    elif name.endswith("_simple_history"):
        record = objects["organisation"] if "organisation" in name else staff
        args = [record.pk, record.history.first().history_id]
    elif match := ADMIN_OBJECT_URL.match(name):
        kwargs = {"object_id": objects[match["model"]].pk}
    return reverse(name, kwargs=kwargs or None, args=args or None)


def test_every_named_url_is_in_the_matrix():
    missing = [name for name in named_urls() if name not in MATRIX]
    stale = [name for name in MATRIX if name not in named_urls()]
    assert not missing, f"named URLs without expected statuses: {missing}"
    assert not stale, f"matrix rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", [name for name in named_urls() if name in MATRIX])
def test_url_role_matrix(client, world, name):
    """One URL, every role: each answers as its row says, and none with a 500.

    The records and actors are made once for the module (``world``); each role's request runs
    in a savepoint rolled back afterwards, so one role's visit never changes what the next
    sees."""
    url = url_for(name, world["objects"])
    unexpected = []
    for role, expected in zip(ROLES, MATRIX[name], strict=True):
        client.logout()
        if world["actors"][role] is not None:
            client.force_login(world["actors"][role])
        with undone():
            response = client.get(url)
        status = response.status_code
        assert status != 500, f"{name} ({url}) answered 500 for {role}"
        if status != expected:
            unexpected.append(f"{name} as {role}: expected {expected}, got {status}")
        elif role == "anonymous" and status == 302:
            # Signed out, a 302 is always to sign in (the portal's, or the admin's own).
            where = response["Location"].split("?")[0]
            if where not in (reverse("account_login"), reverse("admin:login")):
                unexpected.append(f"{name} as anonymous: sent to {where}, not to sign in")
    assert not unexpected, "\n".join(unexpected)

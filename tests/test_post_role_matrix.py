"""Every POST action, for every role, answers with the status this table expects, and
whatever is refused or sent back with errors changes nothing.

The GET matrix (``test_url_role_matrix``) says who may open each page; this one says who may
*do* each thing: every URL that takes POST (forms, uploads, imports, DPO steps, marking read)
and every workflow step of every ``<transition>`` URL, read from its view's own table of
steps, so a new URL or a new step without a row here fails
``test_every_post_action_is_in_the_post_matrix``. A URL that only shows must answer 405 to a
POST from anyone who may open it.

Each request is an empty POST against the GET matrix's records (all Hull City Council's), run
in a savepoint that is rolled back, so one role's successful step never changes what the next
role sees. Anonymous is sent to the sign-in page; a role without the permission gets 403; the
Humberside Police partner gets 404 for Hull's record; a permitted role gets the step done
(302 back to the record) or its form back with what is missing (200). Only a 302 that is not
a sign-in redirect may change the database; nothing ever answers 500.
"""

from functools import cache

import pytest
from django.conf import settings
from django.urls import reverse

from governance.models import Notification
from tests.matrix_support import (
    accepts_post,
    changed_tables,
    db_fingerprint,
    named_views,
    takes_transition,
    transitions_of,
    undone,
    view_class,
)
from tests.test_url_role_matrix import MATRIX, ROLES, named_urls, url_for

PostKey = str | tuple[str, str]

#                       anon staff dpo siro dir  admin police hull
# Editors' forms (and steps an empty form cannot take): the form back with what is missing.
EDITORS_FORM = (302, 200, 200, 403, 403, 200, 403, 403)
# Editors' steps that need nothing more: done, back to the record.
EDITORS_DONE = (302, 302, 302, 403, 403, 302, 403, 403)
# The author's side of a DPIA: the DPO who made a comment cannot mark it resolved.
AUTHORS_DONE = (302, 302, 200, 403, 403, 302, 403, 403)
# Reference data, role holders and the controller's details: kept by the DPO and the admin.
DPO_AND_ADMIN_FORM = (302, 403, 200, 403, 403, 200, 403, 403)
# The DPO or the record's handler (a request from an individual): the form back.
HANDLER_FORM = (302, 200, 200, 403, 403, 403, 403, 403)
# The search asked of Hull: Hull's partner, the DPO and the handler answer it.
ANSWERERS_OF_HULL_SEARCH_FORM = (302, 200, 200, 403, 403, 403, 404, 200)
# The DPO's decisions (the breach log's ICO decision, closing and reopening).
DPO_ONLY_FORM = (302, 403, 200, 403, 403, 403, 403, 403)
DPO_ONLY_DONE = (302, 403, 302, 403, 403, 403, 403, 403)
# The DPO's DPIA steps, which the SIRO takes as deputy DPO; the ICO's prior consultation.
DPO_OR_DEPUTY_FORM = (302, 403, 200, 200, 403, 403, 403, 403)
# Sign-off: the Director or the SIRO (the DPIA's residual risk says which; the service
# refuses the other with a message).
SIGNERS_FORM = (302, 403, 403, 200, 200, 403, 403, 403)
# Everyone's own (notifications, settings, signing out), partners included.
EVERYONE_DONE = (302, 302, 302, 302, 302, 302, 302, 302)
SIGNED_IN_FORM = (302, 200, 200, 200, 200, 200, 200, 200)
# Signing in, resetting a password: open to anyone.
EVERYONE_FORM = (200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_OUT_FORM = (200, 302, 302, 302, 302, 302, 302, 302)
# The fixture's notification is the staff user's: anyone else's is a 404.
STAFF_OWN_DONE = (302, 302, 404, 404, 404, 404, 404, 404)
# The consultation addressed to Hull: Hull's partner and the editors answer it.
ANSWERERS_OF_HULL_FORM = (302, 200, 200, 403, 403, 200, 404, 200)
# The Django admin: only the Admin role is staff; everyone else is sent to its sign-in.
ADMIN_SITE_FORM = (302, 302, 302, 302, 302, 200, 302, 302)
ADMIN_SITE_DONE = (302, 302, 302, 302, 302, 302, 302, 302)
ADMIN_SITE_REFUSED = (302, 302, 302, 302, 302, 403, 302, 302)
# Sent to sign in, or (signed in) to confirm the password first.
REAUTHENTICATE_FIRST = (302, 302, 302, 302, 302, 302, 302, 302)

#: The transition URLs; each of their rows is keyed ``(url name, step)``.
AGREEMENT = "sharing:agreement_transition"
CONNECTION = "sharing:connectionrequest_transition"
PRODUCT = "sharing:product_transition"
ACTIVITY = "ropa:processingactivity_transition"
DPIA = "governance:dpia_transition"
BREACH = "governance:breach_transition"
RIGHTS = "governance:rightsrequest_transition"

POST_MATRIX: dict[PostKey, tuple[int, ...]] = {
    # Accounts: the allauth forms.
    "account_login": SIGNED_OUT_FORM,
    "account_logout": EVERYONE_DONE,
    "account_change_password": SIGNED_IN_FORM,
    "account_reset_password": EVERYONE_FORM,
    "account_reset_password_from_key": EVERYONE_FORM,
    "account_reauthenticate": SIGNED_IN_FORM,
    # Two-factor set-up: every change asks for the password again first (so does a
    # recovery of the codes); only who has an authenticator app can remove it.
    **{
        name: REAUTHENTICATE_FIRST
        for name in (
            "mfa_activate_totp",
            "mfa_add_webauthn",
            "mfa_edit_webauthn",
            "mfa_remove_webauthn",
            "mfa_generate_recovery_codes",
            "mfa_reauthenticate_webauthn",
        )
    },
    "mfa_deactivate_totp": (302, 404, 302, 302, 302, 302, 404, 404),
    "mfa_authenticate": EVERYONE_DONE,
    "mfa_reauthenticate": (302, 302, 200, 200, 200, 200, 302, 302),
    "usersessions_list": EVERYONE_DONE,
    # Organisations and contacts, role holders, forums and connection requests.
    "sharing:organisation_create": EDITORS_FORM,
    "sharing:organisation_update": EDITORS_FORM,
    "sharing:contact_create": EDITORS_FORM,
    "sharing:contact_update": EDITORS_FORM,
    "sharing:roleholder_create": DPO_AND_ADMIN_FORM,
    "sharing:roleholder_update": DPO_AND_ADMIN_FORM,
    "sharing:forum_create": EDITORS_FORM,
    "sharing:forum_update": EDITORS_FORM,
    "sharing:connectionrequest_create": EDITORS_FORM,
    "sharing:connectionrequest_update": EDITORS_FORM,
    # The fixture request is still open: connecting needs an agreement, declining a reason.
    (CONNECTION, "connect"): EDITORS_FORM,
    (CONNECTION, "decline"): EDITORS_FORM,
    # Agreements: the fixture ISA is active, so only expiring needs nothing more; terminating
    # needs a reason; the steps before activity are refused with the status.
    "sharing:agreement_create": EDITORS_FORM,
    "sharing:agreement_update": EDITORS_FORM,
    (AGREEMENT, "start_drafting"): EDITORS_FORM,
    (AGREEMENT, "start_negotiation"): EDITORS_FORM,
    (AGREEMENT, "activate"): EDITORS_FORM,
    (AGREEMENT, "expire"): EDITORS_DONE,
    (AGREEMENT, "terminate"): EDITORS_FORM,
    # What the ISA covers: every box may be left empty, so an empty form saves (nothing).
    "sharing:agreement_code_items": EDITORS_DONE,
    "sharing:agreementparty_create": EDITORS_FORM,
    "sharing:agreementparty_update": EDITORS_FORM,
    "sharing:agreementparty_delete": EDITORS_DONE,
    "sharing:agreementparty_signs_elsewhere": EDITORS_FORM,
    # The DPO accepts that a party signs elsewhere; the other partner cannot see the party.
    "sharing:agreementparty_accept_signs_elsewhere": (302, 403, 200, 403, 403, 403, 404, 403),
    "sharing:signeddocument_create": EDITORS_FORM,
    # Data sources, products and consultations. The fixture product is a draft using Hull's
    # data: asking Hull is the one step open to it.
    "sharing:datasource_create": EDITORS_FORM,
    "sharing:datasource_update": EDITORS_FORM,
    "sharing:product_create": EDITORS_FORM,
    "sharing:product_update": EDITORS_FORM,
    (PRODUCT, "request_consultation"): EDITORS_DONE,
    (PRODUCT, "mark_ready"): EDITORS_FORM,
    (PRODUCT, "publish"): EDITORS_FORM,
    (PRODUCT, "withdraw"): EDITORS_FORM,
    (PRODUCT, "return_to_draft"): EDITORS_FORM,
    "sharing:consultation_create": EDITORS_FORM,
    "sharing:consultation_update": EDITORS_FORM,
    "sharing:consultation_respond": ANSWERERS_OF_HULL_FORM,
    # The ROPA: the fixture activity has no personal data, so it can go active at once.
    "ropa:processingactivity_create": EDITORS_FORM,
    "ropa:processingactivity_update": EDITORS_FORM,
    (ACTIVITY, "activate"): EDITORS_DONE,
    (ACTIVITY, "start_review"): EDITORS_FORM,
    (ACTIVITY, "retire"): EDITORS_FORM,
    "ropa:processingactivity_import": EDITORS_FORM,
    # No upload has this token: the editors' 404 says so; nothing is saved.
    "ropa:processingactivity_import_confirm": (302, 404, 404, 403, 403, 404, 403, 403),
    "ropa:controllerdetails_update": DPO_AND_ADMIN_FORM,
    "ropa:retentionrule_create": EDITORS_FORM,
    "ropa:retentionrule_update": EDITORS_FORM,
    "ropa:disposal_create": EDITORS_FORM,
    "ropa:disposal_update": EDITORS_FORM,
    # The fixture disposal is Staff's proposal: the DPO decides it (the SIRO only as deputy,
    # on a DPO's proposal); approving needs nothing more, refusing needs a reason.
    "ropa:disposal_approve": DPO_ONLY_DONE,
    "ropa:disposal_refuse": DPO_ONLY_FORM,
    **{
        f"ropa:{model}_{action}": DPO_AND_ADMIN_FORM
        for model in ("individualcategory", "datacategory", "recipientcategory")
        for action in ("create", "update")
    },
    # Policies.
    "governance:policy_create": EDITORS_FORM,
    "governance:policy_update": EDITORS_FORM,
    # A confirmation is only of a policy required reading for the signed-in user: the fixture
    # policy is nobody's, so it is not found for anyone.
    "governance:policy_confirm": (302, 404, 404, 404, 404, 404, 404, 404),
    # Training: editors record courses, training and start dates (an empty form comes back).
    "governance:course_create": EDITORS_FORM,
    "governance:course_update": EDITORS_FORM,
    "governance:trainingrecord_create": EDITORS_FORM,
    "governance:trainingrecord_update": EDITORS_FORM,
    "governance:trainingprofile_create": EDITORS_FORM,
    "governance:trainingprofile_update": EDITORS_FORM,
    # DPIAs: the author's pages (the fixture DPIA is returned with a comment, so it can be
    # changed and resubmitted once the comment is resolved)...
    "governance:dpia_create": EDITORS_FORM,
    "governance:dpia_update": EDITORS_FORM,
    "governance:dpia_screening": EDITORS_FORM,
    "governance:dpia_description": EDITORS_FORM,
    "governance:dpia_consultation": EDITORS_FORM,
    "governance:dpia_necessity": EDITORS_FORM,
    "governance:dpiarisk_create": EDITORS_FORM,
    "governance:dpiarisk_update": EDITORS_FORM,
    "governance:dpiarisk_measure": EDITORS_FORM,
    "governance:dpiarisk_delete": EDITORS_FORM,
    "governance:dpiacomment_resolve": AUTHORS_DONE,
    (DPIA, "submit"): EDITORS_FORM,
    (DPIA, "withdraw"): EDITORS_FORM,
    (DPIA, "start_review"): EDITORS_DONE,  # a new revision of the approved DPIA
    # ...the DPO's steps on a submitted DPIA (each needs its form filled in)...
    (DPIA, "return_for_changes"): DPO_OR_DEPUTY_FORM,
    (DPIA, "give_advice"): DPO_OR_DEPUTY_FORM,
    (DPIA, "confirm_screening"): DPO_OR_DEPUTY_FORM,
    "governance:dpia_ico_consultation": DPO_OR_DEPUTY_FORM,
    # ...and sign-off of the high-risk DPIA awaiting it.
    (DPIA, "approve"): SIGNERS_FORM,
    (DPIA, "reject"): SIGNERS_FORM,
    # The breach log: editors record and contain (with the actions taken); the DPO decides
    # about the ICO, closes and reopens.
    "governance:breach_create": EDITORS_FORM,
    "governance:breach_update": EDITORS_FORM,
    "governance:breach_ico": DPO_ONLY_FORM,
    "governance:breach_partner_decision": DPO_ONLY_FORM,
    (BREACH, "contain"): EDITORS_FORM,
    (BREACH, "close"): DPO_ONLY_FORM,
    (BREACH, "reopen"): DPO_ONLY_FORM,
    # Systems: editors add and change them; the SIRO records the Board's decision.
    "governance:system_create": EDITORS_FORM,
    "governance:system_update": EDITORS_FORM,
    "governance:system_decision": (302, 403, 403, 200, 403, 403, 403, 403),
    # Requests from individuals: editors log them; the DPO or the handler (the fixture's is the
    # staff user's) edits, steps and asks partners to search; Hull answers its own search.
    "governance:rightsrequest_create": EDITORS_FORM,
    "governance:rightsrequest_update": HANDLER_FORM,
    **{(RIGHTS, step): HANDLER_FORM for step in ("pause", "resume", "extend", "respond")},
    "governance:rightssearch_create": HANDLER_FORM,
    "governance:rightssearch_update": HANDLER_FORM,
    "governance:rightssearch_answer": ANSWERERS_OF_HULL_SEARCH_FORM,
    # Audits, findings and actions: editors' forms; an action's steps are its owner's (the
    # fixture's is the staff user's) or the DPO's, and an empty "start" needs nothing more;
    # cancelling and saying a breach's lessons need no action are the DPO's.
    "governance:dataprotectionaudit_create": EDITORS_FORM,
    "governance:dataprotectionaudit_update": EDITORS_FORM,
    "governance:auditfinding_create": EDITORS_FORM,
    "governance:auditfinding_update": EDITORS_FORM,
    "governance:action_create": EDITORS_FORM,
    "governance:action_update": EDITORS_FORM,
    "governance:auditfinding_add_action": EDITORS_FORM,
    "governance:breach_add_action": EDITORS_FORM,
    "governance:dpiarisk_add_action": EDITORS_FORM,
    "governance:action_start": (302, 302, 302, 403, 403, 403, 403, 403),
    "governance:action_complete": (302, 200, 200, 403, 403, 403, 403, 403),
    "governance:action_cancel": DPO_ONLY_FORM,
    "governance:breach_no_action": DPO_ONLY_FORM,
    # The Board report's PDF: an empty POST names no period, so the overseers get the page
    # back with what is missing and nothing is produced.
    "governance:board_report_pdf": (302, 403, 200, 200, 200, 403, 403, 403),
    # Notifications: everyone's own.
    "governance:notification_read": STAFF_OWN_DONE,
    "governance:notification_read_all": EVERYONE_DONE,
    "governance:notification_settings": EVERYONE_DONE,
    # The Django admin. Its sign-in hands over to the portal's; signing out is anyone's.
    "admin:login": (302, 403, 403, 403, 403, 302, 403, 403),
    "admin:logout": ADMIN_SITE_DONE,
    "admin:index": ADMIN_SITE_FORM,
    "admin:app_list": ADMIN_SITE_FORM,
    "admin:password_change": ADMIN_SITE_FORM,
    "admin:view_on_site": ADMIN_SITE_DONE,
    "admin:auth_user_password_change": ADMIN_SITE_FORM,
    **{
        f"admin:{model}_{view}": ADMIN_SITE_FORM
        for model in ("accounts_user", "sharing_organisation")
        for view in ("changelist", "add", "change", "history")
    },
    # A past version is shown, never restored: its form refuses any POST.
    "admin:accounts_user_simple_history": ADMIN_SITE_REFUSED,
    "admin:sharing_organisation_simple_history": ADMIN_SITE_REFUSED,
    "admin:accounts_user_delete": ADMIN_SITE_REFUSED,
    "admin:sharing_organisation_delete": ADMIN_SITE_REFUSED,
    # Sign-in records: read, and an attempt deleted to unlock an account; never written.
    **{
        f"admin:axes_{model}_{view}": ADMIN_SITE_FORM
        for model in ("accessattempt", "accesslog", "accessfailurelog")
        for view in ("changelist", "history")
    },
    **{
        f"admin:axes_{model}_{view}": ADMIN_SITE_REFUSED
        for model in ("accessattempt", "accesslog", "accessfailurelog")
        for view in ("add", "change")
    },
    "admin:axes_accessattempt_delete": ADMIN_SITE_FORM,
    "admin:axes_accesslog_delete": ADMIN_SITE_REFUSED,
    "admin:axes_accessfailurelog_delete": ADMIN_SITE_REFUSED,
}

#: Function views (the admin's, the health check) that refuse POST; a class-based view's
#: methods are read from the class.
GET_ONLY_FUNCTIONS = {"healthz", "admin:autocomplete", "admin:jsi18n", "admin:password_change_done"}

#: The record a row is posted to where the step starts from another state than the GET
#: matrix's record (keys of ``post_objects``).
POST_RECORD_FOR: dict[PostKey, str] = {
    (DPIA, "return_for_changes"): "submitted_dpia",
    (DPIA, "give_advice"): "submitted_dpia",
    (DPIA, "confirm_screening"): "submitted_dpia",
    (DPIA, "approve"): "dpia_awaiting_sign_off",
    (DPIA, "reject"): "dpia_awaiting_sign_off",
    (DPIA, "start_review"): "approved_dpia",
}

#: Model workflow transitions that are deliberately not a step of their URL: a service takes
#: them as part of another step.
FSM_NOT_ROUTED: dict[tuple[str, str], str] = {
    (DPIA, "supersede"): "approving a revision supersedes the version it revises",
}

#: GET-only URLs whose POST answer is not "refused as for GET, otherwise 405".
GET_ONLY_POST_STATUS: dict[str, tuple[int, ...]] = {
    # GET opens (and marks read) the staff user's own; any POST is refused by method.
    "governance:notification_open": (302, 405, 405, 405, 405, 405, 405, 405),
    # GET without a search term is refused; POST by method first.
    "admin:autocomplete": (302, 302, 302, 302, 302, 405, 302, 302),
    # Without htmx, GET sends an editor back to the form (302); any POST is refused by method.
    "sharing:datasource_agreement_choices": (302, 405, 405, 403, 403, 405, 403, 403),
    # allauth looks the codes up before the method: without unused codes, a 404 either way.
    "mfa_download_recovery_codes": MATRIX["mfa_download_recovery_codes"],
}


def post_keys() -> list[PostKey]:
    """Every POST action the URLs offer now: one per URL that takes POST, one per step of a
    ``<transition>`` URL."""
    keys: list[PostKey] = []
    for name in named_urls():
        if takes_transition(name):
            keys.extend((name, step) for step in transitions_of(name))
        elif accepts_post(name) is not False and name not in GET_ONLY_FUNCTIONS:
            keys.append(name)
    return keys


def get_only_urls() -> list[str]:
    return [
        name for name in named_urls() if accepts_post(name) is False or name in GET_ONLY_FUNCTIONS
    ]


def _url(key: PostKey, objects: dict) -> str:
    name, step = (key, None) if isinstance(key, str) else key
    return url_for(name, objects, transition=step, record=POST_RECORD_FOR.get(key))


def _label(key: PostKey) -> str:
    return key if isinstance(key, str) else f"{key[0]} [{key[1]}]"


def _fsm_transitions(name: str) -> set[str]:
    model = view_class(name).model  # type: ignore[union-attr]
    return {step.name for step in model().get_all_status_transitions()}


def _routed_fsm_names(name: str) -> set[str]:
    steps = view_class(name).transitions  # type: ignore[union-attr]
    return {getattr(step, "fsm_name", "") or step_name for step_name, step in steps.items()}


def test_every_post_action_is_in_the_post_matrix():
    keys = post_keys()
    missing = [_label(key) for key in keys if key not in POST_MATRIX]
    stale = [_label(key) for key in POST_MATRIX if key not in keys]
    assert not missing, f"POST actions without expected statuses: {missing}"
    assert not stale, f"POST matrix rows for actions that no longer exist: {stale}"
    for key, row in POST_MATRIX.items():
        assert len(row) == len(ROLES), f"{_label(key)}: one status per role"


def test_every_model_workflow_transition_is_a_step_of_its_url():
    unrouted = []
    for name in named_urls():
        if not takes_transition(name):
            continue
        routed = _routed_fsm_names(name)
        for transition in sorted(_fsm_transitions(name)):
            if transition not in routed and (name, transition) not in FSM_NOT_ROUTED:
                unrouted.append(f"{name}: {transition}")
    assert not unrouted, f"workflow transitions no URL step offers (route or explain): {unrouted}"


def _get_only_expected(name: str) -> tuple[int, ...]:
    """Refused as for GET (sign-in, permission), otherwise 405: the method is checked before
    the record is looked up, so a record out of reach is a 405 too."""
    if name in GET_ONLY_POST_STATUS:
        return GET_ONLY_POST_STATUS[name]
    return tuple(405 if status in (200, 404) else status for status in MATRIX[name])


def _unread() -> int:
    # Marking a notification read changes no count and writes no history row.
    return Notification.objects.filter(read_at__isnull=True).count()


#: Where a request is sent to prove who is asking before anything is done.
SIGN_IN_URLS = ("account_login", "admin:login", "account_reauthenticate", "mfa_reauthenticate")


@cache
def _sign_in_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in SIGN_IN_URLS if name in named_views())


def _is_sign_in_redirect(response) -> bool:
    if response.status_code != 302:
        return False
    return response["Location"].split("?")[0] in _sign_in_paths()


@pytest.fixture(scope="module")
def _submitted_dpia(module_world, django_db_blocker):
    """A DPIA awaiting the DPO, added to the module's world (rolled back with it)."""
    from tests.dpias import submitted_dpia

    with django_db_blocker.unblock():
        return submitted_dpia(module_world["actors"]["staff"], title="Youth referrals submitted")


@pytest.fixture
def post_objects(world, _submitted_dpia):
    """The GET matrix's records, and records in the states some steps start from."""
    return {**world["objects"], "submitted_dpia": _submitted_dpia}


class _Poster:
    """POSTs as one actor, each request in a savepoint rolled back afterwards. The actor is
    signed in once, and again only when a request ended the session (signing out)."""

    def __init__(self, client, actor):
        self.client = client
        self.actor = actor
        self.session_key = None

    def _sign_in(self) -> None:
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        current = cookie.value if cookie is not None else None
        if self.actor is None:
            if current:
                self.client.logout()
        elif current is None or current != self.session_key:
            self.client.force_login(self.actor)
            self.session_key = self.client.cookies[settings.SESSION_COOKIE_NAME].value

    def post(self, url: str):
        """The response (``None`` if the view raised), the error, and what changed."""
        self._sign_in()
        with undone():
            before = db_fingerprint(_unread)
            try:
                response = self.client.post(url)
            except Exception as error:  # any exception is a 500 to the user
                return None, f"raised {type(error).__name__}: {error}", []
            return response, "", changed_tables(before, db_fingerprint(_unread))


def _key_id(key: PostKey) -> str:
    return key if isinstance(key, str) else f"{key[0]}/{key[1]}"


@pytest.mark.parametrize("key", [key for key in post_keys() if key in POST_MATRIX], ids=_key_id)
def test_post_role_matrix(client, world, post_objects, key):
    """One POST action, every role (test_every_post_action_is_in_the_post_matrix names any
    action without a row)."""
    url = _url(key, post_objects)
    label = f"{_label(key)} ({url})"
    problems = []
    for role, expected in zip(ROLES, POST_MATRIX[key], strict=True):
        actor = world["actors"][role]
        response, error, changes = _Poster(client, actor).post(url)
        if response is None:
            problems.append(f"{label} as {role}: {error}")
            continue
        status = response.status_code
        if status != expected:
            problems.append(f"{label} as {role}: expected {expected}, got {status}")
        if actor is None and status == 302 and not _is_sign_in_redirect(response):
            problems.append(f"{label}: anonymous sent to {response['Location']}, not to sign in")
        done = status == 302 and not _is_sign_in_redirect(response)
        if changes and not done:
            problems.append(f"{label} as {role}: answered {status} but changed {changes}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", get_only_urls())
def test_pages_that_only_show_refuse_post(client, world, name):
    url = url_for(name, world["objects"])
    problems = []
    for role, expected in zip(ROLES, _get_only_expected(name), strict=True):
        response, error, changes = _Poster(client, world["actors"][role]).post(url)
        if response is None:
            problems.append(f"{name} ({url}) as {role}: {error}")
            continue
        if response.status_code != expected:
            problems.append(
                f"{name} ({url}) as {role}: expected {expected}, got {response.status_code}"
            )
        if changes:
            problems.append(f"{name} ({url}) as {role}: a POST changed {changes}")
    assert not problems, "\n".join(problems)

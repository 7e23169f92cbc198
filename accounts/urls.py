"""Login, logout, password, two-factor and session pages from django-allauth, listed one by one.

Only what the portal offers is routed: there is no self sign-up, no e-mail management and no
passkey sign-in without a password.
"""

from allauth.account import views as allauth_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.webauthn import views as webauthn_views
from allauth.usersessions import views as usersession_views
from django.urls import path, re_path

urlpatterns = [
    path("login/", allauth_views.login, name="account_login"),
    path("logout/", allauth_views.logout, name="account_logout"),
    path("inactive/", allauth_views.account_inactive, name="account_inactive"),
    path("reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
    path("password/change/", allauth_views.password_change, name="account_change_password"),
    path("password/reset/", allauth_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        allauth_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        allauth_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        allauth_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # Two-factor authentication: the overview, the sign-in and re-authentication steps, an
    # authenticator app, recovery codes, security keys and passkeys.
    path("two-factor/", mfa_views.index, name="mfa_index"),
    path("two-factor/authenticate/", mfa_views.authenticate, name="mfa_authenticate"),
    path("two-factor/reauthenticate/", mfa_views.reauthenticate, name="mfa_reauthenticate"),
    path("two-factor/app/activate/", totp_views.activate_totp, name="mfa_activate_totp"),
    path("two-factor/app/deactivate/", totp_views.deactivate_totp, name="mfa_deactivate_totp"),
    path(
        "two-factor/recovery-codes/",
        recovery_code_views.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/generate/",
        recovery_code_views.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/download/",
        recovery_code_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    path("two-factor/keys/", webauthn_views.list_webauthn, name="mfa_list_webauthn"),
    path("two-factor/keys/add/", webauthn_views.add_webauthn, name="mfa_add_webauthn"),
    path(
        "two-factor/keys/reauthenticate/",
        webauthn_views.reauthenticate_webauthn,
        name="mfa_reauthenticate_webauthn",
    ),
    path(
        "two-factor/keys/<int:pk>/remove/",
        webauthn_views.remove_webauthn,
        name="mfa_remove_webauthn",
    ),
    path("two-factor/keys/<int:pk>/edit/", webauthn_views.edit_webauthn, name="mfa_edit_webauthn"),
    # The signed-in user's own sessions (allauth.usersessions), each of which they can end.
    path("sessions/", usersession_views.list_usersessions, name="usersessions_list"),
]

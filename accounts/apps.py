from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import choosers, security_signals
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="accounts_sync_roles")
        security_signals.connect()
        choosers.register()
        self._connect_session_signals()

    def _connect_session_signals(self) -> None:
        """Session clocks at sign-in, MFA notes on authenticator changes, the end of every
        session of a user saved as inactive (accounts/sessions.py); allauth's authenticator and
        session models kept out of the Django admin (accounts/mfa.py)."""
        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from . import sessions
        from .mfa import hide_allauth_admin

        hide_allauth_admin()
        user_logged_in.connect(sessions.on_user_logged_in, dispatch_uid="accounts_session_clocks")
        for signal in (authenticator_added, authenticator_removed):
            signal.connect(sessions.on_authenticator_changed, dispatch_uid="accounts_mfa_note")
        post_save.connect(
            sessions.on_user_saved,
            sender=get_user_model(),
            dispatch_uid="accounts_end_sessions_of_inactive",
        )

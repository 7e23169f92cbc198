from collections.abc import Iterable
from typing import Any

from django.contrib import auth
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .choices import Role, SecurityEventKind

#: Fields a history row would show nothing for: a save of only these writes no history row
#: (signing in sets ``last_login``; a hash upgrade at sign-in rewrites ``password``).
UNTRACKED_FIELDS = frozenset({"password", "last_login"})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in to the portal: a core-team member, a role holder or a partner contact.

    ``role`` decides the Django group (and so the permissions); a partner user also names the
    organisation whose records they may see.
    """

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    organisation = models.ForeignKey(
        "sharing.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Required for partner users: the organisation whose records they may see.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "Django admin access", default=False, help_text="Can log in to the Django admin site."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=sorted(UNTRACKED_FIELDS))

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ("full_name", "email")
        verbose_name = "user"
        permissions = (("view_audit_log", "Can view the audit log across registers"),)
        constraints = (
            models.CheckConstraint(
                name="accounts_user_partner_has_organisation",
                condition=~Q(role=Role.PARTNER) | Q(organisation__isnull=False),
                violation_error_message="A partner user must belong to an organisation.",
            ),
        )
        # Lists of people (the training register's) sort by name.
        indexes = (models.Index(fields=("full_name", "email"), name="accounts_user_name_idx"),)

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @cached_property
    def role_spec(self):  # type: ignore[no-untyped-def]
        from .roles import ROLES

        return ROLES[Role(self.role)]

    # Powers come from the role alone. Django's ``PermissionsMixin`` answers every question
    # with "yes" for a superuser; here ``is_superuser`` (set only by ``createsuperuser`` on the
    # server) grants nothing, so a superuser is an Admin like any other (the backend agrees:
    # ``accounts.backends``).
    def _backends_allow(self, method: str, *args: Any) -> bool:
        """Whether any backend says yes (a backend may refuse outright: ``PermissionDenied``)."""
        if not self.is_active:
            return False
        for backend in auth.get_backends():
            if not hasattr(backend, method):
                continue
            try:
                if getattr(backend, method)(self, *args):
                    return True
            except PermissionDenied:
                return False
        return False

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return self._backends_allow("has_perm", perm, obj)

    def has_perms(self, perm_list: Iterable[str], obj: Any = None) -> bool:
        if isinstance(perm_list, str):
            raise ValueError("perm_list must be an iterable of permissions.")
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return self._backends_allow("has_module_perms", app_label)

    async def ahas_perm(self, perm: str, obj: Any = None) -> bool:
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.has_perm)(perm, obj)

    async def ahas_perms(self, perm_list: Iterable[str], obj: Any = None) -> bool:
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.has_perms)(perm_list, obj)

    async def ahas_module_perms(self, app_label: str) -> bool:
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.has_module_perms)(app_label)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Django admin access follows the role; no form sets it.
        self.is_staff = self.role == Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= UNTRACKED_FIELDS:
            # Nothing a history row would show changed: no empty "Changed" row, no group sync.
            if hasattr(self, "skip_history_when_saving"):
                super().save(*args, **kwargs)
                return
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        super().save(*args, **kwargs)
        self.sync_role_group()

    def sync_role_group(self) -> None:
        """Keep group membership equal to ``role``: one group, the role's."""
        group, _ = Group.objects.get_or_create(name=Role(self.role).label)
        self.groups.set([group])


class RoleChangeQuerySet(models.QuerySet["RoleChange"]):
    def visible_to(self, user: Any) -> "RoleChangeQuerySet":
        if not getattr(user, "is_authenticated", False) or getattr(user, "is_partner", True):
            return self.none()
        return self

    def with_related(self) -> "RoleChangeQuerySet":
        return self.select_related("user", "changed_by")

    def search(self, text: str) -> "RoleChangeQuerySet":
        """Changes to, or made by, a person whose name or e-mail address contains ``text``."""
        if not text:
            return self
        query = Q()
        for person in ("user", "changed_by"):
            query |= Q(**{f"{person}__email__icontains": text})
            query |= Q(**{f"{person}__full_name__icontains": text})
        return self.filter(query)

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("A role change is a record of a decision: it is never edited.")

    def delete(self) -> Any:
        raise PermissionError("A role change is a record of a decision: it is never deleted.")


class RoleChange(models.Model):
    """One decision to give a person a role (or a different one): who, from what to what, who
    decided, when and why. A new account's first role is one too (``from_role`` empty).

    Written only by ``accounts.security_services.user_admin_save``; never edited or deleted.
    The DPO and the SIRO read them on the role changes page.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="role_changes")
    from_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    to_role = models.CharField(max_length=20, choices=Role.choices)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="role_changes_made"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()

    objects = RoleChangeQuerySet.as_manager()

    class Meta:
        ordering = ("-changed_at", "-pk")
        verbose_name = "role change"
        default_permissions = ("view",)
        indexes = (
            models.Index(fields=("user", "changed_at"), name="accounts_rolechange_user"),
            # The role change list's default order, newest first.
            models.Index(fields=("-changed_at", "-id"), name="accounts_rolechange_newest"),
        )
        constraints = (
            models.CheckConstraint(
                name="accounts_rolechange_has_reason",
                condition=~Q(reason=""),
                violation_error_message="Enter the reason for the role change.",
            ),
        )

    def __str__(self) -> str:
        before = self.get_from_role_display() or "no role"
        return f"{self.user}: {before} → {self.get_to_role_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("A role change is a record of a decision: it is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("A role change is a record of a decision: it is never deleted.")


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    """The security log: read it, add to it, never change it."""

    def visible_to(self, user: Any) -> "SecurityEventQuerySet":
        if not getattr(user, "is_authenticated", False) or getattr(user, "is_partner", True):
            return self.none()
        return self

    def with_related(self) -> "SecurityEventQuerySet":
        return self.select_related("user", "actor")

    def search(self, text: str) -> "SecurityEventQuerySet":
        """Events about, or by, a person whose name or e-mail address contains ``text``, and
        failed sign-ins for an address containing it."""
        if not text:
            return self
        query = Q(email__icontains=text)
        for person in ("user", "actor"):
            query |= Q(**{f"{person}__email__icontains": text})
            query |= Q(**{f"{person}__full_name__icontains": text})
        return self.filter(query)

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Security events are never changed.")

    def delete(self) -> Any:
        raise PermissionError("Security events are never deleted.")


class SecurityEvent(models.Model):
    """One thing that happened to an account's security: a sign-in or a failed one, a
    lockout, an MFA or password change, a role change, a deactivation, a refused page.

    ``user`` is the account it is about (empty for a sign-in attempt at an unknown address;
    ``email`` holds the address given); ``actor`` is who did it when that was someone else
    (an administrator). Rows are only ever added: nobody holds change or delete permission,
    and ``save``/``delete`` refuse.
    """

    kind = models.CharField(max_length=30, choices=SecurityEventKind.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_events",
    )
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_events_caused",
    )
    email = models.CharField("e-mail address given", max_length=254, blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    detail = models.CharField(max_length=1000, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ("-occurred_at", "-pk")
        verbose_name = "security event"
        default_permissions = ("view",)
        indexes = (
            models.Index(fields=("kind", "occurred_at"), name="accounts_secevent_kind"),
            models.Index(fields=("user", "occurred_at"), name="accounts_secevent_user"),
            # The security log's default order, newest first (it grows with every sign-in).
            models.Index(fields=("-occurred_at", "-id"), name="accounts_secevent_newest"),
        )

    def __str__(self) -> str:
        who = self.user or self.email or "someone"
        return f"{self.get_kind_display()}: {who}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Security events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Security events are never deleted.")

from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse

from vpp_portal.history_admin import ReadOnlyHistoryAdmin

from .choices import SecurityEventKind
from .models import User
from .security_services import (
    OWN_ACCOUNT_REFUSAL,
    REASON_REQUIRED,
    security_event_record,
    user_admin_save,
)

#: Fields nobody edits on their own account (``user_admin_save`` refuses them too).
OWN_READONLY = ("role", "organisation", "is_active")


def _reason_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label="Reason for the role change",
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=(
            "Required when the role is given or changed: why this person needs it (e.g. the "
            "decision or minute). The DPO and the SIRO see it on the role changes page."
        ),
        error_messages={"required": REASON_REQUIRED},
    )


class PortalUserChangeForm(UserChangeForm):
    """The account's own fields; never ``is_superuser``, ``is_staff``, groups or permissions."""

    role_change_reason = _reason_field(required=False)

    class Meta:
        model = User
        fields = ("email", "full_name", "job_title", "role", "organisation", "is_active")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if "role" in self.changed_data and not (cleaned.get("role_change_reason") or "").strip():
            self.add_error("role_change_reason", REASON_REQUIRED)
        return cleaned


class PortalUserCreationForm(AdminUserCreationForm):
    """A new account: its first role is a decision with a reason, like any role change."""

    role_change_reason = _reason_field(required=True)

    class Meta:
        model = User
        fields = ("email", "full_name", "job_title", "role", "organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ReadOnlyHistoryAdmin):
    """Users are managed by role: the role decides the group and the Django admin access, so
    neither groups, permissions, ``is_staff`` nor ``is_superuser`` is edited here. Nobody
    changes their own role, organisation or active flag."""

    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ("full_name",)
    list_display = ("email", "full_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("email", "full_name", "job_title")
    readonly_fields = ("is_staff", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        (
            "Role",
            {"fields": ("role", "role_change_reason", "organisation", "is_active", "is_staff")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "job_title",
                    "role",
                    "role_change_reason",
                    "organisation",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    filter_horizontal = ()

    @staticmethod
    def _is_own(request: HttpRequest, obj: Any) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, *OWN_READONLY) if self._is_own(request, obj) else fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not self._is_own(request, obj):
            return fieldsets
        own = []
        for name, options in fieldsets:
            if name == "Role":
                fields = tuple(f for f in options["fields"] if f != "role_change_reason")
                options = {**options, "fields": fields, "description": OWN_ACCOUNT_REFUSAL}
            own.append((name, options))
        return own

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The admin runs this inside its own transaction: a refusal saves nothing.
        try:
            user_admin_save(
                actor=request.user,
                user=obj,
                reason=form.cleaned_data.get("role_change_reason", ""),
                request=request,
            )
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response: HttpResponse = super().user_change_password(request, id, form_url)
        changed = (
            request.method == "POST"
            and response.status_code == 302
            and response["Location"] != request.get_full_path()
        )
        if changed:
            user = User.objects.get(pk=id)
            security_event_record(
                kind=SecurityEventKind.PASSWORD_CHANGED,
                request=request,
                user=user,
                actor=request.user,
                detail="Set by an administrator in the admin site.",
            )
        return response


# Roles are groups synced from code (accounts.roles) and e-mail addresses are not managed
# separately, so neither is edited in the admin.
admin.site.unregister(Group)
if apps.is_installed("allauth.account"):
    from allauth.account.models import EmailAddress

    admin.site.unregister(EmailAddress)

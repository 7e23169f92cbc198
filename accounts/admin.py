from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    """Users are managed by role: the role decides the group, so groups are not edited here."""

    ordering = ("full_name",)
    list_display = ("email", "full_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("email", "full_name", "job_title")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        ("Role", {"fields": ("role", "organisation", "is_active", "is_staff", "is_superuser")}),
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
                    "organisation",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    filter_horizontal = ()


# Roles are groups synced from code (accounts.roles) and e-mail addresses are not managed
# separately, so neither is edited in the admin.
admin.site.unregister(Group)
if apps.is_installed("allauth.account"):
    from allauth.account.models import EmailAddress

    admin.site.unregister(EmailAddress)

from django.contrib import admin

from vpp_portal.history_admin import ReadOnlyHistoryAdmin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "kind", "is_core_team_host", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by", "row_version")

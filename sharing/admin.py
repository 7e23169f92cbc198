from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "is_core_team_host", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by", "row_version")

"""The ROPA app's routes: each views module lists its own, so areas never edit one file."""

from vpp_portal.routes import register_routes, views_of

from .views import activities, reference, retention, spreadsheets

app_name = "ropa"

urlpatterns = [
    # Spreadsheet routes first: "activities/import/" must not be read as an activity id.
    *spreadsheets.urlpatterns,
    *register_routes(
        "activities", "processingactivity", views_of(activities, "ProcessingActivity")
    ),
    *activities.urlpatterns,
    *reference.urlpatterns,
    *retention.urlpatterns,
]

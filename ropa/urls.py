from vpp_portal.routes import register_routes, views_of

from .views import activities

app_name = "ropa"

urlpatterns = [
    *register_routes(
        "activities", "processingactivity", views_of(activities, "ProcessingActivity")
    ),
]

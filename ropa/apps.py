from django.apps import AppConfig


class RopaConfig(AppConfig):
    name = "ropa"
    verbose_name = "ROPA: processing activities and retention"

    def ready(self) -> None:
        from . import choosers

        choosers.register()

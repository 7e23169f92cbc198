from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Sharing: partners, agreements and data"

    def ready(self) -> None:
        from . import choosers

        choosers.register()

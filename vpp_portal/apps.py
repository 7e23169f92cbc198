from django.apps import AppConfig


class VppPortalConfig(AppConfig):
    name = "vpp_portal"
    verbose_name = "VPP Governance Portal"

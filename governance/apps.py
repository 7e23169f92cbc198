from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance: DPIAs, policies, breaches and reminders"

    def ready(self) -> None:
        from sharing.signals import consultation_opened

        from .reminders.events import consultation_was_opened

        # The sharing app cannot import this one: it announces, we record the event.
        consultation_opened.connect(consultation_was_opened, dispatch_uid="governance-events")

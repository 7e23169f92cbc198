from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance: DPIAs, policies, breaches and reminders"

    def ready(self) -> None:
        from sharing.signals import agreement_expired, consultation_opened

        from . import choosers
        from .reminders.events import agreement_did_expire, consultation_was_opened

        # The sharing app cannot import this one: it announces, we record the event.
        consultation_opened.connect(consultation_was_opened, dispatch_uid="governance-events")
        agreement_expired.connect(agreement_did_expire, dispatch_uid="governance-expiry-events")
        self._fill_dpia_standing()
        choosers.register()
        self._fill_export_jobs()
        self._fill_locations()

    def _fill_locations(self) -> None:
        """Tell ropa whether an activity's location of the data is kept from its systems
        (``ropa.locations``): the systems register's services keep it."""
        from ropa import locations

        from .models.systems import System

        def kept(activity_id: int) -> bool:
            return System.activities.through.objects.filter(
                processingactivity_id=activity_id
            ).exists()

        locations.KEPT_FROM_SYSTEMS.fill(kept)

    def _fill_export_jobs(self) -> None:
        """Register exports past their threshold run as this app's report jobs."""
        from vpp_portal.register_export import EXPORT_JOBS

        from .reports.jobs import register_export_request

        EXPORT_JOBS.fill(register_export_request)

    def _fill_dpia_standing(self) -> None:
        """Tell the apps below what they need of the DPIA and policy registers (the interfaces
        they define: ``ropa.dpia_standing``, ``sharing.dpia_standing``), from the one
        definition of each status group in ``governance.choices``."""
        from ropa import dpia_standing as ropa_standing
        from sharing import dpia_standing as sharing_standing

        from .choices import (
            DPIA_OPEN_STATUSES,
            DPIA_REPLACED_STATUSES,
            DPIA_SETTLED_STATUSES,
            DpiaStatus,
            PolicyKind,
            PolicyStatus,
            ScreeningOutcome,
        )

        def values(statuses: tuple[DpiaStatus, ...]) -> tuple[str, ...]:
            return tuple(status.value for status in statuses)

        # Plain values: the apps below compare them with the rows' strings, never the enums.
        ropa_standing.STANDING.fill(
            ropa_standing.DpiaStanding(
                approved=DpiaStatus.APPROVED.value,
                screened_out=DpiaStatus.SCREENED_OUT.value,
                open=values(DPIA_OPEN_STATUSES),
                settled=values(DPIA_SETTLED_STATUSES),
                screening_required=ScreeningOutcome.REQUIRED.value,
                safeguards_policy_kind=PolicyKind.SAFEGUARDS.value,
                privacy_notice_kind=PolicyKind.PRIVACY_NOTICE.value,
                policy_withdrawn=PolicyStatus.WITHDRAWN.value,
            )
        )
        sharing_standing.STANDING.fill(
            sharing_standing.DpiaStanding(replaced=values(DPIA_REPLACED_STATUSES))
        )

"""An agreement's parties: adding, changing and removing them, and how each signs (a signed
copy uploaded here, or a reason for signing elsewhere that the DPO accepts)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.deciders import Decision, dpo_decision
from vpp_portal.editing import save_register_row

from ..choices import AGREEMENT_ENDED_STATUSES, PartyRole
from ..models import Agreement, AgreementParty, DataSource


def agreement_party_save(
    party: AgreementParty,
    /,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> AgreementParty:
    """Add or change a party; a joint controller on an active agreement needs rule 4 met, and
    an organisation supplying data under an active agreement cannot be swapped out (rule 1).

    The agreement's row is locked first, so the checks see the status an activation or
    termination at the same moment leaves. A party given another organisation loses the
    previous organisation's reason for signing elsewhere.
    """
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
        party.agreement = agreement
        if party.pk:
            before = AgreementParty.objects.select_for_update().get(pk=party.pk)
            if before.organisation_id != party.organisation_id:
                if agreement.is_active:
                    _refuse_if_supplying(before, field="organisation")
                _clear_signs_elsewhere(party)
        if (
            party.role == PartyRole.JOINT_CONTROLLER
            and agreement.is_active
            and not agreement.art26_arrangement.strip()
        ):
            raise ValidationError(
                {
                    "role": (
                        "Record the Art 26 arrangement on the agreement before adding a joint "
                        "controller to an active agreement."
                    )
                }
            )
        return save_register_row(
            party, actor=actor, reason=reason, expected_version=expected_version
        )


def _clear_signs_elsewhere(party: AgreementParty) -> None:
    party.signs_elsewhere_reason = ""
    party.signs_elsewhere_recorded_by = None
    party.signs_elsewhere_recorded_at = None
    party.signs_elsewhere_accepted_by = None
    party.signs_elsewhere_accepted_at = None


#: What accepting a party's reason for signing elsewhere is, in the words of a refusal.
ACCEPT_SIGNS_ELSEWHERE = "accept that this party signs elsewhere"


def signs_elsewhere_decision(user: Any, party: AgreementParty) -> Decision:
    """May ``user`` accept ``party``'s recorded reason for signing elsewhere?

    A DPO decision (``accounts.deciders``): never by the person who recorded the reason; on a
    reason a DPO recorded, another DPO or the SIRO as deputy DPO accepts it.
    """
    recorder = party.signs_elsewhere_recorded_by if party.signs_elsewhere_recorded_by_id else None
    return dpo_decision(
        user,
        permission="sharing.change_agreement",
        wrote_it=recorder is not None and recorder.pk == getattr(user, "pk", None),
        written_by_dpo=recorder is not None and recorder.role == Role.DPO,
        what=ACCEPT_SIGNS_ELSEWHERE,
    )


def _locked_party(party: AgreementParty) -> tuple[Agreement, AgreementParty]:
    """The party's agreement and the party as stored, both locked (agreement first, as every
    agreement service locks them)."""
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    current = (
        AgreementParty.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=party.pk)
    )
    current.agreement = agreement
    return agreement, current


def _refuse_if_ended(agreement: Agreement) -> None:
    if agreement.status in AGREEMENT_ENDED_STATUSES:
        raise ValidationError(
            f"‘{agreement}’ is {agreement.get_status_display().lower()}: how its parties "
            "signed is part of the record and can no longer be changed."
        )


def agreement_party_record_signs_elsewhere(
    party: AgreementParty,
    /,
    *,
    actor: Any,
    reason: str,
    expected_version: int | None = None,
) -> AgreementParty:
    """Record why ``party`` signs a copy that is not uploaded here (and where it is kept).

    The reason then waits for the DPO's acceptance (``agreement_party_accept_signs_elsewhere``);
    a changed reason needs accepting again. On an active agreement with no signed copy, an
    accepted reason is what keeps it active, so it cannot be replaced there.
    """
    text = reason.strip()
    if not text:
        raise ValidationError(
            {
                "signs_elsewhere_reason": (
                    "Say where this party's signed copy is kept and why it is not uploaded here."
                )
            }
        )
    with transaction.atomic():
        agreement, current = _locked_party(party)
        _refuse_if_ended(agreement)
        if (
            agreement.is_active
            and current.signs_elsewhere_is_accepted
            and not agreement.documents.exists()
        ):
            raise ValidationError(
                "This agreement is active because the DPO accepted this reason and no signed "
                "copy is uploaded: upload the signed copy before changing the reason."
            )
        current.signs_elsewhere_reason = text
        current.signs_elsewhere_recorded_by = actor
        current.signs_elsewhere_recorded_at = timezone.now()
        current.signs_elsewhere_accepted_by = None
        current.signs_elsewhere_accepted_at = None
        return save_register_row(
            current,
            actor=actor,
            reason=f"Recorded that {current.organisation} signs elsewhere, for the DPO to accept",
            expected_version=expected_version,
        )


def agreement_party_accept_signs_elsewhere(
    party: AgreementParty, /, *, actor: Any, note: str = ""
) -> AgreementParty:
    """The DPO accepts a party's recorded reason for signing elsewhere (the DPO's decision:
    see ``signs_elsewhere_decision``). The accepting user and time are recorded."""
    with transaction.atomic():
        agreement, current = _locked_party(party)
        _refuse_if_ended(agreement)
        if not current.signs_elsewhere_reason:
            raise ValidationError(
                f"No reason is recorded for {current.organisation} signing elsewhere, so there "
                "is nothing to accept."
            )
        if current.signs_elsewhere_is_accepted:
            when = timezone.localtime(current.signs_elsewhere_accepted_at)  # type: ignore[arg-type]
            raise ValidationError(
                f"{current.signs_elsewhere_accepted_by} already accepted this on {when:%d %B %Y}."
            )
        decision = signs_elsewhere_decision(actor, current)
        if not decision:
            raise ValidationError(decision.refusal)
        current.signs_elsewhere_accepted_by = actor
        current.signs_elsewhere_accepted_at = timezone.now()
        why = f"Accepted that {current.organisation} signs elsewhere"
        if decision.as_deputy:
            why += " (as deputy DPO)"
        if note.strip():
            why += f": {note.strip()}"
        return save_register_row(current, actor=actor, reason=why[:255])


def _refuse_if_supplying(party: AgreementParty, field: str | None = None) -> None:
    """A supplier leaving an active agreement would leave its data uncovered (rule 1)."""
    covered = DataSource.objects.filter(
        covering_agreement=party.agreement_id, supplier=party.organisation_id
    ).order_by("name")
    if covered.exists():
        names = ", ".join(str(s) for s in covered)
        message = (
            f"{party.organisation} supplies data under this agreement ({names}): change those "
            "data sources first."
        )
        raise ValidationError({field: message} if field else message)


def agreement_party_remove(party: AgreementParty, /, *, actor: Any, reason: str) -> None:
    """Remove a party; its history row records who removed it and why."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
        if agreement.is_active:
            _refuse_if_supplying(party)
            if not agreement.parties.exclude(pk=party.pk).exists():
                raise ValidationError(
                    "An active agreement needs its parties: this is the last one. Terminate "
                    "the agreement instead."
                )
        party.updated_by = actor
        party._change_reason = reason  # type: ignore[attr-defined]
        party._history_user = actor  # type: ignore[attr-defined]
        party.delete()

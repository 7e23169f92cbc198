"""The Humber ROPA demo (``ropa.demo.data``), fed to the services; rows already there are left
as they are.

Activities without personal data are made active as they are loaded. Those with personal data
need their DPIA, or the DPO's screening, linked in the DPIA register first: the governance demo
writes those, then calls ``activate_assessed``.
"""

from typing import Any

from django.utils import timezone

from sharing.demo import _get_or_save, record_demo_signatures
from sharing.models import Agreement, AgreementParty, DataSource, Organisation
from vpp_portal.editing import save_links, save_register_row

from ..choices import ActivityStatus
from ..models import (
    ControllerDetails,
    DataCategory,
    Disposal,
    IndividualCategory,
    ProcessingActivity,
    RecipientCategory,
    RetentionRule,
)
from ..services import activity_activate, disposal_approve, disposal_propose
from .data import (
    ACTIVE_ONCE_ASSESSED,
    ACTIVITIES,
    AGREEMENTS,
    CONTROLLER,
    DATA,
    DISPOSED_ACTIVITIES,
    DISPOSED_RULE,
    DISPOSED_SCHEDULE,
    INDIVIDUALS,
    PROPOSED_DISPOSAL,
    PROPOSED_SOURCE,
    RECIPIENTS,
    RULES,
    SOURCE_RETENTION,
)

__all__ = ["activate_assessed", "load_disposals", "load_ropa"]

REASON = "Humber demo data"


def load_ropa(*, actor: Any, policies: dict[str, Any]) -> None:
    """Load the ROPA demo: rules, vocabularies, header, source retention, ISAs, activities."""
    rules = {
        record_class: _get_or_save(
            RetentionRule,
            {"record_class": record_class},
            {
                "period": period,
                "period_unit": unit,
                "trigger": trigger,
                "action": action,
                "authority_kind": kind,
                "authority": authority,
            },
            actor,
        )
        for record_class, period, unit, trigger, action, kind, authority in RULES
    }
    for model, names in (
        (IndividualCategory, INDIVIDUALS),
        (DataCategory, DATA),
        (RecipientCategory, RECIPIENTS),
    ):
        for name in names:
            _get_or_save(model, {"name": name}, {}, actor)
    if not ControllerDetails.objects.exists():
        save_register_row(ControllerDetails(**CONTROLLER), actor=actor, reason=REASON)
    for name, rule, trigger_on in SOURCE_RETENTION:
        source = DataSource.objects.filter(name=name, retention_rule__isnull=True).first()
        if source is not None:
            source.retention_rule = rules[rule]
            source.retention_trigger_on = trigger_on
            save_register_row(source, actor=actor, reason=f"{REASON}: retention rule")
    orgs = {o.name: o for o in Organisation.objects.all()}
    for title, values, controllers in AGREEMENTS:
        agreement = _get_or_save(Agreement, {"title": title}, {**values, "owner": actor}, actor)
        for name in controllers:
            _get_or_save(
                AgreementParty,
                {"agreement": agreement, "organisation": orgs[name]},
                {"role": "controller"},
                actor,
            )
        record_demo_signatures(agreement, actor=actor)  # active only with its signed copy
    for name, links, activate, values in ACTIVITIES:
        if ProcessingActivity.objects.filter(name=name).exists():
            continue
        fields = _resolved(values, rules=rules, policies=policies)
        row = save_register_row(
            ProcessingActivity(name=name, owner=actor, **fields), actor=actor, reason=REASON
        )
        save_links(row, {field: _linked(field, names) for field, names in links.items()})
        if activate:
            activity_activate(row, actor=actor, reason=REASON)


def _resolved(
    values: dict[str, Any], *, rules: dict[str, RetentionRule], policies: dict[str, Any]
) -> dict[str, Any]:
    """An activity's values with its named rule, agreement and policies as rows."""
    fields = dict(values)
    if "retention_rule" in fields:
        fields["retention_rule"] = rules[fields["retention_rule"]]
    if "covering_agreement" in fields:
        fields["covering_agreement"] = Agreement.objects.filter(
            title=fields["covering_agreement"]
        ).first()
    for name in ("retention_policy", "safeguards_policy"):
        if name in fields:
            fields[name] = policies[fields[name]]
    return fields


def _linked(field: str, names: tuple[str, ...] | dict[str, Any]) -> list[Any]:
    """The rows one link of the data names: by their names, or by a filter (a dict)."""
    model: Any = ProcessingActivity._meta.get_field(field).related_model
    if isinstance(names, dict):
        return list(model.objects.filter(**names))
    return list(model.objects.filter(name__in=names))


def activate_assessed(*, actor: Any) -> None:
    """Make active the personal-data activities of ``ACTIVE_ONCE_ASSESSED`` still in draft, now
    that their DPIAs are linked; the activation rule refuses any that are not in order."""
    for row in ProcessingActivity.objects.filter(
        name__in=ACTIVE_ONCE_ASSESSED, status=ActivityStatus.DRAFT
    ):
        activity_activate(row, actor=actor, reason=f"{REASON}: DPIA in order")


def load_disposals(*, staff: Any, dpo: Any) -> None:
    """Disposals in the log: two Staff proposed and the DPO approved (their activities are
    retired), and one Staff proposed that waits in the DPO's queue."""
    rule = RetentionRule.objects.get(record_class=DISPOSED_RULE)
    for spec in DISPOSED_ACTIVITIES:
        if Disposal.objects.filter(activity__name=spec["name"]).exists():
            continue
        activity = ProcessingActivity.objects.filter(name=spec["name"]).first()
        if activity is None:
            activity = save_register_row(
                ProcessingActivity(
                    name=spec["name"],
                    business_function="Analysis",
                    purpose=spec["purpose"],
                    owner=staff,
                    retention_rule=rule,
                    retention_trigger_on=spec["retention_trigger_on"],
                    retention_schedule=DISPOSED_SCHEDULE,
                ),
                actor=staff,
                reason=REASON,
            )
        proposal = disposal_propose(
            Disposal(activity=activity, carried_out_by=staff, **spec["disposal"]),
            actor=staff,
            reason=f"{REASON}: retention period ended",
        )
        disposal_approve(proposal, actor=dpo, reason=spec["approval"])
    source = DataSource.objects.filter(name=PROPOSED_SOURCE).first()
    if source is not None and not Disposal.objects.filter(data_source=source).exists():
        disposal_propose(
            Disposal(
                data_source=source,
                carried_out_by=staff,
                disposed_on=timezone.localdate(),
                **PROPOSED_DISPOSAL,
            ),
            actor=staff,
            reason=f"{REASON}: retention period ended",
        )

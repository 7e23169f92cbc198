"""Building DPIAs for tests, always through the services, so each one is in a state the
portal itself could have reached (with its history, timeline and snapshot)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from hypothesis import strategies as st

from governance.choices import RISK_RANK, overall_risk
from governance.models import Dpia, DpiaRisk
from governance.services import dpias as services

#: A risk for ``complete_dpia``: (likelihood, severity, residual risk or "" for none needed).
MEDIUM_REDUCED_TO_LOW = ("possible", "significant", "low")
HIGH_REDUCED_TO_MEDIUM = ("probable", "severe", "medium")
HIGH_STAYS_HIGH = ("probable", "severe", "high")
LOW = ("remote", "minimal", "")

LEVELS = ("low", "medium", "high")
#: Any risk a DPIA's author could record: (likelihood, severity, residual or "" for no
#: measure). A measure never leaves a medium or high risk higher than it was (the service
#: refuses it); a low risk's residual is ignored, so any value may stand there.
risk_rows = st.tuples(
    st.sampled_from(("remote", "possible", "probable")),
    st.sampled_from(("minimal", "significant", "severe")),
    st.sampled_from(("", *LEVELS)),
).filter(
    lambda row: (
        not row[2]
        or overall_risk(row[0], row[1]) == "low"
        or RISK_RANK[row[2]] <= RISK_RANK[overall_risk(row[0], row[1])]
    )
)


def draft_dpia(author: Any, *, title: str = "Hull youth referrals matching", **links: Any) -> Dpia:
    """A new draft, started by ``author``, linked to ``links`` (activities, agreements,
    data_sources) and with nothing written in its steps yet."""
    dpia = services.dpia_save(Dpia(title=title), actor=author)
    for name, rows in links.items():
        getattr(dpia, name).set(rows)
    return dpia


def complete_dpia(
    author: Any,
    *,
    risks: tuple[tuple[str, str, str], ...] = (MEDIUM_REDUCED_TO_LOW,),
    title: str = "Hull youth referrals matching",
    **links: Any,
) -> Dpia:
    """A draft with every step written and ``risks`` recorded with their measures: ready to
    submit. Linked to a new processing activity unless ``links`` say otherwise."""
    if not links:
        from ropa.models import ProcessingActivity

        activity, _ = ProcessingActivity.objects.get_or_create(
            name=f"{title} activity",
            defaults={"business_function": "Analysis", "purpose": "Referrals"},
        )
        links = {"activities": [activity]}
    dpia = draft_dpia(author, title=title, **links)
    dpia = write_steps(author, dpia)
    for likelihood, severity, residual in risks:
        add_risk(author, dpia, likelihood, severity, residual)
    return Dpia.objects.get(pk=dpia.pk)


def write_steps(author: Any, dpia: Dpia, *, outcome: str = "required") -> Dpia:
    dpia = Dpia.objects.get(pk=dpia.pk)
    dpia.screening_indicators = ["data_matching", "vulnerable"]
    dpia.screening_outcome = outcome
    dpia.screening_reason = "Police and health data about young people are matched."
    dpia.processing_nature = "Referral records are matched weekly."
    dpia.processing_scope = "About 400 young people a year in Hull."
    dpia.processing_context = "Young people at risk of serious violence."
    dpia.processing_purposes = "Offer early help before harm."
    dpia.consultation = "Youth panel consulted in March; partners' DPOs consulted."
    dpia.necessity_and_proportionality = "Only referral fields are matched; nothing else."
    return services.dpia_save(dpia, actor=author, reason="Steps written")


def add_risk(
    author: Any, dpia: Dpia, likelihood: str, severity: str, residual: str = ""
) -> DpiaRisk:
    risk = DpiaRisk(
        dpia=dpia,
        description=f"A {likelihood} {severity} harm: records matched to the wrong child.",
        likelihood=likelihood,
        severity=severity,
    )
    if residual:
        risk.measure_options = "Two-person check of every match."
        risk.measure_effect = "reduced"
        risk.residual_risk = residual
    return services.dpia_risk_save(risk, actor=author, reason="Risk recorded")


def submitted_dpia(author: Any, **kwargs: Any) -> Dpia:
    return services.dpia_submit(complete_dpia(author, **kwargs), actor=author)


def returned_dpia(author: Any, dpo: Any, *, step: int = 5, **kwargs: Any) -> Dpia:
    dpia = submitted_dpia(author, **kwargs)
    return services.dpia_return(
        dpia,
        actor=dpo,
        reason="Needs more on the risks",
        comments={step: "Say how a wrong match would be spotted."},
    )


def advised_dpia(author: Any, dpo: Any, **kwargs: Any) -> Dpia:
    dpia = submitted_dpia(author, **kwargs)
    return services.dpia_give_advice(
        dpia,
        actor=dpo,
        recommendation="proceed_with_measures",
        advice="Proceed with the two-person check.",
    )


def approved_dpia(author: Any, dpo: Any, signer: Any, **kwargs: Any) -> Dpia:
    dpia = advised_dpia(author, dpo, **kwargs)
    if services.needs_ico_consultation(dpia):
        services.dpia_record_ico_consultation(
            dpia,
            actor=dpo,
            consulted_on=timezone.localdate(),
            outcome="The ICO raised no objection.",
            ico_reference="ICO/2026/001",
        )
    return services.dpia_approve(
        dpia,
        actor=signer,
        advice_decision="accepted",
        review_owner=dpo,
        next_review_on=timezone.localdate() + timedelta(days=365),
    )


def screened_out_dpia(author: Any, dpo: Any, **links: Any) -> Dpia:
    """A screening that found no DPIA needed, confirmed by the DPO."""
    dpia = draft_dpia(author, title="Open crime data hotspot maps", **links)
    dpia = Dpia.objects.get(pk=dpia.pk)
    dpia.screening_outcome = "not_required"
    dpia.screening_reason = "Published, aggregated data only: nobody can be identified."
    if not links:
        from ropa.models import ProcessingActivity

        activity, _ = ProcessingActivity.objects.get_or_create(
            name="Open data hotspot maps",
            defaults={"business_function": "Analysis", "purpose": "Maps"},
        )
        dpia.activities.set([activity])
    dpia = services.dpia_save(dpia, actor=author, reason="Screening")
    dpia = services.dpia_submit(dpia, actor=author)
    return services.dpia_confirm_screening(
        dpia,
        actor=dpo,
        advice="Agreed: no personal data.",
        next_review_on=timezone.localdate() + timedelta(days=365),
    )

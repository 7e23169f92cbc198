"""A DPIA as a document: plain data in the ICO template's order, built once and used three ways:
the printable page and PDF of a live DPIA, and the frozen snapshot taken at approval (which is
this same data, stored). Everything is text already formatted for reading, so a snapshot reads
the same however the live records later change."""

from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone

from .choices import DpiaStatus, DpiaStep, RiskLevel, ScreeningIndicator, ScreeningOutcome
from .models import Dpia, DpiaRisk
from .selectors import highest_overall_risk, highest_residual_risk, needs_ico_consultation

#: The document layout's version, stored in every snapshot.
DOCUMENT_FORMAT = 1

#: What a printed copy says across its top (and on every page of the PDF) while it is not the
#: approved assessment, so a copy on someone's desk cannot pass for one.
MARKINGS = {
    DpiaStatus.DRAFT: "DRAFT — not approved",
    DpiaStatus.RETURNED: "DRAFT — not approved",
    DpiaStatus.SUBMITTED: "DRAFT — not approved: with the DPO",
    DpiaStatus.AWAITING_SIGN_OFF: "DRAFT — not approved: awaiting sign-off",
    DpiaStatus.REJECTED: "REJECTED — not approved",
    DpiaStatus.WITHDRAWN: "WITHDRAWN — not approved",
    DpiaStatus.SUPERSEDED: "SUPERSEDED — replaced by a later revision",
}


def document_marking(document: dict[str, Any]) -> str:
    """The warning a copy of ``document`` carries: "" for an approved DPIA or a confirmed
    screening, which are in force as printed."""
    return MARKINGS.get(document.get("status_value", ""), "")  # type: ignore[call-overload]


def _date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or user)


def _risk_label(value: str) -> str:
    return str(RiskLevel(value).label) if value else ""


def _row(label: str, value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        return {"label": label, "value": [str(v) for v in value], "is_list": True}
    return {
        "label": label,
        "value": str(value) if value not in (None, "") else "",
        "is_list": False,
    }


def _field(dpia: Dpia, name: str) -> dict[str, Any]:
    label = str(getattr(Dpia._meta.get_field(name), "verbose_name", name))
    display = getattr(dpia, f"get_{name}_display", None)
    value = display() if display and getattr(dpia, name) else getattr(dpia, name)
    return _row(label[:1].upper() + label[1:], value)


def dpia_document(dpia: Dpia) -> dict[str, Any]:
    """``dpia`` (loaded with ``with_related()``) as the data its printed form shows."""
    risks: list[DpiaRisk] = list(dpia.risks.all())

    indicators = dict(ScreeningIndicator.choices)
    steps = [
        {
            "number": DpiaStep.NEED,
            "title": DpiaStep.NEED.label,
            "rows": [
                _row(
                    "High-risk indicators that apply",
                    [indicators.get(code, code) for code in dpia.screening_indicators or []]
                    or ["None of the indicators applies"],
                ),
                _field(dpia, "screening_outcome"),
                _field(dpia, "screening_reason"),
            ],
        }
    ]
    if dpia.screening_outcome != ScreeningOutcome.NOT_REQUIRED:
        steps += [
            {
                "number": DpiaStep.DESCRIPTION,
                "title": DpiaStep.DESCRIPTION.label,
                "rows": [
                    _field(dpia, name)
                    for name in (
                        "processing_nature",
                        "processing_scope",
                        "processing_context",
                        "processing_purposes",
                    )
                ],
            },
            {
                "number": DpiaStep.CONSULTATION,
                "title": DpiaStep.CONSULTATION.label,
                "rows": [
                    _field(dpia, "consultation"),
                    _field(dpia, "consultation_not_sought_reason"),
                ],
            },
            {
                "number": DpiaStep.NECESSITY,
                "title": DpiaStep.NECESSITY.label,
                "rows": [_field(dpia, "necessity_and_proportionality")],
            },
        ]
    signed = dpia.signed_off_by is not None
    return {
        "format": DOCUMENT_FORMAT,
        "reference": dpia.reference,
        "revision": dpia.revision,
        "revision_of": str(dpia.revision_of) if dpia.revision_of_id else "",
        "title": dpia.title,
        "status": str(dpia.get_status_display()),
        "status_value": dpia.status,
        "author": _name(dpia.author),
        "started_on": _date(dpia.created_at),
        "links": {
            "Processing activities": sorted(str(a) for a in dpia.activities.all()),
            "Agreements": sorted(str(a) for a in dpia.agreements.all()),
            "Data sources": sorted(str(s) for s in dpia.data_sources.all()),
        },
        "is_screening_only": dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED,
        "steps": steps,
        "risks": [
            {
                "number": risk.number,
                "description": risk.description,
                "likelihood": str(risk.get_likelihood_display()),
                "severity": str(risk.get_severity_display()),
                "overall_risk": str(risk.get_overall_risk_display()),
                "overall_risk_value": risk.overall_risk,
            }
            for risk in risks
        ],
        "measures": [
            {
                "risk_number": risk.number,
                "risk_description": risk.description,
                "options": risk.measure_options,
                "effect": str(risk.get_measure_effect_display()) if risk.measure_effect else "",
                "residual_risk": str(risk.get_residual_risk_display())
                if risk.residual_risk
                else "",
                "residual_risk_value": risk.residual_risk,
                "approved": _measure_approved(dpia),
            }
            for risk in risks
            if risk.needs_measure
        ],
        "highest_overall_risk": _risk_label(highest_overall_risk(risks)),
        "highest_residual_risk": _risk_label(highest_residual_risk(risks)) if risks else "",
        "sign_off": _sign_off(dpia, signed),
        "ico_consultation": _ico(dpia) if needs_ico_consultation(dpia, risks) else None,
        "timeline": [
            {
                "action": str(event.get_action_display()),
                "actor": _name(event.actor),
                "at": formats.date_format(timezone.localtime(event.at), "j F Y, H:i"),
                "comment": event.comment,
                "status": str(event.get_status_after_display()) if event.status_after else "",
            }
            for event in dpia.events.select_related("actor").order_by("at", "pk")
        ],
        "next_review_on": _date(dpia.next_review_on),
        "review_owner": _name(dpia.review_owner),
    }


def _measure_approved(dpia: Dpia) -> str:
    if dpia.signed_off_by is None:
        return "Awaiting sign-off"
    return f"Yes: {_name(dpia.signed_off_by)}, {_date(dpia.signed_off_at)}"


def _ico(dpia: Dpia) -> dict[str, str]:
    return {
        "consulted_on": _date(dpia.ico_consulted_on),
        "reference": dpia.ico_reference,
        "outcome": dpia.ico_outcome,
    }


def _sign_off(dpia: Dpia, signed: bool) -> list[dict[str, str]]:
    """Step 7 as the ICO template lays it out: item, name and date, notes."""
    signer = _name(dpia.signed_off_by)
    signed_on = _date(dpia.signed_off_at)
    advised_on = _date(dpia.advised_at)
    if dpia.status == DpiaStatus.SCREENED_OUT or (
        dpia.screening_outcome == ScreeningOutcome.NOT_REQUIRED and dpia.advised_by_id
    ):
        return [
            {
                "item": "Screening confirmed by the DPO",
                "name": _name(dpia.advised_by),
                "date": advised_on,
                "notes": dpia.dpo_advice,
            },
            {
                "item": "Screening to be reviewed on",
                "name": "",
                "date": _date(dpia.next_review_on),
                "notes": "",
            },
        ]
    overruled = dpia.advice_decision == "overruled"
    return [
        {
            "item": "Measures approved by",
            "name": signer,
            "date": signed_on,
            "notes": "Integrate actions back into the project plan, with date and "
            "responsibility for completion.",
        },
        {
            "item": "Residual risks approved by",
            "name": signer,
            "date": signed_on,
            "notes": "High residual risk: the ICO was consulted before approval."
            if dpia.ico_consulted_on
            else "",
        },
        {
            "item": "DPO advice provided",
            "name": _name(dpia.advised_by),
            "date": advised_on,
            "notes": str(dpia.get_dpo_recommendation_display()) if dpia.dpo_recommendation else "",
        },
        {"item": "Summary of DPO advice", "name": "", "date": "", "notes": dpia.dpo_advice},
        {
            "item": "DPO advice accepted or overruled by",
            "name": signer,
            "date": signed_on,
            "notes": (
                f"Overruled: {dpia.advice_overruled_reasons}"
                if overruled
                else ("Accepted" if signed else "")
            ),
        },
        {
            "item": "Consultation responses reviewed by",
            "name": signer,
            "date": signed_on,
            "notes": (
                f"The decision departs from individuals' views: "
                f"{dpia.consultation_departure_reasons}"
                if dpia.consultation_departure_reasons
                else ("The decision follows the consultation responses." if signed else "")
            ),
        },
        {
            "item": "This DPIA will be kept under review by",
            "name": _name(dpia.review_owner),
            "date": _date(dpia.next_review_on),
            "notes": "The DPO also reviews ongoing compliance with the DPIA.",
        },
    ]

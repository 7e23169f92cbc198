"""The forms a DPIA is written in: one per step of the ICO's template (steps 1 to 4), a risk
(step 5), its measure (step 6), and the reason for removing a risk.

The words of the labels and hints follow the ICO's DPIA template, in plain English.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms

from vpp_portal.editing import RegisterForm

from ..choices import (
    MANDATORY_INDICATORS,
    Likelihood,
    MeasureEffect,
    RiskLevel,
    ScreeningIndicator,
    ScreeningOutcome,
    Severity,
)
from ..models import Dpia, DpiaRisk


def _choices(choices: Iterable[tuple[Any, Any]], hints: Mapping[Any, str]) -> list[Choice]:
    """Radio or checkbox choices with the hint under each; no blank "---------" option."""
    return [Choice(value, label, hint=hints.get(value, "")) for value, label in choices]


def _textarea(name: str, rows: int = 6) -> Field:
    return Field.textarea(name, label_size=Size.SMALL, rows=rows)


# --- Step 1: the need for a DPIA --------------------------------------------------------------

OUTCOME_HINTS = {
    ScreeningOutcome.REQUIRED: "Complete steps 2 to 6, then submit the DPIA to the DPO.",
    ScreeningOutcome.NOT_REQUIRED: "Submit this screening to the DPO. Once they agree, it is "
    "the record that no DPIA is needed.",
}
INDICATOR_HINTS = {
    ScreeningIndicator.EVALUATION: "Including profiling, where decisions about people are "
    "based on it.",
    ScreeningIndicator.INNOVATIVE_TECHNOLOGY: "For example artificial intelligence or new "
    "ways of combining data.",
    ScreeningIndicator.DENIAL_OF_SERVICE: "Decisions about whether someone can have a "
    "service, opportunity or benefit.",
    ScreeningIndicator.DATA_MATCHING: "Combining, comparing or matching data from several "
    "sources, such as police and health records.",
    ScreeningIndicator.INVISIBLE_PROCESSING: "Data not obtained from the people themselves, "
    "where telling them would be impossible or would take disproportionate effort.",
    ScreeningIndicator.VULNERABLE: "For example young people at risk of harm.",
}
MANDATORY_CODES = tuple(str(code) for code in MANDATORY_INDICATORS)
MANDATORY_CHOICES = [
    (value, label) for value, label in ScreeningIndicator.choices if value in MANDATORY_CODES
]
ICO_CHOICES = [
    (value, label) for value, label in ScreeningIndicator.choices if value not in MANDATORY_CODES
]


class DpiaScreeningForm(RegisterForm):
    """Step 1: the Art 35(3) cases and the ICO's indicators that apply, and the outcome.

    The two checklists are kept in ``Dpia.screening_indicators`` as one list of codes."""

    submit_label = "Save step 1"

    mandatory_indicators = forms.MultipleChoiceField(
        label="Art 35(3): any of these makes a DPIA mandatory",
        help_text="Select every case that applies.",
        choices=_choices(MANDATORY_CHOICES, INDICATOR_HINTS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ico_indicators = forms.MultipleChoiceField(
        label="ICO indicators of likely high risk",
        help_text="Select every indicator that applies. Two or more ICO indicators usually mean "
        "a DPIA is required.",
        choices=_choices(ICO_CHOICES, INDICATOR_HINTS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Dpia
        fields = ("screening_outcome", "screening_reason")
        widgets = {"screening_outcome": forms.RadioSelect}
        labels = {
            "screening_outcome": "Is a DPIA needed?",
            "screening_reason": "Reason for the outcome",
        }
        help_texts = {
            "screening_reason": "Why a DPIA is or is not needed. A screening that finds none "
            "needed is itself the record the ROPA accepts, once the DPO agrees.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["screening_outcome"].choices = _choices(  # type: ignore[attr-defined]
            ScreeningOutcome.choices, OUTCOME_HINTS
        )
        codes = list(self.instance.screening_indicators or [])
        self.fields["mandatory_indicators"].initial = [c for c in codes if c in MANDATORY_CODES]
        self.fields["ico_indicators"].initial = [c for c in codes if c not in MANDATORY_CODES]

    def layout_fields(self) -> list[Any]:
        return [
            Field.checkboxes("mandatory_indicators", legend_size=Size.MEDIUM),
            Field.checkboxes("ico_indicators", legend_size=Size.MEDIUM),
            Field.radios("screening_outcome", legend_size=Size.MEDIUM),
            Field.textarea("screening_reason", label_size=Size.MEDIUM, rows=5),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ticked = {
            *cleaned.get("mandatory_indicators", []),
            *cleaned.get("ico_indicators", []),
        }
        # One list, in the checklist's order, whichever box it was ticked in.
        self.instance.screening_indicators = [
            code for code in ScreeningIndicator.values if code in ticked
        ]
        return cleaned


# --- Steps 2 to 4 -------------------------------------------------------------------------------


class DpiaDescriptionForm(RegisterForm):
    """Step 2: the nature, scope, context and purposes of the processing."""

    submit_label = "Save step 2"

    class Meta:
        model = Dpia
        fields = (
            "processing_nature",
            "processing_scope",
            "processing_context",
            "processing_purposes",
        )
        labels = {
            "processing_nature": "Nature of the processing",
            "processing_scope": "Scope of the processing",
            "processing_context": "Context of the processing",
            "processing_purposes": "Purposes of the processing",
        }
        help_texts = {
            "processing_nature": "How you will collect, use, store and delete the data; where "
            "it comes from; who it is shared with; any processing likely to be high risk, such "
            "as data matching or new technology.",
            "processing_scope": "What the data is, including any special category or criminal "
            "offence data; how much and how often; how long it is kept; how many people it "
            "covers; the area it covers.",
            "processing_context": "Your relationship with the people; how much control they "
            "will have; whether they would expect it; whether they include children or other "
            "vulnerable groups; any earlier concerns or security flaws; whether it is new; "
            "any public concern about it.",
            "processing_purposes": "What you want to achieve; the intended effect on people; "
            "the benefits for the partnership and more widely.",
        }

    def layout_fields(self) -> list[Any]:
        return [_textarea(name) for name in self._meta.fields]  # type: ignore[union-attr]


class DpiaConsultationForm(RegisterForm):
    """Step 3: who was consulted and how, or why individuals' views were not sought."""

    submit_label = "Save step 3"

    class Meta:
        model = Dpia
        fields = ("consultation", "consultation_not_sought_reason")
        labels = {
            "consultation": "Who was consulted and how",
            "consultation_not_sought_reason": "Why individuals' views were not sought",
        }
        help_texts = {
            "consultation": "When and how the views of the people concerned (or their "
            "representatives) were sought; who else in the partnership was involved; any "
            "processors, information security or other experts consulted.",
            "consultation_not_sought_reason": "Only if individuals' views were not sought.",
        }

    def layout_fields(self) -> list[Any]:
        return [_textarea("consultation"), _textarea("consultation_not_sought_reason", rows=4)]


class DpiaNecessityForm(RegisterForm):
    """Step 4: why the processing is necessary and proportionate, and how it complies."""

    submit_label = "Save step 4"

    class Meta:
        model = Dpia
        fields = ("necessity_and_proportionality",)
        labels = {"necessity_and_proportionality": "Necessity and proportionality"}
        help_texts = {
            "necessity_and_proportionality": "Cover: the lawful basis; whether the processing "
            "actually achieves the purpose; whether there is another way to achieve it; how "
            "you will prevent function creep; how you will make sure the data is accurate "
            "and kept to the minimum; what information you will give people; how you will "
            "help them use their rights; how you will make sure processors comply; how you "
            "will protect any international transfers.",
        }

    def layout_fields(self) -> list[Any]:
        return [_textarea("necessity_and_proportionality", rows=12)]


# --- Step 5: a risk -----------------------------------------------------------------------------

LIKELIHOOD_HINTS = {
    Likelihood.REMOTE: "The harm is very unlikely to happen.",
    Likelihood.POSSIBLE: "The harm could happen.",
    Likelihood.PROBABLE: "The harm is more likely to happen than not.",
}
SEVERITY_HINTS = {
    Severity.MINIMAL: "An inconvenience people would get over easily.",
    Severity.SIGNIFICANT: "Serious consequences people could get over with some difficulty, "
    "such as distress or financial loss.",
    Severity.SEVERE: "Serious or lasting consequences, such as physical harm, loss of liberty "
    "or long-term distress.",
}


class DpiaRiskForm(RegisterForm):
    """Step 5: one risk to individuals; the overall risk comes from the matrix on save."""

    submit_label = "Save risk"

    class Meta:
        model = DpiaRisk
        fields = ("description", "likelihood", "severity")
        widgets = {"likelihood": forms.RadioSelect, "severity": forms.RadioSelect}
        labels = {
            "description": "Source of the risk and its possible impact on people",
            "likelihood": "Likelihood of harm",
            "severity": "Severity of harm",
        }
        help_texts = {
            "description": "What could go wrong and how it would affect the people whose data "
            "it is. Include related compliance and corporate risks where they matter.",
        }
        error_messages = {
            "description": {"required": "Describe the source of the risk and its impact."},
            "likelihood": {"required": "Select how likely the harm is."},
            "severity": {"required": "Select how severe the harm would be."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].choices = _choices(  # type: ignore[attr-defined]
            Likelihood.choices, LIKELIHOOD_HINTS
        )
        self.fields["severity"].choices = _choices(  # type: ignore[attr-defined]
            Severity.choices, SEVERITY_HINTS
        )

    def layout_fields(self) -> list[Any]:
        return [
            Field.textarea("description", label_size=Size.SMALL, rows=5),
            Field.radios("likelihood", legend_size=Size.SMALL),
            Field.radios("severity", legend_size=Size.SMALL),
        ]


# --- Step 6: a risk's measure -------------------------------------------------------------------

EFFECT_HINTS = {
    MeasureEffect.ELIMINATED: "The measure removes the risk.",
    MeasureEffect.REDUCED: "The measure makes the harm less likely or less severe.",
    MeasureEffect.ACCEPTED: "The risk is accepted as it is: say why in the options.",
}
RESIDUAL_HINTS = {
    RiskLevel.HIGH: "A high residual risk is signed off by the SIRO, after prior consultation "
    "with the ICO (UK GDPR Art 36).",
}


class DpiaRiskMeasureForm(RegisterForm):
    """Step 6: what is done about one medium or high risk, and the risk that remains."""

    submit_label = "Save measure"

    class Meta:
        model = DpiaRisk
        fields = ("measure_options", "measure_effect", "residual_risk")
        widgets = {"measure_effect": forms.RadioSelect, "residual_risk": forms.RadioSelect}
        labels = {
            "measure_options": "Options to reduce or eliminate the risk",
            "measure_effect": "Effect on the risk",
            "residual_risk": "Residual risk",
        }
        help_texts = {
            "measure_options": "The measures you will take, such as checks, training, "
            "restricted access or less data.",
            "residual_risk": "The risk that remains once the measures are in place.",
        }
        error_messages = {
            "measure_options": {"required": "Enter the options to reduce or eliminate the risk."},
            "measure_effect": {"required": "Select the effect the measures have on the risk."},
            "residual_risk": {"required": "Select the residual risk."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_effect"].choices = _choices(  # type: ignore[attr-defined]
            MeasureEffect.choices, EFFECT_HINTS
        )
        self.fields["residual_risk"].choices = _choices(  # type: ignore[attr-defined]
            RiskLevel.choices, RESIDUAL_HINTS
        )
        # Blank in the model (a low risk has no measure); all three are needed here.
        for name in self._meta.fields:  # type: ignore[union-attr]
            self.fields[name].required = True

    def layout_fields(self) -> list[Any]:
        return [
            Field.textarea("measure_options", label_size=Size.SMALL, rows=5),
            Field.radios("measure_effect", legend_size=Size.SMALL),
            Field.radios("residual_risk", legend_size=Size.SMALL),
        ]


# --- Removing a risk ----------------------------------------------------------------------------


class DpiaRiskRemoveForm(forms.Form):
    """Why a risk is taken out of the DPIA: its history keeps what it said."""

    reason = forms.CharField(
        label="Why are you removing this risk?",
        help_text="Recorded in the History tab, with what the risk said.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=255,
        error_messages={"required": "Enter why you are removing the risk."},
    )


__all__ = [
    "DpiaConsultationForm",
    "DpiaDescriptionForm",
    "DpiaNecessityForm",
    "DpiaRiskForm",
    "DpiaRiskMeasureForm",
    "DpiaRiskRemoveForm",
    "DpiaScreeningForm",
]

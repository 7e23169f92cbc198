"""The shape of the scale data: how many rows of each register, how far back the history goes,
the status paths a record walks and the names it gets."""

from governance.choices import (
    BreachStatus,
    DpiaStatus,
    Likelihood,
    PolicyStatus,
    RiskLevel,
    Severity,
)
from ropa.choices import ActivityStatus
from sharing.choices import (
    AgreementStatus,
    ProductStatus,
)

#: Every name the seeder writes starts with this, so a re-run can tell it has run before.
SCALE_PREFIX = "Scale"
DEFAULT_ROWS = 100_000
SMALL_ROWS = 10_000
SEED = 12
BATCH = 2_000
#: Share of rows left as old data or imports leave them, so every finding kind has examples.
LEGACY_SHARE = 0.03
#: How far back the history goes.
HISTORY_DAYS = 540
#: History rows per record: created, then changed (min, max) times.
CHANGES = (8, 22)
#: Staff accounts the changes are spread over (besides the demo's).
EXTRA_USERS = 40

#: Parent records per 100,000 register rows; children (parties, documents, consultations,
#: risks, members) follow their parents, so the total comes out near ``rows``.
SHARES: dict[str, int] = {
    "organisations": 5_000,
    "contacts": 9_000,
    "role_holders": 1_500,
    "forums": 150,
    "retention_rules": 150,
    "policies": 800,
    "agreements": 8_000,
    "data_sources": 13_000,
    "products": 4_500,
    "activities": 6_500,
    "dpias": 3_500,
    "disposals": 1_500,
    "breaches": 1_500,
    "reminders": 3_500,
}

REASONS = (
    "Details corrected after the quarterly check",
    "Updated after the partner's comments",
    "Owner changed",
    "Review date moved after the Board meeting",
    "Wording agreed with the DPO",
    "Contact details updated",
    "Added detail from the project team",
    "Tidied after the information audit",
)


#: The first history reason of a row that old data or an import left breaking today's rules.
IMPORTED = "Imported from the old spreadsheet register"


def _path(final: str, paths: dict[str, list[str]]) -> list[str]:
    return paths.get(final, [final])


AGREEMENT_PATHS = {
    AgreementStatus.DRAFTING: [AgreementStatus.DRAFTING],
    AgreementStatus.IN_NEGOTIATION: [AgreementStatus.DRAFTING, AgreementStatus.IN_NEGOTIATION],
    AgreementStatus.ACTIVE: [
        AgreementStatus.DRAFTING,
        AgreementStatus.IN_NEGOTIATION,
        AgreementStatus.ACTIVE,
    ],
    AgreementStatus.EXPIRED: [
        AgreementStatus.DRAFTING,
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
    ],
    AgreementStatus.TERMINATED: [
        AgreementStatus.DRAFTING,
        AgreementStatus.ACTIVE,
        AgreementStatus.TERMINATED,
    ],
}
DPIA_PATHS = {
    DpiaStatus.SUBMITTED: [DpiaStatus.DRAFT, DpiaStatus.SUBMITTED],
    DpiaStatus.RETURNED: [DpiaStatus.DRAFT, DpiaStatus.SUBMITTED, DpiaStatus.RETURNED],
    DpiaStatus.AWAITING_SIGN_OFF: [
        DpiaStatus.DRAFT,
        DpiaStatus.SUBMITTED,
        DpiaStatus.AWAITING_SIGN_OFF,
    ],
    DpiaStatus.APPROVED: [
        DpiaStatus.DRAFT,
        DpiaStatus.SUBMITTED,
        DpiaStatus.AWAITING_SIGN_OFF,
        DpiaStatus.APPROVED,
    ],
    DpiaStatus.SCREENED_OUT: [DpiaStatus.DRAFT, DpiaStatus.SUBMITTED, DpiaStatus.SCREENED_OUT],
    DpiaStatus.REJECTED: [
        DpiaStatus.DRAFT,
        DpiaStatus.SUBMITTED,
        DpiaStatus.AWAITING_SIGN_OFF,
        DpiaStatus.REJECTED,
    ],
    DpiaStatus.WITHDRAWN: [DpiaStatus.DRAFT, DpiaStatus.WITHDRAWN],
}
PRODUCT_PATHS = {
    ProductStatus.AWAITING_CONSULTATION: [ProductStatus.DRAFT, ProductStatus.AWAITING_CONSULTATION],
    ProductStatus.READY: [ProductStatus.DRAFT, ProductStatus.READY],
    ProductStatus.PUBLISHED: [ProductStatus.DRAFT, ProductStatus.READY, ProductStatus.PUBLISHED],
    ProductStatus.WITHDRAWN: [
        ProductStatus.DRAFT,
        ProductStatus.PUBLISHED,
        ProductStatus.WITHDRAWN,
    ],
}
ACTIVITY_PATHS = {
    ActivityStatus.ACTIVE: [ActivityStatus.DRAFT, ActivityStatus.ACTIVE],
    ActivityStatus.UNDER_REVIEW: [
        ActivityStatus.DRAFT,
        ActivityStatus.ACTIVE,
        ActivityStatus.UNDER_REVIEW,
    ],
    ActivityStatus.RETIRED: [ActivityStatus.DRAFT, ActivityStatus.ACTIVE, ActivityStatus.RETIRED],
}
POLICY_PATHS = {
    PolicyStatus.IN_FORCE: [PolicyStatus.DRAFT, PolicyStatus.IN_FORCE],
    PolicyStatus.UNDER_REVIEW: [
        PolicyStatus.DRAFT,
        PolicyStatus.IN_FORCE,
        PolicyStatus.UNDER_REVIEW,
    ],
    PolicyStatus.WITHDRAWN: [PolicyStatus.DRAFT, PolicyStatus.IN_FORCE, PolicyStatus.WITHDRAWN],
}
BREACH_PATHS = {
    BreachStatus.CONTAINED: [BreachStatus.OPEN, BreachStatus.CONTAINED],
    BreachStatus.CLOSED: [BreachStatus.OPEN, BreachStatus.CONTAINED, BreachStatus.CLOSED],
}

#: The overall risk for likelihood by severity (the DPIA risk matrix).
MATRIX = {
    (Likelihood.REMOTE, Severity.MINIMAL): RiskLevel.LOW,
    (Likelihood.REMOTE, Severity.SIGNIFICANT): RiskLevel.LOW,
    (Likelihood.REMOTE, Severity.SEVERE): RiskLevel.MEDIUM,
    (Likelihood.POSSIBLE, Severity.MINIMAL): RiskLevel.LOW,
    (Likelihood.POSSIBLE, Severity.SIGNIFICANT): RiskLevel.MEDIUM,
    (Likelihood.POSSIBLE, Severity.SEVERE): RiskLevel.HIGH,
    (Likelihood.PROBABLE, Severity.MINIMAL): RiskLevel.MEDIUM,
    (Likelihood.PROBABLE, Severity.SIGNIFICANT): RiskLevel.HIGH,
    (Likelihood.PROBABLE, Severity.SEVERE): RiskLevel.HIGH,
}

PLACES = (
    "Hull", "Grimsby", "Scunthorpe", "Beverley", "Goole", "Bridlington", "Cleethorpes",
    "Hessle", "Driffield", "Brigg", "Withernsea", "Immingham", "Barton", "Howden", "Cottingham",
)  # fmt: skip
TOPICS = (
    "knife crime", "youth violence", "domestic abuse", "night-time economy", "county lines",
    "school exclusions", "A&E assaults", "hospital navigators", "serious violence duty",
    "community safety", "custody diversion", "mentoring", "family support", "street outreach",
)  # fmt: skip

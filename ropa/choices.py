from django.db import models


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    UNDER_REVIEW = "under_review", "Under review"
    RETIRED = "retired", "Retired"


class Art9Condition(models.TextChoices):
    """UK GDPR Article 9(2) conditions for special category data."""

    EXPLICIT_CONSENT = "a", "Art 9(2)(a) explicit consent"
    EMPLOYMENT = "b", "Art 9(2)(b) employment, social security and social protection"
    VITAL_INTERESTS = "c", "Art 9(2)(c) vital interests"
    NOT_FOR_PROFIT = "d", "Art 9(2)(d) not-for-profit bodies"
    MADE_PUBLIC = "e", "Art 9(2)(e) made public by the data subject"
    LEGAL_CLAIMS = "f", "Art 9(2)(f) legal claims or judicial acts"
    SUBSTANTIAL_PUBLIC_INTEREST = "g", "Art 9(2)(g) reasons of substantial public interest"
    HEALTH_SOCIAL_CARE = "h", "Art 9(2)(h) health or social care"
    PUBLIC_HEALTH = "i", "Art 9(2)(i) public health"
    ARCHIVING_RESEARCH = "j", "Art 9(2)(j) archiving, research and statistics"


class Schedule1Condition(models.TextChoices):
    """DPA 2018 Schedule 1 conditions most used by a violence reduction partnership."""

    EMPLOYMENT = "p1_1", "Sch 1 para 1 employment, social security and social protection"
    HEALTH_SOCIAL_CARE = "p1_2", "Sch 1 para 2 health or social care purposes"
    PUBLIC_HEALTH = "p1_3", "Sch 1 para 3 public health"
    RESEARCH = "p1_4", "Sch 1 para 4 research"
    STATUTORY = "p2_6", "Sch 1 para 6 statutory and government purposes"
    EQUALITY = "p2_8", "Sch 1 para 8 equality of opportunity or treatment"
    PREVENTING_CRIME = "p2_10", "Sch 1 para 10 preventing or detecting unlawful acts"
    PROTECTING_PUBLIC = "p2_11", "Sch 1 para 11 protecting the public"
    SAFEGUARDING = "p2_18", "Sch 1 para 18 safeguarding of children and individuals at risk"
    LEGAL_CLAIMS = "p3_33", "Sch 1 para 33 legal claims"


class DpiaRequired(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No (screening recorded)"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class PeriodUnit(models.TextChoices):
    MONTHS = "months", "months"
    YEARS = "years", "years"


class RetentionTrigger(models.TextChoices):
    CREATION = "creation", "Creation"
    END_OF_AGREEMENT = "end_of_agreement", "End of the agreement"
    LAST_ACTIVITY = "last_activity", "Last activity"
    CLOSURE = "closure", "Closure"


class RetentionAction(models.TextChoices):
    DESTROY = "destroy", "Destroy"
    REVIEW = "review", "Review"
    TRANSFER = "transfer", "Transfer"


class AuthorityKind(models.TextChoices):
    STATUTE = "statute", "Statute"
    POLICY = "policy", "OPCC retention policy"


class DisposalMethod(models.TextChoices):
    SECURE_DELETION = "secure_deletion", "Secure deletion"
    SHREDDING = "shredding", "Shredding"
    RETURNED = "returned", "Returned to supplier"
    ANONYMISED = "anonymised", "Anonymised"


class DisposalStatus(models.TextChoices):
    """A disposal is proposed by the core team and decided by the DPO (``accounts.deciders``)."""

    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


STATUS_COLOURS = {
    "draft": "grey",
    "active": "green",
    "under_review": "yellow",
    "retired": "red",
    # Disposals (keys are shared across apps: "approved" is green everywhere).
    "proposed": "yellow",
    "approved": "green",
    "refused": "red",
}

from django.db import models


class OrganisationKind(models.TextChoices):
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    PROBATION = "probation", "Probation"
    PRISON = "prison", "Prison"
    COURTS = "courts", "Courts"
    CPS = "cps", "Crown Prosecution Service"
    UNIVERSITY = "university", "University"
    CHARITY = "charity", "Charity"
    OTHER = "other", "Other"


class ForumConnectionStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    CONNECTED = "connected", "Connected"
    DECLINED = "declined", "Declined"


class AgreementKind(models.TextChoices):
    MOU = "mou", "Memorandum of Understanding"
    ISA = "isa", "Information Sharing Agreement"
    FORUM_AIP = "forum_aip", "Forum agreement-in-principle"
    ART28 = "art28", "Controller-to-processor contract (UK GDPR Art 28)"


#: Agreement kinds that can allow personal data to be shared (an MoU alone never does).
PERSONAL_DATA_AGREEMENT_KINDS = (AgreementKind.ISA, AgreementKind.ART28)
#: Agreement kinds that are signed by their parties, so become active only with evidence of
#: it: a signed copy uploaded, or each party's accepted reason for signing elsewhere. (A forum
#: agreement-in-principle is the forum's record, not a document the VPP holds.)
SIGNED_AGREEMENT_KINDS = (AgreementKind.MOU, AgreementKind.ISA, AgreementKind.ART28)


class AgreementStatus(models.TextChoices):
    REQUESTED_VIA_FORUM = "requested_via_forum", "Requested via forum"
    DRAFTING = "drafting", "Drafting"
    IN_NEGOTIATION = "in_negotiation", "In negotiation"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


#: Agreements that have ended: how their parties signed is part of the record.
AGREEMENT_ENDED_STATUSES = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


class AgreementTemplate(models.TextChoices):
    HIGA_ISA = "higa_isa", "HIGA Information Sharing Agreement template"
    HIGA_AIP = "higa_aip", "HIGA agreement-in-principle"
    OPCC = "opcc", "OPCC standard contract"
    PARTNER = "partner", "Partner's own template"
    BESPOKE = "bespoke", "Bespoke"


class PartyRole(models.TextChoices):
    CONTROLLER = "controller", "Controller"
    JOINT_CONTROLLER = "joint_controller", "Joint controller"
    PROCESSOR = "processor", "Processor"
    RECIPIENT = "recipient", "Recipient"


class IsaItem(models.TextChoices):
    """What the ICO data sharing code expects an information sharing agreement to cover, in
    the code's order (``sharing.code_items`` says when each counts as covered)."""

    PURPOSE = "purpose", "Purpose and benefits"
    PARTIES = "parties", "Parties, contacts and how parties join or leave"
    ROLES = "roles", "Roles, with an Art 26 arrangement for joint controllers"
    DATA_ITEMS = "data_items", "Data items shared"
    LAWFUL_BASIS = "lawful_basis", "Lawful basis and legal power"
    SPECIAL_CONDITIONS = (
        "special_conditions",
        "Special category and criminal offence data conditions",
    )
    RIGHTS = "rights", "Individuals' rights, subject access, FOI requests and complaints"
    SECURITY = "security", "Security of transfer and storage"
    RETENTION = "retention", "Retention and deletion"
    DATA_QUALITY = "data_quality", "Data quality"
    BREACH = "breach", "Breach procedure"
    TRAINING = "training", "Training"
    REVIEW = "review", "Review"
    TERMINATION = "termination", "What happens at the end, or when a party withdraws"


class LawfulBasis(models.TextChoices):
    """UK GDPR Article 6(1) lawful bases."""

    CONSENT = "consent", "Art 6(1)(a) consent"
    CONTRACT = "contract", "Art 6(1)(b) contract"
    LEGAL_OBLIGATION = "legal_obligation", "Art 6(1)(c) legal obligation"
    VITAL_INTERESTS = "vital_interests", "Art 6(1)(d) vital interests"
    PUBLIC_TASK = "public_task", "Art 6(1)(e) public task"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Art 6(1)(f) legitimate interests"


class DataClassification(models.TextChoices):
    """The strategy's Appendix 3: every data set has exactly one of these."""

    OPEN = "open", "1. Open data"
    ONE_OFF_PUBLIC = "one_off_public", "2. One-off public"
    PARTNER_SHARED = "partner_shared", "3. Partner-shared"


class UpdateFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"
    IRREGULAR = "irregular", "Irregular"


#: Days after which open data counts as stale (the reminders issue builds on this).
UPDATE_FREQUENCY_DAYS = {
    UpdateFrequency.DAILY: 1,
    UpdateFrequency.WEEKLY: 7,
    UpdateFrequency.MONTHLY: 31,
    UpdateFrequency.QUARTERLY: 92,
    UpdateFrequency.ANNUALLY: 366,
}


class Collection(models.TextChoices):
    EXISTING = "existing", "Data the partner already collects"
    NEW = "new", "A new collection"


class NewCollectionPurpose(models.TextChoices):
    """The only reasons the strategy allows for asking a partner to collect new data."""

    SCOPING = "scoping", "Scoping a commissioned intervention"
    DESIGNING = "designing", "Designing a commissioned intervention"
    REVIEWING = "reviewing", "Reviewing a commissioned intervention"


class ProductKind(models.TextChoices):
    REPORT = "report", "Report"
    DASHBOARD = "dashboard", "Dashboard"
    BRIEFING = "briefing", "Briefing"
    DATASET = "dataset", "Dataset"


class Audience(models.TextChoices):
    INTERNAL = "internal", "Internal"
    PARTNERS = "partners", "Partners"
    PUBLIC = "public", "Public"


class ProductStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_CONSULTATION = "awaiting_consultation", "Awaiting consultation"
    READY = "ready", "Ready"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: Product states in which the suppliers must already have agreed (rule 3).
PRODUCT_AGREED_STATUSES = (ProductStatus.READY, ProductStatus.PUBLISHED)
#: Product states in which consultations are over: nobody is asked or answers any more; its
#: consultations are the record of what was agreed.
PRODUCT_CLOSED_STATUSES = (ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN)


class ConsultationResponse(models.TextChoices):
    PENDING = "pending", "Pending"
    AGREED = "agreed", "Agreed"
    AGREED_WITH_CONDITIONS = "agreed_with_conditions", "Agreed with conditions"
    DECLINED = "declined", "Declined"


AGREEING_RESPONSES = (ConsultationResponse.AGREED, ConsultationResponse.AGREED_WITH_CONDITIONS)

#: GOV.UK tag colour per status value: colour is never the only signal (the text is shown too).
STATUS_COLOURS = {
    "requested": "yellow",
    "connected": "green",
    "declined": "red",
    "requested_via_forum": "yellow",
    "drafting": "grey",
    "in_negotiation": "blue",
    "active": "green",
    "expired": "orange",
    "terminated": "red",
    "draft": "grey",
    "awaiting_consultation": "yellow",
    "ready": "blue",
    "published": "green",
    "withdrawn": "red",
    "pending": "yellow",
    "agreed": "green",
    "agreed_with_conditions": "turquoise",
}


class HolderRole(models.TextChoices):
    """The information-governance roles each organisation names (the strategy's Appendix 1)."""

    SIRO = "siro", "Senior Information Risk Owner (SIRO)"
    DPO = "dpo", "Data Protection Officer (DPO)"
    DIRECTOR = "director", "Director"

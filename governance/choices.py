from django.db import models


class PolicyKind(models.TextChoices):
    POLICY = "policy", "Policy"
    PROCEDURE = "procedure", "Procedure"
    PRIVACY_NOTICE = "privacy_notice", "Privacy notice"
    SAFEGUARDS = "safeguards", "Safeguards policy (appropriate policy document)"


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "Adopted by the VPP"
    OVERRIDDEN = "overridden", "Overridden by a VPP decision"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_FORCE = "in_force", "In force"
    UNDER_REVIEW = "under_review", "Under review"
    WITHDRAWN = "withdrawn", "Withdrawn"


STATUS_COLOURS = {
    "in_force": "green",
    "under_review": "yellow",
    "withdrawn": "red",
}

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

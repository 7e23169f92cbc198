from django.db import models


class Role(models.TextChoices):
    """The portal's roles. Each is a Django group of the same name (see ``roles.ROLES``)."""

    STAFF = "staff", "Staff"
    DPO = "dpo", "DPO"
    SIRO = "siro", "SIRO"
    DIRECTOR = "director", "Director"
    PARTNER = "partner", "Partner"
    ADMIN = "admin", "Admin"

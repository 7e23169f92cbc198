from django.db import models


class Audience(models.TextChoices):
    """Who a course is for."""

    EVERYONE = "everyone", "Everyone"
    ROLE = "role", "People with one portal role"
    KEY_ROLES = "key_roles", "Key-role holders (SIRO, DPO, Director)"


class TrainingState(models.TextChoices):
    """Where a person stands on one course that applies to them."""

    IN_DATE = "in_date", "In date"
    DUE = "due", "Due"
    EXPIRED = "expired", "Expired"
    NEVER_DONE = "never_done", "Never done"


#: A tag colour per state; the state's words are always shown with it.
TRAINING_STATE_COLOURS = {
    TrainingState.IN_DATE: "green",
    TrainingState.DUE: "orange",
    TrainingState.EXPIRED: "red",
    TrainingState.NEVER_DONE: "red",
}

#: The role-holder kinds (``sharing.choices.HolderRole`` values) a key-role course can be for,
#: each with the course's flag.
KEY_ROLE_FLAGS = (("siro", "is_for_siro"), ("dpo", "is_for_dpo"), ("director", "is_for_director"))

#: A new starter's induction falls due this many days after they start.
INDUCTION_DAYS = 30
#: Training that expires within this many days shows as "Due by …" rather than "In date".
DUE_SOON_DAYS = 30

"""The Record of Processing Activities (UK GDPR Art 30), retention rules and the disposal log,
one module per register; every model is importable from here (``from ropa.models import
ProcessingActivity``)."""

from .activities import ProcessingActivity
from .disposals import Disposal
from .reference import (
    ControllerDetails,
    DataCategory,
    IndividualCategory,
    RecipientCategory,
    Vocabulary,
)
from .retention import RetentionRule

__all__ = [
    "ControllerDetails",
    "DataCategory",
    "Disposal",
    "IndividualCategory",
    "ProcessingActivity",
    "RecipientCategory",
    "RetentionRule",
    "Vocabulary",
]

"""The sharing registers' models, one module per register; every model is importable from here
(``from sharing.models import Agreement``)."""

from .agreements import Agreement, AgreementParty, SignedDocument
from .data_sources import DataSource
from .forums import ConnectionRequest, Forum
from .isa_items import AgreementCodeItem
from .organisations import Contact, Organisation
from .products import Consultation, Product
from .role_holders import RoleHolder

__all__ = [
    "Agreement",
    "AgreementCodeItem",
    "AgreementParty",
    "ConnectionRequest",
    "Consultation",
    "Contact",
    "DataSource",
    "Forum",
    "Organisation",
    "Product",
    "RoleHolder",
    "SignedDocument",
]

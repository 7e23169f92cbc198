"""Every write to the sharing registers beyond a plain form save, and the strategy's rules.

One module per register. Each service is atomic, records who and why in the history, and
raises ``ValidationError`` with messages a user can act on (keyed by field where a field is at
fault). A service acting on an existing record takes it first:
``agreement_activate(agreement, actor=..., reason=...)``. The rules:

1. A partner-shared source needs a supplying organisation, an active covering agreement to
   which that organisation is a party, and a justification; a new collection needs one of
   the three permitted purposes (``data_sources``).
2. A partner-shared source with personal data needs an ISA or Art 28 contract that allows
   personal data; an MoU alone is never enough (``data_sources``, ``agreements``).
3. A product for partners or the public that uses partner-shared data cannot be ready or
   published until every supplying organisation has agreed (with or without conditions)
   (``products``, ``consultations``).
4. Joint controllers on an agreement need the Art 26 arrangement recorded (``agreements``,
   ``parties``).
5. A partner-shared source whose covering agreement is not active is "uncovered" (derived:
   ``DataSource.is_uncovered`` and ``DataSourceQuerySet.uncovered``).
6. A role (SIRO, DPO, Director) has one holder at a time at each organisation: holders' periods
   never overlap, so a handover ends the old holder's period the day before the new one starts
   (``role_holders``).

The workflow steps built on these services are declared in ``sharing.workflows``.
"""

from .agreements import (
    Problem,
    agreement_activate,
    agreement_expire,
    agreement_problems,
    agreement_save,
    agreement_start_drafting,
    agreement_start_negotiation,
    agreement_terminate,
    signature_problems,
    signed_document_add,
)
from .code_items import agreement_code_items_save
from .connection_requests import connection_request_connect, connection_request_decline
from .consultations import consultation_respond, consultation_save
from .data_sources import CLASSIFICATION_FIELDS, data_source_problems, data_source_save
from .parties import (
    ACCEPT_SIGNS_ELSEWHERE,
    agreement_party_accept_signs_elsewhere,
    agreement_party_record_signs_elsewhere,
    agreement_party_remove,
    agreement_party_save,
    signs_elsewhere_decision,
)
from .products import (
    product_consultation_problems,
    product_mark_ready,
    product_publish,
    product_request_consultation,
    product_return_to_draft,
    product_save,
    product_suppliers,
    product_withdraw,
)
from .role_holders import overlapping_role_holder, role_holder_problems, role_holder_save

__all__ = [
    "ACCEPT_SIGNS_ELSEWHERE",
    "CLASSIFICATION_FIELDS",
    "Problem",
    "agreement_activate",
    "agreement_code_items_save",
    "agreement_expire",
    "agreement_party_accept_signs_elsewhere",
    "agreement_party_record_signs_elsewhere",
    "agreement_party_remove",
    "agreement_party_save",
    "agreement_problems",
    "agreement_save",
    "agreement_start_drafting",
    "agreement_start_negotiation",
    "agreement_terminate",
    "connection_request_connect",
    "connection_request_decline",
    "consultation_respond",
    "consultation_save",
    "data_source_problems",
    "data_source_save",
    "overlapping_role_holder",
    "product_consultation_problems",
    "product_mark_ready",
    "product_publish",
    "product_request_consultation",
    "product_return_to_draft",
    "product_save",
    "product_suppliers",
    "product_withdraw",
    "role_holder_problems",
    "role_holder_save",
    "signature_problems",
    "signed_document_add",
    "signs_elsewhere_decision",
]

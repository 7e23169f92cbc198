"""Vocabulary terms a workbook names that the portal's vocabularies do not hold yet, and the
service the DPO uses to add them from the import's preview."""

from collections.abc import Iterable, Mapping
from hashlib import sha256
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vpp_portal.editing import save_register_row

from ..models import Vocabulary
from .columns import normalise

#: The unknown terms of one file: each vocabulary (its model) → its new terms, as first spelt.
UnknownTerms = Mapping[type[Vocabulary], Iterable[str]]


def add_permission(model: type[Vocabulary]) -> str:
    """The permission that lets a user add terms to ``model`` (the DPO's and the admin's)."""
    return f"{model._meta.app_label}.add_{model._meta.model_name}"


def can_add_terms(user: Any, terms: UnknownTerms) -> bool:
    """Whether ``user`` may add every term of ``terms`` (to each vocabulary named)."""
    return bool(terms) and all(user.has_perm(add_permission(model)) for model in terms)


def terms_fingerprint(terms: UnknownTerms) -> str:
    """A short digest of ``terms``: the confirm form carries it, so the terms added are the
    ones the DPO saw listed (a list that changed since is shown again instead)."""
    text = "\n".join(
        f"{model._meta.label_lower}:{normalise(term)}"
        for model in sorted(terms, key=lambda m: m._meta.label_lower)
        for term in sorted(terms[model], key=normalise)
    )
    return sha256(text.encode()).hexdigest()[:32]


def term_count(terms: UnknownTerms) -> int:
    return sum(len(list(names)) for names in terms.values())


def vocabulary_add_terms(*, actor: Any, terms: UnknownTerms, file_name: str) -> list[Vocabulary]:
    """Add every term of ``terms`` to its vocabulary, in one transaction; each new term has
    one history row whose reason names the file. A term the vocabulary already holds (case
    and spacing ignored), added by someone else meanwhile, is skipped.

    Only a user with the vocabulary's add permission (the DPO, the admin) may add terms:
    anyone else gets ``PermissionDenied`` and nothing is added.
    """
    if not can_add_terms(actor, terms):
        raise PermissionDenied("Only the DPO can add terms to the ROPA's vocabularies.")
    reason = f"Added from the ROPA import of {file_name}"
    added: list[Vocabulary] = []
    with transaction.atomic():
        for model, names in terms.items():
            held = {
                normalise(name) for name in model._default_manager.values_list("name", flat=True)
            }
            for name in names:
                key = normalise(name)
                if not key or key in held:
                    continue
                held.add(key)
                term = model(name=" ".join(name.split()))
                added.append(save_register_row(term, actor=actor, reason=reason))
    return added

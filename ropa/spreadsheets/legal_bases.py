"""Reading a lawful basis or condition the way people write it in a spreadsheet.

The portal's choices are labelled ``Art 6(1)(e) public task``, ``Art 9(2)(g) reasons of
substantial public interest`` and ``Sch 1 para 10 preventing or detecting unlawful acts``.
People filling in the ICO template write the same thing many ways: ``Article 6(1)(e) public
task``, ``Art. 6(1)(e)``, ``6(1)(e)``, ``UK GDPR Article 6(1)(e) – public task``,
``Article 9(2)(g) – substantial public interest``, ``DPA 2018 Schedule 1, Part 2, paragraph
10``. Each is read as one *legal reference* (``Art 6(1)(e)``, ``Art 9(2)(g)``, ``Sch 1 para
10``), whatever its case, spacing, dashes or full stops, and the reference picks the choice;
the words around it are the reader's, not the portal's. A cell without a reference is matched
on the choice's description alone (``public task``).

What is still refused, with a message for the row and column: a reference the column has no
choice for (``Article 6(1)(z)``), a reference that belongs in another column (an Art 9
condition in the Art 6 column), and two different references of the column's own kind in one
cell (the record holds the one the processing relies on). References of another kind beside
the column's own are ignored: ``Art 9(2)(g) (DPA 2018 Sch 1 para 6)`` in the Art 9 column is
Art 9(2)(g), and the Schedule 1 condition has a column of its own.
"""

import re
from collections.abc import Iterable

#: ``Article 6(1)(e)``, ``Art. 6 (1) (e)``, ``art6(1)e``, ``6(1)(e)``, ``6.1.e``.
_ARTICLE = re.compile(
    r"(?<![\w(.])(?:art(?:icle)?\s*\.?\s*)?"
    r"(\d{1,2})\s*(?:\(\s*(\d{1,2})\s*\)|\.(\d{1,2}))"
    r"\s*(?:\(\s*([a-z])\s*\)|\.?\s?([a-z])(?![a-z]))",
    re.IGNORECASE,
)
#: ``Schedule 1, Part 2, paragraph 10``, ``Sch. 1 para 10``, ``Sch 1 pt 2 para. 10``.
_SCHEDULE_FIRST = re.compile(
    r"\bsch(?:edule)?\s*\.?\s*1(?!\d)[\s,.;:–—-]*(?:(?:part|pt)\s*\.?\s*\d\s*[\s,.;:–—-]*)?"
    r"(?:paragraphs?|paras?|§)\s*\.?\s*(\d{1,2})(?!\d)",
    re.IGNORECASE,
)
#: ``paragraph 10 of Schedule 1``, ``para 10, Part 2 of Schedule 1``.
_PARAGRAPH_FIRST = re.compile(
    r"\b(?:paragraphs?|paras?|§)\s*\.?\s*(\d{1,2})(?!\d)[\s,.;:–—-]*(?:of\s*)?"
    r"(?:(?:part|pt)\s*\.?\s*\d\s*[\s,.;:–—-]*(?:of\s*)?)?(?:the\s*)?sch(?:edule)?\s*\.?\s*1(?!\d)",
    re.IGNORECASE,
)

#: What each kind of reference is, in a message.
_KINDS = {
    "Art 6": "an Article 6(1) lawful basis",
    "Art 9": "an Article 9(2) condition",
    "Sch 1": "a DPA 2018 Schedule 1 condition",
}


class LegalBasisProblem(Exception):
    """The cell names no choice of its column; the message says what is wrong and what to use."""


def legal_references(text: str) -> list[str]:
    """Every legal reference ``text`` names, in the portal's spelling, in order, each once:
    ``"UK GDPR Article 6(1)(e) – public task"`` → ``["Art 6(1)(e)"]``."""
    found: list[tuple[int, str]] = []
    for match in _ARTICLE.finditer(text):
        article, point, point_dotted, letter, letter_bare = match.groups()
        found.append(
            (
                match.start(),
                f"Art {int(article)}({int(point or point_dotted)})"
                f"({(letter or letter_bare).lower()})",
            )
        )
    for pattern in (_SCHEDULE_FIRST, _PARAGRAPH_FIRST):
        found.extend((m.start(), f"Sch 1 para {int(m.group(1))}") for m in pattern.finditer(text))
    return list(dict.fromkeys(reference for _start, reference in sorted(found)))


def kind_of_reference(reference: str) -> str:
    """``"Art 6(1)(e)"`` → ``"Art 6"``; ``"Sch 1 para 10"`` → ``"Sch 1"``."""
    return reference.split("(")[0] if reference.startswith("Art ") else "Sch 1"


def words(text: str) -> str:
    """Text as compared when it has no reference: case, spacing, dashes and punctuation
    ignored (``"Public-Task."`` and ``"public task"`` are the same)."""
    return " ".join(re.sub(r"[\W_]+", " ", str(text)).split()).casefold()


def is_legal_choice(choices: Iterable[tuple[str, str]]) -> bool:
    """Whether every choice's label starts with a legal reference (a lawful basis or a
    condition field), so cells of its column are read by ``read_legal_choice``."""
    labels = [str(label) for _key, label in choices]
    return bool(labels) and all(_label_reference(label) for label in labels)


def _label_reference(label: str) -> str | None:
    references = legal_references(label)
    return references[0] if len(references) == 1 else None


def read_legal_choice(text: str, choices: Iterable[tuple[str, str]]) -> str:
    """The stored value of the choice ``text`` names ("" for an empty cell).

    ``choices`` are ``(value, label)`` pairs whose labels start with their reference, as the
    portal's ``LawfulBasis``, ``Art9Condition`` and ``Schedule1Condition`` do. Raises
    ``LegalBasisProblem`` for a cell that names none of them, one of another column, or two.
    """
    text = text.strip()
    if not text:
        return ""
    pairs = [(str(key), str(label)) for key, label in choices]
    by_reference = {_label_reference(label): key for key, label in pairs}
    kinds = {kind_of_reference(reference) for reference in by_reference if reference}
    own_kind = next(iter(kinds)) if len(kinds) == 1 else ""
    references = legal_references(text)
    own = [r for r in references if kind_of_reference(r) in kinds]
    if len(own) > 1:
        raise LegalBasisProblem(
            f"‘{text}’ names {_and(own)}: give only the one the processing relies on "
            "(record one activity per purpose)."
        )
    if own:
        if own[0] in by_reference:
            return by_reference[own[0]]
        raise LegalBasisProblem(
            f"‘{text}’ is not a choice here: the column has no choice for {own[0]}. "
            f"Use one of: {_labels(pairs)}, or leave it empty."
        )
    if references and own_kind:
        kind = _KINDS.get(kind_of_reference(references[0]), references[0])
        raise LegalBasisProblem(
            f"‘{text}’ names {references[0]}, which is {kind}: this column takes "
            f"{_KINDS.get(own_kind, own_kind)}, for example ‘{pairs[0][1]}’. Move it to its "
            "own column, or leave this one empty."
        )
    descriptions: dict[str, set[str]] = {}
    for key, label in pairs:
        reference = _label_reference(label) or ""
        description = label[len(reference) :] if label.startswith(reference) else label
        for alias in {key, label, description, re.sub(r"^\s*reasons of\s+", "", description)}:
            descriptions.setdefault(words(alias), set()).add(key)
    keys = descriptions.get(words(text), set())
    if len(keys) == 1:
        return next(iter(keys))
    raise LegalBasisProblem(
        f"‘{text}’ is not a choice here. Use one of: {_labels(pairs)}, or leave it empty."
    )


def _labels(pairs: list[tuple[str, str]]) -> str:
    return "; ".join(f"‘{label}’" for _key, label in pairs)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"

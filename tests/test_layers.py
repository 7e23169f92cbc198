"""The layer rule (docs/architecture.md): imports go down the table only, and a lower app never
reads an upper app's status values as literals; it learns them through an interface it defines
(``ropa.dpia_standing``, ``sharing.dpia_standing``) that governance fills.

| layer        | may import (and vpp_portal) |
| vpp_portal   | —                           |
| accounts     | —                           |
| sharing      | accounts                    |
| ropa         | sharing, accounts           |
| governance   | ropa, sharing, accounts     |

Every module counts, function-local imports included; migrations and tests do not. A model may
still point up with a string reference ("governance.Policy" in a ForeignKey): that is not an
import, and these checks do not read model references.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import TextChoices

import accounts.choices
import ropa.choices
import sharing.choices
from governance.choices import (
    DPIA_IN_FORCE_STATUSES,
    DPIA_OPEN_STATUSES,
    DPIA_REPLACED_STATUSES,
    DPIA_SETTLED_STATUSES,
    DpiaStatus,
    PolicyKind,
    ScreeningOutcome,
)
from ropa.dpia_standing import standing as ropa_standing
from sharing.dpia_standing import standing as sharing_standing
from vpp_portal.interfaces import Slot

ROOT = Path(__file__).resolve().parent.parent
APPS = ("vpp_portal", "accounts", "sharing", "ropa", "governance")
#: Every app may also import ``vpp_portal`` (the wiring and cross-cutting helpers under them).
MAY_IMPORT = {
    "vpp_portal": set(),
    "accounts": {"vpp_portal"},
    "sharing": {"accounts", "vpp_portal"},
    "ropa": {"sharing", "accounts", "vpp_portal"},
    "governance": {"ropa", "sharing", "accounts", "vpp_portal"},
}


def modules(layer: str) -> Iterator[Path]:
    for path in sorted((ROOT / layer).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def imported_apps(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, app) for every import of a project app anywhere in the module: ``import x``,
    ``from x import y`` and ``import_module("x…")``/``import_string("x…")`` with a literal."""
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in DYNAMIC_IMPORTS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield getattr(node, "lineno", 0), top


DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__"}


@pytest.mark.parametrize("layer", APPS)
def test_imports_go_down_the_table_only(layer):
    allowed = MAY_IMPORT[layer] | {layer}
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {app}"
        for path in modules(layer)
        for line, app in imported_apps(ast.parse(path.read_text(), str(path)))
        if app not in allowed
    ]
    assert upward == [], f"{layer} may import only {sorted(MAY_IMPORT[layer]) or 'no app'}"


def test_the_import_check_sees_function_local_and_dynamic_imports():
    tree = ast.parse(
        "def f():\n"
        "    from governance.selectors import queue_count\n"
        "    import ropa.ico\n"
        "    import_string('sharing.models.Agreement')\n"
    )
    assert [app for _, app in imported_apps(tree)] == ["governance", "ropa", "sharing"]


# --- Knowledge: no governance status values read as literals below it ----------------------------


def _values(*choice_modules) -> set[str]:
    return {
        value
        for module in choice_modules
        for thing in vars(module).values()
        if isinstance(thing, type) and issubclass(thing, TextChoices) and thing is not TextChoices
        for value in thing.values
    }


#: Governance's values a lower app compares with a DPIA's or a policy's field.
GOVERNANCE_VALUES = set(DpiaStatus.values) | set(PolicyKind.values) | set(ScreeningOutcome.values)
#: Values the lower apps own themselves ("approved" is a disposal's status too, "draft" an
#: agreement's): only their comparison with a DPIA or a policy is governance's knowledge.
OWN_VALUES = _values(ropa.choices, sharing.choices, accounts.choices)
#: What the lower layers once held (ropa/ico.py, ropa/services.py, sharing/views/sources.py).
OLD_CONSTANTS = (
    'APPROVED = "approved"\n',  # ropa's own DisposalStatus.APPROVED is a choice, not this
    'SCREENED_OUT = "screened_out"',
    'SCREENED_REQUIRED = "required"',
    "OPEN_STATUSES = (",
    "SETTLED_STATUSES = (",
    'kind != "safeguards"',
    'status="superseded"',
)


def _strings(node: ast.AST) -> set[str]:
    return {
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
    }


def _mentions_governance_record(node: ast.AST) -> bool:
    text = ast.unparse(node).lower()
    return "dpia" in text or "policy" in text


def governance_literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, value) for each governance value read as a literal: any string constant that is
    one of governance's status values and no lower app's own, and any comparison or ``status=``/
    ``kind=`` filter of a DPIA or a policy against one of governance's values."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and node.value in set(DpiaStatus.values) - OWN_VALUES
        ):
            yield node.lineno, node.value
        if isinstance(node, ast.Compare) and _mentions_governance_record(node):
            for value in _strings(node) & GOVERNANCE_VALUES:
                yield node.lineno, value
        if isinstance(node, ast.Call) and _mentions_governance_record(node.func):
            for keyword in node.keywords:
                if keyword.arg and keyword.arg.split("__")[-2 if "__in" in keyword.arg else -1] in (
                    "status",
                    "kind",
                    "screening_outcome",
                ):
                    for value in _strings(keyword.value) & GOVERNANCE_VALUES:
                        yield node.lineno, value


@pytest.mark.parametrize("layer", ["accounts", "sharing", "ropa"])
def test_lower_apps_read_no_governance_status_literal(layer):
    found = [
        f"{path.relative_to(ROOT)}:{line} reads {value!r}"
        for path in modules(layer)
        for line, value in governance_literals(ast.parse(path.read_text(), str(path)))
    ]
    assert found == [], "read it from the app's dpia_standing interface instead"


@pytest.mark.parametrize("layer", ["accounts", "sharing", "ropa"])
def test_the_old_status_constants_are_gone(layer):
    found = [
        f"{path.relative_to(ROOT)}: {constant}"
        for path in modules(layer)
        for constant in OLD_CONSTANTS
        if constant in path.read_text()
    ]
    assert found == []


def test_the_literal_check_sees_the_old_reads():
    tree = ast.parse(
        'OPEN = ("draft", "submitted")\n'
        'if policy.kind != "safeguards": pass\n'
        'if dpia.status == "approved": pass\n'
        'dpia_model.objects.exclude(status__in=("withdrawn",))\n'
        'Disposal.objects.filter(status="approved")\n'  # ropa's own status: fine
    )
    assert sorted(governance_literals(tree)) == [
        (1, "submitted"),
        (2, "safeguards"),
        (3, "approved"),
        (4, "withdrawn"),
    ]


# --- The interfaces governance fills -----------------------------------------------------------


def test_ropa_learns_governance_s_own_status_groups():
    known = ropa_standing()
    assert known.approved == DpiaStatus.APPROVED
    assert known.screened_out == DpiaStatus.SCREENED_OUT
    assert known.in_force == DPIA_IN_FORCE_STATUSES
    assert known.open == DPIA_OPEN_STATUSES
    assert known.settled == DPIA_SETTLED_STATUSES
    assert known.screening_required == ScreeningOutcome.REQUIRED
    assert known.safeguards_policy_kind == PolicyKind.SAFEGUARDS
    # Every status is in exactly one of ropa's groups, so none is silently ignored.
    groups = (known.in_force, known.open, known.settled)
    assert sorted(s for group in groups for s in group) == sorted(DpiaStatus.values)


def test_sharing_learns_which_revisions_were_replaced():
    assert sharing_standing().replaced == DPIA_REPLACED_STATUSES == (DpiaStatus.SUPERSEDED,)


def test_an_interface_nobody_filled_says_who_should():
    slot: Slot[str] = Slot("ropa.example", filled_by="governance")
    with pytest.raises(ImproperlyConfigured, match=r"governance fills it in its AppConfig\.ready"):
        slot.get()
    slot.fill("filled")
    assert slot.get() == "filled"

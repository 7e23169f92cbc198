"""The information map: organisations → data sources → systems → processing activities →
products, as the registers record them, for one user.

``build_map`` reads each layer once through its register's ``visible_to(user)`` (a partner
sees only their own flows), in a fixed number of queries, never more than ``MAX_NODES`` nodes
and ``MAX_EDGES`` links (a bigger picture says so, and asks for a filter). ``to_dot`` writes
it as Graphviz's DOT language, every label and address escaped; ``render_svg`` runs ``dot
-Tsvg`` on it (no shell, a timeout) and keeps only the plain drawing elements and the
portal's own links of the result (``clean_svg``), so the page can show it inline. Without
Graphviz the page shows the table alone, and says why.
"""

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeET
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ropa.choices import ActivityStatus
from ropa.models import ProcessingActivity
from sharing.choices import DataClassification
from sharing.models import DataSource, Organisation, Product

from .models.systems import System

#: The most nodes the map draws, and the most links between them.
MAX_NODES = 150
MAX_EDGES = 600
#: How long ``dot`` may take (seconds).
DOT_TIMEOUT = 10


@dataclass(frozen=True)
class Layer:
    key: str
    noun: str
    plural: str
    fill: str


ORGANISATION = Layer("org", "Organisation", "Organisations", "#d2e2f1")
SOURCE = Layer("src", "Data source", "Data sources", "#e8f1e4")
SYSTEM = Layer("sys", "System", "Systems", "#fff2d3")
ACTIVITY = Layer("act", "Processing activity", "Processing activities", "#f3e0ef")
PRODUCT = Layer("prd", "Product", "Products", "#e5e6e7")
LAYERS = (ORGANISATION, SOURCE, SYSTEM, ACTIVITY, PRODUCT)


@dataclass(frozen=True)
class Node:
    key: str
    layer: Layer
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""


@dataclass
class InfoMap:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False

    def rows(self) -> list[dict[str, Any]]:
        """The accessible table: each node with the nodes it comes from and goes to."""
        by_key = {node.key: node for node in self.nodes}
        incoming: dict[str, list[Node]] = {}
        outgoing: dict[str, list[Node]] = {}
        for edge in self.edges:
            incoming.setdefault(edge.target, []).append(by_key[edge.source])
            outgoing.setdefault(edge.source, []).append(by_key[edge.target])
        return [
            {"node": node, "from": incoming.get(node.key, []), "to": outgoing.get(node.key, [])}
            for node in self.nodes
        ]

    def count(self, layer: Layer) -> int:
        return sum(1 for node in self.nodes if node.layer == layer)


class _Budget:
    """What is left of ``MAX_NODES``; a layer that does not fit marks the map truncated."""

    def __init__(self, cap: int) -> None:
        self.left = cap
        self.truncated = False

    def take(self, rows: Iterable[Any]) -> list[Any]:
        taken = list(rows)
        if len(taken) > self.left:
            self.truncated = True
            taken = taken[: self.left]
        self.left -= len(taken)
        return taken

    def slice(self) -> int:
        """How many rows to ask a layer for: one more than fits, to know it did not."""
        return max(self.left, 0) + 1


def _key(layer: Layer, pk: int) -> str:
    return f"{layer.key}{pk}"


def build_map(
    user: Any,
    *,
    organisation: Organisation | None = None,
    classification: str = "",
    cap: int | None = None,
    edge_cap: int | None = None,
) -> InfoMap:
    """The map ``user`` may see, narrowed to the flows of ``organisation`` (the data sources
    and systems it supplies, and what they feed) and to data sources of ``classification``;
    at most ``cap`` nodes and ``edge_cap`` links of each kind (``MAX_NODES``, ``MAX_EDGES``)."""
    cap = MAX_NODES if cap is None else cap
    edge_cap = MAX_EDGES if edge_cap is None else edge_cap
    budget = _Budget(cap)
    filtered = organisation is not None or bool(classification)

    sources = DataSource.objects.visible_to(user).filter(retired_on__isnull=True)
    if classification:
        sources = sources.filter(classification=classification)
    if organisation is not None:
        supplied_systems = System.objects.filter(supplier=organisation).values("pk")
        sources = sources.filter(
            Q(supplier=organisation) | Q(systems__in=supplied_systems)
        ).distinct()
    source_rows = budget.take(
        sources.order_by("name", "pk").values_list("pk", "name", "classification", "supplier_id")[
            : budget.slice()
        ]
    )
    source_ids = [row[0] for row in source_rows]

    systems = System.objects.visible_to(user)
    if filtered:
        held = Q(data_sources__in=source_ids)
        if organisation is not None and not classification:
            held |= Q(supplier=organisation)
        systems = systems.filter(held).distinct()
    system_rows = budget.take(
        systems.order_by("name", "pk").values_list("pk", "name", "supplier_id", "hosting")[
            : budget.slice()
        ]
    )
    system_ids = [row[0] for row in system_rows]

    activities = (
        ProcessingActivity.objects.visible_to(user)
        .exclude(status=ActivityStatus.RETIRED)
        .filter(Q(systems__in=system_ids) | Q(sources__in=source_ids))
        .distinct()
    )
    activity_rows = budget.take(
        activities.order_by("name", "pk").values_list("pk", "name")[: budget.slice()]
    )
    activity_ids = [row[0] for row in activity_rows]

    links = _Links(edge_cap)
    held_sources = links.read(
        System.data_sources.through.objects.filter(
            system_id__in=system_ids, datasource_id__in=source_ids
        ).values_list("datasource_id", "system_id")
    )
    held_activities = links.read(
        System.activities.through.objects.filter(
            system_id__in=system_ids, processingactivity_id__in=activity_ids
        ).values_list("system_id", "processingactivity_id")
    )
    used_sources = links.read(
        ProcessingActivity.sources.through.objects.filter(
            processingactivity_id__in=activity_ids, datasource_id__in=source_ids
        ).values_list("datasource_id", "processingactivity_id")
    )
    sources_of_activities = sorted({source for source, _ in used_sources})
    products = (
        Product.objects.visible_to(user).filter(data_sources__in=sources_of_activities).distinct()
    )
    product_rows = budget.take(
        products.order_by("title", "pk").values_list("pk", "title")[: budget.slice()]
    )
    product_ids = [row[0] for row in product_rows]
    product_sources = links.read(
        Product.data_sources.through.objects.filter(
            product_id__in=product_ids, datasource_id__in=sources_of_activities
        ).values_list("datasource_id", "product_id")
    )

    supplier_ids = {row[3] for row in source_rows if row[3]} | {row[2] for row in system_rows}
    organisation_rows = budget.take(
        Organisation.objects.visible_to(user)
        .filter(pk__in=sorted(supplier_ids))
        .order_by("name", "pk")
        .values_list("pk", "name")[: budget.slice()]
    )
    organisation_ids = {row[0] for row in organisation_rows}

    classifications = dict(DataClassification.choices)
    nodes = [
        *(
            Node(_key(ORGANISATION, pk), ORGANISATION, name, _url("sharing:organisation", pk))
            for pk, name in organisation_rows
        ),
        *(
            Node(
                _key(SOURCE, pk),
                SOURCE,
                name,
                _url("sharing:datasource", pk),
                str(classifications.get(kind, "")),
            )
            for pk, name, kind, _ in source_rows
        ),
        *(
            Node(_key(SYSTEM, pk), SYSTEM, name, _url("governance:system", pk), hosting)
            for pk, name, _, hosting in system_rows
        ),
        *(
            Node(_key(ACTIVITY, pk), ACTIVITY, name, _url("ropa:processingactivity", pk))
            for pk, name in activity_rows
        ),
        *(
            Node(_key(PRODUCT, pk), PRODUCT, title, _url("sharing:product", pk))
            for pk, title in product_rows
        ),
    ]
    shown = {node.key for node in nodes}
    edges: list[Edge] = []
    for pk, _, _, supplier in source_rows:
        if supplier in organisation_ids:
            edges.append(Edge(_key(ORGANISATION, supplier), _key(SOURCE, pk)))
    for pk, _, supplier, _ in system_rows:
        if supplier in organisation_ids:
            edges.append(Edge(_key(ORGANISATION, supplier), _key(SYSTEM, pk), "supplies"))
    edges += [Edge(_key(SOURCE, s), _key(SYSTEM, y)) for s, y in held_sources]
    edges += [Edge(_key(SYSTEM, y), _key(ACTIVITY, a)) for y, a in held_activities]
    # A source an activity uses outside any system shown holding both: straight to it.
    systems_of_source: dict[int, set[int]] = {}
    for source, system in held_sources:
        systems_of_source.setdefault(source, set()).add(system)
    systems_of_activity: dict[int, set[int]] = {}
    for system, activity in held_activities:
        systems_of_activity.setdefault(activity, set()).add(system)
    for source, activity in used_sources:
        if not systems_of_source.get(source, set()) & systems_of_activity.get(activity, set()):
            edges.append(Edge(_key(SOURCE, source), _key(ACTIVITY, activity)))
    # A product made from data an activity processes.
    activities_of_source: dict[int, list[int]] = {}
    for source, activity in used_sources:
        activities_of_source.setdefault(source, []).append(activity)
    for source, product in product_sources:
        for activity in activities_of_source.get(source, []):
            edges.append(Edge(_key(ACTIVITY, activity), _key(PRODUCT, product)))
    edges = [edge for edge in dict.fromkeys(edges) if edge.source in shown and edge.target in shown]
    if len(edges) > edge_cap:
        links.truncated = True
        edges = edges[:edge_cap]
    return InfoMap(nodes=nodes, edges=edges, truncated=budget.truncated or links.truncated)


class _Links:
    """Reads link rows, at most ``cap`` of each kind (one more marks the map truncated)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.truncated = False

    def read(self, rows: Any) -> list[tuple[int, int]]:
        found = list(rows[: self.cap + 1])
        if len(found) > self.cap:
            self.truncated = True
            found = found[: self.cap]
        return found


def _url(prefix: str, pk: int) -> str:
    return reverse(f"{prefix}_detail", kwargs={"pk": pk})


# --- DOT -----------------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """``text`` as a DOT quoted string: backslashes and quotes escaped, control characters
    (line breaks included) made spaces, and ``&`` written as an entity (Graphviz reads
    entities in labels, so a name containing ‘&lt;’ is shown as typed)."""
    cleaned = "".join(" " if ord(char) < 32 or ord(char) == 127 else char for char in text)
    escaped = cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{escaped}"'


def _wrapped(text: str, width: int = 28) -> str:
    """A long label broken into lines (DOT's ``\\n``, written after escaping)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines[:4]) + ("…" if len(lines) > 4 else "")


def _label(text: str) -> str:
    """A label: each line escaped, the lines joined by DOT's centred line break."""
    return '"' + "\\n".join(dot_string(line)[1:-1] for line in _wrapped(text).split("\n")) + '"'


def to_dot(infomap: InfoMap) -> str:
    lines = [
        "digraph infomap {",
        '  graph [rankdir=LR, fontname="Arial", bgcolor="transparent", nodesep=0.25, ranksep=0.6];',
        '  node [shape=box, style="rounded,filled", fontname="Arial", fontsize=11, '
        'color="#505a5f"];',
        '  edge [color="#505a5f", fontname="Arial", fontsize=9];',
    ]
    for layer in LAYERS:
        members = [node for node in infomap.nodes if node.layer == layer]
        if not members:
            continue
        lines.append("  { rank=same;")
        for node in members:
            lines.append(
                f"    {dot_string(node.key)} [label={_label(node.label)}, "
                f"URL={dot_string(node.url)}, "
                f"tooltip={dot_string(f'{layer.noun}: {node.label}')}, "
                f"fillcolor={dot_string(layer.fill)}];"
            )
        lines.append("  }")
    for edge in infomap.edges:
        attributes = f" [label={dot_string(edge.label)}]" if edge.label else ""
        lines.append(f"  {dot_string(edge.source)} -> {dot_string(edge.target)}{attributes};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- SVG -----------------------------------------------------------------------------------------


class DiagramUnavailable(Exception):
    """The diagram could not be drawn; the message says why, for the page."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


def render_svg(dot: str, *, timeout: float = DOT_TIMEOUT) -> bytes:
    """``dot -Tsvg`` of ``dot``: no shell, the DOT on standard input, at most ``timeout``."""
    program = shutil.which("dot")
    if program is None:
        raise DiagramUnavailable(
            "The diagram needs Graphviz, which is not installed on this server; the table "
            "below holds the same information."
        )
    try:
        finished = subprocess.run(  # noqa: S603 — a fixed program, no shell, input on stdin
            [program, "-Tsvg"],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise DiagramUnavailable(
            "The diagram took too long to draw; filter the map to draw less of it."
        ) from error
    except OSError as error:
        raise DiagramUnavailable("Graphviz could not be run to draw the diagram.") from error
    if finished.returncode != 0 or not finished.stdout:
        raise DiagramUnavailable("Graphviz could not draw the diagram.")
    return finished.stdout


SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_NS = "{http://www.w3.org/1999/xlink}"
#: The elements and attributes of Graphviz's drawing kept; anything else is dropped.
KEPT_ELEMENTS = {"svg", "g", "a", "text", "polygon", "polyline", "path", "ellipse"}
KEPT_ATTRIBUTES = {
    "viewBox",
    "width",
    "height",
    "transform",
    "points",
    "d",
    "cx",
    "cy",
    "rx",
    "ry",
    "x",
    "y",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "class",
}


def _local(name: str) -> str:
    return name.split("}", 1)[1] if name.startswith("{") else name


def _own_link(href: str) -> bool:
    """Only the portal's own pages: a path, never a scheme or another host."""
    return href.startswith("/") and not href.startswith("//") and "\\" not in href


def clean_svg(svg: bytes, *, label_id: str = "") -> SafeString:
    """Graphviz's SVG rebuilt from the elements and attributes it needs to draw (no script,
    style, event handler, foreign object or outside link can pass), as markup for the page.

    Every link is the portal's own address, named for screen readers by its tooltip."""
    source = SafeET.fromstring(svg, forbid_dtd=False, forbid_entities=True)
    root = Element("svg", {"role": "group", "class": "app-infomap__svg", "focusable": "false"})
    if label_id:
        root.set("aria-labelledby", label_id)
    for name in ("viewBox", "width", "height"):
        if source.get(name):
            root.set(name, source.get(name, ""))
    _copy_children(source, root)
    # Serialised by ElementTree, which escapes every text and attribute: the only markup is the
    # elements kept above.
    return mark_safe(tostring(root, encoding="unicode", method="xml"))  # noqa: S308


def _copy_children(source: Any, target: Element) -> None:
    for child in source:
        name = _local(child.tag)
        if name not in KEPT_ELEMENTS or name == "svg":
            continue
        attributes = {
            key: value for key, value in child.attrib.items() if _local(key) in KEPT_ATTRIBUTES
        }
        attributes = {_local(key): value for key, value in attributes.items()}
        if name == "a":
            href = child.get(f"{XLINK_NS}href") or child.get("href") or ""
            if not _own_link(href):
                _copy_children(child, target)  # keep the drawing, drop the link
                continue
            attributes = {"href": href}
            title = child.get(f"{XLINK_NS}title") or ""
            if title:
                attributes["aria-label"] = title
        copy = SubElement(target, name, attributes)
        if name == "text":
            copy.text = child.text
        _copy_children(child, copy)

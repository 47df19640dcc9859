"""The class diagram of the ontology, as Mermaid text and as a self-drawn SVG.

Both renderings come from one ``DiagramModel``: the three facet classes, the model, family,
organisation and fact-statement classes, the generative and language model classes and the
twelve classes of the brief (the subjects of ``llmkg:briefOrder``), with their sub-class links
and the object properties between them. Everything is sorted, so the same ontology always gives
the same bytes; nothing is fetched and no external renderer is needed.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from llmkg.namespaces import LLMKG, OWL, RDF, RDFS

FACETS = ("Architecture", "Capability", "Modality")
CORE = (
    "ExampleModel", "ModelFamily", "Organization", "FactStatement", "GenerativeModel",
    "LanguageModel",
)


@dataclass(frozen=True)
class Box:
    """One class in the diagram: its IRI, short name, label and kind (facet, core, brief)."""

    iri: URIRef
    name: str
    label: str
    kind: str
    order: int = 0


@dataclass(frozen=True)
class Link:
    """An arrow: ``kind`` is ``"subclass"`` (source is a subclass of target) or ``"property"``."""

    source: str
    target: str
    kind: str
    label: str = ""


@dataclass(frozen=True)
class DiagramModel:
    boxes: tuple[Box, ...]
    links: tuple[Link, ...]


def _local(iri: Node) -> str:
    text = str(iri)
    return text[max(text.rfind("#"), text.rfind("/")) + 1 :]


def _label(graph: Graph, iri: Node) -> str:
    labels = sorted(str(x) for x in graph.objects(iri, RDFS.label))
    return labels[0] if labels else _local(iri)


def _brief_classes(graph: Graph) -> list[tuple[int, URIRef]]:
    found = []
    for cls, order in graph.subject_objects(LLMKG.briefOrder):
        if isinstance(cls, URIRef):
            try:
                found.append((int(order), cls))
            except (TypeError, ValueError):
                found.append((0, cls))
    return sorted(found)


def _boxes(graph: Graph) -> list[Box]:
    declared = set(graph.subjects(RDF.type, OWL.Class))
    boxes = [
        Box(LLMKG[name], name, _label(graph, LLMKG[name]), kind)
        for kind, names in (("facet", FACETS), ("core", CORE))
        for name in names
        if LLMKG[name] in declared
    ]
    boxes += [
        Box(cls, _local(cls), _label(graph, cls), "brief", order)
        for order, cls in _brief_classes(graph)
    ]
    unique = {box.name: box for box in reversed(boxes)}
    rank = {"facet": 0, "core": 1, "brief": 2}
    return sorted(unique.values(), key=lambda b: (rank[b.kind], b.order, b.name))


def _subclass_links(graph: Graph, boxes: dict[URIRef, Box]) -> list[Link]:
    return [
        Link(boxes[child].name, boxes[parent].name, "subclass")
        for child in boxes
        for parent in graph.objects(child, RDFS.subClassOf)
        if isinstance(parent, URIRef) and parent in boxes and parent != child
    ]


def _ends(graph: Graph, cls: Node, boxes: dict[URIRef, Box]) -> list[URIRef]:
    """The boxes standing for ``cls``: itself, or its direct subclasses whose own superclasses
    are all outside the diagram (``prov:Entity`` → example model, model family)."""
    if cls in boxes:
        return [cls]  # type: ignore[list-item]
    return sorted(
        box
        for box in boxes
        if cls in set(graph.objects(box, RDFS.subClassOf))
        and not any(s in boxes for s in graph.objects(box, RDFS.subClassOf))
    )


def _property_links(graph: Graph, boxes: dict[URIRef, Box]) -> list[Link]:
    inverses = set(graph.objects(None, OWL.inverseOf))
    links = []
    for prop in sorted(set(graph.subjects(RDF.type, OWL.ObjectProperty))):
        if not isinstance(prop, URIRef) or prop in inverses:
            continue
        if any(isinstance(s, URIRef) for s in graph.objects(prop, RDFS.subPropertyOf)):
            continue  # fine-tuned from and distilled from repeat their base model
        for domain in sorted(graph.objects(prop, RDFS.domain)):
            for range_ in sorted(graph.objects(prop, RDFS.range)):
                if range_ not in boxes:
                    continue
                links += [
                    Link(boxes[d].name, boxes[range_].name, "property", _local(prop))  # type: ignore[index]
                    for d in _ends(graph, domain, boxes)
                ]
    return links


def diagram_model(ontology: Graph) -> DiagramModel:
    """The classes and links of the diagram, sorted; ``ontology`` is not modified."""
    boxes = _boxes(ontology)
    by_iri = {box.iri: box for box in boxes}
    links = _subclass_links(ontology, by_iri) + _property_links(ontology, by_iri)
    ordered = sorted(set(links), key=lambda x: (x.kind != "subclass", x.source, x.target, x.label))
    return DiagramModel(tuple(boxes), tuple(ordered))


def _mermaid_label(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


def mermaid_diagram(ontology: Graph) -> str:
    """A Mermaid ``classDiagram`` of the ontology's main classes; the same input gives the same
    text."""
    model = diagram_model(ontology)
    lines = ["classDiagram", "    direction BT"]
    for box in model.boxes:
        lines.append(f'    class {box.name}["{_mermaid_label(box.label)}"]')
    for box in model.boxes:
        if box.kind == "facet":
            lines.append(f"    <<facet>> {box.name}")
        elif box.kind == "brief":
            lines.append(f"    <<brief {box.order}>> {box.name}")
    for link in model.links:
        if link.kind == "subclass":
            lines.append(f"    {link.target} <|-- {link.source}")
        else:
            lines.append(f"    {link.source} --> {link.target} : {link.label}")
    return "\n".join(lines) + "\n"


# --- SVG ------------------------------------------------------------------------------------

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN, TOP = 210, 52, 24, 110, 24, 180
FILL = {"facet": "#e3ecfa", "core": "#ececec", "brief": "#fdf0dc"}


def _layers(model: DiagramModel) -> list[list[str]]:
    """Rows of box names: a box sits one row below its lowest superclass in the diagram."""
    parents: dict[str, list[str]] = {b.name: [] for b in model.boxes}
    for link in model.links:
        if link.kind == "subclass":
            parents[link.source].append(link.target)
    depth: dict[str, int] = {}

    def level(name: str, seen: frozenset[str] = frozenset()) -> int:
        if name not in depth:
            ups = [p for p in parents[name] if p not in seen]
            depth[name] = 1 + max((level(p, seen | {name}) for p in ups), default=-1)
        return depth[name]

    rows: list[list[str]] = []
    for box in model.boxes:
        at = level(box.name)
        while len(rows) <= at:
            rows.append([])
        rows[at].append(box.name)
    return _order_rows(rows, parents)


def _centre_hubs(names: list[str], hubs: set[str]) -> list[str]:
    """Sort ``names``, then move the ones that have subclasses to the middle."""
    others = sorted(n for n in names if n not in hubs)
    half = len(others) // 2
    return others[:half] + sorted(n for n in names if n in hubs) + others[half:]


def _order_rows(rows: list[list[str]], parents: dict[str, list[str]]) -> list[list[str]]:
    """Order each row by the mean position of its parents (barycentre), which keeps most lines
    short and uncrossed; within a tie, classes with subclasses go to the middle."""
    hubs = {p for ps in parents.values() for p in ps}
    position: dict[str, float] = {}
    ordered = []
    for row in rows:
        def centre(name: str) -> float:
            placed = [position[p] for p in parents[name] if p in position]
            return sum(placed) / len(placed) if placed else 0.0

        groups: dict[float, list[str]] = {}
        for name in row:
            groups.setdefault(centre(name), []).append(name)
        row = [n for key in sorted(groups) for n in _centre_hubs(groups[key], hubs)]
        position.update({n: float(i) for i, n in enumerate(row)})
        ordered.append(row)
    return ordered


def _positions(rows: list[list[str]]) -> tuple[dict[str, tuple[float, float]], float, float]:
    widest = max((len(r) for r in rows), default=1)
    width = 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X
    coords = {}
    for r, row in enumerate(rows):
        span = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - span) / 2
        for i, name in enumerate(row):
            coords[name] = (x0 + i * (BOX_W + GAP_X), TOP + r * (BOX_H + GAP_Y))
    height = TOP + len(rows) * (BOX_H + GAP_Y) - GAP_Y + MARGIN + 30
    return coords, width, height


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _clip(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _box_svg(box: Box, x: float, y: float) -> str:
    badge = {"brief": f"brief {box.order}", "facet": "facet"}.get(box.kind, "")
    return (
        f'<g class="box {box.kind}"><title>{_e(box.iri)}</title>'
        f'<rect x="{x:g}" y="{y:g}" width="{BOX_W}" height="{BOX_H}" rx="4" '
        f'fill="{FILL[box.kind]}" stroke="#555"/>'
        + (
            f'<text x="{x + 4:g}" y="{y + 11:g}" font-size="9" fill="#666">{_e(badge)}</text>'
            if badge
            else ""
        )
        + f'<text x="{x + BOX_W / 2:g}" y="{y + 24:g}" text-anchor="middle" font-weight="bold" '
        f'font-size="13">{_e(box.name)}</text>'
        f'<text x="{x + BOX_W / 2:g}" y="{y + 40:g}" text-anchor="middle" font-size="11" '
        f'fill="#333">{_e(_clip(box.label, 34))}</text></g>'
    )


def _subclass_svg(start: tuple[float, float], end: tuple[float, float]) -> str:
    (sx, sy), (ex, ey) = start, end
    return (
        f'<line x1="{sx + BOX_W / 2:g}" y1="{sy:g}" x2="{ex + BOX_W / 2:g}" y2="{ey + BOX_H:g}" '
        'stroke="#555" marker-end="url(#inherit)"/>'
    )


def _property_svg(
    start: tuple[float, float], end: tuple[float, float], label: str, lane: int
) -> str:
    (sx, sy), (ex, ey) = start, end
    if start == end:  # a loop over the top right corner
        x, y = sx + BOX_W - 30, sy
        lift = 34 + 16 * lane
        path = f"M{x:g},{y:g} C{x:g},{y - lift:g} {x + 60:g},{y - lift:g} {x + 40:g},{y:g}"
        lx, ly = x + 30, y - lift + 6
    elif sy == ey:  # same row: an arc above it, ends spread along the top edges
        spread = max(-70.0, min(70.0, (ex - sx) / 8))
        x1, x2 = sx + BOX_W / 2 + spread, ex + BOX_W / 2 - spread
        lift = min(40 + 0.12 * abs(x2 - x1) + 18 * lane, TOP - MARGIN - 20)
        path = f"M{x1:g},{sy:g} Q{(x1 + x2) / 2:g},{sy - 2 * lift:g} {x2:g},{sy:g}"
        lx, ly = (x1 + x2) / 2, sy - lift - 3
    else:
        x1, y1 = sx + BOX_W / 2 + 12 * lane, sy + (BOX_H if ey > sy else 0)
        x2, y2 = ex + BOX_W / 2 + 12 * lane, ey + (0 if ey > sy else BOX_H)
        path = f"M{x1:g},{y1:g} L{x2:g},{y2:g}"
        lx, ly = (x1 + x2) / 2, (y1 + y2) / 2 - 3
    return (
        f'<path d="{path}" fill="none" stroke="#1f5fa8" stroke-dasharray="5 3" '
        'marker-end="url(#arrow)"/>'
        f'<text x="{lx:g}" y="{ly:g}" text-anchor="middle" font-size="11" fill="#1f5fa8" '
        f'class="edge-label">{_e(label)}</text>'
    )


_DEFS = (
    "<defs>"
    '<marker id="inherit" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="12" '
    'markerHeight="12" orient="auto-start-reverse"><path d="M1,1 L11,6 L1,11 z" fill="#fff" '
    'stroke="#555"/></marker>'
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
    'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f5fa8"/></marker>'
    "</defs>"
)


def _lanes(links: Iterable[Link]) -> list[tuple[Link, int]]:
    """Number parallel property links between the same two boxes so they do not overlap."""
    seen: dict[frozenset[str], int] = {}
    numbered = []
    for link in links:
        pair = frozenset((link.source, link.target))
        numbered.append((link, seen.get(pair, 0)))
        seen[pair] = seen.get(pair, 0) + 1
    return numbered


def svg_diagram(ontology: Graph) -> str:
    """The class diagram drawn as SVG: boxes in rows by sub-class depth, hollow arrows for
    sub-class links, dashed arrows for object properties."""
    model = diagram_model(ontology)
    coords, width, height = _positions(_layers(model))
    boxes = {b.name: b for b in model.boxes}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" font-family="DejaVu Sans, Helvetica, Arial, '
        'sans-serif" role="img" aria-labelledby="diagram-title">',
        '<title id="diagram-title">llmkg class diagram</title>',
        _DEFS,
        f'<rect width="{width:g}" height="{height:g}" fill="#fff"/>',
    ]
    parts += [
        _subclass_svg(coords[link.source], coords[link.target])
        for link in model.links
        if link.kind == "subclass"
    ]
    parts += [
        _property_svg(coords[link.source], coords[link.target], link.label, lane)
        for link, lane in _lanes(x for x in model.links if x.kind == "property")
    ]
    parts += [_box_svg(boxes[name], *coords[name]) for name in sorted(coords)]
    parts.append(
        f'<text x="{MARGIN}" y="{height - MARGIN:g}" font-size="11" fill="#333">'
        "Hollow arrow: subclass of. Dashed arrow: object property (domain to range). "
        "Colours: blue facets, grey core classes, orange the twelve classes of the brief.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


__all__ = ["Box", "DiagramModel", "Link", "diagram_model", "mermaid_diagram", "svg_diagram"]

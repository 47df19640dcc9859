"""A static documentation site for the graph: overview, ontology reference, catalogue, diagram
and charts.

``build_site(kg, out_dir)`` writes plain HTML pages (standard library only, every piece of text
escaped, links only to ``http``/``https`` addresses, a Content-Security-Policy that allows only
the pages' own inline style and sorting script), the class diagram as SVG and Mermaid text, and
three charts as PNG. The same graph always gives the same bytes: everything is sorted and no page
carries a build time.

pyLODE would be the usual tool for the ontology page, but its releases since 3.4.2 (3.6.0
included) require Python 3.12 and llmkg supports 3.11, so llmkg renders its own small reference
with the standard library instead.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from llmkg import charts
from llmkg.diagram import mermaid_diagram, svg_diagram
from llmkg.graph import KnowledgeGraph
from llmkg.namespaces import DCTERMS, LLMKG, ONTOLOGY_IRI, OWL, PREFIXES, RDF, RDFS, SKOS, VANN
from llmkg.outputs import write_files
from llmkg.parsing import parse_file

Ref = Callable[[Node], str]

# --- small HTML helpers -----------------------------------------------------------------------


def esc(value: object) -> str:
    """``value`` as text safe inside HTML elements and quoted attributes."""
    return html.escape(str(value), quote=True)


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) address, else ``None`` (no ``javascript:``)."""
    text = str(value)
    parts = urlsplit(text)
    ok = parts.scheme in ("http", "https") and parts.netloc and not any(c in text for c in " <>\"")
    return text if ok else None


def link(url: object, text: object | None = None) -> str:
    """An ``<a>`` to ``url`` when it is a safe http(s) address; otherwise the escaped text."""
    label = esc(url if text is None else text)
    target = safe_url(url)
    return f'<a href="{esc(target)}">{label}</a>' if target else label


def curie(iri: object) -> str:
    """A prefixed name for ``iri`` with llmkg's prefixes (longest namespace wins), else the IRI."""
    text = str(iri)
    best = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if text.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{text[len(str(PREFIXES[best])):]}" if best else text


def anchor(iri: object) -> str:
    """The fragment identifier of a term on the ontology page: ``ChatModel``, ``cap-dialogue``."""
    name = curie(iri)
    if name.startswith("llmkg:"):
        return name[len("llmkg:") :]
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)


def model_anchor(iri: object) -> str:
    return "model-" + anchor(iri).removeprefix("model-")


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 1.2rem; }
header { border-bottom: 1px solid #ddd; padding-top: .6rem; padding-bottom: .6rem; }
nav a { margin-right: 1rem; font-weight: 600; }
a { color: #1f5fa8; }
code { font-size: 90%; background: #f4f4f4; padding: 0 .2em; border-radius: 3px; }
table { border-collapse: collapse; margin: .6rem 0 1.6rem; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: .25rem .45rem; vertical-align: top; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
  cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " \\25B2"; }
th[aria-sort=descending] button::after { content: " \\25BC"; }
tbody tr:nth-child(even) { background: #fafafa; }
dl.term { display: grid; grid-template-columns: 12rem 1fr; gap: .2rem 1rem; margin: .4rem 0; }
dl.term dt { font-weight: 600; color: #555; }
dl.term dd { margin: 0; }
section.term { border-top: 1px solid #eee; padding: .6rem 0; }
.kw { font-style: italic; color: #8a2b06; }
figure { margin: 1rem 0 2rem; } figure img { max-width: 100%; height: auto; }
footer { color: #666; font-size: 13px; border-top: 1px solid #ddd; margin-top: 2rem;
  padding-top: .6rem; padding-bottom: 1rem; }
""".strip()

SORT_SCRIPT = """
for (const table of document.querySelectorAll("table.sortable")) {
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((th, col) => th.querySelector("button").addEventListener("click", () => {
    const up = th.getAttribute("aria-sort") !== "ascending";
    heads.forEach(h => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    const key = row => row.cells[col].dataset.sort ?? row.cells[col].textContent.trim();
    const rows = Array.from(table.tBodies[0].rows).sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === "" || y === "") return (x === "") - (y === "");
      const n = Number(x) - Number(y);
      const order = Number.isNaN(n) ? x.localeCompare(y) : n;
      return up ? order : -order;
    });
    table.tBodies[0].append(...rows);
  }));
}
""".strip()


def page(title: str, body: str, version: str = "", script: bool = False) -> str:
    """A complete HTML page with the site's navigation, style and (optionally) sort script."""
    sources = f"style-src 'sha256-{_digest(STYLE)}'"
    if script:
        sources += f"; script-src 'sha256-{_digest(SORT_SCRIPT)}'"
    policy = f"default-src 'none'; img-src 'self' file:; {sources}"
    footer = "Ontology and data: CC-BY-4.0." + (f" llmkg {esc(version)}." if version else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        '<header><nav><a href="index.html">Overview</a><a href="ontology.html">Ontology</a>'
        '<a href="catalog.html">Catalogue</a><a href="diagram.svg">Diagram</a></nav></header>\n'
        f"<main>\n<h1>{esc(title)}</h1>\n{body}\n</main>\n<footer>{footer}</footer>\n"
        + (f"<script>{SORT_SCRIPT}</script>\n" if script else "")
        + "</body>\n</html>\n"
    )


def table(
    headers: Iterable[str], rows: Iterable[str], sortable: bool = True, caption: str = ""
) -> str:
    """A table from escaped ``headers`` and ready-made ``<tr>`` rows."""
    cells = "".join(
        f"<th><button type=\"button\">{esc(h)}</button></th>" if sortable else f"<th>{esc(h)}</th>"
        for h in headers
    )
    cls = ' class="sortable"' if sortable else ""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table{cls}>{cap}<thead><tr>{cells}</tr></thead><tbody>\n" + "\n".join(rows) + (
        "\n</tbody></table>"
    )


def cell(content: str = "", sort: object = None, numeric: bool = False) -> str:
    """A ``<td>``: ``content`` is HTML; ``sort`` is the raw value the sort script compares."""
    attrs = ' class="num"' if numeric else ""
    if sort is not None:
        attrs += f' data-sort="{esc(sort)}"'
    return f"<td{attrs}>{content}</td>"


# --- reading the graphs -------------------------------------------------------------------------


def ontology_graph(kg: KnowledgeGraph) -> Graph:
    """The ontology ``kg`` was loaded with (``load`` reads it first), parsed afresh."""
    return parse_file(kg.files[0])


def text_of(graph: Graph, subject: Node, predicate: URIRef) -> str:
    """One literal value, preferring English, then the lexically first; empty if none."""
    values = sorted(graph.objects(subject, predicate), key=str)
    english = [v for v in values if isinstance(v, Literal) and v.language == "en"]
    return str((english or values)[0]) if values else ""


def label_of(graph: Graph, node: Node) -> str:
    return text_of(graph, node, RDFS.label) or curie(node)


def brief_classes(graph: Graph) -> list[URIRef]:
    """The classes of the brief (subjects of ``llmkg:briefOrder``), in the brief's order."""
    found = []
    for cls, order in graph.subject_objects(LLMKG.briefOrder):
        if isinstance(cls, URIRef):
            value = order.toPython() if isinstance(order, Literal) else 0
            found.append((value if isinstance(value, int) else 0, str(cls), cls))
    return [cls for _, _, cls in sorted(found)]


# --- class expressions, rendered readably (Manchester syntax) ---------------------------------

_FACET_SIGNS = {
    "minInclusive": "≥", "minExclusive": ">", "maxInclusive": "≤", "maxExclusive": "<",
    "length": "length", "minLength": "min length", "maxLength": "max length",
    "pattern": "pattern",
}
_RESTRICTIONS = (
    (OWL.hasValue, "value"), (OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"),
)
_CARDINALITIES = (
    (OWL.cardinality, "exactly"), (OWL.qualifiedCardinality, "exactly"),
    (OWL.minCardinality, "min"), (OWL.minQualifiedCardinality, "min"),
    (OWL.maxCardinality, "max"), (OWL.maxQualifiedCardinality, "max"),
)


def _kw(word: str) -> str:
    return f'<span class="kw">{esc(word)}</span>'


def _literal(value: Node) -> str:
    if isinstance(value, Literal) and isinstance(value.toPython(), int):
        return esc(f"{value.toPython():,}")
    return esc(value)


def _members(graph: Graph, node: Node) -> list[Node]:
    try:
        return list(Collection(graph, node))
    except Exception:  # a malformed list: show nothing rather than fail the page
        return []


def _restriction(graph: Graph, node: Node, ref: Ref, depth: int) -> str | None:
    prop = graph.value(node, OWL.onProperty)
    if prop is None:
        return None
    for predicate, word in _RESTRICTIONS:
        value = graph.value(node, predicate)
        if value is not None:
            filler = _literal(value) if isinstance(value, Literal) else expression(
                graph, value, ref, depth + 1
            )
            return f"{ref(prop)} {_kw(word)} {filler}"
    for predicate, word in _CARDINALITIES:
        value = graph.value(node, predicate)
        if value is not None:
            on = graph.value(node, OWL.onClass) or graph.value(node, OWL.onDataRange)
            tail = f" {expression(graph, on, ref, depth + 1)}" if on is not None else ""
            return f"{ref(prop)} {_kw(word)} {_literal(value)}{tail}"
    return f"{ref(prop)} {_kw('restriction')}"


def _datatype(graph: Graph, node: Node, ref: Ref) -> str | None:
    base = graph.value(node, OWL.onDatatype)
    if base is None:
        return None
    facets = []
    for item in _members(graph, graph.value(node, OWL.withRestrictions) or RDF.nil):
        for facet, value in sorted(graph.predicate_objects(item)):
            name = str(facet).rsplit("#", 1)[-1]
            facets.append(f"{esc(_FACET_SIGNS.get(name, name))} {_literal(value)}")
    return f"{ref(base)}[{', '.join(facets)}]"


def expression(graph: Graph, node: Node, ref: Ref, depth: int = 0) -> str:
    """An OWL class expression as readable HTML: ``capability value cap:dialogue``,
    ``(A) or (B)``, ``contextWindow some xsd:integer[≥ 100,000]``."""
    if not isinstance(node, BNode):
        return ref(node) if isinstance(node, URIRef) else _literal(node)
    if depth > 20:
        return "…"
    for rendered in (_restriction(graph, node, ref, depth), _datatype(graph, node, ref)):
        if rendered is not None:
            return rendered
    for predicate, word in ((OWL.unionOf, "or"), (OWL.intersectionOf, "and")):
        lst = graph.value(node, predicate)
        if lst is not None:
            parts = [
                expression(graph, m, ref, depth + 1) if isinstance(m, URIRef)
                else f"({expression(graph, m, ref, depth + 1)})"
                for m in _members(graph, lst)
            ]
            return f" {_kw(word)} ".join(parts)
    complement = graph.value(node, OWL.complementOf)
    if complement is not None:
        return f"{_kw('not')} ({expression(graph, complement, ref, depth + 1)})"
    one_of = graph.value(node, OWL.oneOf)
    if one_of is not None:
        items = ", ".join(expression(graph, m, ref, depth + 1) for m in _members(graph, one_of))
        return "{" + items + "}"
    return _kw("anonymous class")


# --- the ontology page ----------------------------------------------------------------------

SECTIONS = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
    ("individuals", "Named individuals", OWL.NamedIndividual),
)
_KINDS = {kind for _, _, kind in SECTIONS}
_CHARACTERISTICS = (
    OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty,
    OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
)


def ontology_terms(ontology: Graph) -> dict[URIRef, list[URIRef]]:
    """The named terms of each kind (class, property kinds, individual), sorted by name with
    llmkg's own terms first."""
    return {
        kind: sorted(
            (t for t in set(ontology.subjects(RDF.type, kind)) if isinstance(t, URIRef)),
            key=lambda t: (not curie(t).startswith("llmkg:"), curie(t)),
        )
        for _, _, kind in SECTIONS
    }


def _referrer(documented: set[Node], catalog: set[Node]) -> Ref:
    def ref(node: Node) -> str:
        name = curie(node)
        shown = name[len("llmkg:") :] if name.startswith("llmkg:") else name
        if node in documented:
            return f'<a href="#{esc(anchor(node))}"><code>{esc(shown)}</code></a>'
        if node in catalog:
            return f'<a href="catalog.html#{esc(model_anchor(node))}"><code>{esc(shown)}</code></a>'
        return f"<code>{esc(shown)}</code>"

    return ref


def _values(graph: Graph, subject: Node, predicate: URIRef, ref: Ref) -> list[str]:
    rendered = []
    for value in sorted(graph.objects(subject, predicate), key=lambda v: (isinstance(v, BNode), v)):
        if isinstance(value, Literal):
            rendered.append(esc(value))
        elif isinstance(value, URIRef) and curie(value) == str(value) and safe_url(value):
            rendered.append(link(value))
        else:
            rendered.append(expression(graph, value, ref))
    return rendered


def _term_rows(graph: Graph, term: URIRef, kind: URIRef, ref: Ref) -> list[tuple[str, list[str]]]:
    def of(predicate: URIRef) -> list[str]:
        return _values(graph, term, predicate, ref)

    def inverse(predicate: URIRef) -> list[str]:
        found = sorted(set(graph.subjects(predicate, term)))
        return [ref(s) for s in found if isinstance(s, URIRef)]

    rows = [("Definition", of(SKOS.definition))]
    if kind == OWL.Class:
        members = sorted(s for s in graph.subjects(RDF.type, term) if isinstance(s, URIRef))
        rows += [
            ("Subclass of", of(RDFS.subClassOf)),
            ("Equivalent to", of(OWL.equivalentClass)),
            ("Subclasses", inverse(RDFS.subClassOf)),
            ("Disjoint with", of(OWL.disjointWith)),
            ("Brief order", of(LLMKG.briefOrder)),
            ("Purpose", of(LLMKG.purpose)),
            ("Examples in the brief", of(LLMKG.briefExamples)),
            ("Example records", of(LLMKG.briefExample)),
            ("Reference benchmark", of(LLMKG.referenceBenchmark)),
            ("Individuals", [ref(m) for m in members]),
        ]
    elif kind == OWL.NamedIndividual:
        types = [t for t in sorted(graph.objects(term, RDF.type)) if t not in _KINDS]
        rows.append(("Type", [ref(t) for t in types]))
    else:
        characteristics = [
            esc(curie(t)[len("owl:") :]) for t in _CHARACTERISTICS if (term, RDF.type, t) in graph
        ]
        rows += [
            ("Characteristics", characteristics),
            ("Domain", of(RDFS.domain)),
            ("Range", of(RDFS.range)),
            ("Subproperty of", of(RDFS.subPropertyOf)),
            ("Inverse of", of(OWL.inverseOf) + inverse(OWL.inverseOf)),
        ]
    rows += [
        ("Note", of(SKOS.note)),
        ("Editorial note", of(SKOS.editorialNote)),
        ("Source", of(DCTERMS.source)),
        ("Exact match", of(SKOS.exactMatch)),
        ("Close match", of(SKOS.closeMatch)),
        ("Defined by", of(RDFS.isDefinedBy)),
    ]
    return [(name, values) for name, values in rows if values]


def _term_html(graph: Graph, term: URIRef, kind: URIRef, ref: Ref) -> str:
    rows = "".join(
        f"<dt>{esc(name)}</dt><dd>{'<br>'.join(values)}</dd>"
        for name, values in _term_rows(graph, term, kind, ref)
    )
    return (
        f'<section class="term" id="{esc(anchor(term))}">'
        f"<h3>{esc(label_of(graph, term))} <code>{esc(curie(term))}</code></h3>"
        f'<dl class="term"><dt>IRI</dt><dd><code>{esc(term)}</code></dd>{rows}</dl></section>'
    )


def _header_html(graph: Graph) -> str:
    ontology = URIRef(ONTOLOGY_IRI)

    def code(predicate: URIRef) -> str:
        value = text_of(graph, ontology, predicate)
        return f"<code>{esc(value)}</code>" if value else ""

    facts = [
        ("IRI", f"<code>{esc(ontology)}</code>"),
        ("Version", esc(text_of(graph, ontology, OWL.versionInfo))),
        ("Version IRI", code(OWL.versionIRI)),
        ("Preferred prefix", code(VANN.preferredNamespacePrefix)),
        ("Namespace", code(VANN.preferredNamespaceUri)),
        ("Licence", link(text_of(graph, ontology, DCTERMS.license))),
        ("Creator", esc(text_of(graph, ontology, DCTERMS.creator))),
        ("Created", esc(text_of(graph, ontology, DCTERMS.created))),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts if v)
    return (
        f"<p>{esc(text_of(graph, ontology, DCTERMS.description))}</p>"
        f'<dl class="term">{rows}</dl>'
    )


def render_ontology(ontology: Graph, catalog: Iterable[Node] = ()) -> str:
    """The ontology reference page: every class, property of each kind and named individual
    with its label, definition, domain and range, superclasses and readable definitions."""
    terms = ontology_terms(ontology)
    documented = {t for found in terms.values() for t in found}
    ref = _referrer(documented, set(catalog))
    contents = "".join(
        f'<li><a href="#{key}">{esc(title)}</a> ({len(terms[kind])})</li>'
        for key, title, kind in SECTIONS
    )
    sections = []
    for key, title, kind in SECTIONS:
        body = "\n".join(_term_html(ontology, term, kind, ref) for term in terms[kind])
        sections.append(f'<h2 id="{key}">{esc(title)}</h2>\n{body}')
    title = text_of(ontology, URIRef(ONTOLOGY_IRI), DCTERMS.title) or "llmkg ontology"
    body = _header_html(ontology) + f"<ul>{contents}</ul>\n" + "\n".join(sections)
    return page(title, body, text_of(ontology, URIRef(ONTOLOGY_IRI), OWL.versionInfo))


# --- the catalogue page -----------------------------------------------------------------------

COLUMNS = (
    "Model", "Developer", "Family", "Released", "Total parameters", "Active parameters",
    "Context window", "Architecture", "Open weights", "Licence", "Sources",
)


def count(value: object) -> str:
    """A parameter count for people: ``7.3B``, ``405B``, ``110M``."""
    if not isinstance(value, int) or isinstance(value, bool):
        return ""
    for limit, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        if value >= limit:
            return f"{value / limit:.3g}{suffix}"
    return str(value)


def _sources(text: object) -> str:
    links = []
    for url in sorted(set(str(text or "").split())):
        host = urlsplit(url).netloc.removeprefix("www.") or url
        links.append(link(url, host))
    return " ".join(links)


def _number(value: object, text: str) -> str:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return cell(esc(text), value if ok else "", numeric=True)


def _model_row(iri: Node, record: Mapping[str, object], anchor_rows: bool, classes: bool) -> str:
    label = esc(record.get("label") or curie(iri))
    name = label if anchor_rows else f'<a href="#{esc(model_anchor(iri))}">{label}</a>'
    weights = record.get("openWeights")
    window = record.get("contextWindow")
    cells = [
        cell(name, record.get("label") or ""),
        cell(esc(record.get("developer") or "")),
        cell(esc(record.get("family") or "")),
        cell(esc(record.get("releaseDate") or "")),
        _number(record.get("totalParameters"), count(record.get("totalParameters"))),
        _number(record.get("activeParameters"), count(record.get("activeParameters"))),
        _number(window, f"{window:,}" if isinstance(window, int) else ""),
        cell(esc(record.get("architecture") or "")),
        cell({True: "yes", False: "no"}.get(weights, "") if isinstance(weights, bool) else ""),
        cell(esc(record.get("license") or "")),
        cell(_sources(record.get("sources"))),
    ]
    if classes:
        cells.insert(-1, cell(esc(", ".join(str(record.get("classes") or "").split("|")))))
    row_id = f' id="{esc(model_anchor(iri))}"' if anchor_rows else ""
    return f"<tr{row_id}>" + "".join(cells) + "</tr>"


def _records(kg: KnowledgeGraph) -> dict[Node, dict[str, object]]:
    records = {URIRef(str(r["model"])): r for r in kg.query("catalog").to_records()}
    for model in kg.models():  # models the catalogue query leaves out still get a row
        records.setdefault(model, {"label": label_of(kg.graph, model)})
    return records


def render_catalog(kg: KnowledgeGraph) -> str:
    """One sortable table per class of the brief, then every model, with key facts and links
    to the sources."""
    graph = kg.graph
    records = _records(kg)
    models = sorted(records, key=lambda m: (str(records[m].get("label", "")).lower(), str(m)))
    sections, contents = [], []
    for cls in brief_classes(graph):
        members = [m for m in models if (m, RDF.type, cls) in graph]
        rows = [_model_row(m, records[m], False, False) for m in members]
        name, order = anchor(cls), text_of(graph, cls, LLMKG.briefOrder)
        contents.append(
            f'<li><a href="#{esc(name)}">{esc(label_of(graph, cls))}</a> ({len(members)})</li>'
        )
        sections.append(
            f'<h2 id="{esc(name)}">{esc(order)}. {esc(label_of(graph, cls))}</h2>'
            f"<p>{esc(text_of(graph, cls, SKOS.definition))} "
            f'<a href="ontology.html#{esc(name)}">Definition in the ontology</a>. '
            f"{len(members)} member(s).</p>" + table(COLUMNS, rows)
        )
    every = [_model_row(m, records[m], True, True) for m in models]
    columns = (*COLUMNS[:-1], "Classes of the brief", COLUMNS[-1])
    contents.append(f'<li><a href="#all-models">All models</a> ({len(models)})</li>')
    sections.append(
        '<h2 id="all-models">All models</h2><p>Every model record, with the classes of the brief '
        "it is inferred to belong to.</p>" + table(columns, every)
    )
    intro = (
        "<p>Click a column heading to sort. Numbers are at first release; empty cells are "
        "values that are undisclosed, unknown or not applicable (see the "
        "<code>contested-facts</code> query for their status).</p>"
    )
    body = intro + f"<ul>{''.join(contents)}</ul>\n" + "\n".join(sections)
    return page("Catalogue of models by class", body, _version(graph), script=True)


# --- the overview page ------------------------------------------------------------------------

CHARTS = (
    ("chart-parameters.png", "Total and active parameters over release date, by architecture"),
    ("chart-context.png", "Context window at release over time"),
    ("chart-timeline.png", "Models released per class of the brief per year"),
)


def _version(graph: Graph) -> str:
    return text_of(graph, URIRef(ONTOLOGY_IRI), OWL.versionInfo)


def render_index(kg: KnowledgeGraph) -> str:
    """The overview page: what the graph is, its size, the classes of the brief, the diagram
    and the charts."""
    graph = kg.graph
    ontology = URIRef(ONTOLOGY_IRI)
    organisations = set(graph.subjects(RDF.type, LLMKG.Organization))
    rows = [
        "<tr>"
        + cell(esc(text_of(graph, URIRef(str(r["class"])), LLMKG.briefOrder)))
        + cell(f'<a href="catalog.html#{esc(anchor(r["class"]))}">{esc(r["label"])}</a>')
        + cell(esc(r["definition"]))
        + _number(r["members"], str(r["members"]))
        + "</tr>"
        for r in kg.query("classes").to_records()
    ]
    figures = "".join(
        f'<figure><img src="{name}" alt="{esc(caption)}"><figcaption>{esc(caption)}'
        "</figcaption></figure>"
        for name, caption in CHARTS
    )
    body = (
        f"<p>{esc(text_of(graph, ontology, DCTERMS.description))}</p>"
        f"<p>Version {esc(_version(graph))}: {len(kg.models())} model records from "
        f"{len(organisations)} organisations; {len(kg.asserted)} asserted and "
        f"{len(kg.inferred)} inferred triples.</p>"
        '<ul><li><a href="ontology.html">Ontology reference</a>: every class, property and '
        'individual.</li><li><a href="catalog.html">Catalogue</a>: one sortable table per '
        'class.</li><li><a href="diagram.svg">Class diagram</a> (also as '
        '<a href="diagram.mmd">Mermaid</a>).</li></ul>'
        "<h2>The twelve classes of the brief</h2>"
        + table(("#", "Class", "Definition", "Members"), rows, sortable=False)
        + '<h2>Class diagram</h2><figure><img src="diagram.svg" alt="Class diagram of the '
        'ontology"></figure><h2>Charts</h2>' + figures
    )
    title = text_of(graph, ontology, DCTERMS.title) or "llmkg"
    return page(title, body, _version(graph))


# --- writing the site -------------------------------------------------------------------------


def build_site(kg: KnowledgeGraph, out_dir: Path) -> list[Path]:
    """Write the documentation site into ``out_dir`` (created if needed) and return the files
    written. Other files in ``out_dir`` are left alone; ``kg`` is not modified."""
    ontology = ontology_graph(kg)
    catalog = kg.query("catalog").to_records()
    timeline = kg.query("timeline").to_records()
    files: dict[str, str | bytes] = {
        "index.html": render_index(kg),
        "ontology.html": render_ontology(ontology, kg.models()),
        "catalog.html": render_catalog(kg),
        "diagram.svg": svg_diagram(ontology),
        "diagram.mmd": mermaid_diagram(ontology),
        "chart-parameters.png": charts.parameters_chart(catalog),
        "chart-context.png": charts.context_chart(catalog),
        "chart-timeline.png": charts.timeline_chart(timeline),
    }
    return write_files(Path(out_dir), files)


__all__ = [
    "build_site", "expression", "mermaid_diagram", "ontology_graph", "render_catalog",
    "render_index", "render_ontology", "svg_diagram",
]

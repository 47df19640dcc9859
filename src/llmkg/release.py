"""Release files: the graph, asserted and inferred, in five RDF syntaxes, with a VoID and DCAT
description and checksums.

``build_release(kg, out_dir, version)`` writes, for ``part`` in ``asserted`` and ``inferred``:

* ``llmkg-<version>-<part>.ttl`` (canonical Turtle), ``.nt`` (sorted N-Triples), ``.rdf``
  (RDF/XML) and ``.jsonld`` (JSON-LD compacted with ``context.jsonld``, which it names by a
  relative IRI);
* ``llmkg-<version>.nq``: both in one N-Quads file, as the named graphs
  ``https://w3id.org/llmkg/graph/<version>`` and ``…/<version>/inferred``;
* ``context.jsonld``, ``void.ttl`` (VoID and DCAT) and ``SHA256SUMS``.

The bytes depend only on the graph and the version: blank nodes get labels computed from the
graph (``rdflib.compare``), triples and JSON members are sorted and nothing records a time.
llmkg writes the JSON-LD itself, compacting with the context it has just built, so compaction
fetches nothing and every literal keeps its lexical form.
The inferred triples are derived again from the canonical asserted graph, so that a triple
about a blank node uses the same label in both named graphs of the N-Quads file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import VOID
from rdflib.term import Node

from llmkg.errors import UsageError
from llmkg.fmt import canonical
from llmkg.graph import KnowledgeGraph
from llmkg.inference import compile_rules, infer
from llmkg.namespaces import (
    BASE,
    DCTERMS,
    LLMKG,
    ONTOLOGY_IRI,
    OWL,
    PREFIXES,
    RDF,
    XSD,
    bind_prefixes,
)
from llmkg.outputs import write_files

GRAPHS = BASE + "graph/"
RELEASES = BASE + "release/"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # open: rdflib's closed DCAT lacks DCAT 3 terms
CONTEXT_FILE = "context.jsonld"
#: suffix → (media type, name of the syntax)
SYNTAXES = {
    "ttl": ("text/turtle", "Turtle"),
    "nt": ("application/n-triples", "N-Triples"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "rdf": ("application/rdf+xml", "RDF/XML"),
    "nq": ("application/n-quads", "N-Quads"),
}
PARTS = ("asserted", "inferred")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")


def check_version(version: str) -> str:
    """Return ``version`` if it can go into file names and IRIs, else raise ``UsageError``."""
    if not _VERSION.fullmatch(version):
        raise UsageError(
            f"release version {version!r} must be letters, digits, '.', '+', '_' or '-' "
            "(at most 64, starting with a letter or digit)"
        )
    return version


def default_version(kg: KnowledgeGraph) -> str:
    """The ontology's ``owl:versionInfo`` (which a test keeps equal to the package version)."""
    value = kg.asserted.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    if value is None:
        raise UsageError("the ontology has no owl:versionInfo; give the release version")
    return str(value)


def graph_names(version: str) -> dict[str, URIRef]:
    """The named graph of each part: ``…/graph/<version>`` and ``…/graph/<version>/inferred``."""
    return {"asserted": URIRef(GRAPHS + version), "inferred": URIRef(f"{GRAPHS}{version}/inferred")}


def file_names(version: str) -> dict[tuple[str, str], str]:
    """(part, suffix) → file name; the N-Quads file holds both parts (part ``both``)."""
    names = {
        (part, suffix): f"llmkg-{version}-{part}.{suffix}"
        for part in PARTS
        for suffix in SYNTAXES
        if suffix != "nq"
    }
    names[("both", "nq")] = f"llmkg-{version}.nq"
    return names


# --- canonical graphs and the syntaxes --------------------------------------------------------


def _key(terms: tuple[Node, ...]) -> tuple[str, ...]:
    """A total order on terms: their N-Triples text (rdflib orders equal-valued literals such
    as ``"1"`` and ``"01"`` as equal)."""
    return tuple(term.n3() for term in terms)


class SortedGraph(Graph):
    """A graph that lists subjects and predicate-object pairs in sorted order, which is the
    order rdflib's RDF/XML serialiser writes them in (its store iterates in hash order)."""

    def subjects(self, predicate=None, object=None, unique=False):  # type: ignore[no-untyped-def]
        found = set(super().subjects(predicate, object, unique=True))
        return iter(sorted(found, key=lambda s: s.n3()))

    def predicate_objects(self, subject=None, unique=False):  # type: ignore[no-untyped-def]
        return iter(sorted(set(super().predicate_objects(subject, unique=True)), key=_key))


def canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` with blank nodes labelled from the graph's content and llmkg's
    prefixes bound; it iterates subjects and their predicate-object pairs in sorted order."""
    result = bind_prefixes(SortedGraph())
    result += to_canonical_graph(graph)
    return result


def _lines(graph: Graph) -> list[str]:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted({line for line in text.splitlines() if line.strip()})


def ntriples(graph: Graph) -> str:
    """Sorted N-Triples."""
    return "".join(line + "\n" for line in _lines(graph))


def nquads(parts: Mapping[URIRef, Graph]) -> str:
    """Sorted N-Quads: every triple of each graph in the named graph it is keyed by."""
    quads = []
    for name, graph in parts.items():
        for line in _lines(graph):
            if not line.endswith(" ."):
                raise UsageError(f"unexpected N-Triples line from the serialiser: {line!r}")
            quads.append(f"{line[:-2]} {name.n3()} .")
    return "".join(q + "\n" for q in sorted(quads))


def rdfxml(graph: Graph) -> str:
    """RDF/XML. Prefixes for predicates outside llmkg's namespaces are made in sorted order,
    so their generated names (``ns1``…) do not depend on hashing."""
    manager = graph.namespace_manager
    try:
        for predicate in sorted(set(graph.predicates())):
            manager.compute_qname_strict(str(predicate))
        return graph.serialize(format="xml", encoding="utf-8").decode("utf-8")
    except ValueError as exc:
        raise UsageError(f"the graph cannot be written as RDF/XML: {exc}") from None


def turtle(graph: Graph) -> str:
    """Canonical Turtle, as ``llmkg fmt`` writes it."""
    try:
        return canonical(graph)
    except RecursionError:
        raise UsageError("blank nodes are nested too deeply to be written as Turtle") from None


# --- JSON-LD ----------------------------------------------------------------------------------


class Compactor:
    """Writes RDF terms in the short forms a JSON-LD context allows: llmkg's terms as their
    keys, other IRIs as prefixed names (longest namespace first), blank nodes as ``_:label``."""

    def __init__(self, context: Mapping[str, object]) -> None:
        self.keys = set(context)
        self.prefixes = sorted(
            ((ns, p) for p, ns in context.items() if isinstance(ns, str) and "://" in ns),
            key=lambda item: (-len(item[0]), item[1]),
        )
        self.terms: dict[str, tuple[str, object]] = {}
        for key, value in context.items():
            definition = value if isinstance(value, dict) else {"@id": value}
            ident = definition.get("@id")
            if isinstance(ident, str) and ident.startswith("llmkg:"):
                self.terms[str(LLMKG) + ident[len("llmkg:") :]] = (key, definition.get("@type"))

    def iri(self, node: Node) -> str:
        if isinstance(node, BNode):
            return f"_:{node}"
        text = str(node)
        for namespace, prefix in self.prefixes:
            local = text[len(namespace) :]
            if text.startswith(namespace) and not local.startswith("//"):
                return f"{prefix}:{local}"
        if text.split(":", 1)[0] in self.keys:
            raise UsageError(f"the IRI {text} would read as a prefixed name in JSON-LD")
        return text

    def key(self, predicate: Node) -> str:
        term = self.terms.get(str(predicate))
        return term[0] if term else self.iri(predicate)

    def value(self, predicate: Node, value: Node) -> object:
        """A value in compact form: a bare string where the property's ``@type`` allows it,
        else a node or value object; never a JSON number, so every lexical form survives."""
        coercion = self.terms.get(str(predicate), ("", None))[1]
        if not isinstance(value, Literal):
            ref = self.iri(value)
            return ref if coercion == "@id" else {"@id": ref}
        if value.language:
            return {"@language": value.language, "@value": str(value)}
        if value.datatype is None or value.datatype == XSD.string:
            return str(value) if coercion is None else {"@value": str(value)}
        datatype = self.iri(value.datatype)
        return str(value) if coercion == datatype else {"@type": datatype, "@value": str(value)}


def _coercion(graph: Graph, prop: URIRef, compactor: Compactor) -> str | None:
    """``@type`` for a property: ``@id`` when every value is a resource, the datatype when every
    value is a literal of one datatype (not a plain string); nothing otherwise."""
    values = set(graph.objects(None, prop))
    if not values:
        return "@id" if (prop, RDF.type, OWL.ObjectProperty) in graph else None
    if not any(isinstance(v, Literal) for v in values):
        return "@id"
    types = {v.datatype if isinstance(v, Literal) and not v.language else None for v in values}
    if len(types) == 1 and None not in types and XSD.string not in types:
        return compactor.iri(next(iter(types)))  # type: ignore[arg-type]
    return None


def jsonld_context(graph: Graph) -> dict[str, object]:
    """Short keys for llmkg's classes and properties (``ExampleModel``, ``contextWindow``) and
    llmkg's prefixes. A prefix named like a key (``family``, ``license``, ``status``) is left
    out, since one JSON-LD term cannot be both; those IRIs are written in full."""
    namespace = str(LLMKG)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             RDF.Property)
    found = {
        str(term)[len(namespace) :]: (term, kind)
        for kind in kinds
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(namespace)
    }
    prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p not in found}
    compactor = Compactor(prefixes)
    terms: dict[str, object] = {}
    for key, (term, kind) in sorted(found.items()):
        coercion = None if kind == OWL.Class else _coercion(graph, term, compactor)
        terms[key] = {"@id": f"llmkg:{key}", "@type": coercion} if coercion else f"llmkg:{key}"
    return dict(sorted({**prefixes, **terms}.items()))


def _sorted(values: list[object]) -> list[object]:
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))


def _node(graph: Graph, subject: Node, compactor: Compactor) -> dict[str, object]:
    node: dict[str, list[object]] = {}
    for predicate, value in graph.predicate_objects(subject):
        if predicate == RDF.type and isinstance(value, URIRef):
            node.setdefault("@type", []).append(compactor.key(value))
        else:
            node.setdefault(compactor.key(predicate), []).append(compactor.value(predicate, value))
    body = {key: values[0] if len(values) == 1 else _sorted(values) for key, values in node.items()}
    return {"@id": compactor.iri(subject), **body}


def jsonld(graph: Graph, context: Mapping[str, object]) -> str:
    """Flattened JSON-LD compacted with ``context``, which it names as ``context.jsonld``:
    one node object per subject, sorted by ``@id``. Written by llmkg itself rather than by
    rdflib, whose serialiser turns integers and booleans into JSON numbers and booleans (losing
    lexical forms) whatever it is told."""
    compactor = Compactor(context)
    subjects = sorted(set(graph.subjects()), key=lambda s: s.n3())
    nodes = sorted((_node(graph, s, compactor) for s in subjects), key=lambda n: str(n["@id"]))
    document = {"@context": CONTEXT_FILE, "@graph": nodes}
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


# --- VoID and DCAT ----------------------------------------------------------------------------


def _statistics(graph: Graph) -> dict[URIRef, int]:
    entities = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(BASE + "id/")}
    return {
        VOID.triples: len(graph),
        VOID.entities: len(entities),
        VOID.classes: len(set(graph.objects(None, RDF.type))),
        VOID.properties: len(set(graph.predicates())),
        VOID.distinctSubjects: len(set(graph.subjects())),
        VOID.distinctObjects: len(set(graph.objects())),
    }


def _partitions(void: Graph, dataset: URIRef, full: Graph) -> None:
    brief = sorted(c for c in full.subjects(LLMKG.briefOrder, None) if isinstance(c, URIRef))
    classes = [LLMKG.ExampleModel, *brief]
    for cls in classes:
        node = URIRef(f"{dataset}#class-{str(cls)[len(str(LLMKG)):]}")
        void.add((dataset, VOID.classPartition, node))
        void.add((node, VOID["class"], cls))
        void.add((node, VOID.entities, Literal(len(set(full.subjects(RDF.type, cls))))))


def _distribution(
    void: Graph, dataset: URIRef, version: str, name: str, data: bytes, title: str
) -> None:
    suffix = name.rsplit(".", 1)[-1]
    media, _ = SYNTAXES[suffix]
    node = URIRef(f"{dataset}#{name}")
    download = URIRef(f"{dataset}/{name}")
    void.add((dataset, DCAT.distribution, node))
    void.add((dataset, VOID.dataDump, download))
    for predicate, value in (
        (RDF.type, DCAT.Distribution),
        (DCTERMS.title, Literal(title, lang="en")),
        (DCAT.downloadURL, download),
        (DCAT.mediaType, IANA[media]),
        (DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)),
        (DCTERMS.license, LICENSE),
    ):
        void.add((node, predicate, value))


def void_description(
    version: str, parts: Mapping[str, Graph], files: Mapping[str, bytes]
) -> Graph:
    """The VoID and DCAT description of the release: sizes, classes, entities, the two named
    graphs as subsets, one distribution per file with its media type and size, the licence
    (CC-BY-4.0) and the version. No SPARQL endpoint: whoever deploys one adds it."""
    dataset = URIRef(RELEASES + version)
    full = Graph()
    for graph in parts.values():
        full += graph
    void = bind_prefixes(Graph())
    void.bind("void", VOID)
    void.bind("dcat", DCAT)
    description = full.value(URIRef(ONTOLOGY_IRI), DCTERMS.description)
    for predicate, value in (
        (RDF.type, VOID.Dataset),
        (RDF.type, DCAT.Dataset),
        (DCTERMS.title, Literal(f"llmkg {version}", lang="en")),
        (DCTERMS.license, LICENSE),
        (DCAT.version, Literal(version)),
        (OWL.versionInfo, Literal(version)),
        (VOID.vocabulary, URIRef(str(LLMKG))),
        (VOID.uriSpace, Literal(BASE + "id/")),
        (DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)),
    ):
        void.add((dataset, predicate, value))
    if description is not None:
        void.add((dataset, DCTERMS.description, description))
    for predicate, number in _statistics(full).items():
        void.add((dataset, predicate, Literal(number)))
    for part, name in graph_names(version).items():
        void.add((dataset, VOID.subset, name))
        void.add((name, RDF.type, VOID.Dataset))
        void.add((name, DCTERMS.title, Literal(f"llmkg {version}, {part} triples", lang="en")))
        void.add((name, VOID.triples, Literal(len(parts[part]))))
    _partitions(void, dataset, full)
    for (part, suffix), name in file_names(version).items():
        content = "asserted and inferred" if part == "both" else part
        title = f"{content} triples, {SYNTAXES[suffix][1]}"
        _distribution(void, dataset, version, name, files[name], title)
    return void


def checksums(files: Mapping[str, bytes]) -> str:
    """``SHA256SUMS`` text, as ``sha256sum`` writes it and ``sha256sum -c`` checks it."""
    return "".join(
        f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files)
    )


# --- the release ------------------------------------------------------------------------------


def release_graphs(kg: KnowledgeGraph) -> dict[str, Graph]:
    """The asserted graph with canonical blank nodes, and the triples inferred from it."""
    asserted = canonical_graph(kg.asserted)
    inferred = bind_prefixes(SortedGraph())
    inferred += infer(asserted, compile_rules(asserted))
    return {"asserted": asserted, "inferred": inferred}


def serialise(version: str, parts: Mapping[str, Graph]) -> dict[str, bytes]:
    """Every data file of the release, with ``context.jsonld``, by file name."""
    context = jsonld_context(parts["asserted"] + parts["inferred"])
    writers = {"ttl": turtle, "nt": ntriples, "rdf": rdfxml,
               "jsonld": lambda g: jsonld(g, context)}
    files: dict[str, bytes] = {}
    for (part, suffix), name in file_names(version).items():
        if suffix == "nq":
            names = graph_names(version)
            text = nquads({names[p]: parts[p] for p in PARTS})
        else:
            text = writers[suffix](parts[part])
        files[name] = text.encode("utf-8")
    document = {"@context": context}
    files[CONTEXT_FILE] = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return files


def build_release(kg: KnowledgeGraph, out_dir: Path, version: str) -> list[Path]:
    """Write the release files of ``kg`` as ``version`` into ``out_dir`` (created if needed)
    and return their paths; ``SHA256SUMS`` comes last. ``kg`` is not modified."""
    check_version(version)
    parts = release_graphs(kg)
    files = serialise(version, parts)
    files["void.ttl"] = turtle(void_description(version, parts, files)).encode("utf-8")
    files["SHA256SUMS"] = checksums(files).encode("utf-8")
    ordered = dict(sorted(files.items(), key=lambda item: item[0] == "SHA256SUMS"))
    return write_files(Path(out_dir), ordered)


__all__ = [
    "build_release", "canonical_graph", "check_version", "checksums", "default_version",
    "file_names",
    "graph_names", "jsonld_context", "void_description",
]

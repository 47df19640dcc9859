"""The entailments llmkg uses, compiled from the ontology and run to a fixpoint.

This is not a general OWL reasoner. It derives what the product needs, in one direction only
(from facts to classes), which is what makes contradicting assertions detectable:

* sub-property and inverse-property entailments;
* sub-class closure of ``rdf:type``;
* membership of every class defined with ``owl:equivalentClass`` from ``owl:hasValue``,
  ``owl:someValuesFrom`` a class or an OWL 2 datatype restriction (``xsd:minInclusive`` and
  friends, which OWL RL engines do not evaluate), ``owl:unionOf`` and ``owl:intersectionOf``.

An OWL RL reasoner would also run the definitions backwards (an asserted ``ChatModel`` would gain
the dialogue capability); llmkg does not, so an asserted membership that contradicts the facts
stays visible to the SHACL shapes. Nor does it type resources from ``rdfs:domain`` and
``rdfs:range``: the shapes check those as constraints, so a developer IRI with a typo is
reported instead of silently becoming an organisation. The test suite checks that on valid data
the memberships equal those of owlrl's OWL-RL closure plus the datatype rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from llmkg.backends import add_triples, to_oxigraph
from llmkg.namespaces import OWL, RDF, RDFS, XSD

_FACETS: dict[URIRef, Callable[[object, object], bool]] = {
    XSD.minInclusive: operator.ge,
    XSD.minExclusive: operator.gt,
    XSD.maxInclusive: operator.le,
    XSD.maxExclusive: operator.lt,
}


@dataclass(frozen=True)
class HasValue:
    prop: URIRef
    value: Node


@dataclass(frozen=True)
class SomeValues:
    prop: URIRef
    filler: object  # a class expression, or a DatatypeRange


@dataclass(frozen=True)
class DatatypeRange:
    datatype: URIRef
    facets: tuple[tuple[URIRef, object], ...]

    def admits(self, value: Node) -> bool:
        if not isinstance(value, Literal) or value.datatype != self.datatype:
            return False
        native = value.toPython()
        if isinstance(native, Literal):  # ill-typed literal: rdflib could not convert it
            return False
        try:
            return all(_FACETS[facet](native, bound) for facet, bound in self.facets)
        except TypeError:
            return False


@dataclass(frozen=True)
class Named:
    iri: Node


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[object, ...]


@dataclass(frozen=True)
class AllOf:
    parts: tuple[object, ...]


@dataclass(frozen=True)
class Rules:
    """Everything the ontology says that inference needs, precompiled."""

    superclasses: dict[Node, frozenset[Node]]
    superproperties: dict[Node, frozenset[Node]]
    inverses: tuple[tuple[Node, Node], ...]
    definitions: tuple[tuple[URIRef, object], ...] = field(default=())


def _closure(pairs: Iterator[tuple[Node, Node]]) -> dict[Node, frozenset[Node]]:
    direct: dict[Node, set[Node]] = {}
    for sub, sup in pairs:
        if sub != sup:
            direct.setdefault(sub, set()).add(sup)
    result: dict[Node, frozenset[Node]] = {}
    for start in direct:
        seen: set[Node] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        seen.discard(start)
        result[start] = frozenset(seen)
    return result


def _literal_value(node: Node) -> object:
    value = node.toPython() if isinstance(node, Literal) else node
    return Decimal(value) if isinstance(value, float) else value


def _expression(ontology: Graph, node: Node) -> object:
    if isinstance(node, URIRef):
        return Named(node)
    prop = ontology.value(node, OWL.onProperty)
    if prop is not None:
        value = ontology.value(node, OWL.hasValue)
        if value is not None:
            return HasValue(prop, value)
        filler = ontology.value(node, OWL.someValuesFrom)
        if filler is not None:
            datatype = ontology.value(filler, OWL.onDatatype)
            if datatype is not None:
                facets: list[tuple[URIRef, object]] = []
                for item in Collection(ontology, ontology.value(filler, OWL.withRestrictions)):
                    for facet, bound in ontology.predicate_objects(item):
                        if facet in _FACETS:
                            facets.append((facet, _literal_value(bound)))
                return SomeValues(prop, DatatypeRange(datatype, tuple(facets)))
            return SomeValues(prop, _expression(ontology, filler))
    for key, kind in ((OWL.unionOf, AnyOf), (OWL.intersectionOf, AllOf)):
        members = ontology.value(node, key)
        if members is not None:
            return kind(tuple(_expression(ontology, m) for m in Collection(ontology, members)))
    raise ValueError(f"unsupported class expression {node!r}")


def compile_rules(ontology: Graph) -> Rules:
    """Compile the inference rules of an ontology graph (the graph is not modified)."""
    subclass_pairs = [
        (s, o) for s, o in ontology.subject_objects(RDFS.subClassOf) if isinstance(o, URIRef)
    ]
    for s, o in ontology.subject_objects(OWL.equivalentClass):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            subclass_pairs += [(s, o), (o, s)]
    inverses = tuple(
        pair
        for p, q in ontology.subject_objects(OWL.inverseOf)
        for pair in ((p, q), (q, p))
    )
    definitions = tuple(
        (cls, _expression(ontology, expr))
        for cls, expr in sorted(ontology.subject_objects(OWL.equivalentClass))
        if isinstance(cls, URIRef) and isinstance(expr, BNode)
    )
    return Rules(
        superclasses=_closure(iter(subclass_pairs)),
        superproperties=_closure(ontology.subject_objects(RDFS.subPropertyOf)),
        inverses=inverses,
        definitions=definitions,
    )


def _members(expr: object, graph: Graph, types: dict[Node, set[Node]]) -> set[Node]:
    if isinstance(expr, Named):
        return set(types.get(expr.iri, ()))
    if isinstance(expr, HasValue):
        return set(graph.subjects(expr.prop, expr.value))
    if isinstance(expr, SomeValues):
        if isinstance(expr.filler, DatatypeRange):
            return {s for s, o in graph.subject_objects(expr.prop) if expr.filler.admits(o)}
        fillers = _members(expr.filler, graph, types)
        return {s for s, o in graph.subject_objects(expr.prop) if o in fillers}
    if isinstance(expr, AnyOf):
        return set().union(*(_members(p, graph, types) for p in expr.parts))
    if isinstance(expr, AllOf):
        sets = [_members(p, graph, types) for p in expr.parts]
        return set.intersection(*sets) if sets else set()
    raise TypeError(expr)


def infer(graph: Graph, rules: Rules) -> Graph:
    """Return a new graph holding only the triples entailed by ``graph`` under ``rules``."""
    work = Graph()
    for triple in graph:
        work.add(triple)
    inferred = Graph()

    def add(triple: tuple[Node, Node, Node]) -> None:
        if triple not in work:
            work.add(triple)
            inferred.add(triple)

    # Property entailments do not depend on types, so one pass each suffices.
    for prop, supers in rules.superproperties.items():
        for s, o in list(work.subject_objects(prop)):
            for sup in supers:
                add((s, sup, o))
    for prop, inverse in rules.inverses:
        for s, o in list(work.subject_objects(prop)):
            if not isinstance(o, Literal):
                add((o, inverse, s))

    types: dict[Node, set[Node]] = {}
    for s, cls in work.subject_objects(RDF.type):
        types.setdefault(cls, set()).add(s)

    def add_type(node: Node, cls: Node) -> bool:
        members = types.setdefault(cls, set())
        if node in members:
            return False
        members.add(node)
        add((node, RDF.type, cls))
        for sup in rules.superclasses.get(cls, ()):
            add_type(node, sup)
        return True

    for cls, nodes in list(types.items()):
        for node in list(nodes):
            for sup in rules.superclasses.get(cls, ()):
                add_type(node, sup)
    changed = True
    while changed:
        changed = False
        for cls, expr in rules.definitions:
            for node in _members(expr, work, types):
                changed |= add_type(node, cls)
    return inferred


# --- The same rules as SPARQL, run inside an Oxigraph store (the fast path of ``load``) ---

INFERRED = ox.NamedNode("urn:x-llmkg:inferred")

_SCHEMA = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s ?p ?o }
WHERE {
  {
    VALUES ?p { rdfs:subClassOf rdfs:subPropertyOf owl:inverseOf owl:equivalentClass }
    ?s ?p ?o .
  }
  UNION
  {
    ?class owl:equivalentClass ?expression .
    FILTER (isBlank(?expression))
    ?expression (owl:intersectionOf|owl:unionOf|rdf:first|rdf:rest|owl:someValuesFrom
                 |owl:withRestrictions)* ?s .
    ?s ?p ?o .
  }
}
"""


def schema(store: ox.Store) -> Graph:
    """The triples of the store (any graph) that ``compile_rules`` reads, as an rdflib graph."""
    return add_triples(Graph(), store.query(_SCHEMA, use_default_graph_as_union=True))


def _pattern(expr: object, var: str, fresh: Iterator[str]) -> str:
    """A SPARQL group pattern binding ``?var`` to the members of a class expression."""
    if isinstance(expr, Named):
        return f"?{var} a {expr.iri.n3()} ."
    if isinstance(expr, HasValue):
        return f"?{var} {expr.prop.n3()} {expr.value.n3()} ."
    if isinstance(expr, SomeValues):
        value = next(fresh)
        if isinstance(expr.filler, DatatypeRange):
            tests = [f"isLiteral(?{value})", f"DATATYPE(?{value}) = {expr.filler.datatype.n3()}"]
            tests += [f"COALESCE(?{value} {_SPARQL_FACETS[facet]} {Literal(bound).n3()}, false)"
                      for facet, bound in expr.filler.facets]
            return f"?{var} {expr.prop.n3()} ?{value} . FILTER ({' && '.join(tests)})"
        return f"?{var} {expr.prop.n3()} ?{value} . {_pattern(expr.filler, value, fresh)}"
    if isinstance(expr, AnyOf):
        return " UNION ".join("{ " + _pattern(p, var, fresh) + " }" for p in expr.parts)
    if isinstance(expr, AllOf):
        return " ".join("{ " + _pattern(p, var, fresh) + " }" for p in expr.parts)
    raise TypeError(expr)


_SPARQL_FACETS = {
    XSD.minInclusive: ">=", XSD.minExclusive: ">", XSD.maxInclusive: "<=", XSD.maxExclusive: "<",
}


def _pairs(pairs: Iterable[tuple[Node, Node]]) -> str:
    return " ".join(f"({a.n3()} {b.n3()})" for a, b in sorted(pairs))


def _add(store: ox.Store, template: str, pattern: str) -> set[ox.Quad]:
    """Add to the inferred graph the instances of ``template`` that ``pattern`` entails and no
    graph of the store holds yet; return them."""
    query = (f"CONSTRUCT {{ {template} }} "
             f"WHERE {{ {pattern} FILTER NOT EXISTS {{ {template} }} }}")
    new = {
        ox.Quad(t.subject, t.predicate, t.object, INFERRED)
        for t in store.query(query, use_default_graph_as_union=True)
    }
    store.extend(new)
    return new


_TYPE = ox.NamedNode(str(RDF.type))


def _superclasses(
    store: ox.Store, types: set[ox.Quad], supers: dict[ox.NamedNode, set[ox.NamedNode]]
) -> set[ox.Quad]:
    """Add the superclass memberships of newly inferred ``types``; return what was added."""
    wanted: dict[object, set[ox.NamedNode]] = {}
    for quad in types:
        found = supers.get(quad.object)  # type: ignore[call-overload]
        if found:
            wanted.setdefault(quad.subject, set()).update(found)
    new = set()
    for subject, classes in wanted.items():
        classes -= {q.object for q in store.quads_for_pattern(subject, _TYPE, None)}
        new.update(ox.Quad(subject, _TYPE, c, INFERRED) for c in classes)  # type: ignore[arg-type]
    store.extend(new)
    return new


def _named(expr: object) -> Iterator[Node]:
    """The classes a class expression refers to by name."""
    if isinstance(expr, Named):
        yield expr.iri
    elif isinstance(expr, SomeValues):
        yield from _named(expr.filler)
    elif isinstance(expr, AnyOf | AllOf):
        for part in expr.parts:
            yield from _named(part)


def saturate(store: ox.Store, rules: Rules) -> int:
    """Add to ``store``'s graph ``INFERRED`` every triple entailed under ``rules`` that no graph
    of the store holds yet; the same entailments as ``infer``. Returns how many were added."""
    added = 0
    supers = [(p, s) for p, sups in rules.superproperties.items() for s in sups]
    if supers:
        added += len(_add(store, "?s ?super ?o .",
                          f"VALUES (?p ?super) {{ {_pairs(supers)} }} ?s ?p ?o ."))
    if rules.inverses:
        added += len(_add(store, "?o ?inverse ?s .",
                          f"VALUES (?p ?inverse) {{ {_pairs(rules.inverses)} }} ?s ?p ?o . "
                          "FILTER (!isLiteral(?o))"))
    subclass = [(c, s) for c, sups in rules.superclasses.items() for s in sups]
    supers = {to_oxigraph(c): {to_oxigraph(s) for s in sups}  # type: ignore[misc]
              for c, sups in rules.superclasses.items()}
    if subclass:
        added += len(_add(store, "?x a ?super .",
                          f"VALUES (?class ?super) {{ {_pairs(subclass)} }} ?x a ?class ."))
    branches = []
    for number, (cls, expr) in enumerate(rules.definitions):
        fresh = (f"v{number}_{i}" for i in count())
        branches.append(f"{{ {_pattern(expr, 'x', fresh)} BIND ({cls.n3()} AS ?class) }}")
    used = {to_oxigraph(c) for _, expr in rules.definitions for c in _named(expr)}
    # Semi-naive: the superclasses of new members are added directly, and the definitions run
    # again only when a class they refer to has gained members.
    while branches:
        new = _add(store, "?x a ?class .", " UNION ".join(branches))
        new |= _superclasses(store, new, supers)
        added += len(new)
        if not any(q.object in used for q in new):
            break
    return added

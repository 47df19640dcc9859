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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

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

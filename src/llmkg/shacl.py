"""Fast SHACL validation: the shapes graph compiled to SPARQL SELECT queries run by Oxigraph.

``compile_shapes(shapes)`` turns every (shape, constraint) pair of the SHACL Core subset llmkg
uses into one SELECT that returns only the violating rows (``?focus``, and ``?value`` where the
result has a value); ``run(plan, store)`` executes them on a ``pyoxigraph.Store``. pySHACL stays
the reference: ``reference(data, shapes)`` converts its results graph to the same ``Result``
values, and the test suite checks that both agree.

Semantics follow pySHACL 0.40 with ``inference="none", advanced=True, allow_warnings=True``:

* ``sh:targetClass`` finds instances with ``rdf:type/rdfs:subClassOf*`` in the data graph; a
  property shape reached by ``sh:property`` inherits the focus nodes of its parent (the value
  nodes, when the parent is a property shape); ``sh:deactivated true`` skips a shape.
* Nested shapes (members of ``sh:or``/``sh:xone``/``sh:and``/``sh:not``, ``sh:node``,
  ``sh:qualifiedValueShape``) become SPARQL boolean expressions built from ``EXISTS``. As in
  pySHACL with ``allow_warnings``, a nested shape of severity ``sh:Warning`` or ``sh:Info``
  always conforms, except under ``sh:node``, which fails as soon as the nested shape reports
  anything.
* Value comparisons that cannot be made fail (``COALESCE(..., false)``); ``sh:in`` and
  ``sh:hasValue`` compare terms (``sameTerm``), not values.

Query shapes are chosen for Oxigraph, whose cost model rewards scans and hash joins: a value
constraint scans the path's triples and tests each value, and only for a failing one asks
whether the subject is a focus node (``IF`` is lazy; a ``FILTER`` conjunction is not); missing
values, classes and counts use ``MINUS`` and ``GROUP BY`` in a sub-SELECT that the optimizer
keeps apart (``LIMIT``); nested conditions are chains of single-triple ``EXISTS`` (Oxigraph
evaluates a multi-triple or sequence-path ``EXISTS`` without using the bound subject). ``run``
first looks at the data: each target class's subclasses (when every instance of a subclass is
typed with the class too, as after llmkg's inference, plain ``rdf:type`` is enough; the queries
hold ``%%...%%`` markers for this) and, for a small class, whether to start from its instances
rather than from the path's triples. The queries then run in one thread per CPU (pyoxigraph
releases the GIL).

Oxigraph stores valid literals of the XSD types it knows in canonical form
(``"01"^^xsd:integer`` becomes ``"1"``, ``"1.50"^^xsd:decimal`` ``"1.5"``), whether they come
from its own parser (``llmkg.load``) or from rdflib's N-Triples; ``reference`` is given the same
terms (``kg.graph`` is read back from the store). Results render literals in that canonical form
and blank nodes as ``[]`` (Oxigraph renames them). Known
differences from pySHACL (none arises on data llmkg writes; the tests pin them down):

* Oxigraph stores the derived integer types (``"5"^^xsd:int``, ``xsd:byte``, ...) as
  ``xsd:integer`` and does not tell ``"a"`` from ``"a"^^xsd:string``: a ``"5"^^xsd:int`` passes
  ``sh:datatype xsd:integer`` here, not in pySHACL (``sh:datatype xsd:int`` is ``Unsupported``).
* Ranges: pySHACL orders literals of unrelated datatypes by their datatype IRI (rdflib's
  fallback), so a date passes ``sh:maxInclusive 10`` there; here, as SHACL says, it fails.
* XSD accepts ``T24:00:00`` (Oxigraph moves it to the next day); Python does not.
* ``sh:lessThan`` with a blank node: pySHACL stops with an error, this engine reports it.

Anything outside the subset (``sh:sparql``, ``sh:closed``, ``sh:uniqueLang``, SHACL-AF, recursive
shapes, ...) makes ``compile_shapes`` raise ``Unsupported``, naming the shape and the feature.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple, dataclass
from itertools import count
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from llmkg.backends import from_oxigraph, to_oxigraph
from llmkg.namespaces import OWL, RDF, RDFS, SH, XSD, bind_prefixes

NS = bind_prefixes(Graph()).namespace_manager

_ALLOWED_SEVERITIES = frozenset({SH.Warning, SH.Info})

#: Shape parameters that carry no constraint.
_PARAMETERS = frozenset({
    SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
    SH.property, SH.deactivated, SH.severity, SH.message, SH.name, SH.description, SH.order,
    SH.group, SH.defaultValue,
})
#: Constraint parameters compiled here.
_CONSTRAINTS = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minExclusive,
    SH.minInclusive, SH.maxExclusive, SH.maxInclusive, SH.minLength, SH.maxLength, SH.pattern,
    SH.flags, SH.languageIn, SH["in"], SH.hasValue, SH.equals, SH.disjoint, SH.lessThan,
    SH.lessThanOrEquals, SH["not"], SH["and"], SH["or"], SH.xone, SH.node,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
})
_SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

#: When a literal of these datatypes is well-formed, as rdflib (hence pySHACL) sees it, once
#: rdflib has written it out in its normal form and Oxigraph has read it back. A round trip
#: through the SPARQL cast works where Oxigraph stores a valid literal in canonical form and an
#: ill-typed one as written; Python's types need more: integers and decimals of any size,
#: Decimal("NaN"), years 1 to 9999 only. rdflib does not check xsd:gYear and xsd:gYearMonth.
_WELL_FORMED: dict[URIRef, str] = {
    XSD.integer: 'REGEX(STR({v}), "^[+-]?[0-9]+$")',
    XSD.decimal: 'REGEX(STR({v}), "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$") || '
                 'REGEX(STR({v}), "^[+-]?(inf|infinity|s?nan)$", "i")',
    XSD.double: "sameTerm(xsd:double(STR({v})), {v})",
    XSD.float: "sameTerm(xsd:float(STR({v})), {v})",
    XSD.boolean: "sameTerm(xsd:boolean(STR({v})), {v})",
    XSD.date: "sameTerm(xsd:date(STR({v})), {v}) && YEAR({v}) >= 1 && YEAR({v}) <= 9999",
    XSD.dateTime:
        "sameTerm(xsd:dateTime(STR({v})), {v}) && YEAR({v}) >= 1 && YEAR({v}) <= 9999",
    XSD.time: "sameTerm(xsd:time(STR({v})), {v})",
    XSD.gYearMonth: "true",
    XSD.gYear: "true",
    XSD.string: "true",
}
_NODE_KINDS = {
    SH.IRI: ("isIRI",), SH.BlankNode: ("isBlank",), SH.Literal: ("isLiteral",),
    SH.BlankNodeOrIRI: ("isBlank", "isIRI"), SH.BlankNodeOrLiteral: ("isBlank", "isLiteral"),
    SH.IRIOrLiteral: ("isIRI", "isLiteral"),
}
_RANGES = {
    SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<", SH.maxInclusive: "<=",
}
_PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}
#: Nested cardinalities are chains of pairwise distinct values; refuse longer chains.
_MAX_NESTED_COUNT = 3
_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)
#: A sub-SELECT with this LIMIT is evaluated on its own: Oxigraph's optimizer would otherwise
#: evaluate the focus-node test of the enclosing query for every triple the sub-SELECT scans.
_BARRIER = "LIMIT 1000000000000"
_MARKER = re.compile(r"%%(enum|instances|is-a):(\d+):(\?\w+):(\?\w+)%%")


class Unsupported(Exception):
    """The shapes graph uses SHACL outside the subset this engine compiles."""


@dataclass(frozen=True, order=True)
class Result:
    focus: str
    path: str | None
    value: str | None
    shape: str
    component: str
    severity: str
    message: str


def sort_key(result: Result) -> tuple[tuple[bool, str], ...]:
    """A total order on results (the generated ``<`` fails on None against text)."""
    return tuple((x is None, x or "") for x in astuple(result))


@dataclass(frozen=True)
class Check:
    """One (shape, constraint): a SELECT of the violating ``?focus`` (and ``?value``) rows."""

    shape: str
    component: str
    severity: str
    message: str
    path: str | None
    value: bool  # the query binds ?value, reported as sh:value
    query: str  # with %%...%% markers for the target classes, resolved by run()
    #: the same check driven by the focus nodes instead of the path's triples, which ``run``
    #: prefers when the focus class has few instances for the number of ``predicate`` triples
    by_focus: str | None = None
    predicate: str | None = None
    focus_class: int | None = None


@dataclass(frozen=True)
class Plan:
    checks: tuple[Check, ...]
    classes: tuple[str, ...]  # the IRIs the markers' class numbers refer to


# ---------------------------------------------------------------------------------- rendering


def render_term(node: Node | None) -> str | None:
    """A term as N3 with llmkg's prefixes; blank nodes as ``[]``, xsd:string literals plain."""
    if node is None:
        return None
    if isinstance(node, BNode):
        return "[]"
    if isinstance(node, Literal) and node.datatype == XSD.string:
        node = Literal(str(node))
    return node.n3(NS)


def local_name(node: Node) -> str:
    return re.split(r"[#/]", str(node))[-1]


def _component(parameter: Node) -> str:
    name = local_name(parameter)
    return f"{name[0].upper()}{name[1:]}ConstraintComponent"


def _items(graph: Graph, node: Node, owner: Node, what: str) -> list[Node]:
    if node == RDF.nil:
        return []
    if not isinstance(node, BNode) or (node, RDF.first, None) not in graph:
        raise Unsupported(f"{render_term(owner)}: {what} is not an RDF list")
    return list(Collection(graph, node))


_MODIFIERS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _render(graph: Graph, node: Node) -> tuple[str, int]:
    """A SHACL path as SPARQL, and its precedence: 0 primary, 1 modified, 2 inverse, 3
    sequence, 4 alternative (a part is wrapped in parentheses where its level is too high)."""

    def wrap(inner: tuple[str, int], level: int) -> str:
        return inner[0] if inner[1] <= level else f"({inner[0]})"

    if isinstance(node, URIRef):
        return node.n3(NS), 0
    if not isinstance(node, BNode):
        raise Unsupported(f"{render_term(node)} is not a SHACL path")
    if (node, RDF.first, None) in graph:
        parts = [_render(graph, p) for p in _items(graph, node, node, "a sequence path")]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            raise Unsupported("an empty sequence path")
        return "/".join(wrap(p, 2) for p in parts), 3
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + wrap(_render(graph, inverse), 1), 2
    for predicate, symbol in _MODIFIERS.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            return wrap(_render(graph, inner), 0) + symbol, 1
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        parts = [_render(graph, p) for p in _items(graph, alternatives, node, "sh:alternativePath")]
        if not parts:
            raise Unsupported("an empty alternative path")
        return "|".join(wrap(p, 3) for p in parts), (4 if len(parts) > 1 else parts[0][1])
    raise Unsupported(f"{render_term(node)} is not a SHACL path")


def render_path(shapes: Graph, path_node: Node) -> str:
    """A SHACL path as a SPARQL 1.1 property path with llmkg's prefixes."""
    return _render(shapes, path_node)[0]


def _message(messages: Iterable[Node], component: str, path: str | None) -> str:
    texts = sorted(str(m) for m in messages)
    if texts:
        return " / ".join(texts)
    return f"{component} {path}" if path else component


# ---------------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class _Step:
    iri: URIRef
    inverse: bool = False


@dataclass(frozen=True)
class _Seq:
    parts: tuple[_Path, ...]


@dataclass(frozen=True)
class _Alt:
    parts: tuple[_Path, ...]


@dataclass(frozen=True)
class _Mod:
    inner: _Path
    symbol: str  # "*", "+" or "?"


_Path = _Step | _Seq | _Alt | _Mod


def _parse_path(graph: Graph, node: Node, inverse: bool = False) -> _Path:
    """The path with inverses pushed down to single predicates."""
    if isinstance(node, URIRef):
        return _Step(node, inverse)
    if not isinstance(node, BNode):
        raise Unsupported(f"{render_term(node)} is not a SHACL path")
    if (node, RDF.first, None) in graph:
        parts = [_parse_path(graph, p, inverse) for p in _items(graph, node, node, "a path")]
        if not parts:
            raise Unsupported("an empty sequence path")
        return parts[0] if len(parts) == 1 else _Seq(tuple(reversed(parts) if inverse else parts))
    inner = graph.value(node, SH.inversePath)
    if inner is not None:
        return _parse_path(graph, inner, not inverse)
    for predicate, symbol in _MODIFIERS.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            return _Mod(_parse_path(graph, inner, inverse), symbol)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        parts = [_parse_path(graph, p, inverse)
                 for p in _items(graph, alternatives, node, "sh:alternativePath")]
        if not parts:
            raise Unsupported("an empty alternative path")
        return parts[0] if len(parts) == 1 else _Alt(tuple(parts))
    raise Unsupported(f"{render_term(node)} is not a SHACL path")


def _inverse(path: _Path) -> _Path:
    if isinstance(path, _Step):
        return _Step(path.iri, not path.inverse)
    if isinstance(path, _Seq):
        return _Seq(tuple(_inverse(p) for p in reversed(path.parts)))
    if isinstance(path, _Alt):
        return _Alt(tuple(_inverse(p) for p in path.parts))
    return _Mod(_inverse(path.inner), path.symbol)


def _sparql(path: _Path) -> str:
    """The path in SPARQL syntax with full IRIs (every compound part in parentheses)."""
    if isinstance(path, _Step):
        return ("^" if path.inverse else "") + path.iri.n3()
    if isinstance(path, _Seq):
        return "/".join(f"({_sparql(p)})" if not isinstance(p, _Step) else _sparql(p)
                        for p in path.parts)
    if isinstance(path, _Alt):
        return "|".join(f"({_sparql(p)})" if not isinstance(p, _Step) else _sparql(p)
                        for p in path.parts)
    return f"({_sparql(path.inner)}){path.symbol}"


def _simple(path: _Path) -> bool:
    """One triple per (subject, value) pair: counting needs no DISTINCT."""
    return isinstance(path, _Step)


def _scannable(path: _Path) -> bool:
    """The path can be evaluated with both ends unbound (no zero-length or transitive part)."""
    if isinstance(path, _Step):
        return True
    if isinstance(path, _Mod):
        return False
    return all(_scannable(p) for p in path.parts)


# ------------------------------------------------------------------------------- SPARQL bits


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _all(parts: list[str]) -> str:
    parts = [p for p in parts if p != "true"]
    return " && ".join(f"({p})" for p in parts) if parts else "true"


def _any(parts: list[str]) -> str:
    return " || ".join(f"({p})" for p in parts) if parts else "false"


class _Fresh:
    """Fresh variable names for one query."""

    def __init__(self) -> None:
        self._count = count(1)

    def __call__(self, stem: str = "v") -> str:
        return f"?{stem}{next(self._count)}"


#: A condition on one term: given the variable (or constant) and a fresh-name source, a SPARQL
#: boolean expression that never raises an error.
Cond = Callable[[str, _Fresh], str]


def _true(_x: str, _fresh: _Fresh) -> str:
    return "true"


def _exists(path: _Path, x: str, fresh: _Fresh, cond: Cond = _true) -> str:
    """Some value of ``path`` at ``x`` satisfies ``cond``: nested single-triple ``EXISTS``."""
    if isinstance(path, _Step):
        v = fresh()
        triple = f"{v} {path.iri.n3()} {x}" if path.inverse else f"{x} {path.iri.n3()} {v}"
        test = cond(v, fresh)
        return f"EXISTS {{ {triple} FILTER({test}) }}" if test != "true" else \
            f"EXISTS {{ {triple} }}"
    if isinstance(path, _Seq):
        first, rest = path.parts[0], path.parts[1:]
        tail = rest[0] if len(rest) == 1 else _Seq(rest)
        return _exists(first, x, fresh, lambda m, f: _exists(tail, m, f, cond))
    if isinstance(path, _Alt):
        return _any([_exists(p, x, fresh, cond) for p in path.parts])
    if path.symbol == "?":
        return _any([cond(x, fresh), _exists(path.inner, x, fresh, cond)])
    v = fresh()
    test = cond(v, fresh)
    body = f"{x} {_sparql(path)} {v}"
    return f"EXISTS {{ {body} FILTER({test}) }}" if test != "true" else f"EXISTS {{ {body} }}"


def _at_least(n: int, path: _Path, x: str, fresh: _Fresh, cond: Cond = _true) -> str:
    """``x`` has at least ``n`` distinct values on ``path`` that satisfy ``cond``."""

    def chain(found: tuple[str, ...]) -> Cond:
        def step(v: str, f: _Fresh) -> str:
            distinct = [f"!sameTerm({v}, {w})" for w in found]
            rest = _exists(path, x, f, chain((*found, v))) if len(found) + 1 < n else "true"
            return _all([*distinct, cond(v, f), rest])
        return step

    return _exists(path, x, fresh, chain(())) if n > 0 else "true"


class _ValueCheck(NamedTuple):
    component: str
    cond: Cond
    cls: int | None = None  # the class number of a sh:class constraint


def _node_kind(functions: tuple[str, ...]) -> Cond:
    return lambda v, _f: " || ".join(f"{fn}({v})" for fn in functions)


def _is_a(k: int) -> Cond:
    return lambda v, f: f"%%is-a:{k}:{v}:{f('c')}%%"


def _compare(op: str, bound: str) -> Cond:
    return lambda v, _f: f"COALESCE({v} {op} {bound}, false)"


def _length(op: str, n: int) -> Cond:
    if op == ">=" and n == 0:
        return _true
    return lambda v, _f: f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) {op} {n}, false)"


def _one_of(constants: list[str]) -> Cond:
    return lambda v, _f: _any([f"sameTerm({v}, {c})" for c in constants])


def _some(conds: list[Cond]) -> Cond:
    return lambda v, f: _any([c(v, f) for c in conds])


def _every(conds: list[Cond]) -> Cond:
    return lambda v, f: _all([c(v, f) for c in conds])


def _exactly_one(conds: list[Cond]) -> Cond:
    return lambda v, f: "(" + " + ".join(f"IF({c(v, f)}, 1, 0)" for c in conds) + ") = 1"


def _negate(cond: Cond) -> Cond:
    return lambda v, f: f"!({cond(v, f)})"


# ----------------------------------------------------------------------------- focus nodes


@dataclass(frozen=True)
class _Focus:
    """Where a shape's focus nodes come from (classes are numbers into ``Plan.classes``)."""

    classes: tuple[int, ...] = ()
    nodes: tuple[Node, ...] = ()
    subjects_of: tuple[URIRef, ...] = ()
    objects_of: tuple[URIRef, ...] = ()
    parents: tuple[tuple[_Focus, _Path | None], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of
                    or self.parents)

    def flat(self) -> _Focus:
        """The same focus nodes, with the targets of parent node shapes merged in."""
        parts = [self] + [p.flat() for p, path in self.parents if path is None]

        def merged(name: str) -> tuple:
            return tuple(dict.fromkeys(x for part in parts for x in getattr(part, name)))

        return _Focus(
            classes=merged("classes"), nodes=merged("nodes"), subjects_of=merged("subjects_of"),
            objects_of=merged("objects_of"),
            parents=tuple(dict.fromkeys(
                (p, path) for part in parts for p, path in part.parents if path is not None)),
        )

    def few(self) -> bool:
        """Only listed nodes: cheaper to start from them than to scan a path."""
        flat = self.flat()
        return bool(flat.nodes) and not (
            flat.classes or flat.subjects_of or flat.objects_of or flat.parents)

    def enumerate(self, var: str, fresh: _Fresh) -> str:
        """A group pattern binding ``var`` to each focus node once."""
        flat = self.flat()
        if len(flat.classes) == 1 and not (flat.nodes or flat.subjects_of or flat.objects_of
                                           or flat.parents):
            return f"%%enum:{flat.classes[0]}:{var}:{fresh('c')}%%"
        if flat.few():
            return f"VALUES {var} {{ {' '.join(n.n3() for n in flat.nodes)} }}"
        branches = [f"%%instances:{k}:{var}:{fresh('c')}%%" for k in flat.classes]
        if flat.nodes:
            branches.append(f"VALUES {var} {{ {' '.join(n.n3() for n in flat.nodes)} }}")
        branches += [f"{var} {p.n3()} {fresh('t')} ." for p in flat.subjects_of]
        branches += [f"{fresh('t')} {p.n3()} {var} ." for p in flat.objects_of]
        for parent, path in flat.parents:
            assert path is not None
            up = fresh("p")
            branches.append(f"{parent.enumerate(up, fresh)}\n{up} {_sparql(path)} {var} .")
        union = branches[0] if len(branches) == 1 else "\nUNION\n".join(
            f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT {var} WHERE {{\n{union}\n}} }}"

    def member(self, var: str, fresh: _Fresh) -> str:
        """A boolean expression: ``var`` is a focus node."""
        flat = self.flat()
        tests = [f"%%is-a:{k}:{var}:{fresh('c')}%%" for k in flat.classes]
        tests += [f"sameTerm({var}, {n.n3()})" for n in flat.nodes]
        tests += [f"EXISTS {{ {var} {p.n3()} {fresh('t')} }}" for p in flat.subjects_of]
        tests += [f"EXISTS {{ {fresh('t')} {p.n3()} {var} }}" for p in flat.objects_of]
        for parent, path in flat.parents:
            assert path is not None
            tests.append(_exists(_inverse(path), var, fresh,
                                 lambda up, f, p=parent: p.member(up, f)))
        return _any(tests)


# ------------------------------------------------------------------------------ the compiler


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.shapes = self._shapes()
        self.classes: list[URIRef] = []
        self._focus: dict[Node, _Focus] = {}

    # -- reading the shapes graph

    def _shapes(self) -> set[Node]:
        """Every node pySHACL treats as a shape."""
        g = self.g
        found: set[Node] = set(g.subjects(RDF.type, SH.NodeShape))
        found |= set(g.subjects(RDF.type, SH.PropertyShape))
        for p in (*_TARGETS, SH.property, SH.node):
            found |= set(g.subjects(p, None))
        for p in _SHAPE_VALUED:
            found |= set(g.objects(None, p))
        for p in _SHAPE_LISTS:
            for lst in g.objects(None, p):
                found |= set(_items(g, lst, lst, f"sh:{local_name(p)}"))
        return found

    def name(self, shape: Node) -> str:
        return render_term(shape) or ""

    def describe(self, shape: Node) -> str:
        """The shape, or for a blank node where it sits (``ex:S sh:property [...]``)."""
        node, steps = shape, []
        for _ in range(8):
            if not isinstance(node, BNode):
                break
            owner = next(iter(self.g.subject_predicates(node)), None)
            if owner is None:
                break
            while owner[1] == RDF.rest or owner[1] == RDF.first:  # climb to the list's owner
                found = next(iter(self.g.subject_predicates(owner[0])), None)
                if found is None:
                    break
                owner = found
            node, steps = owner[0], [owner[1].n3(NS), *steps]
        return " ".join([render_term(node) or "", *steps, "[...]"]) if steps else self.name(shape)

    def refuse(self, shape: Node, feature: str) -> Unsupported:
        return Unsupported(f"{self.describe(shape)}: {feature} is not supported")

    def values(self, shape: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.g.objects(shape, predicate), key=lambda n: n.n3())

    def one(self, shape: Node, predicate: URIRef) -> Node | None:
        values = self.values(shape, predicate)
        if len(values) > 1:
            raise self.refuse(shape, f"more than one sh:{local_name(predicate)}")
        return values[0] if values else None

    def integer(self, shape: Node, predicate: URIRef) -> int | None:
        value = self.one(shape, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise self.refuse(shape, f"a non-integer sh:{local_name(predicate)}")
        return int(value.toPython())

    def deactivated(self, shape: Node) -> bool:
        value = self.one(shape, SH.deactivated)
        return isinstance(value, Literal) and value.toPython() is True

    def severity(self, shape: Node) -> Node:
        return self.one(shape, SH.severity) or SH.Violation

    def path(self, shape: Node) -> _Path | None:
        node = self.one(shape, SH.path)
        return None if node is None else _parse_path(self.g, node)

    def constant(self, shape: Node, node: Node, what: str) -> str:
        if isinstance(node, BNode):
            raise self.refuse(shape, f"a blank node as {what}")
        return node.n3()

    def class_number(self, cls: Node, shape: Node) -> int:
        if not isinstance(cls, URIRef):
            raise self.refuse(shape, "a class that is not an IRI")
        if cls not in self.classes:
            self.classes.append(cls)
        return self.classes.index(cls)

    def check_parameters(self, shape: Node) -> None:
        for predicate in set(self.g.predicates(shape)):
            if str(predicate).startswith(str(SH)) and predicate not in _PARAMETERS | _CONSTRAINTS:
                raise self.refuse(shape, f"sh:{local_name(predicate)}")
        qualified = (SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint)
        if any((shape, p, None) in self.g for p in qualified) and \
                (shape, SH.qualifiedValueShape, None) not in self.g:
            raise self.refuse(shape, "a qualified count without sh:qualifiedValueShape")
        if (shape, SH.path, None) not in self.g:
            if (None, SH.property, shape) in self.g:
                raise self.refuse(shape, "sh:property naming a shape without sh:path")
            for p in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, *_PAIRS):
                if (shape, p, None) in self.g:
                    raise self.refuse(shape, f"sh:{local_name(p)} on a node shape")

    def implicit_class(self, shape: Node) -> bool:
        """A shape that is also a class targets its instances (pySHACL adds owl:Class
        rdfs:subClassOf rdfs:Class to the shapes graph before it looks)."""
        metaclasses = {RDFS.Class, OWL.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        return any(t in metaclasses for t in self.g.objects(shape, RDF.type))

    # -- focus nodes

    def focus(self, shape: Node, stack: tuple[Node, ...] = ()) -> _Focus:
        if shape in stack:
            raise self.refuse(shape, "a recursive sh:property")
        if shape in self._focus:
            return self._focus[shape]
        parents: list[tuple[_Focus, _Path | None]] = []
        for parent in sorted(self.g.subjects(SH.property, shape), key=lambda n: n.n3()):
            if parent not in self.shapes or self.deactivated(parent):
                continue
            found = self.focus(parent, (*stack, shape))
            if found:
                parents.append((found, self.path(parent)))
        classes = self.values(shape, SH.targetClass)
        if self.implicit_class(shape):
            classes.append(shape)
        for target in (*self.values(shape, SH.targetSubjectsOf),
                       *self.values(shape, SH.targetObjectsOf)):
            if not isinstance(target, URIRef):
                raise self.refuse(shape, "a target predicate that is not an IRI")
        nodes = self.values(shape, SH.targetNode)
        for node in nodes:
            self.constant(shape, node, "sh:targetNode")
        result = _Focus(
            classes=tuple(self.class_number(c, shape) for c in classes),
            nodes=tuple(nodes),
            subjects_of=tuple(URIRef(p) for p in self.values(shape, SH.targetSubjectsOf)),
            objects_of=tuple(URIRef(p) for p in self.values(shape, SH.targetObjectsOf)),
            parents=tuple(parents),
        )
        self._focus[shape] = result
        return result

    # -- conditions on one value node

    def value_conditions(self, shape: Node, stack: tuple[Node, ...]) -> list[tuple[str, Cond]]:
        """(component, condition) for every constraint of ``shape`` on each value node."""
        return [(check.component, check.cond) for check in self.value_checks(shape, stack)]

    def value_checks(self, shape: Node, stack: tuple[Node, ...]) -> list[_ValueCheck]:
        return [*self.term_checks(shape), *self.shape_checks_on_values(shape, stack)]

    def term_checks(self, shape: Node) -> Iterator[_ValueCheck]:
        """The constraints on the value node itself (its kind, datatype, text, ...)."""
        datatype = self.one(shape, SH.datatype)
        if datatype is not None:
            yield _ValueCheck("DatatypeConstraintComponent", self.datatype_cond(shape, datatype))
        kind = self.one(shape, SH.nodeKind)
        if kind is not None:
            if kind not in _NODE_KINDS:
                raise self.refuse(shape, f"sh:nodeKind {render_term(kind)}")
            yield _ValueCheck("NodeKindConstraintComponent", _node_kind(_NODE_KINDS[kind]))
        for cls in self.values(shape, SH["class"]):
            k = self.class_number(cls, shape)
            yield _ValueCheck("ClassConstraintComponent", _is_a(k), k)
        flags = self.one(shape, SH.flags)
        for pattern in self.values(shape, SH.pattern):
            yield _ValueCheck("PatternConstraintComponent",
                              self.pattern_cond(shape, pattern, flags))
        for predicate, op in _RANGES.items():
            for bound in self.values(shape, predicate):
                if not isinstance(bound, Literal):
                    raise self.refuse(shape, "a range bound that is not a literal")
                yield _ValueCheck(_component(predicate), _compare(op, bound.n3()))
        for predicate, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            length = self.integer(shape, predicate)
            if length is not None:
                yield _ValueCheck(_component(predicate), _length(op, length))
        languages = self.one(shape, SH.languageIn)
        if languages is not None:
            yield _ValueCheck("LanguageInConstraintComponent",
                              self.language_cond(shape, languages))
        members = self.one(shape, SH["in"])
        if members is not None:
            constants = [self.constant(shape, i, "a member of sh:in")
                         for i in _items(self.g, members, shape, "sh:in")]
            yield _ValueCheck("InConstraintComponent", _one_of(constants))

    def shape_checks_on_values(self, shape: Node,
                               stack: tuple[Node, ...]) -> Iterator[_ValueCheck]:
        """The constraints that check each value node against other shapes."""
        for lst in self.values(shape, SH["or"]):
            conds = [self.conforms(m, "ok", stack) for m in self.members(shape, lst, "sh:or")]
            yield _ValueCheck("OrConstraintComponent", _some(conds))
        for lst in self.values(shape, SH["and"]):
            conds = [self.conforms(m, "ok", stack) for m in self.members(shape, lst, "sh:and")]
            yield _ValueCheck("AndConstraintComponent", _every(conds))
        for lst in self.values(shape, SH.xone):
            items = self.members(shape, lst, "sh:xone", unique=False)
            yield _ValueCheck("XoneConstraintComponent",
                              _exactly_one([self.conforms(m, "ok", stack) for m in items]))
        for negated in self.values(shape, SH["not"]):
            yield _ValueCheck("NotConstraintComponent",
                              _negate(self.conforms(negated, "ok", stack)))
        for node in self.values(shape, SH.node):
            if (node, SH.path, None) in self.g:
                raise self.refuse(shape, "sh:node naming a property shape")
            yield _ValueCheck("NodeConstraintComponent", self.conforms(node, "clean", stack))

    def members(self, shape: Node, lst: Node, what: str, unique: bool = True) -> list[Node]:
        items = _items(self.g, lst, shape, what)
        if not items:
            raise self.refuse(shape, f"an empty {what} list")
        if unique:  # pySHACL takes sh:or and sh:and members as a set, sh:xone as a list
            items = sorted(set(items), key=lambda n: n.n3())
        return items

    def datatype_cond(self, shape: Node, datatype: Node) -> Cond:
        if not isinstance(datatype, URIRef):
            raise self.refuse(shape, "a sh:datatype that is not an IRI")
        if datatype == RDFS.Literal:
            return lambda v, _f: f"isLiteral({v})"
        if datatype == RDF.langString:
            return lambda v, _f: f'COALESCE(LANG({v}) != "", false)'
        dt = datatype.n3()
        if datatype == RDFS.Datatype or (
                str(datatype).startswith(str(XSD)) and datatype not in _WELL_FORMED):
            # Oxigraph rewrites the derived integer types as xsd:integer, and rdflib and Oxigraph
            # do not agree on which literals of the other XSD types are well-formed
            raise self.refuse(shape, f"sh:datatype {render_term(datatype)}")
        check = _WELL_FORMED.get(datatype, "true")
        if check == "true":
            return lambda v, _f: f"COALESCE(sameTerm(DATATYPE({v}), {dt}), false)"
        return lambda v, _f: \
            f"COALESCE(sameTerm(DATATYPE({v}), {dt}) && ({check.format(v=v)}), false)"

    def pattern_cond(self, shape: Node, pattern: Node, flags: Node | None) -> Cond:
        if not isinstance(pattern, Literal) or (flags is not None and
                                                not isinstance(flags, Literal)):
            raise self.refuse(shape, "a sh:pattern or sh:flags that is not a literal")
        text = str(pattern)
        if re.search(r"\(\?[=!<P]|\\[1-9]", text):
            raise self.refuse(shape, "a sh:pattern with look-around or back-references")
        kept = "".join(f for f in "im" if flags is not None and f in str(flags).lower())
        options = f", {_string(kept)}" if kept else ""  # pySHACL honours only i and m
        return lambda v, _f: \
            f"COALESCE(!isBlank({v}) && REGEX(STR({v}), {_string(text)}{options}), false)"

    def language_cond(self, shape: Node, languages: Node) -> Cond:
        tags = []
        for item in _items(self.g, languages, shape, "sh:languageIn"):
            if not isinstance(item, Literal) or not isinstance(item.toPython(), str):
                raise self.refuse(shape, "a sh:languageIn member that is not a string")
            tags.append(str(item).lower())
        if "*" in tags:
            return lambda v, _f: f'COALESCE(LANG({v}) != "", false)'
        listed = ", ".join(_string(t) for t in sorted(set(tags)))

        def cond(v: str, _f: _Fresh) -> str:
            # pySHACL: the whole tag, or its first subtag, is listed (case-insensitive)
            lang = f"LCASE(LANG({v}))"
            first = f'STRBEFORE(CONCAT({lang}, "-"), "-")'
            return (f'COALESCE({lang} != "" && ({lang} IN ({listed}) || {first} IN ({listed})),'
                    " false)")

        return cond if tags else (lambda v, _f: "false")

    def qualified_cond(self, shape: Node, value_shape: Node, stack: tuple[Node, ...]) -> Cond:
        own = self.conforms(value_shape, "ok", stack)
        siblings: set[Node] = set()
        disjoint = self.one(shape, SH.qualifiedValueShapesDisjoint)
        if isinstance(disjoint, Literal) and disjoint.toPython() is True:
            for parent in self.g.subjects(SH.property, shape):
                for sibling in self.g.objects(parent, SH.property):
                    siblings |= set(self.g.objects(sibling, SH.qualifiedValueShape))
            siblings.discard(value_shape)
        others = [self.conforms(s, "ok", stack) for s in sorted(siblings, key=lambda n: n.n3())]
        return lambda v, f: _all([own(v, f), *(f"!({o(v, f)})" for o in others)])

    @staticmethod
    def pair_cond(op: str, v: str, other: str) -> str:
        """pySHACL's lessThan(OrEquals): IRIs and strings compare as text, with each other only."""
        text_v = f"(isIRI({v}) || DATATYPE({v}) IN (xsd:string, rdf:langString))"
        text_o = f"(isIRI({other}) || DATATYPE({other}) IN (xsd:string, rdf:langString))"
        return (f"COALESCE(IF({text_v} || {text_o}, {text_v} && {text_o} && "
                f"STR({v}) {op} STR({other}), {v} {op} {other}), false)")

    # -- nested shapes

    def conforms(self, shape: Node, mode: str, stack: tuple[Node, ...]) -> Cond:
        """The condition "conforms to ``shape``". Mode "ok" is pySHACL's conformance with
        allow_warnings (shapes of severity Warning or Info always conform); mode "clean" means
        the shape reports nothing at all (what sh:node asks of its shape)."""
        if shape not in self.shapes:
            raise self.refuse(shape, "a reference to something that is not a shape")
        if self.deactivated(shape) or (mode == "ok" and
                                       self.severity(shape) in _ALLOWED_SEVERITIES):
            return _true
        if shape in stack:
            raise self.refuse(shape, "a recursive shape")
        stack = (*stack, shape)
        self.check_parameters(shape)
        path = self.path(shape)
        per_value = [c for _, c in self.value_conditions(shape, stack)]
        per_value += [self.conforms(p, mode, stack) for p in self.values(shape, SH.property)]
        whole: list[Cond] = []  # conditions on the focus node itself
        for value in self.values(shape, SH.hasValue):
            constant = self.constant(shape, value, "sh:hasValue")
            whole.append((lambda x, _f, c=constant: f"sameTerm({x}, {c})") if path is None else
                         (lambda x, f, c=constant, p=path:
                          _exists(p, x, f, lambda v, _g: f"sameTerm({v}, {c})")))
        for predicate in (SH.equals, SH.disjoint, *_PAIRS):
            for other in self.values(shape, predicate):
                whole.append(self.pair_condition(shape, predicate, other, path))
        if path is None:
            conds = per_value + whole
            return lambda x, f: _all([c(x, f) for c in conds])
        if per_value:
            whole.append(lambda x, f: "!" + _exists(
                path, x, f, lambda v, g: f"!({_all([c(v, g) for c in per_value])})"))
        minimum = self.integer(shape, SH.minCount) or 0
        maximum = self.integer(shape, SH.maxCount)
        counts: list[tuple[int | None, int | None, Cond]] = [(minimum, maximum, _true)]
        qmin = self.integer(shape, SH.qualifiedMinCount) or 0
        qmax = self.integer(shape, SH.qualifiedMaxCount)
        for value_shape in self.values(shape, SH.qualifiedValueShape):
            counts.append((qmin, qmax, self.qualified_cond(shape, value_shape, stack)))
        for low, high, cond in counts:
            for n in (low, None if high is None else high + 1):
                if n and n > _MAX_NESTED_COUNT:
                    raise self.refuse(shape, f"a nested count above {_MAX_NESTED_COUNT - 1}")
            if low:
                whole.append(lambda x, f, n=low, c=cond: _at_least(n, path, x, f, c))
            if high is not None:
                whole.append(lambda x, f, n=high + 1, c=cond:
                             f"!({_at_least(n, path, x, f, c)})")
        return lambda x, f: _all([c(x, f) for c in whole])

    def pair_condition(self, shape: Node, predicate: Node, other: Node,
                       path: _Path | None) -> Cond:
        if not isinstance(other, URIRef):
            raise self.refuse(shape, f"a sh:{local_name(predicate)} that is not an IRI")
        step = _Step(other)
        if path is None:
            if predicate == SH.equals:
                return lambda x, f: _all([
                    _exists(step, x, f, lambda o, _g: f"sameTerm({o}, {x})"),
                    "!" + _exists(step, x, f, lambda o, _g: f"!sameTerm({o}, {x})")])
            return lambda x, f: "!" + _exists(step, x, f, lambda o, _g: f"sameTerm({o}, {x})")
        if predicate == SH.equals:
            return lambda x, f: _all([
                "!" + _exists(path, x, f, lambda v, g: "!" + _exists(
                    step, x, g, lambda o, _h: f"sameTerm({o}, {v})")),
                "!" + _exists(step, x, f, lambda o, g: "!" + _exists(
                    path, x, g, lambda v, _h: f"sameTerm({o}, {v})"))])
        if predicate == SH.disjoint:
            return lambda x, f: "!" + _exists(path, x, f, lambda v, g: _exists(
                step, x, g, lambda o, _h: f"sameTerm({o}, {v})"))
        op = _PAIRS[predicate]
        return lambda x, f: "!" + _exists(path, x, f, lambda v, g: _exists(
            step, x, g, lambda o, _h: f"!({self.pair_cond(op, v, o)})"))

    def positive(self, shape: Node) -> Callable[[str, _Fresh], str] | None:
        """A pattern binding ``x`` to exactly the nodes that conform to ``shape``, where the
        shape only asks for values (sh:minCount 1, sh:hasValue); None otherwise."""
        if self.deactivated(shape) or self.severity(shape) in _ALLOWED_SEVERITIES:
            return None
        self.check_parameters(shape)
        constraints = {p for p in self.g.predicates(shape) if p in _CONSTRAINTS}
        path = self.path(shape)
        if path is None or not _scannable(path) or (shape, SH.property, None) in self.g \
                or not constraints or constraints - {SH.minCount, SH.hasValue}:
            return None
        if (self.integer(shape, SH.minCount) or 1) != 1:
            return None
        constants = [self.constant(shape, v, "sh:hasValue")
                     for v in self.values(shape, SH.hasValue)]
        ends = constants or ["?any"]
        return lambda x, f: " ".join(
            f"{x} {_sparql(path)} {f() if end == '?any' else end} ." for end in ends)

    # -- top-level checks

    def checks(self) -> list[Check]:
        out: list[Check] = []
        for shape in sorted(self.shapes, key=lambda s: (isinstance(s, BNode), s.n3())):
            self.check_parameters(shape)
            if self.deactivated(shape):
                continue
            focus = self.focus(shape)
            if focus:
                out += self.shape_checks(shape, focus)
        return out

    def shape_checks(self, shape: Node, focus: _Focus) -> list[Check]:
        path_node = self.one(shape, SH.path)
        path = self.path(shape)
        shown = None if path_node is None else render_path(self.g, path_node)
        messages = self.values(shape, SH.message)
        severity = local_name(self.severity(shape))
        stack = (shape,)
        checks: list[Check] = []

        def add(component: str, query: str, value: bool, by_focus: str | None = None,
                predicate: str | None = None, focus_class: int | None = None) -> None:
            checks.append(Check(
                shape=self.name(shape), component=component, severity=severity,
                message=_message(messages, component, shown), path=shown, value=value,
                query=_PREFIXES + query, by_focus=by_focus and _PREFIXES + by_focus,
                predicate=predicate, focus_class=focus_class,
            ))

        if path is None:
            for component, cond in self.value_conditions(shape, stack):
                add(component, self.node_query(shape, focus, component, cond), True)
            for value in self.values(shape, SH.hasValue):
                c = self.constant(shape, value, "sh:hasValue")
                add("HasValueConstraintComponent", self.missing(
                    focus, lambda f, c=c: f"FILTER(!sameTerm(?focus, {c}))"), False)
            for predicate in (SH.equals, SH.disjoint):
                for other in self.values(shape, predicate):
                    add(_component(predicate), self.node_pair_query(
                        shape, focus, predicate, other), True)
            return checks

        scan = _scannable(path) and not focus.few()
        flat = focus.flat()
        first = path.parts[0] if isinstance(path, _Seq) else path
        choice = scan and isinstance(first, _Step) and len(flat.classes) == 1 and not (
            flat.nodes or flat.subjects_of or flat.objects_of or flat.parents)

        def both(component: str, build: Callable[[bool], str], value: bool) -> None:
            if choice:
                assert isinstance(first, _Step)
                add(component, build(True), value, build(False), str(first.iri), flat.classes[0])
            else:
                add(component, build(scan), value)

        for component, cond, cls in self.value_checks(shape, stack):
            if cls is not None:  # a MINUS of the class's instances beats a test per value
                both(component, lambda s, k=cls: self.class_query(focus, path, s, k), True)
            else:
                both(component, lambda s, c=cond: self.value_query(focus, path, s, c), True)
        minimum = self.integer(shape, SH.minCount) or 0
        if minimum:
            both("MinCountConstraintComponent",
                 lambda s: self.too_few(focus, path, s, minimum, _true), False)
        maximum = self.integer(shape, SH.maxCount)
        if maximum is not None:
            both("MaxCountConstraintComponent",
                 lambda s: self.too_many(focus, path, s, maximum, _true), False)
        for value in self.values(shape, SH.hasValue):
            c = self.constant(shape, value, "sh:hasValue")
            both("HasValueConstraintComponent",
                 lambda s, c=c: self.missing(focus, self.has_value_body(path, c, s)), False)
        qmin = self.integer(shape, SH.qualifiedMinCount) or 0
        qmax = self.integer(shape, SH.qualifiedMaxCount)
        for value_shape in self.values(shape, SH.qualifiedValueShape):
            cond = self.qualified_cond(shape, value_shape, stack)
            if qmin:
                both("QualifiedMinCountConstraintComponent",
                     lambda s, c=cond: self.too_few(focus, path, s, qmin, c), False)
            if qmax is not None:
                both("QualifiedMaxCountConstraintComponent",
                     lambda s, c=cond: self.too_many(focus, path, s, qmax, c), False)
        for predicate in (SH.equals, SH.disjoint, *_PAIRS):
            for other in self.values(shape, predicate):
                both(_component(predicate), lambda s, p=predicate, o=other: self.pair_query(
                    shape, focus, path, s, p, o), True)
        return checks

    @staticmethod
    def has_value_body(path: _Path, constant: str, scan: bool) -> Callable[[_Fresh], str]:
        if scan:
            return lambda f: f"MINUS {{ ?focus {_sparql(path)} {constant} }}"
        return lambda f: "FILTER(!" + _exists(
            path, "?focus", f, lambda v, _g: f"sameTerm({v}, {constant})") + ")"

    # -- query builders

    @staticmethod
    def missing(focus: _Focus, body: Callable[[_Fresh], str]) -> str:
        fresh = _Fresh()
        return f"SELECT DISTINCT ?focus WHERE {{\n{focus.enumerate('?focus', fresh)}\n" \
               f"{body(fresh)}\n}}"

    @staticmethod
    def value_query(focus: _Focus, path: _Path, scan: bool, cond: Cond) -> str:
        fresh = _Fresh()
        test = cond("?value", fresh)
        if scan:  # test the path's triples, and only the failing ones for the focus (IF is lazy)
            return (f"SELECT DISTINCT ?focus ?value WHERE {{\n?focus {_sparql(path)} ?value .\n"
                    f"FILTER(IF(!({test}), {focus.member('?focus', fresh)}, false))\n}}")
        return (f"SELECT DISTINCT ?focus ?value WHERE {{\n{focus.enumerate('?focus', fresh)}\n"
                f"?focus {_sparql(path)} ?value .\nFILTER(!({test}))\n}}")

    @staticmethod
    def class_query(focus: _Focus, path: _Path, scan: bool, k: int) -> str:
        fresh = _Fresh()
        minus = f"MINUS {{ %%instances:{k}:?value:{fresh('c')}%% }}"
        if scan:
            return _then_member(f"?focus {_sparql(path)} ?value .\n{minus}", focus, fresh,
                                "?focus ?value")
        return (f"SELECT DISTINCT ?focus ?value WHERE {{\n{focus.enumerate('?focus', fresh)}\n"
                f"?focus {_sparql(path)} ?value .\n{minus}\n}}")

    def node_query(self, shape: Node, focus: _Focus, component: str, cond: Cond) -> str:
        fresh = _Fresh()
        enum = focus.enumerate("?focus", fresh)
        select = "SELECT DISTINCT ?focus (?focus AS ?value) WHERE {\n"
        if component == "ClassConstraintComponent" or component == "OrConstraintComponent":
            # a MINUS of the conforming nodes beats a test per focus node
            minus = self.minus_patterns(shape, component, fresh)
            if minus is not None:
                return select + enum + "\n" + "\n".join(
                    f"MINUS {{ {m} }}" for m in minus) + "\n}"
        return f"{select}{enum}\nFILTER(!({cond('?focus', fresh)}))\n}}"

    def minus_patterns(self, shape: Node, component: str, fresh: _Fresh) -> list[str] | None:
        if component == "ClassConstraintComponent":
            classes = self.values(shape, SH["class"])
            if len(classes) != 1:
                return None
            return [f"%%instances:{self.class_number(classes[0], shape)}:?focus:{fresh('c')}%%"]
        lists = self.values(shape, SH["or"])
        if len(lists) != 1:
            return None
        patterns = [self.positive(m) for m in self.members(shape, lists[0], "sh:or")]
        if any(p is None for p in patterns):
            return None
        return [p("?focus", fresh) for p in patterns if p is not None]

    def too_few(self, focus: _Focus, path: _Path, scan: bool, n: int, cond: Cond) -> str:
        fresh = _Fresh()
        enum = focus.enumerate("?focus", fresh)
        if n == 1 and scan:
            test = cond("?value", fresh)
            keep = f" FILTER({test})" if test != "true" else ""
            return f"SELECT DISTINCT ?focus WHERE {{\n{enum}\n" \
                   f"MINUS {{ ?focus {_sparql(path)} ?value{keep} }}\n}}"
        if n <= _MAX_NESTED_COUNT:
            return f"SELECT DISTINCT ?focus WHERE {{\n{enum}\n" \
                   f"FILTER(!({_at_least(n, path, '?focus', fresh, cond)}))\n}}"
        test = cond("?value", fresh)
        keep = f" FILTER({test})" if test != "true" else ""
        return (f"SELECT ?focus WHERE {{\n{enum}\n"
                f"OPTIONAL {{ ?focus {_sparql(path)} ?value{keep} }}\n}}\nGROUP BY ?focus\n"
                f"HAVING (COUNT(DISTINCT ?value) < {n})")

    @staticmethod
    def too_many(focus: _Focus, path: _Path, scan: bool, n: int, cond: Cond) -> str:
        fresh = _Fresh()
        test = cond("?value", fresh)
        keep = f"\nFILTER({test})" if test != "true" else ""
        counted = "*" if _simple(path) else "DISTINCT ?value"
        if scan:
            return _then_member(f"?focus {_sparql(path)} ?value .{keep}", focus, fresh, "?focus",
                                f"GROUP BY ?focus HAVING (COUNT({counted}) > {n})")
        return (f"SELECT ?focus WHERE {{\n{focus.enumerate('?focus', fresh)}\n"
                f"?focus {_sparql(path)} ?value .{keep}\n}}\nGROUP BY ?focus\n"
                f"HAVING (COUNT({counted}) > {n})")

    def pair_query(self, shape: Node, focus: _Focus, path: _Path, scan: bool, predicate: Node,
                   other: Node) -> str:
        if not isinstance(other, URIRef):
            raise self.refuse(shape, f"a sh:{local_name(predicate)} that is not an IRI")
        fresh = _Fresh()
        p, sparql = other.n3(), _sparql(path)
        if predicate == SH.equals:
            body = (f"{{ ?focus {sparql} ?value FILTER NOT EXISTS {{ ?focus {p} ?value }} }}\n"
                    f"UNION\n"
                    f"{{ ?focus {p} ?value FILTER NOT EXISTS {{ ?focus {sparql} ?value }} }}")
        elif predicate == SH.disjoint:
            body = f"?focus {sparql} ?value .\n?focus {p} ?value ."
        else:
            o = fresh("o")
            body = (f"?focus {sparql} ?value .\n?focus {p} {o} .\n"
                    f"FILTER(!({self.pair_cond(_PAIRS[predicate], '?value', o)}))")
        if scan:
            return _then_member(body, focus, fresh, "?focus ?value")
        return (f"SELECT DISTINCT ?focus ?value WHERE {{\n{focus.enumerate('?focus', fresh)}\n"
                f"{body}\n}}")

    def node_pair_query(self, shape: Node, focus: _Focus, predicate: Node, other: Node) -> str:
        if not isinstance(other, URIRef):
            raise self.refuse(shape, f"a sh:{local_name(predicate)} that is not an IRI")
        fresh = _Fresh()
        p = other.n3()
        enum = focus.enumerate("?focus", fresh)
        if predicate == SH.disjoint:
            return f"SELECT DISTINCT ?focus ?value WHERE {{\n{enum}\n?focus {p} ?focus .\n" \
                   "BIND(?focus AS ?value)\n}"
        again = focus.enumerate("?focus", fresh)
        return (f"SELECT DISTINCT ?focus ?value WHERE {{\n"
                f"{{ {enum}\nFILTER NOT EXISTS {{ ?focus {p} ?focus }}\nBIND(?focus AS ?value) }}\n"
                f"UNION\n{{ {again}\n?focus {p} ?value FILTER(!sameTerm(?value, ?focus)) }}\n}}")


def _then_member(body: str, focus: _Focus, fresh: _Fresh, select: str,
                 modifiers: str = "") -> str:
    """The rows of ``body`` (evaluated on its own) whose ?focus is a focus node."""
    inner = f"SELECT {select} WHERE {{\n{body}\n}} {modifiers} {_BARRIER}"
    return (f"SELECT DISTINCT {select} WHERE {{\n{{ {inner} }}\n"
            f"FILTER({focus.member('?focus', fresh)})\n}}")


def compile_shapes(shapes: Graph) -> Plan:
    """Compile a shapes graph into one SELECT per (shape, constraint); ``Unsupported`` otherwise."""
    compiler = _Compiler(shapes)
    checks = compiler.checks()
    return Plan(checks=tuple(checks), classes=tuple(str(c) for c in compiler.classes))


# ------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class _Classes:
    """A target class as found in the data: its subclasses (itself included), and whether
    every instance of a subclass is typed with the class itself too."""

    iri: str
    closure: tuple[str, ...]
    closed: bool
    size: int  # instances (an upper bound when the class is not closed)

    def instances(self, var: str, t: str) -> str:
        if self.closed:
            return f"{var} rdf:type <{self.iri}> ."
        return f"VALUES {t} {{ {' '.join(self.closure)} }}\n{var} rdf:type {t} ."

    def enumerate(self, var: str, t: str) -> str:
        if self.closed:
            return self.instances(var, t)
        return f"{{ SELECT DISTINCT {var} WHERE {{ {self.instances(var, t)} }} }}"

    def is_a(self, var: str, t: str) -> str:
        if self.closed:
            return f"EXISTS {{ {var} rdf:type <{self.iri}> }}"
        return f"EXISTS {{ {var} rdf:type {t} FILTER({t} IN ({', '.join(self.closure)})) }}"


def _select(store: ox.Store, query: str, union: bool) -> ox.QuerySolutions:
    solutions = store.query(query, use_default_graph_as_union=union)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("expected SELECT results")
    return solutions


def _count(store: ox.Store, pattern: str, union: bool) -> int:
    rows = _select(store, f"{_PREFIXES}SELECT (COUNT(*) AS ?n) WHERE {{ {{ {pattern} }} }}", union)
    return int(next(iter(rows))["n"].value)


def resolve_classes(plan: Plan, store: ox.Store, union: bool = False) -> tuple[_Classes, ...]:
    """Look up each target class's subclasses in the data."""
    out = []
    for iri in plan.classes:
        rows = _select(store, f"{_PREFIXES}SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf* <{iri}> "
                              "FILTER(isIRI(?c)) }", union)
        subclasses = sorted({f"<{row['c'].value}>" for row in rows} - {f"<{iri}>"})
        closed = not subclasses or not bool(store.query(
            f"{_PREFIXES}ASK {{ VALUES ?t {{ {' '.join(subclasses)} }} ?x rdf:type ?t "
            f"MINUS {{ ?x rdf:type <{iri}> }} }}", use_default_graph_as_union=union))
        counted = [f"<{iri}>"] if closed else [f"<{iri}>", *subclasses]
        size = sum(_count(store, f"?x rdf:type {c}", union) for c in counted)
        out.append(_Classes(iri, (f"<{iri}>", *subclasses), closed, size))
    return tuple(out)


def _resolve(query: str, classes: tuple[_Classes, ...]) -> str:
    """The query with its class markers replaced by patterns for the data at hand."""

    def replace(match: re.Match[str]) -> str:
        kind, number, var, t = match.groups()
        cls = classes[int(number)]
        if kind == "enum":
            return cls.enumerate(var, t)
        if kind == "instances":
            return cls.instances(var, t)
        return cls.is_a(var, t)

    return _MARKER.sub(replace, query)


def prepare(plan: Plan, store: ox.Store, union: bool = False, drive: str = "auto") -> list[str]:
    """The SPARQL each check of ``plan`` runs on ``store``: class markers resolved, and a check
    driven by its focus nodes where the focus class is small (at most 1% of the triples) and the
    path's predicate has at least three times as many triples as the class has instances.
    ``drive="path"`` or ``"focus"`` forces one way (for tests: both give the same results)."""
    if drive not in ("auto", "path", "focus"):
        raise ValueError(f"drive must be auto, path or focus, not {drive!r}")
    classes = resolve_classes(plan, store, union)
    counted: dict[str, tuple[int, int]] = {}  # predicate -> (count, limit it was counted to)
    total: list[int] = []

    def at_least(predicate: str, n: int) -> bool:
        known, limit = counted.get(predicate, (0, 0))
        if known < limit or n <= limit:  # exact, or counted far enough
            return known >= n
        known = _count(store, f"SELECT ?s WHERE {{ ?s <{predicate}> ?o }} LIMIT {n}", union)
        counted[predicate] = (known, n)
        return known >= n

    queries = []
    for check in plan.checks:
        query = check.query
        if check.by_focus is not None and drive == "focus":
            query = check.by_focus
        elif check.by_focus is not None and check.focus_class is not None and drive == "auto":
            size = classes[check.focus_class].size
            if not total and size:
                total.append(len(store))
            if size == 0 or (100 * size <= total[0] and
                              at_least(check.predicate or "", 3 * size)):
                query = check.by_focus
        queries.append(_resolve(query, classes))
    return queries


def run(plan: Plan, store: ox.Store, *, union: bool = False, workers: int | None = None,
        drive: str = "auto") -> list[Result]:
    """Run every check of ``plan`` on ``store`` (in ``workers`` threads, by default one per
    CPU: pyoxigraph releases the GIL while it evaluates); the results sorted, de-duplicated."""
    queries = prepare(plan, store, union, drive)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        batches = pool.map(lambda cq: list(run_query(cq[0], cq[1], store, union)),
                           zip(plan.checks, queries, strict=True))
        return sorted({result for batch in batches for result in batch}, key=sort_key)


def run_query(check: Check, query: str, store: ox.Store, union: bool = False) -> Iterator[Result]:
    """The results of one check, given its prepared query."""
    for row in _select(store, query, union):
        yield Result(
            focus=render_term(from_oxigraph(row["focus"])) or "",
            path=check.path,
            value=render_term(from_oxigraph(row["value"])) if check.value else None,
            shape=check.shape, component=check.component, severity=check.severity,
            message=check.message,
        )


# ----------------------------------------------------------------------------- reference


def canonical(terms: Iterable[Node]) -> dict[Node, Node]:
    """Each literal as Oxigraph stores it (canonical lexical form); other terms unchanged."""
    out: dict[Node, Node] = {}
    store = ox.Store()
    for literal in {t for t in terms if isinstance(t, Literal)}:
        try:
            rows = _select(store, f"SELECT ?x WHERE {{ VALUES ?x {{ {to_oxigraph(literal)} }} }}",
                           False)
            out[literal] = from_oxigraph(next(iter(rows))["x"]) or literal
        except (SyntaxError, ValueError, StopIteration):
            out[literal] = literal
    return out


def reference(data: Graph, shapes: Graph) -> list[Result]:
    """pySHACL's results, converted to sorted, de-duplicated ``Result`` values."""
    import pyshacl

    copy = Graph()  # pySHACL adds triples to the shapes graph it is given
    copy += shapes
    _, report, _ = pyshacl.validate(
        data, shacl_graph=copy, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, Graph)
    rows = list(report.objects(None, SH.result))  # not the sh:detail results nested in them
    terms = canonical(
        t for r in rows for t in (report.value(r, SH.focusNode), report.value(r, SH.value))
        if t is not None
    )

    def term(node: Node | None) -> str | None:
        return None if node is None else render_term(terms.get(node, node))

    out: set[Result] = set()
    for row in rows:
        shape = report.value(row, SH.sourceShape)
        component = local_name(report.value(row, SH.sourceConstraintComponent) or "")
        path_node = report.value(row, SH.resultPath)
        path = None if path_node is None else render_path(report, path_node)
        out.add(Result(
            focus=term(report.value(row, SH.focusNode)) or "",
            path=path,
            value=term(report.value(row, SH.value)),
            shape=render_term(shape) or "",
            component=component,
            severity=local_name(report.value(row, SH.resultSeverity) or SH.Violation),
            message=_message(shapes.objects(shape, SH.message), component, path),
        ))
    return sorted(out, key=sort_key)


__all__ = [
    "Check", "Plan", "Result", "Unsupported", "compile_shapes", "prepare", "reference",
    "render_path", "render_term", "run", "run_query",
]

"""The catalogue of canned queries: ``queries/*.rq`` files with a ``#+`` header.

Header lines (grlc style)::

    #+ summary: One line saying what the query answers.
    #+ description: More words, optional.
    #+ tags: catalogue, classes
    #+ param: class iri = llmkg:ChatModel -- the class to list
    #+ list: classes pipe
    #+ boolean: textIn, imageIn

Parameters are bound through the engine, never by formatting text into the query. IRI parameters
accept llmkg's prefixed names (``llmkg:ChatModel``, ``model:gpt-4o``). A ``list`` column holds
values joined by a separator (``pipe``, ``space`` or ``comma``); since the order in which engines
concatenate is not defined, llmkg sorts the joined values so every engine gives the same text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery, prepareUpdate
from rdflib.term import Node

from llmkg import limits, resources
from llmkg.backends import Backend
from llmkg.errors import QueryError
from llmkg.namespaces import PREFIXES, XSD
from llmkg.results import Result

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)"
    r"(?:\s*=\s*(?P<default>.*?))?(?:\s+--\s+(?P<doc>.*))?$"
)
TYPES = ("iri", "string", "integer", "decimal", "boolean")
SEPARATORS = {"pipe": "|", "space": " ", "comma": ", "}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    description: str

    def term(self, value: object) -> Node:
        """Convert a Python or command-line value to an RDF term of this parameter's type."""
        try:
            if self.type == "iri":
                text = expand_curie(str(value))
                if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", text):
                    raise ValueError("not an absolute IRI")
                return URIRef(text)
            if self.type == "integer":
                if isinstance(value, bool) or not isinstance(value, (int, str)):
                    raise ValueError("not an integer")
                return Literal(int(value), datatype=XSD.integer)
            if self.type == "decimal":
                if isinstance(value, bool):
                    raise ValueError("not a number")
                return Literal(Decimal(str(value)), datatype=XSD.decimal)
            if self.type == "boolean":
                if isinstance(value, bool):
                    return Literal(value)
                lowered = str(value).lower()
                if lowered not in ("true", "false"):
                    raise ValueError("not true or false")
                return Literal(lowered == "true")
            if not isinstance(value, str):
                raise ValueError("not a string")
            return Literal(value)
        except (ValueError, InvalidOperation) as exc:
            raise QueryError(
                f"parameter {self.name!r} expects {self.type}, got {value!r} ({exc})"
            ) from None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    lists: tuple[tuple[str, str], ...] = ()
    booleans: tuple[str, ...] = ()

    def normalise(self, result: Result) -> Result:
        """Make every engine's answer the same: sort the values inside each ``list`` column,
        and read 1/0 in a ``boolean`` column as true/false (Virtuoso's EXISTS gives integers)."""
        if not self.lists and not self.booleans:
            return result
        positions = {result.columns.index(c): sep for c, sep in self.lists if c in result.columns}
        flags = {result.columns.index(c) for c in self.booleans if c in result.columns}

        def fix(index: int, term: Node | None) -> Node | None:
            if not isinstance(term, Literal):
                return term
            if index in flags and term.datatype == XSD.integer:
                return Literal(str(term) != "0")
            if index not in positions:
                return term
            sep = positions[index]
            return Literal(sep.join(sorted(str(term).split(sep))), datatype=term.datatype)

        rows = tuple(tuple(fix(i, t) for i, t in enumerate(row)) for row in result.terms)
        return Result(columns=result.columns, terms=rows)

    def bindings(self, params: dict[str, object]) -> dict[str, Node | None]:
        """Check ``params`` against the declared parameters and return terms to bind."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(params) - set(known))
        if unknown:
            accepted = ", ".join(f"{p.name} ({p.type})" for p in self.parameters) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                f"it accepts: {accepted}"
            )
        bound: dict[str, Node | None] = {}
        for name, param in known.items():
            if name in params and params[name] is not None:
                bound[name] = param.term(params[name])
            elif param.default is not None:
                bound[name] = param.term(param.default)
            else:
                bound[name] = None
        return bound


def header_fields(text: str) -> dict[str, list[str]]:
    """The ``#+ key: value`` lines of a query file, by lower-case key, in order."""
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), []).append(match.group(2).strip())
    return fields


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    fields = header_fields(text)
    if "summary" not in fields:
        raise QueryError(f"{path}: the query has no '#+ summary:' header line")
    params = []
    for spec in fields.get("param", []):
        match = _PARAM.match(spec)
        if not match or match.group("type") not in TYPES:
            raise QueryError(f"{path}: bad '#+ param:' line {spec!r} (types: {', '.join(TYPES)})")
        params.append(
            Parameter(match["name"], match["type"], match["default"], match["doc"] or "")
        )
    tags = tuple(t.strip() for t in ",".join(fields.get("tags", [])).split(",") if t.strip())
    lists = []
    for spec in fields.get("list", []):
        column, _, separator = spec.partition(" ")
        if separator.strip() not in SEPARATORS:
            raise QueryError(
                f"{path}: bad '#+ list:' line {spec!r} (separators: pipe, space, comma)"
            )
        lists.append((column, SEPARATORS[separator.strip()]))
    return CannedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=" ".join(fields["summary"]),
        description=" ".join(fields.get("description", [])),
        tags=tags,
        parameters=tuple(params),
        lists=tuple(lists),
        booleans=tuple(
            c.strip() for c in ",".join(fields.get("boolean", [])).split(",") if c.strip()
        ),
    )


def expand_curie(text: str) -> str:
    """Expand ``prefix:local`` when the prefix is one of llmkg's; return anything else as is."""
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return text


def _group_start(text: str) -> int:
    """Index just after the first ``{`` that is not in a comment, string or IRI: the start of
    the WHERE group of a SELECT query."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif c == "<":
            i = text.index(">", i)
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote) - 1
        elif c == "{":
            return i + 1
        i += 1
    raise QueryError("the query has no WHERE group")


def with_values(text: str, bindings: dict[str, Node | None]) -> str:
    """Bind parameters with a ``VALUES`` block, built from the terms' N-Triples syntax, at the
    start of the query's WHERE group; ``None`` leaves a parameter unbound (``UNDEF``)."""
    if not bindings:
        return text
    names = sorted(bindings)
    values = " ".join("UNDEF" if bindings[k] is None else bindings[k].n3() for k in names)
    block = f" VALUES ({' '.join('?' + k for k in names)}) {{ ({values}) }}\n"
    at = _group_start(text)
    return text[:at] + block + text[at:]


def _walk(node: object) -> Iterator[object]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value)


def check_select(text: str) -> None:
    """Raise ``QueryError`` unless ``text`` is a read-only SELECT query that stays local: no
    updates, no ``SERVICE``, no ``FROM``/``FROM NAMED`` (which some engines fetch). Checked on
    the parsed query, not by searching the text."""
    try:
        prepared = prepareQuery(text)
    except Exception as exc:
        try:
            prepareUpdate(text)
        except Exception:
            raise QueryError(f"not a valid SPARQL query: {exc}") from None
        raise QueryError("updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused") from None
    algebra = prepared.algebra
    if algebra.name != "SelectQuery":
        raise QueryError("only SELECT queries are supported")
    if algebra.get("datasetClause"):
        raise QueryError("FROM and FROM NAMED are refused: queries run on the loaded graph only")
    for node in _walk(algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: llmkg does not query other endpoints")


@cache
def _catalogue(folder: Path) -> dict[str, CannedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def catalogue() -> dict[str, CannedQuery]:
    """Every canned query that ships, by name."""
    return dict(_catalogue(resources.queries_dir()))


def get(name: str) -> CannedQuery:
    queries = catalogue()
    if name not in queries:
        raise QueryError(f"no canned query {name!r}; known queries: {', '.join(queries)}")
    return queries[name]


class QueryInterface:
    """``query``, ``sparql`` and ``queries`` over any ``backend`` that has
    ``select(query, max_rows)``: shared by the embedded graph and remote endpoints."""

    backend: Backend

    def queries(self) -> dict[str, CannedQuery]:
        """The canned queries, by name."""
        return catalogue()

    def query(self, name: str, /, **params: object) -> Result:
        """Run the canned query ``name`` with typed, engine-bound parameters."""
        canned = get(name)
        return canned.normalise(self._run(canned.text, canned.bindings(params)))

    def sparql(self, text: str, /, **bindings: Node) -> Result:
        """Run an ad-hoc read-only SELECT query; ``bindings`` are RDF terms to bind."""
        check_select(text)
        return self._run(text, dict(bindings))

    def _run(self, text: str, bindings: dict[str, Node | None]) -> Result:
        query = with_values(text, bindings)
        outcome: list[object] = []

        def work() -> None:
            try:
                outcome.append(self.backend.select(query, limits.max_rows()))
            except BaseException as exc:  # handed to the caller below
                # Drop the traceback here: its frames hold engine objects (pyoxigraph's
                # solutions) that must be freed on the thread that made them.
                outcome.append(exc.with_traceback(None))

        # A daemon thread: a query that outlives its timeout cannot keep the process alive.
        worker = threading.Thread(target=work, name="llmkg-query", daemon=True)
        worker.start()
        worker.join(limits.query_timeout())
        if not outcome:
            raise QueryError(
                f"the query ran longer than {limits.query_timeout():g} s (LLMKG_QUERY_TIMEOUT)"
            )
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        columns, rows = outcome[0]  # type: ignore[misc]
        return Result(columns=columns, terms=tuple(rows))

"""The catalogue of canned queries: ``queries/*.rq`` files with a ``#+`` header.

Header lines (grlc style)::

    #+ summary: One line saying what the query answers.
    #+ description: More words, optional.
    #+ tags: catalogue, classes
    #+ param: class iri = https://w3id.org/llmkg/ontology#ChatModel -- the class to list

Parameters are bound through the engine, never by formatting text into the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from llmkg import resources
from llmkg.errors import QueryError
from llmkg.namespaces import XSD

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)"
    r"(?:\s*=\s*(?P<default>.*?))?(?:\s+--\s+(?P<doc>.*))?$"
)
TYPES = ("iri", "string", "integer", "decimal", "boolean")


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
                text = str(value)
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

    def bindings(self, params: dict[str, object]) -> dict[str, Node]:
        """Check ``params`` against the declared parameters and return terms to bind."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(params) - set(known))
        if unknown:
            accepted = ", ".join(f"{p.name} ({p.type})" for p in self.parameters) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                f"it accepts: {accepted}"
            )
        bound: dict[str, Node] = {}
        for name, param in known.items():
            if name in params and params[name] is not None:
                bound[name] = param.term(params[name])
            elif param.default is not None:
                bound[name] = param.term(param.default)
        return bound


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), []).append(match.group(2).strip())
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
    return CannedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=" ".join(fields["summary"]),
        description=" ".join(fields.get("description", [])),
        tags=tags,
        parameters=tuple(params),
    )


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

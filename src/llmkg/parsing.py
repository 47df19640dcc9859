"""Read RDF files into rdflib graphs safely, turning every failure into an ``InputError``.

Guards, in this order: a size limit (``LLMKG_MAX_BYTES``, default 64 MiB); UTF-8 text (a byte
order mark is allowed); RDF/XML with a DOCTYPE or entity declaration is refused (entity bombs
hang rdflib's parser); JSON-LD that names a remote ``@context`` is refused (rdflib would fetch
it); parser crashes such as the ``RecursionError`` of deeply nested Turtle become a clean error.
Nothing is fetched from the network: rdflib does not follow ``owl:imports``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from llmkg import limits
from llmkg.backends import add_triples
from llmkg.errors import InputError
from llmkg.namespaces import PREFIXES, bind_prefixes

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
}
NAMES = {"turtle": "Turtle", "nt": "N-Triples", "xml": "RDF/XML", "json-ld": "JSON-LD"}
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_OX_ERROR = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")
_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


def read_text(path: Path) -> str:
    """The file's text, after the size and encoding checks."""
    try:
        size = path.stat().st_size
        limit = limits.max_bytes()
        if size > limit:
            message = f"file is {size} bytes, over the limit of {limit} (LLMKG_MAX_BYTES)"
            raise InputError(path, message)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), not RDF text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})", line) from None


def _check_jsonld(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    contexts = value if isinstance(value, list) else [value]
                    if any(isinstance(c, str) for c in contexts) or key == "@import":
                        raise InputError(
                            path, "JSON-LD names a remote @context; llmkg never fetches one"
                        )
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)


def _parser(path: Path) -> tuple[str, ox.QuadParser]:
    fmt = FORMATS.get(path.suffix.lower(), "turtle")
    text = read_text(path)
    if fmt == "xml" and _XML_DECLARATIONS.search(text.encode("utf-8")):
        raise InputError(path, "RDF/XML with a DOCTYPE or ENTITY declaration is refused")
    if fmt == "json-ld":
        _check_jsonld(path, text)
    return fmt, ox.parse(text, format=_OX_FORMATS[fmt], base_iri=path.resolve().as_uri())


def _quads(path: Path, fmt: str, parser: ox.QuadParser) -> Iterator[ox.Quad]:
    try:
        yield from parser
    except SyntaxError as exc:
        reason = _OX_ERROR.sub("", str(exc.msg if hasattr(exc, "msg") else exc))
        raise InputError(path, f"invalid {NAMES[fmt]}: {reason}", exc.lineno, exc.offset) from None
    except ValueError as exc:
        raise InputError(path, f"invalid {NAMES[fmt]}: {exc}") from None


def parse_quads(path: Path) -> Iterator[ox.Quad]:
    """The file's triples as Oxigraph quads, streamed; any failure is an ``InputError``.

    Oxigraph's strict parser reads the file (format from its suffix, Turtle by default): it
    rejects what Jena and Virtuoso reject, reports line and column, and has no recursion limit.
    """
    fmt, parser = _parser(path)
    return _quads(path, fmt, parser)


def parse_file(path: Path) -> Graph:
    """Parse one RDF file into a new rdflib graph, with the file's prefixes bound."""
    fmt, parser = _parser(path)
    graph = add_triples(bind_prefixes(Graph()), _quads(path, fmt, parser))
    for prefix, namespace in (getattr(parser, "prefixes", None) or {}).items():
        if prefix not in PREFIXES:
            graph.bind(prefix, namespace, override=False)
    return graph


def read_all(paths: Iterable[Path]) -> tuple[Graph, dict[Node, Path], list[InputError]]:
    """Parse every file into one new graph; return it, the file defining each subject, and the
    errors of the files that could not be read (when there are any, the graph is incomplete)."""
    merged = bind_prefixes(Graph())
    origins: dict[Node, Path] = {}
    errors: list[InputError] = []
    for path in paths:
        try:
            graph = parse_file(path)
        except InputError as exc:
            errors.append(exc)
            continue
        merged += graph
        for subject in graph.subjects(unique=True):
            origins.setdefault(subject, path)
    return merged, origins, errors


def parse_all(paths: Iterable[Path]) -> tuple[Graph, dict[Node, Path]]:
    """Parse every file into one new graph and record, for each subject, the file defining it.

    Nothing is returned unless every file parses: a bad file leaves nothing half-loaded.
    """
    merged, origins, errors = read_all(paths)
    if errors:
        raise errors[0]
    return merged, origins


@lru_cache(maxsize=64)
def _line_index(path: Path, _stamp: tuple[int, int]) -> dict[str, int]:
    """The first line on which each line-leading token of the file appears."""
    index: dict[str, int] = {}
    try:
        lines = read_text(path).splitlines()
    except InputError:
        return index
    for number, line in enumerate(lines, start=1):
        token = line.split(None, 1)[0] if line and not line[0].isspace() else ""
        if token:
            index.setdefault(token, number)
    return index


def locate(path: Path, *terms: str) -> int | None:
    """The first line of ``path`` that starts with the first of ``terms`` (prefixed names or
    ``<IRI>``s) that starts any line."""
    try:
        stat = path.stat()
    except OSError:
        return None
    index = _line_index(path, (stat.st_mtime_ns, stat.st_size))
    return next((index[t] for t in terms if t in index), None)


def find_use(paths: Iterable[Path], terms: Iterable[str]) -> tuple[Path, int] | None:
    """The first file and line that mention any of ``terms`` (for terms no file defines)."""
    wanted = tuple(terms)
    for path in paths:
        try:
            lines = read_text(path).splitlines()
        except InputError:
            continue
        for number, line in enumerate(lines, start=1):
            if any(term in line for term in wanted):
                return path, number
    return None

"""Query results as typed Python rows, and their renderings (table, CSV, TSV, JSON, Markdown)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from llmkg.namespaces import XSD


class IRI(str):
    """An IRI in a result row: a ``str`` that remembers it names a resource."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


def to_python(term: Node | None) -> object:
    """Convert an RDF term to the Python value a notebook user expects."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return IRI(term)
    if isinstance(term, BNode):
        return IRI(f"_:{term}")
    if isinstance(term, Literal):
        if term.datatype in (XSD.gYearMonth, XSD.gYear):
            return str(term)
        value = term.toPython()
        if isinstance(value, Literal):  # a datatype rdflib does not convert
            return str(value)
        if isinstance(value, (dt.date, bool, int, float, Decimal)):
            return value
        return str(value)
    return str(term)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, IRI):
        return str(value)
    return value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return str(value)


@dataclass(frozen=True)
class Result:
    """The rows of one query: RDF ``terms`` as the engine returned them, and ``rows`` of the
    Python values a notebook user expects, both in ``columns`` order."""

    columns: tuple[str, ...]
    terms: tuple[tuple[Node | None, ...], ...]

    @cached_property
    def rows(self) -> tuple[tuple[object, ...], ...]:
        return tuple(tuple(to_python(t) for t in row) for row in self.terms)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        return iter(self.rows)

    def to_records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[object]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def to_json(self) -> str:
        records = [{k: _json_value(v) for k, v in r.items()} for r in self.to_records()]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"

    def to_csv(self, delimiter: str = ",") -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([_text(v) for v in row] for row in self.rows)
        return buffer.getvalue()

    def to_srj(self) -> str:
        """The standard SPARQL 1.1 Query Results JSON format."""
        def term(node: Node) -> dict[str, str]:
            if isinstance(node, URIRef):
                return {"type": "uri", "value": str(node)}
            if isinstance(node, BNode):
                return {"type": "bnode", "value": str(node)}
            out = {"type": "literal", "value": str(node)}
            if isinstance(node, Literal) and node.language:
                out["xml:lang"] = node.language
            elif isinstance(node, Literal) and node.datatype:
                out["datatype"] = str(node.datatype)
            return out

        bindings = [
            {c: term(t) for c, t in zip(self.columns, row, strict=True) if t is not None}
            for row in self.terms
        ]
        document = {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        def cell(value: object) -> str:
            return _text(value).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(self.columns) + " |"]
        rule = ("---:" if _numeric(self.column(c)) else "---" for c in self.columns)
        lines.append("|" + "|".join(rule) + "|")
        lines += ["| " + " | ".join(cell(_display(v)) for v in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_table(self, max_width: int = 40) -> str:
        """A plain-text table: long cells truncated with an ellipsis, numbers aligned right."""
        def clip(text: str) -> str:
            text = text.replace("\n", " ")
            return text if len(text) <= max_width else text[: max_width - 1] + "…"

        cells = [[clip(_display(v)) for v in row] for row in self.rows]
        widths = [
            max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(self.columns)
        ]
        right = [_numeric(self.column(c)) for c in self.columns]

        def line(values: Sequence[str]) -> str:
            parts = [
                v.rjust(w) if r else v.ljust(w)
                for v, w, r in zip(values, widths, right, strict=True)
            ]
            return "  ".join(parts).rstrip()

        out = [line(self.columns), line(["-" * w for w in widths])]
        out += [line(row) for row in cells]
        return "\n".join(out) + "\n"

    def to_dataframe(self):  # type: ignore[no-untyped-def]
        """A pandas DataFrame with nullable dtypes (needs the ``notebook`` extra)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            from llmkg.errors import UsageError

            raise UsageError("to_dataframe() needs pandas: pip install 'llmkg[notebook]'") from exc
        frame = pd.DataFrame.from_records(self.to_records(), columns=list(self.columns))
        for name in self.columns:
            values = [v for v in self.column(name) if v is not None]
            if values and all(isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("boolean")
            elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("Int64")
            elif values and all(isinstance(v, (int, float, Decimal)) for v in values):
                frame[name] = frame[name].astype("float64")
            elif values and all(isinstance(v, dt.date) for v in values):
                frame[name] = pd.to_datetime(frame[name])
        return frame

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(f"<th>{escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(_text(v))}</td>" for v in row) + "</tr>"
            for row in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def compact(iri: str) -> str:
    """``https://w3id.org/llmkg/id/model/gpt-4o`` as ``model:gpt-4o`` where a prefix fits."""
    from llmkg.namespaces import PREFIXES

    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def _display(value: object) -> str:
    """Text for people: compact IRIs, decimals to four places."""
    if isinstance(value, IRI):
        return compact(value)
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:.4f}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return _text(value)


def _numeric(values: list[object]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(
        isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present
    )

"""Violation queries (``queries/checks/*.rq``): any row a query returns is a finding.

Each file has a header: ``#+ summary``, ``#+ layer`` (``quality`` for the ontology's OOPS! and
FOOPS! checks, ``consistency`` for data rules), ``#+ severity`` (Violation, Warning, Info) and
``#+ rule``; it selects ``?focus`` and ``?message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from llmkg import limits, resources
from llmkg.errors import QueryError
from llmkg.graph import KnowledgeGraph
from llmkg.parsing import find_use, locate
from llmkg.queries import header_fields
from llmkg.results import compact

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Check:
    name: str
    path: Path
    text: str
    summary: str
    layer: str
    severity: str
    rule: str


def parse_check(path: Path) -> Check:
    text = path.read_text(encoding="utf-8")
    fields = {k: " ".join(v) for k, v in header_fields(text).items()}
    missing = {"summary", "layer", "severity", "rule"} - set(fields)
    if missing:
        raise QueryError(f"{path}: the check has no {', '.join(sorted(missing))} header")
    if fields["severity"] not in SEVERITIES:
        raise QueryError(f"{path}: severity must be one of {', '.join(SEVERITIES)}")
    return Check(path.stem, path, text, fields["summary"], fields["layer"], fields["severity"],
                 fields["rule"])


@cache
def _checks(folder: Path) -> tuple[Check, ...]:
    return tuple(parse_check(p) for p in sorted(folder.glob("*.rq")))


def checks(layer: str | None = None) -> tuple[Check, ...]:
    """The shipped checks, optionally of one layer."""
    found = _checks(resources.queries_dir() / "checks")
    return tuple(c for c in found if layer is None or c.layer == layer)


def run(kg: KnowledgeGraph, layer: str) -> list:  # list[Finding]
    """Run every check of ``layer`` on the graph with inferences."""
    from llmkg.validate import Finding

    findings = []
    for check in checks(layer):
        columns, rows = kg.backend.select(check.text, limits.max_rows())
        index = {c: i for i, c in enumerate(columns)}
        for row in rows:
            focus = row[index["focus"]]
            origin = kg.origin(focus) if focus is not None else None
            shown = compact(str(focus)) if focus is not None else ""
            line = locate(origin, shown, f"<{focus}>") if origin else None
            if origin is None and focus is not None:  # used but defined nowhere: where used
                use = find_use(kg.files, (f"<{focus}>", shown))
                origin, line = use if use else (None, None)
            findings.append(
                Finding(
                    severity=check.severity,
                    rule=f"{check.name} ({check.rule})",
                    focus=shown,
                    path=None,
                    value=None,
                    message=str(row[index["message"]]),
                    file=str(origin) if origin else None,
                    line=line,
                    layer=layer,
                )
            )
    return findings

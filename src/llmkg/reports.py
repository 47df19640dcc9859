"""Validation reports for people and for CI systems: text, JSON, GitHub workflow commands and
JUnit XML."""

from __future__ import annotations

import json
from dataclasses import asdict
from xml.etree import ElementTree as ET

from llmkg.validate import LAYERS, Finding, Report


def text(report: Report) -> str:
    lines = [
        f"triples: {report.triples}",
        f"models: {report.models}",
        f"classes of the brief with members: {report.classes}",
        f"layers: {', '.join(report.layers)}",
        f"violations: {len(report.violations)}",
    ]
    for f in report.findings:
        where = f"{f.file}:{f.line}" if f.line else f.file or "?"
        path = f" {f.path}" if f.path else ""
        lines.append(f"{f.severity}: {f.focus}{path}: {f.message} [{f.layer}: {f.rule}] ({where})")
    lines.append("conforms" if report.conforms else "does not conform")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    document = {
        "conforms": report.conforms,
        "triples": report.triples,
        "models": report.models,
        "classes": report.classes,
        "layers": list(report.layers),
        "findings": [asdict(f) for f in report.findings],
    }
    return json.dumps(document, indent=2) + "\n"


def _escape(value: str, *, property_value: bool = False) -> str:
    """GitHub workflow-command escaping (data, or property values, which also escape : and ,)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(report: Report) -> str:
    """``::error file=…,line=…,title=…::message`` lines that GitHub Actions shows as annotations."""
    level = {"Violation": "error", "Warning": "warning", "Info": "notice"}
    lines = []
    for f in report.findings:
        props = []
        if f.file:
            props.append(f"file={_escape(f.file, property_value=True)}")
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_escape(f'llmkg {f.layer}: {f.rule}', property_value=True)}")
        message = f"{f.focus}{' ' + f.path if f.path else ''}: {f.message}"
        lines.append(f"::{level[f.severity]} {','.join(props)}::{_escape(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def junit(report: Report) -> str:
    """JUnit XML: one test suite per layer, one failing test case per finding of severity
    Violation (warnings and notes go to system-out), one passing case for a clean layer."""
    suites = ET.Element("testsuites", name="llmkg validate")
    for layer in (x for x in LAYERS if x in report.layers):
        found: list[Finding] = [f for f in report.findings if f.layer == layer]
        failures = [f for f in found if f.severity == "Violation"]
        suite = ET.SubElement(
            suites, "testsuite", name=f"llmkg.{layer}", tests=str(max(1, len(failures))),
            failures=str(len(failures)), errors="0", skipped="0",
        )
        for f in failures:
            case = ET.SubElement(
                suite, "testcase", classname=f"llmkg.{layer}.{f.rule}", name=f.focus,
                file=f.file or "", line=str(f.line or 0),
            )
            failure = ET.SubElement(case, "failure", message=f.message, type=f.rule)
            failure.text = f"{f.focus} {f.path or ''}: {f.message} ({f.file}:{f.line})"
        if not failures:
            ET.SubElement(suite, "testcase", classname=f"llmkg.{layer}", name="conforms")
        notes = [f for f in found if f.severity != "Violation"]
        if notes:
            out = ET.SubElement(suite, "system-out")
            out.text = "\n".join(f"{f.severity}: {f.focus}: {f.message}" for f in notes)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


RENDERERS = {"text": text, "json": as_json, "github": github, "junit": junit}

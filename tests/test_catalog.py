"""The model catalogue: coverage, provenance and the ``catalog`` query."""

from __future__ import annotations

import json

import pytest

from llmkg.graph import KnowledgeGraph
from llmkg.namespaces import DCTERMS, LLMKG, MODEL, RDF, STATUS

from .test_cli import run


def test_catalogue_size_and_breadth(kg: KnowledgeGraph) -> None:
    models = kg.models()
    assert len(models) >= 120
    developers = {d for m in models for d in kg.graph.objects(m, LLMKG.developer)}
    assert len(developers) >= 30
    years = {int(str(kg.graph.value(m, LLMKG.releaseDate))[:4])
             for m in models if kg.graph.value(m, LLMKG.releaseDate) is not None}
    assert min(years) <= 2018 and max(years) >= 2025


def test_every_record_and_statement_has_a_source(kg: KnowledgeGraph) -> None:
    assert [m for m in kg.models() if (m, DCTERMS.source, None) not in kg.graph] == []
    statements = set(kg.graph.subjects(RDF.type, LLMKG.FactStatement))
    assert len(statements) > 100
    assert [s for s in statements if (s, DCTERMS.source, None) not in kg.graph] == []


def test_unknown_values_are_stated_not_guessed(kg: KnowledgeGraph) -> None:
    gpt4o = MODEL["gpt-4o"]
    assert kg.graph.value(gpt4o, LLMKG.totalParameters) is None
    statuses = {
        kg.graph.value(s, LLMKG.status)
        for s in kg.graph.objects(gpt4o, LLMKG.qualifiedStatement)
        if kg.graph.value(s, LLMKG.aboutProperty) == LLMKG.totalParameters
    }
    assert statuses == {STATUS.undisclosed}


@pytest.fixture(scope="module")
def catalog(kg: KnowledgeGraph) -> list[dict]:
    return kg.query("catalog").to_records()


def test_catalog_columns(catalog: list[dict]) -> None:
    assert list(catalog[0]) == [
        "model", "label", "family", "developer", "releaseDate", "totalParameters",
        "activeParameters", "contextWindow", "architecture", "openWeights", "license",
        "classes", "sources",
    ]


def test_catalog_rows(kg: KnowledgeGraph, catalog: list[dict]) -> None:
    assert len(catalog) == len(kg.models())
    mixtral = next(r for r in catalog if r["model"].endswith("/mixtral-8x7b"))
    assert mixtral["label"] == "Mixtral 8x7B"
    assert mixtral["developer"] == "Mistral AI"
    assert mixtral["totalParameters"] == 46_700_000_000
    assert mixtral["activeParameters"] == 12_900_000_000
    assert mixtral["openWeights"] is True
    assert mixtral["license"] == "Apache License 2.0"
    assert set(mixtral["classes"].split("|")) >= {"Mixture of Experts (MoE) Model"}
    assert all(s.startswith("https://") for s in mixtral["sources"].split(" "))


def test_catalog_json_is_typed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "catalog", "--format", "json")
    assert code == 0
    rows = {r["model"].rsplit("/", 1)[1]: r for r in json.loads(out)}
    assert rows["llama-3-1-405b"]["contextWindow"] == 131072
    assert rows["llama-3-1-405b"]["releaseDate"] == "2024-07-23"
    assert rows["gpt-4o"]["totalParameters"] is None
    assert rows["gpt-4o"]["openWeights"] is False
    assert isinstance(rows["bloom-176b"]["releaseDate"], str)


def test_catalog_csv(capsys: pytest.CaptureFixture[str], kg: KnowledgeGraph) -> None:
    code, out, _ = run(capsys, "query", "catalog", "-f", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("model,label,family,developer,releaseDate")
    assert len(lines) == len(kg.models()) + 1

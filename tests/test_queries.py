"""Every canned query: header, prefixes, expected rows, and the same answer on every engine."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

import llmkg
from llmkg.graph import KnowledgeGraph
from llmkg.queries import catalogue
from llmkg.results import Result, to_python

EXPECTED = Path(__file__).parent / "expected"
NAMES = sorted(catalogue())


def rows_from_srj(text: str) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    document = json.loads(text)
    columns = tuple(document["head"]["vars"])

    def term(binding: dict[str, str] | None) -> object:
        if binding is None:
            return None
        if binding["type"] == "uri":
            return to_python(URIRef(binding["value"]))
        if binding["type"] == "bnode":
            return to_python(BNode(binding["value"]))
        datatype = binding.get("datatype")
        return to_python(
            Literal(binding["value"], lang=binding.get("xml:lang"),
                    datatype=URIRef(datatype) if datatype else None)
        )

    rows = [tuple(term(b.get(c)) for c in columns) for b in document["results"]["bindings"]]
    return columns, rows


def close(a: object, b: object) -> bool:
    numbers = (int, float, Decimal)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool):
        return not isinstance(b, bool) and math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b and type(a) is type(b)


def assert_same(result: Result, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    assert result.columns == columns
    assert len(result.rows) == len(rows)
    for got, want in zip(result.rows, rows, strict=True):
        assert all(close(g, w) for g, w in zip(got, want, strict=True)), (got, want)


@pytest.fixture(scope="module")
def engines(kg: KnowledgeGraph) -> dict[str, KnowledgeGraph]:
    return {"oxigraph": kg, "rdflib": kg.with_engine("rdflib")}


def test_catalogue_has_the_canned_queries() -> None:
    assert set(NAMES) >= {
        "classes", "catalog", "architecture-comparison", "reasoning-models", "class-members",
        "model-card", "long-context", "small-models", "modality-matrix", "tool-use-models",
        "embedding-models", "vae-models", "timeline", "developers", "open-weights-moe",
        "lineage", "contested-facts", "sources",
    }


@pytest.mark.parametrize("name", NAMES)
def test_query_file_is_self_contained(name: str) -> None:
    canned = catalogue()[name]
    assert canned.summary and canned.tags
    body = "\n".join(line for line in canned.text.splitlines() if not line.startswith("#"))
    declared = set(re.findall(r"^PREFIX (\w*):", body, re.M))
    used = set(re.findall(r"(?<![\w<?])([a-z]\w*):\w", re.sub(r"<[^>]*>|\"[^\"]*\"", "", body)))
    assert used <= declared, f"undeclared prefixes {used - declared}"
    assert "ORDER BY" in body


@pytest.mark.parametrize("name", NAMES)
def test_expected_rows_on_every_engine(
    name: str, engines: dict[str, KnowledgeGraph], request: pytest.FixtureRequest
) -> None:
    path = EXPECTED / f"{name}.srj"
    results = {engine: kg.query(name) for engine, kg in engines.items()}
    if request.config.getoption("--update-expected"):
        EXPECTED.mkdir(exist_ok=True)
        path.write_text(results["oxigraph"].to_srj(), encoding="utf-8")
    columns, rows = rows_from_srj(path.read_text(encoding="utf-8"))
    assert rows, f"{name} returns no rows"
    for result in results.values():
        assert_same(result, columns, rows)


def record(result: Result, key: str, value: object) -> dict[str, object]:
    return next(r for r in result.to_records() if r[key] == value)


def test_architecture_comparison_backlog_table(kg: KnowledgeGraph) -> None:
    result = kg.query("architecture-comparison")
    rows = {r["label"]: r for r in result.to_records()}
    moe = rows["sparse mixture-of-experts transformer"]
    dense = rows["dense decoder-only transformer"]
    assert moe["meanActiveRatio"] is not None and 0 < moe["meanActiveRatio"] < 0.5
    assert dense["meanActiveRatio"] is None
    assert {"state-space model", "hybrid state-space and attention model",
            "variational autoencoder"} <= set(rows)
    assert moe["minTotalParameters"] <= moe["medianTotalParameters"] <= moe["maxTotalParameters"]
    assert sum(r["models"] for r in rows.values()) == len(kg.models())


def test_median_is_a_true_median(kg: KnowledgeGraph) -> None:
    from statistics import median

    from llmkg.namespaces import LLMKG

    for row in kg.query("architecture-comparison").to_records():
        sizes = [
            int(kg.graph.value(m, LLMKG.totalParameters))
            for m in kg.graph.subjects(LLMKG.architecture, URIRef(row["architecture"]))
            if kg.graph.value(m, LLMKG.totalParameters) is not None
        ]
        if sizes:
            assert float(row["medianTotalParameters"]) == pytest.approx(median(sizes))


def test_median_and_examples_with_ties_and_bucket_edges(tmp_path: Path) -> None:
    """architecture-comparison ranks sizes through buckets (number of digits, first two digits);
    check its median and its examples (models with fewer than three larger ones) against Python
    on sizes with ties and sizes on both sides of bucket edges, on both engines."""
    from random import Random
    from statistics import median

    rng = Random(11)
    pools = [[5], [5, 7], [1, 2, 3], list(range(1, 40)), [3, 3, 9], [99, 100, 101, 999, 1000],
             [7 * 10**9, 7 * 10**9 + 1, 7_100_000_000, 13 * 10**9, 10**12]]
    lines = ["@prefix llmkg: <https://w3id.org/llmkg/ontology#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    sizes: dict[str, dict[str, int]] = {}
    for a in range(14):
        arch = f"https://w3id.org/llmkg/id/architecture/test-{a}"
        lines.append(f'<{arch}> rdfs:label "test architecture {a}"@en .')
        pool = pools[a % len(pools)]
        sizes[arch] = {}
        for i in range(rng.choice([1, 2, 3, 4, 5, 8, 13, 21])):
            size = rng.choice(pool)
            sizes[arch][f"m{a}-{i}"] = size
            lines.append(f'<https://w3id.org/llmkg/id/model/m{a}-{i}> a llmkg:ExampleModel ; '
                         f'rdfs:label "m{a}-{i}"@en ; llmkg:architecture <{arch}> ; '
                         f"llmkg:openWeights true ; llmkg:totalParameters {size} .")
    path = tmp_path / "sizes.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    graph = llmkg.load([path])
    for engine in (graph, graph.with_engine("rdflib")):
        rows = {r["architecture"]: r for r in engine.query("architecture-comparison").to_records()}
        for arch, by_label in sizes.items():
            values = list(by_label.values())
            assert float(rows[arch]["medianTotalParameters"]) == median(values), arch
            examples = sorted(label for label, size in by_label.items()
                              if sum(other > size for other in values) < 3)
            assert sorted(rows[arch]["examples"].split("|")) == examples, arch


def test_reasoning_models_facts(kg: KnowledgeGraph) -> None:
    result = kg.query("reasoning-models")
    o1 = record(result, "label", "OpenAI o1-preview")
    assert o1["visibility"] == "hidden reasoning"
    assert o1["emitsReasoningTokens"] is True
    assert o1["billedAsOutput"] is True
    r1 = record(result, "label", "DeepSeek-R1")
    assert r1["visibility"] == "visible reasoning"
    assert "reinforcement learning" in r1["training"].split("|")


def test_class_members_parameter(kg: KnowledgeGraph) -> None:
    vaes = kg.query("class-members", **{"class": "llmkg:VariationalAutoencoder"})
    assert len(vaes) == 9
    assert all(r["architecture"] == "variational autoencoder" for r in vaes.to_records())
    by_iri = kg.query(
        "class-members", **{"class": "https://w3id.org/llmkg/ontology#VariationalAutoencoder"}
    )
    assert by_iri.rows == vaes.rows


def test_model_card_by_label_and_iri(kg: KnowledgeGraph) -> None:
    by_label = kg.query("model-card", model="GPT-4")
    by_iri = kg.query("model-card", model="https://w3id.org/llmkg/id/model/gpt-4")
    assert by_label.rows == by_iri.rows
    claims = [r for r in by_label.to_records() if r["property"] == "architecture"]
    statuses = {r["status"] for r in claims}
    assert {"confirmed", "reported, unconfirmed", "undisclosed"} <= statuses
    assert all(r["sources"] for r in claims if r["status"] != "confirmed")


def test_long_context_threshold_and_extensions(kg: KnowledgeGraph) -> None:
    million = kg.query("long-context", min_tokens=1_000_000)
    assert million.rows
    assert all(r["contextWindow"] >= 1_000_000 for r in million.to_records())
    gemini = record(kg.query("long-context"), "label", "Gemini 1.5 Pro")
    assert gemini["contextWindow"] < gemini["laterContextWindow"]
    assert gemini["laterContextWindow"] >= 2_000_000


def test_small_models_parameters(kg: KnowledgeGraph) -> None:
    tiny = kg.query("small-models", max_params=2_000_000_000, open_weights=True)
    assert tiny.rows
    assert all(r["totalParameters"] < 2_000_000_000 and r["openWeights"]
               for r in tiny.to_records())
    closed = kg.query("small-models", open_weights=False)
    assert all(r["openWeights"] is False for r in closed.to_records())
    both = kg.query("small-models")
    assert len(both) > len(tiny)


def test_open_weights_moe_parameter(kg: KnowledgeGraph) -> None:
    big = kg.query("open-weights-moe", min_total_params=200_000_000_000)
    labels = {r["label"] for r in big.to_records()}
    assert {"DeepSeek-V3", "DeepSeek-V2"} <= labels
    assert "Mixtral 8x7B" not in labels


def test_lineage_relations(kg: KnowledgeGraph) -> None:
    result = kg.query("lineage")
    distill = record(result, "label", "DeepSeek-R1-Distill-Llama-8B")
    assert distill["relation"] == "distilled from"
    assert distill["baseLabel"] == "Llama 3.1 8B"


def test_contested_facts_include_gpt4_moe(kg: KnowledgeGraph) -> None:
    rows = kg.query("contested-facts").to_records()
    assert any(r["label"] == "GPT-4" and r["property"] == "architecture"
               and r["status"] == "reported, unconfirmed" for r in rows)
    assert all(r["status"] != "confirmed" for r in rows)


def test_parameter_errors(kg: KnowledgeGraph) -> None:
    with pytest.raises(llmkg.QueryError, match=r"it accepts: min_tokens \(integer\)"):
        kg.query("long-context", tokens=5)
    with pytest.raises(llmkg.QueryError, match="expects integer"):
        kg.query("long-context", min_tokens="lots")
    with pytest.raises(llmkg.QueryError, match="expects boolean"):
        kg.query("small-models", open_weights="maybe")


INJECTIONS = [
    '" } ?s ?p ?o . FILTER("1"="1',
    "GPT-4o\" || true || \"",
    "} UNION { ?subject ?p ?o }",
    "# comment\n?x",
    "GPT-4o'; DROP ALL; #",
    "\\\" ) } SELECT * WHERE { ?s ?p ?o } #",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_string_parameters_cannot_inject(kg: KnowledgeGraph, payload: str) -> None:
    assert kg.query("model-card", model=payload).rows == ()


@pytest.mark.parametrize(
    "payload", ["<https://evil>", "https://x> } ?s ?p ?o {", "javascript:alert(1) x", "a b", "{}"]
)
def test_iri_parameters_are_checked(kg: KnowledgeGraph, payload: str) -> None:
    with pytest.raises(llmkg.QueryError, match="expects iri"):
        kg.query("class-members", **{"class": payload})


def test_dataframe_dtypes(kg: KnowledgeGraph) -> None:
    frame = kg.query("catalog").to_dataframe()
    assert str(frame["totalParameters"].dtype) == "Int64"
    assert str(frame["openWeights"].dtype) == "boolean"
    frame = kg.query("architecture-comparison").to_dataframe()
    assert str(frame["meanActiveRatio"].dtype) == "float64"
    frame = kg.query("reasoning-models").to_dataframe()
    assert frame["label"].tolist()[0]


def test_repr_html(kg: KnowledgeGraph) -> None:
    html = kg.query("classes")._repr_html_()
    assert html.startswith("<table>") and "Chat &amp; Conversational Model" in html

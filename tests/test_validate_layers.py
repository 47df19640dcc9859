"""The validation layers: every check fires on its bad fixture and never on the packaged
graph; reports for CI systems; HermiT; and a mutation test over the real records."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef

import llmkg
from llmkg import checks, reports, resources
from llmkg.backends import OxigraphBackend
from llmkg.cli import main
from llmkg.graph import KnowledgeGraph
from llmkg.namespaces import CAP, DCTERMS, LLMKG, MODEL, OWL, PREFIXES, RDF, RDFS, VANN, XSD
from llmkg.parsing import parse_file
from llmkg.validate import LAYERS, Report, select_layers

FIXTURES = Path(__file__).parent / "fixtures"
CONTEXT = FIXTURES / "context.ttl"
CHECK_FIXTURES = sorted((FIXTURES / "checks").glob("*.ttl"))


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def run_check(graph: Graph, name: str) -> list[URIRef]:
    check = next(c for c in checks.checks() if c.name == name)
    _, rows = OxigraphBackend.from_graph(graph).select(check.text, 10_000)
    return [row[0] for row in rows]


@pytest.fixture(scope="module")
def packaged_report() -> Report:
    return llmkg.validate(every=True)


def test_packaged_graph_passes_every_layer(packaged_report: Report) -> None:
    assert packaged_report.conforms
    assert packaged_report.layers == ("syntax", "shapes", "data", "quality", "owl",
                                      "consistency", "format")
    assert [f for f in packaged_report.findings if f.severity != "Info"] == []


def test_slow_layers_run_only_when_asked() -> None:
    assert select_layers() == ("syntax", "shapes", "data", "quality", "consistency")
    assert select_layers(every=True) == LAYERS
    assert select_layers(only=["owl"]) == ("owl",)
    assert select_layers(skip=["data"], every=True) == tuple(x for x in LAYERS if x != "data")


def test_every_check_has_a_bad_fixture() -> None:
    names = {c.name for c in checks.checks()}
    covered = {p.stem for p in CHECK_FIXTURES} | {"no-disjointness", "ontology-metadata"}
    assert names == covered


@pytest.mark.parametrize("path", CHECK_FIXTURES, ids=lambda p: p.stem)
def test_check_fires_on_its_fixture(path: Path) -> None:
    expected = expand(path.read_text().splitlines()[0].split()[2])
    check = next(c for c in checks.checks() if c.name == path.stem)
    report = llmkg.validate([CONTEXT, path], only=[check.layer])
    hits = [f for f in report.findings if f.rule.startswith(f"{path.stem} (")]
    assert hits, report.findings
    focus = {f.focus for f in hits}
    short = next(f"{p}:{expected[len(ns):]}" for p, ns in PREFIXES.items()
                 if expected.startswith(ns) and p in ("llmkg", "model", "agent"))
    assert short in focus
    hit = next(f for f in hits if f.focus == short)
    assert hit.file == str(path) or hit.file == str(CONTEXT)
    assert hit.line is not None and hit.line >= 1


def _ontology() -> Graph:
    return parse_file(resources.ontology_file())


def test_no_disjointness_check() -> None:
    graph = _ontology()
    assert run_check(graph, "no-disjointness") == []
    graph.remove((None, OWL.disjointWith, None))
    assert run_check(graph, "no-disjointness") == [URIRef("https://w3id.org/llmkg/ontology")]


@pytest.mark.parametrize(
    "predicate",
    [DCTERMS.title, DCTERMS.license, DCTERMS.creator, OWL.versionIRI, VANN.preferredNamespaceUri],
)
def test_ontology_metadata_check(predicate: URIRef) -> None:
    graph = _ontology()
    assert run_check(graph, "ontology-metadata") == []
    graph.remove((None, predicate, None))
    assert run_check(graph, "ontology-metadata") == [URIRef("https://w3id.org/llmkg/ontology")]


def test_version_iri_must_differ() -> None:
    graph = _ontology()
    ontology = URIRef("https://w3id.org/llmkg/ontology")
    graph.set((ontology, OWL.versionIRI, ontology))
    assert run_check(graph, "ontology-metadata") == [ontology]


def test_owl_layer_finds_inconsistency(tmp_path: Path) -> None:
    pytest.importorskip("owlready2")
    bad = tmp_path / "inconsistent.ttl"
    bad.write_text(
        "@prefix llmkg: <https://w3id.org/llmkg/ontology#> .\n"
        "<https://w3id.org/llmkg/id/model/both> a llmkg:ExampleModel , llmkg:ModelFamily .\n"
    )
    report = llmkg.validate([CONTEXT, bad], only=["owl"])
    assert [f.severity for f in report.findings] == ["Violation"]
    assert "inconsistent" in report.findings[0].message


def test_syntax_layer_reports_every_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    bad = FIXTURES / "bad"
    code = main(["validate", str(bad / "truncated.ttl"), str(bad / "latin1.ttl"), "-f", "json"])
    assert code == 2
    out = capsys.readouterr().out
    assert "truncated.ttl" in out and "latin1.ttl" in out


def test_only_and_skip(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--only", "syntax", "--only", "format"]) == 0
    assert "layers: syntax, format" in capsys.readouterr().out
    assert main(["validate", "--skip", "owl", "--skip", "nope"]) == 2
    assert "unknown layer nope" in capsys.readouterr().err


def test_extra_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix llmkg: <https://w3id.org/llmkg/ontology#> .\n"
        "<https://example.org/shapes#NeedsCard> a sh:NodeShape ;\n"
        "  sh:targetClass llmkg:ExampleModel ;\n"
        "  sh:property [ sh:path llmkg:modelCard ; sh:minCount 1 ;\n"
        "                sh:message \"Our models need a model card.\"@en ] .\n"
    )
    code = main(["validate", str(CONTEXT), "--shapes", str(mine), "--only", "data"])
    assert code == 1
    assert "Our models need a model card." in capsys.readouterr().out


def _bad_report() -> Report:
    return llmkg.validate(
        [CONTEXT, FIXTURES / "shapes" / "ExampleModel-label.ttl"], only=["data"]
    )


def test_github_format() -> None:
    text = reports.github(_bad_report())
    line = next(x for x in text.splitlines() if "ExampleModel-label" in x)
    assert re.fullmatch(r"::error file=[^,]+,line=\d+,title=[^:]+::.+", line), line
    assert "file=" + str(FIXTURES / "shapes" / "ExampleModel-label.ttl") in line


def test_junit_format() -> None:
    root = ET.fromstring(reports.junit(_bad_report()))
    assert root.tag == "testsuites"
    suite = root.find("testsuite[@name='llmkg.data']")
    assert suite is not None and int(suite.get("failures", "0")) >= 1
    case = next(c for c in suite.iter("testcase") if "ExampleModel-label" in c.get("classname", ""))
    assert case.get("name") == "model:bad"
    assert case.find("failure") is not None


def test_junit_clean_report_has_passing_cases(packaged_report: Report) -> None:
    root = ET.fromstring(reports.junit(packaged_report))
    assert all(s.get("failures") == "0" for s in root.iter("testsuite"))
    assert len(list(root.iter("testcase"))) == len(packaged_report.layers)


# ---------------------------------------------------------------- mutation test

REQUIRED = [RDFS.label, LLMKG.developer, LLMKG.architecture, LLMKG.capability,
            LLMKG.inputModality, LLMKG.outputModality, DCTERMS.source, LLMKG.openWeights]
SOURCES = (DCTERMS.source, LLMKG.modelCard, LLMKG.paper, LLMKG.announcement)
NUMBERS = [LLMKG.totalParameters, LLMKG.activeParameters, LLMKG.contextWindow,
           LLMKG.maxOutputTokens, LLMKG.trainingTokens, LLMKG.expertCount,
           LLMKG.embeddingDimension, LLMKG.latentChannels]


def mutations(graph: Graph, model: URIRef) -> list[tuple[str, list, list]]:
    """(name, triples to remove, triples to add) for one model."""
    out = []
    for p in REQUIRED:
        # a source may also be given by a sub-property (model card, paper, announcement)
        related = SOURCES if p == DCTERMS.source else (p,)
        triples = [t for q in related for t in graph.triples((model, q, None))]
        if triples:
            out.append((f"delete {p.n3()}", triples, []))
    for p, o in graph.predicate_objects(model):
        if isinstance(o, Literal) and o.datatype in (XSD.integer, XSD.boolean, XSD.date,
                                                     XSD.gYearMonth):
            out.append((f"untyped {p.n3()}", [(model, p, o)], [(model, p, Literal(str(o)))]))
        if p in NUMBERS:
            out.append((f"negative {p.n3()}", [(model, p, o)],
                        [(model, p, Literal(-abs(int(o)) or -1))]))
            out.append((f"zero {p.n3()}", [(model, p, o)], [(model, p, Literal(0))]))
        if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/llmkg/id/") \
                and p != LLMKG.qualifiedStatement:
            ghost = URIRef("https://w3id.org/llmkg/id/undeclared/thing")
            out.append((f"undeclared {p.n3()}", [(model, p, o)], [(model, p, ghost)]))
    total = graph.value(model, LLMKG.totalParameters)
    active = graph.value(model, LLMKG.activeParameters)
    if total is not None and active is not None and int(active) < int(total):
        before = [(model, LLMKG.totalParameters, total), (model, LLMKG.activeParameters, active)]
        after = [(model, LLMKG.totalParameters, active), (model, LLMKG.activeParameters, total)]
        out.append(("swap active/total", before, after))
    contradiction = (
        LLMKG.SmallLanguageModel if total is not None and int(total) >= 10**10
        else LLMKG.VariationalAutoencoder
        if (model, LLMKG.architecture, URIRef(str(PREFIXES["arch"]) + "variational-autoencoder"))
        not in graph else LLMKG.ChatModel
    )
    out.append((f"assert {contradiction.n3()}", [], [(model, RDF.type, contradiction)]))
    return out


def test_mutation_score(kg: KnowledgeGraph) -> None:
    """Each round applies one mutation to every model at once, validates once, and counts the
    models that got a finding; 100% of mutations must be caught."""
    models = kg.models()
    plans = {m: mutations(kg.asserted, m) for m in models}
    rounds = max(len(p) for p in plans.values())
    tried = caught = 0
    missed: list[str] = []
    for index in range(rounds):
        graph = Graph()
        graph += kg.asserted
        mutated = {}
        for model, plan in plans.items():
            if index < len(plan):
                name, remove, add = plan[index]
                for triple in remove:
                    graph.remove(triple)
                for triple in add:
                    graph.add(triple)
                mutated[model] = name
        report = _validate_graph(graph)
        for model, name in mutated.items():
            tried += 1
            if str(model) in report or model.n3() in report:
                caught += 1
            else:
                missed.append(f"{model.n3()}: {name}")
    print(f"mutation score: {caught}/{tried}")
    assert tried > 1000
    assert missed == []


def _validate_graph(graph: Graph) -> set[str]:
    """The focus nodes of every data and consistency finding on an in-memory graph."""
    from llmkg.graph import from_graph
    from llmkg.validate import data_findings

    kg = from_graph(graph)
    shapes = parse_file(resources.shapes_file())
    findings = data_findings(kg, shapes) + checks.run(kg, "consistency")
    focus = {f.focus for f in findings}
    return focus | {str(expand(f)) for f in focus if ":" in f and not f.startswith("<")}


def test_mutation_plan_covers_every_kind(kg: KnowledgeGraph) -> None:
    kinds = {name.split()[0] for m in kg.models() for name, _, _ in mutations(kg.asserted, m)}
    assert kinds == {"delete", "untyped", "negative", "zero", "undeclared", "swap", "assert"}
    assert MODEL["gpt-4o"] in kg.models() and CAP["dialogue"]


def test_shacl_for_shacl_verdict_is_cached_only_when_it_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from llmkg.validate import shapes_findings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    good = tmp_path / "good.ttl"
    good.write_bytes(resources.shapes_file().read_bytes())
    assert shapes_findings(parse_file(good), files=[good]) == []
    assert len(list((tmp_path / "cache" / "llmkg").iterdir())) == 1
    bad = tmp_path / "bad.ttl"
    bad.write_text(good.read_text() + "\n<urn:x:s> a <http://www.w3.org/ns/shacl#PropertyShape> ;"
                   " <http://www.w3.org/ns/shacl#minCount> \"two\" .\n")
    for _ in range(2):  # a failure is never remembered, so it is found every time
        assert shapes_findings(parse_file(bad), files=[bad])
    assert len(list((tmp_path / "cache" / "llmkg").iterdir())) == 1

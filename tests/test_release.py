"""Release files: every syntax parses back to the same graph, checksums, VoID, determinism."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import IsomorphicGraph, to_isomorphic
from rdflib.namespace import VOID

from llmkg.backends import from_oxigraph
from llmkg.cli import main
from llmkg.errors import InputError, UsageError
from llmkg.graph import KnowledgeGraph
from llmkg.namespaces import DCTERMS, LLMKG, OWL, RDF
from llmkg.parsing import parse_file
from llmkg.release import (
    build_release,
    canonical_graph,
    default_version,
    file_names,
    graph_names,
    jsonld,
    jsonld_context,
)

VERSION = "9.8.7-test"
FIXTURES = Path(__file__).parent / "fixtures"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
MEDIA = {
    "ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml", "nq": "application/n-quads",
}
DATA_FILES = sorted(name for (part, _), name in file_names(VERSION).items() if part != "both")


@pytest.fixture(scope="module")
def release(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    before = set(kg.asserted), set(kg.inferred)
    out = tmp_path_factory.mktemp("release")
    written = build_release(kg, out, VERSION)
    assert (set(kg.asserted), set(kg.inferred)) == before  # the graph is not modified
    assert written[-1].name == "SHA256SUMS"
    assert sorted(p.name for p in written) == sorted(p.name for p in out.iterdir())
    return out


@pytest.fixture(scope="module")
def expected(kg: KnowledgeGraph) -> dict[str, IsomorphicGraph]:
    return {"asserted": to_isomorphic(kg.asserted), "inferred": to_isomorphic(kg.inferred)}


def test_release_files(release: Path) -> None:
    assert sorted(p.name for p in release.iterdir()) == sorted(
        [*file_names(VERSION).values(), "context.jsonld", "void.ttl", "SHA256SUMS"]
    )
    assert f"llmkg-{VERSION}.nq" in {p.name for p in release.iterdir()}


@pytest.mark.parametrize("name", [n for n in DATA_FILES if not n.endswith(".jsonld")])
def test_syntax_parses_back_to_the_same_graph(
    release: Path, expected: dict[str, IsomorphicGraph], name: str
) -> None:
    part = "inferred" if "-inferred." in name else "asserted"
    graph = parse_file(release / name)  # Oxigraph's strict parsers, with llmkg's guards
    assert len(graph) == len(expected[part])
    assert to_isomorphic(graph) == expected[part]


def _context(release: Path) -> dict[str, object]:
    document = json.loads((release / "context.jsonld").read_text(encoding="utf-8"))
    assert set(document) == {"@context"}
    return document["@context"]


@pytest.mark.parametrize("part", ["asserted", "inferred"])
def test_jsonld_is_compacted_with_the_relative_context(
    release: Path, expected: dict[str, IsomorphicGraph], part: str, tmp_path: Path
) -> None:
    document = json.loads((release / f"llmkg-{VERSION}-{part}.jsonld").read_text("utf-8"))
    assert document["@context"] == "context.jsonld"  # a relative IRI, next to the file
    with pytest.raises(InputError, match="remote @context"):
        parse_file(release / f"llmkg-{VERSION}-{part}.jsonld")  # llmkg never fetches one
    inline = tmp_path / "inline.jsonld"  # what a JSON-LD processor does with the context
    inline.write_text(json.dumps({**document, "@context": _context(release)}), encoding="utf-8")
    graph = parse_file(inline)
    assert to_isomorphic(graph) == expected[part]


def test_jsonld_context_has_short_keys_for_llmkg_terms(release: Path) -> None:
    context = _context(release)
    assert context["contextWindow"] == {"@id": "llmkg:contextWindow", "@type": "xsd:integer"}
    assert context["architecture"] == {"@id": "llmkg:architecture", "@type": "@id"}
    assert context["ExampleModel"] == "llmkg:ExampleModel"
    assert context["llmkg"] == str(LLMKG) and context["model"].endswith("/id/model/")
    assert context["family"] == {"@id": "llmkg:family", "@type": "@id"}  # not the prefix
    assert all(isinstance(v, (str, dict)) for v in context.values())
    assert not any(k.startswith("@") for k in context)  # no @import, no @vocab, nothing remote
    text = (release / f"llmkg-{VERSION}-asserted.jsonld").read_text(encoding="utf-8")
    assert '"contextWindow": "128000"' in text and '"@type": [' in text


def test_nquads_holds_both_named_graphs(
    release: Path, expected: dict[str, IsomorphicGraph]
) -> None:
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=str(release / f"llmkg-{VERSION}.nq"), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name
        key = name.value if isinstance(name, ox.NamedNode) else "default"
        graphs.setdefault(key, Graph()).add(
            (from_oxigraph(quad.subject), from_oxigraph(quad.predicate),
             from_oxigraph(quad.object))
        )
    names = graph_names(VERSION)
    assert set(graphs) == {str(names["asserted"]), str(names["inferred"])}
    assert str(names["asserted"]) == f"https://w3id.org/llmkg/graph/{VERSION}"
    assert str(names["inferred"]) == f"https://w3id.org/llmkg/graph/{VERSION}/inferred"
    for part, name in names.items():
        assert to_isomorphic(graphs[str(name)]) == expected[part]


def test_checksums_match(release: Path) -> None:
    lines = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    assert sorted(sums) == sorted(p.name for p in release.iterdir() if p.name != "SHA256SUMS")
    assert list(sums) == sorted(sums)
    for name, digest in sums.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name


def test_void_description(release: Path, kg: KnowledgeGraph) -> None:
    void = parse_file(release / "void.ttl")
    dataset = URIRef(f"https://w3id.org/llmkg/release/{VERSION}")
    assert (dataset, RDF.type, VOID.Dataset) in void and (dataset, RDF.type, DCAT.Dataset) in void
    assert void.value(dataset, VOID.triples) == Literal(len(kg.asserted) + len(kg.inferred))
    assert void.value(dataset, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(void.value(dataset, DCAT.version)) == VERSION
    assert str(void.value(dataset, OWL.versionInfo)) == VERSION
    for predicate in (VOID.entities, VOID.classes, VOID.properties):
        assert int(str(void.value(dataset, predicate))) > 10
    assert (dataset, VOID.sparqlEndpoint, None) not in void  # the deployer adds it
    subsets = set(void.objects(dataset, VOID.subset))
    assert subsets == set(graph_names(VERSION).values())
    partitions = {
        void.value(p, VOID["class"]): int(str(void.value(p, VOID.entities)))
        for p in void.objects(dataset, VOID.classPartition)
    }
    assert partitions[LLMKG.ExampleModel] == len(kg.models())
    assert len(partitions) == 13


def test_void_lists_every_distribution_with_its_media_type(release: Path) -> None:
    void = parse_file(release / "void.ttl")
    dataset = URIRef(f"https://w3id.org/llmkg/release/{VERSION}")
    found = {}
    for distribution in void.objects(dataset, DCAT.distribution):
        url = str(void.value(distribution, DCAT.downloadURL))
        name = url.rsplit("/", 1)[-1]
        assert url == f"{dataset}/{name}"
        media = str(void.value(distribution, DCAT.mediaType))
        assert media == "https://www.iana.org/assignments/media-types/" + MEDIA[name.split(".")[-1]]
        size = int(str(void.value(distribution, DCAT.byteSize)))
        assert size == (release / name).stat().st_size
        found[name] = media
    assert sorted(found) == sorted(file_names(VERSION).values())


def test_two_builds_are_byte_identical(kg: KnowledgeGraph, release: Path, tmp_path: Path) -> None:
    build_release(kg, tmp_path, VERSION)
    names = sorted(p.name for p in release.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    assert [n for n in names if (tmp_path / n).read_bytes() != (release / n).read_bytes()] == []


@pytest.mark.parametrize("version", ["", "../x", "1 2", "a/b", "-1", "x" * 65, "1.0\n"])
def test_bad_versions_are_refused(kg: KnowledgeGraph, tmp_path: Path, version: str) -> None:
    with pytest.raises(UsageError, match="release version"):
        build_release(kg, tmp_path / "out", version)
    assert not (tmp_path / "out").exists()


def test_default_version_is_the_ontology_version(kg: KnowledgeGraph) -> None:
    assert default_version(kg) == str(kg.asserted.value(URIRef(str(LLMKG)[:-1]), OWL.versionInfo))


def test_cli_release(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if main(["release", "--help"]) != 0:
        pytest.skip("`llmkg release` is not wired into cli.py yet")
    capsys.readouterr()
    out = tmp_path / "dist"
    code = main(["release", str(FIXTURES / "context.ttl"), "-o", str(out), "--version", "0.0.1"])
    assert code == 0
    assert (out / "llmkg-0.0.1-asserted.ttl").is_file() and (out / "SHA256SUMS").is_file()


ODD_LITERALS = """
@prefix llmkg: <https://w3id.org/llmkg/ontology#> .
@prefix model: <https://w3id.org/llmkg/id/model/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
llmkg:totalParameters a owl:DatatypeProperty .
llmkg:openWeights a owl:DatatypeProperty .
llmkg:family a owl:ObjectProperty .
model:odd llmkg:totalParameters "007"^^xsd:integer ;
    llmkg:openWeights "1"^^xsd:boolean , "false"^^xsd:boolean ;
    llmkg:family "not a resource" , <https://w3id.org/llmkg/id/family/odd> ;
    <http://example.org/score> "1.0E0"^^xsd:double , "+5"^^xsd:integer , "text"@en-GB ;
    <http://example.org/list> ( "a" 2 [ <http://example.org/p> "b" ] ) .
"""


def test_jsonld_round_trips_odd_values(tmp_path: Path) -> None:
    """Values that do not fit their property's coercion, doubles, language tags, lists."""
    source = tmp_path / "odd.ttl"
    source.write_text(ODD_LITERALS, encoding="utf-8")
    graph = canonical_graph(parse_file(source))
    context = jsonld_context(graph)
    assert context["totalParameters"] == {"@id": "llmkg:totalParameters", "@type": "xsd:integer"}
    assert context["openWeights"] == {"@id": "llmkg:openWeights", "@type": "xsd:boolean"}
    assert context["family"] == "llmkg:family"  # a literal among its values: no coercion
    document = json.loads(jsonld(graph, context))
    odd = next(n for n in document["@graph"] if n["@id"] == "model:odd")
    assert odd["totalParameters"] == "7"  # a string with the coerced type, never a JSON number
    assert not any(isinstance(v, (int, float, bool)) for v in _leaves(document))
    inline = tmp_path / "odd.jsonld"
    inline.write_text(json.dumps({**document, "@context": context}), encoding="utf-8")
    assert to_isomorphic(parse_file(inline)) == to_isomorphic(graph)


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


SEED_SCRIPT = """
import hashlib, sys
from pathlib import Path
from llmkg.parsing import parse_file
from llmkg.release import canonical_graph, jsonld, jsonld_context, ntriples, rdfxml, turtle
graph = canonical_graph(parse_file(Path(sys.argv[1])))
text = rdfxml(graph) + jsonld(graph, jsonld_context(graph)) + ntriples(graph) + turtle(graph)
print(hashlib.sha256(text.encode()).hexdigest())
"""


def test_output_does_not_depend_on_the_hash_seed() -> None:
    """Sets iterate in an order that changes with PYTHONHASHSEED; the bytes must not."""
    digests = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run(
            [sys.executable, "-c", SEED_SCRIPT, str(FIXTURES / "diff" / "new" / "context.ttl")],
            env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
            check=True,
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1

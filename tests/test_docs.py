"""The documentation site: pages, links, class diagram and charts (built once per module)."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

import llmkg
from llmkg.cli import main
from llmkg.diagram import diagram_model, svg_diagram
from llmkg.docs import (
    SORT_SCRIPT,
    STYLE,
    anchor,
    brief_classes,
    build_site,
    label_of,
    mermaid_diagram,
    model_anchor,
    ontology_graph,
    ontology_terms,
    render_catalog,
)
from llmkg.graph import KnowledgeGraph
from llmkg.namespaces import DCTERMS, LLMKG
from llmkg.parsing import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
FILES = {
    "index.html", "ontology.html", "catalog.html", "diagram.svg", "diagram.mmd",
    "chart-parameters.png", "chart-context.png", "chart-timeline.png",
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Page:
    """What html.parser saw in one page."""

    text: str = ""
    ids: set[str] = field(default_factory=set)
    hrefs: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    policy: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.parts: list[str] = []
        self.inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "id" in found:
            self.page.ids.add(found["id"])
        if tag == "a" and "href" in found:
            self.page.hrefs.append(found["href"])
        elif tag == "img":
            self.page.images.append(found.get("src", ""))
        elif tag == "table":
            self.page.tables.append(found.get("class", ""))
        elif tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.page.policy = found.get("content", "")
        elif tag in ("script", "style"):
            self.inside = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside == "script":
            self.page.scripts.append(data)
        elif self.inside == "style":
            self.page.styles.append(data)
        else:
            self.parts.append(data)


def read_page(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.page.text = re.sub(r"\s+", " ", "".join(reader.parts))
    return reader.page


@pytest.fixture(scope="module")
def site(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    written = build_site(kg, out)
    assert {p.name for p in written} == FILES
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Page]:
    return {p.name: read_page(p.read_text(encoding="utf-8")) for p in site.glob("*.html")}


def test_site_has_every_file(site: Path) -> None:
    assert {p.name for p in site.iterdir()} == FILES
    assert all((site / name).stat().st_mode & 0o044 == 0o044 for name in FILES)  # world-readable


def test_catalog_has_a_sortable_table_per_brief_class(
    kg: KnowledgeGraph, pages: dict[str, Page]
) -> None:
    catalog = pages["catalog.html"]
    classes = brief_classes(kg.graph)
    assert len(classes) == 12
    for cls in classes:
        assert anchor(cls) in catalog.ids
        assert label_of(kg.graph, cls) in catalog.text
    assert catalog.tables.count("sortable") == 12 + 1  # one per class, then all models
    assert len(catalog.scripts) == 1 and "localeCompare" in catalog.scripts[0]


def test_catalog_lists_every_model(kg: KnowledgeGraph, pages: dict[str, Page]) -> None:
    catalog = pages["catalog.html"]
    models = kg.models()
    assert len(models) >= 120
    missing = [m for m in models if model_anchor(m) not in catalog.ids]
    assert missing == []
    assert [m for m in models if label_of(kg.graph, m) not in catalog.text] == []


def test_catalog_links_to_every_source(kg: KnowledgeGraph, pages: dict[str, Page]) -> None:
    hrefs = set(pages["catalog.html"].hrefs)
    sources = {str(s) for m in kg.models() for s in kg.graph.objects(m, DCTERMS.source)}
    assert len(sources) > 200
    assert sorted(s for s in sources if s.startswith("http") and s not in hrefs) == []


def test_ontology_page_documents_every_term(pages: dict[str, Page], kg: KnowledgeGraph) -> None:
    ontology = ontology_graph(kg)
    page = pages["ontology.html"]
    terms = [t for found in ontology_terms(ontology).values() for t in found]
    assert len(terms) > 100
    assert [t for t in terms if anchor(t) not in page.ids] == []
    assert [t for t in terms if label_of(ontology, t) not in page.text] == []


@pytest.mark.parametrize(
    "expected",
    [
        "contextWindow some xsd:integer[≥ 100,000]",
        "(architecture value arch:sparse-moe-transformer) or "
        "(architecture value arch:hybrid-ssm-moe)",
        "(inputModality value modality:text) and (inputModality value modality:image)",
        "totalParameters some xsd:integer[< 10,000,000,000]",
        "capability value cap:dialogue",
    ],
)
def test_equivalent_classes_are_readable(pages: dict[str, Page], expected: str) -> None:
    assert expected in pages["ontology.html"].text


def test_internal_links_resolve(site: Path, pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        for href in page.hrefs:
            if href.startswith(("https://", "http://")):
                continue
            target, _, fragment = href.partition("#")
            target = target or name
            assert (site / target).is_file(), (name, href)
            if fragment:
                assert fragment in pages[target].ids, (name, href)
        for src in page.images:
            assert (site / src).is_file(), (name, src)


def test_content_security_policy_matches_inline_code(pages: dict[str, Page]) -> None:
    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    for name, page in pages.items():
        assert "default-src 'none'" in page.policy, name
        assert page.styles == [STYLE] and f"'sha256-{digest(STYLE)}'" in page.policy
        for script in page.scripts:
            assert script == SORT_SCRIPT and f"'sha256-{digest(script)}'" in page.policy


@pytest.mark.parametrize("name", sorted(n for n in FILES if n.endswith(".png")))
def test_charts_are_valid_png(site: Path, name: str) -> None:
    data = (site / name).read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.width >= 600 and image.height >= 400
        assert len(image.getcolors(maxcolors=1 << 20) or range(1000)) > 10  # not blank


def test_svg_diagram_is_well_formed(site: Path, kg: KnowledgeGraph) -> None:
    root = ET.fromstring((site / "diagram.svg").read_bytes())  # our own output, no DTD
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    model = diagram_model(ontology_graph(kg))
    assert {box.name for box in model.boxes} <= texts
    assert len(model.boxes) == 12 + 9


def test_mermaid_is_deterministic_and_names_the_brief_classes(
    kg: KnowledgeGraph, site: Path
) -> None:
    first = ontology_graph(kg)
    second = parse_file(kg.files[0])  # parsed again: new blank nodes, new insertion order
    text = mermaid_diagram(first)
    assert text == mermaid_diagram(second) == (site / "diagram.mmd").read_text(encoding="utf-8")
    assert svg_diagram(first) == svg_diagram(second)
    assert text.startswith("classDiagram\n")
    for cls in brief_classes(first):
        name = str(cls).removeprefix(str(LLMKG))
        assert f"class {name}[" in text
        assert re.search(rf"^\s+\w+ <\|-- {name}$", text, re.M), name
    for facet in ("Architecture", "Capability", "Modality"):
        assert f"<<facet>> {facet}" in text
        assert f"--> {facet} : " in text
    assert "GenerativeModel <|-- VariationalAutoencoder" in text
    assert "LanguageModel <|-- VariationalAutoencoder" not in text


def test_site_is_deterministic(kg: KnowledgeGraph, site: Path, tmp_path: Path) -> None:
    build_site(kg, tmp_path)
    changed = [n for n in sorted(FILES) if (tmp_path / n).read_bytes() != (site / n).read_bytes()]
    assert changed == []


HOSTILE = """
@prefix agent: <https://w3id.org/llmkg/id/agent/> .
@prefix arch: <https://w3id.org/llmkg/id/architecture/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix llmkg: <https://w3id.org/llmkg/ontology#> .
@prefix model: <https://w3id.org/llmkg/id/model/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
model:hostile a llmkg:ExampleModel ;
    rdfs:label "<script>alert('label')</script> & \\"quotes\\""@en ;
    llmkg:developer agent:test-org ;
    llmkg:architecture arch:dense-transformer ;
    dcterms:source <javascript:alert(1)> , <https://example.org/a?b=1&c=2> .
"""


def test_text_is_escaped_and_unsafe_links_are_not_links(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(HOSTILE, encoding="utf-8")
    kg = llmkg.load([FIXTURES / "context.ttl", hostile])
    html = render_catalog(kg)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;label&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert 'href="javascript' not in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    page = read_page(html)
    assert "<script>alert('label')</script>" in page.text  # shown as text, not run
    assert len(page.scripts) == 1


def test_cli_docs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if main(["docs", "--help"]) != 0:
        pytest.skip("`llmkg docs` is not wired into cli.py yet")
    capsys.readouterr()
    out = tmp_path / "site"
    assert main(["docs", str(FIXTURES / "context.ttl"), "-o", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == FILES
    assert "Good model" in (out / "catalog.html").read_text(encoding="utf-8")

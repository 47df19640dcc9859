"""Every namespace llmkg uses, declared once."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/llmkg/"
ONTOLOGY_IRI = BASE + "ontology"

LLMKG = Namespace(ONTOLOGY_IRI + "#")
LLMKGSH = Namespace(BASE + "shapes#")
MODEL = Namespace(BASE + "id/model/")
FAMILY = Namespace(BASE + "id/family/")
AGENT = Namespace(BASE + "id/agent/")
LICENSE = Namespace(BASE + "id/license/")
STATEMENT = Namespace(BASE + "id/statement/")
BENCHMARK = Namespace(BASE + "id/benchmark/")
SOURCE = Namespace(BASE + "id/source/")
ARCH = Namespace(BASE + "id/architecture/")
CAP = Namespace(BASE + "id/capability/")
MODALITY = Namespace(BASE + "id/modality/")
STATUS = Namespace(BASE + "id/status/")
AUDIO = Namespace(BASE + "id/audio-processing/")
VISIBILITY = Namespace(BASE + "id/reasoning-visibility/")
METHOD = Namespace(BASE + "id/training-method/")
SPDX = Namespace("http://spdx.org/licenses/")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes bound in every graph llmkg writes, in the order they are declared.
PREFIXES: dict[str, Namespace] = {
    "agent": AGENT,
    "arch": ARCH,
    "audio": AUDIO,
    "benchmark": BENCHMARK,
    "cap": CAP,
    "dcterms": Namespace(str(DCTERMS)),
    "family": FAMILY,
    "license": LICENSE,
    "llmkg": LLMKG,
    "llmkgsh": LLMKGSH,
    "method": METHOD,
    "modality": MODALITY,
    "model": MODEL,
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "sh": Namespace(str(SH)),
    "skos": Namespace(str(SKOS)),
    "source": SOURCE,
    "spdx": SPDX,
    "statement": STATEMENT,
    "status": STATUS,
    "vann": VANN,
    "visibility": VISIBILITY,
    "wd": WD,
    "xsd": Namespace(str(XSD)),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind llmkg's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


__all__ = [
    "AGENT", "ARCH", "AUDIO", "BENCHMARK", "CAP", "DCTERMS", "FAMILY", "LICENSE", "LLMKG",
    "LLMKGSH", "METHOD", "MODALITY", "MODEL", "ONTOLOGY_IRI", "OWL", "PREFIXES", "PROV", "RDF",
    "RDFS", "SH", "SKOS", "SOURCE", "SPDX", "STATEMENT", "STATUS", "VANN", "VISIBILITY", "WD",
    "XSD", "bind_prefixes",
]

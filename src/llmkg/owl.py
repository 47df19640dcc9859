"""The OWL layer: is the ontology (with the data) consistent for a DL reasoner?

HermiT runs through owlready2 (the ``owl`` extra) on the machine's Java. Where either is
missing the layer reports that it was skipped, as an Info finding, instead of failing.
Literals whose datatype is outside the OWL 2 datatype map (``xsd:date``, ``xsd:gYearMonth``:
release dates, knowledge cutoffs) are left out of what HermiT reads, since it refuses them;
the properties that carry them have the range ``rdfs:Literal`` and no axiom depends on them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rdflib import Graph, Literal

from llmkg.graph import KnowledgeGraph
from llmkg.namespaces import XSD

OUTSIDE_OWL2_MAP = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.time, XSD.duration}


def findings(kg: KnowledgeGraph) -> list:  # list[Finding]
    from llmkg.validate import Finding

    def finding(severity: str, message: str) -> Finding:
        return Finding(severity, "owl (HermiT)", "<https://w3id.org/llmkg/ontology>", None, None,
                       message, None, None, layer="owl")

    try:
        import owlready2
    except ImportError:
        return [finding("Info", "skipped: owlready2 is not installed (pip install 'llmkg[owl]')")]
    if shutil.which("java") is None:
        return [finding("Info", "skipped: no Java runtime for HermiT")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "llmkg.nt"
        readable = Graph()
        for triple in kg.asserted:
            value = triple[2]
            if not (isinstance(value, Literal) and value.datatype in OUTSIDE_OWL2_MAP):
                readable.add(triple)
        path.write_bytes(readable.serialize(format="nt", encoding="utf-8"))
        world = owlready2.World()
        try:
            ontology = world.get_ontology(path.as_uri()).load()
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return [finding("Violation", "HermiT finds the ontology with its data inconsistent")]
        except Exception as exc:  # the reasoner's own failures (Java errors) are findings too
            return [finding("Warning", f"HermiT could not run: {str(exc).splitlines()[0][:300]}")]
        unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    return [finding("Violation", f"unsatisfiable class <{iri}>") for iri in unsatisfiable]

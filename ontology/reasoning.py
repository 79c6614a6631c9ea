"""Offline OWL reasoning with HermiT (through owlready2, which needs Java).

owlready2 cannot read Turtle, so the ontology files are converted to RDF/XML with rdflib first. This
runs when a person or a test asks for it, never per request. owlready2 is imported lazily: it is an
optional dependency (``pip install egovkg[reasoning]``).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from egovkg.errors import ConfigError
from ontology import ADMIN_UNIT_FILES, ONTOLOGY_DIR, TERMINOLOGY_FILES


@dataclass(frozen=True)
class ReasonerReport:
    consistent: bool
    unsatisfiable_classes: list[str]
    classes: int
    individuals: int
    message: str = ""


def to_rdfxml(names: tuple[str, ...], target: Path) -> Path:
    import rdflib

    graph = rdflib.Graph()
    for name in names:
        graph.parse(ONTOLOGY_DIR / name, format="turtle")
    graph.serialize(target, format="xml")
    return target


def check_consistency(names: tuple[str, ...] = TERMINOLOGY_FILES + ADMIN_UNIT_FILES) -> ReasonerReport:
    """Load the ontology (and its reference individuals) into owlready2 and run HermiT."""
    try:
        import owlready2
    except ImportError:
        raise ConfigError("OWL reasoning needs owlready2: pip install 'egovkg[reasoning]'") from None
    if shutil.which("java") is None:
        raise ConfigError("OWL reasoning runs HermiT, which needs Java: apt-get install default-jre-headless")
    with tempfile.TemporaryDirectory() as tmp:
        path = to_rdfxml(names, Path(tmp) / "egov.owl")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonerReport(False, [], len(list(world.classes())), len(list(world.individuals())), str(exc))
        unsat = sorted(c.iri for c in world.inconsistent_classes())
        return ReasonerReport(True, unsat, len(list(world.classes())), len(list(world.individuals())))

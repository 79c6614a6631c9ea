"""Architecture compliance: the graph as of a date, the rules in force then, findings and reports.

- ``snapshot``  the graph "as of" a date, in a scratch store, with the inferences the rules need
- ``rules``     the rules as data (``ontology/rules/*.ttl``): id, severity, messages, legal source, dates
- ``engine``    :func:`evaluate`: every rule for every province, findings with their evidence, scores
- ``runner``    checks within limits: in a child process without network, rules that fail become findings
- ``report``    JSON, text, HTML and a SHACL validation report
- ``shacl``     the cross-check of the SPARQL engine against pySHACL (tests and benchmarks)
- ``workers``   what a check's worker process imports first
- ``reference`` the previous engine (its SPARQL in ``reference_queries``), to compare findings and times with

It stands on ``graph.kg``, ``graph.units``, ``graph.sparql`` and ``graph.sandbox``; it never imports the
endpoint, network or views wings, and never writes the store.
"""

from __future__ import annotations

from typing import Any

def __getattr__(name: str) -> Any:
    """The package's names, each imported from its module when first asked for: reading one module of the package
    (:mod:`graph.compliance.workers`, before a command line forks its worker) does not import the engine."""
    if name in ("ComplianceReport", "Finding", "evaluate"):
        from graph.compliance import engine

        return getattr(engine, name)
    if name == "GuardedCompliance":
        from graph.compliance.runner import GuardedCompliance

        return GuardedCompliance
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ComplianceReport", "Finding", "GuardedCompliance", "evaluate"]

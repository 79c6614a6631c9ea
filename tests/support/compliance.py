"""What two compliance reports are compared by (the engine against the previous one, a kept view against a fresh one)."""

from __future__ import annotations


def findings(report) -> list:
    """Everything a report says, in order; of the evidence, how many items each finding shows (which ones is
    compared by ``tests.test_compliance_engine.same_evidence``: the previous engine took them in the order of a Python set)."""
    out = []
    for p in report.provinces:
        out.append((p.unit.slug, sorted(p.rule_status.items()), sorted(p.scores.items()), p.score, p.sources))
        for f in p.findings:
            out.append((f.province, f.rule_id, f.layer, f.severity, f.status, f.check, f.check_severity, f.basis,
                        f.reason, f.message_vi, f.message_en, f.focus, f.edges, f.checked, f.source, len(f.evidence)))
    out.append(([u.slug for u in report.uncovered], report.sources, sorted(report.inference["triples"].items())))
    return out

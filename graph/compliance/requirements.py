"""What the rules require of a province, read from the rules' own queries: which components (classes) a check
needs to exist, which it finds missing, and so in which order the gaps are best closed.

A check's queries say it in SPARQL: ``?x a egov:LGSP ; egov:locatedIn $this`` inside ``OPTIONAL { … }`` followed by
``FILTER(!BOUND(?x))`` is "the province has no LGSP" (the check *finds the component absent*); a class named outside
any ``OPTIONAL`` (``?value a egov:LGSP , egov:InServiceSystem``) is one the check *needs*: it only speaks of an
LGSP that exists. So a gap of a check that needs an LGSP comes after the gap "no LGSP" — an LGSP before the links
through it — without any rule being named here. Adding a rule adds its requirements; nothing is hard-coded.

This reads rule text only; it never runs a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from graph.compliance.rules import Check, Rule

__all__ = ["CheckNeeds", "check_needs", "dependency_rank", "required_components"]

#: classes that say where or whether a node is, not what component it is
NOT_COMPONENTS = frozenset({"Province", "InServiceSystem", "InformationSystem", "AdministrativeUnit"})
_CLASS_LIST = re.compile(r"\ba\s+((?:egov:\w+\s*,?\s*)+)")
_CLASS = re.compile(r"egov:(\w+)")
_ANY_OF = re.compile(r"FILTER\s*\(\s*\?\w+\s+IN\s*\(((?:\s*egov:\w+\s*,?)+)\)\s*\)")
_TYPED_VAR = re.compile(r"\?(\w+)\s+a\s+((?:egov:\w+\s*,?\s*)+)")


@dataclass(frozen=True)
class CheckNeeds:
    """What one check's queries say about components."""

    check: str
    #: groups of classes the check speaks of only when one of the group exists (outside OPTIONAL): ``a egov:LGSP``
    #: is a group of one, ``FILTER(?k IN (egov:LGSP, egov:IntegrationPlatform))`` a group of alternatives
    needs: tuple[frozenset[str], ...]
    #: classes the check fails on when the province has none in service (``OPTIONAL { ?x a egov:SOC ; egov:locatedIn
    #: $this } FILTER(!BOUND(?x))``, the block saying nothing else about ``?x``)
    absent: frozenset[str]

    @property
    def needed(self) -> frozenset[str]:
        return frozenset(c for group in self.needs for c in group)


def _split_optionals(query: str) -> tuple[str, list[tuple[str, str]]]:
    """The query without its OPTIONAL blocks, and each block with the text that follows it (where its FILTER is)."""
    outside, blocks, i = [], [], 0
    while True:
        start = query.find("OPTIONAL", i)
        if start < 0:
            outside.append(query[i:])
            break
        brace = query.find("{", start)
        if brace < 0:
            outside.append(query[i:])
            break
        outside.append(query[i:start])
        depth, j = 0, brace
        while j < len(query):
            depth += {"{": 1, "}": -1}.get(query[j], 0)
            if depth == 0:
                break
            j += 1
        blocks.append((query[brace + 1:j], query[j + 1:j + 200]))
        i = j + 1
    return "".join(outside), blocks


def _classes(text: str) -> set[str]:
    return {c for m in _CLASS_LIST.finditer(text) for c in _CLASS.findall(m.group(1))} - NOT_COMPONENTS


def check_needs(check: Check) -> CheckNeeds:
    needs: dict[frozenset[str], None] = {}
    absent: set[str] = set()
    for query in (check.target, check.constraint):
        outside, blocks = _split_optionals(query.replace("$this", "?this"))
        for c in sorted(_classes(outside)):
            needs[frozenset({c})] = None
        for m in _ANY_OF.finditer(outside):
            group = frozenset(c for c in _CLASS.findall(m.group(1)) if c[:1].isupper()) - NOT_COMPONENTS  # classes, not properties
            if group:
                needs[group] = None
        for body, after in blocks:
            if "egov:locatedIn ?this" not in body:
                continue  # not a component of the province (a national platform, a link's far end)
            rest = _CLASS_LIST.sub(" ", body).replace("egov:locatedIn ?this", " ")
            if _CLASS.search(rest):
                continue  # the block asks for a link or an attribute of the component, not the component itself
            for m in _TYPED_VAR.finditer(body):
                if re.search(r"FILTER\s*\(\s*!\s*BOUND\s*\(\s*\?" + m.group(1) + r"\s*\)", after):
                    absent |= set(_CLASS.findall(m.group(2))) - NOT_COMPONENTS
    return CheckNeeds(check.id, tuple(needs), frozenset(absent))


def required_components(rules: list[Rule], day: date, provincial: set[str]) -> dict[frozenset[str], list[str]]:
    """The framework's catalogue of components as the rules in force on ``day`` state it: each group of
    alternative classes → the ids of the rules that require it. A class is required when a check fails on its
    absence, or when a "not-stated" check (one that expects a link or an attribute of it) needs one to speak at all;
    a "stated" check's scope (a provincial portal that must no longer face citizens) is not a requirement.
    ``provincial``: the classes a province's own systems have (a national database a check names is not the
    province's to build)."""
    out: dict[frozenset[str], list[str]] = {}
    for rule in rules:
        if not rule.in_force(day):
            continue
        for check in rule.checks:
            if not check.in_force(day):
                continue
            n = check_needs(check)
            groups = [frozenset({c}) for c in sorted(n.absent)]
            if check.basis == "not-stated":
                groups += list(n.needs)
            for group in groups:
                if group & provincial == group and rule.rule_id not in out.setdefault(group, []):
                    out[group].append(rule.rule_id)
    # "one of A, B, C" adds nothing to a catalogue that requires A
    return {g: ids for g, ids in out.items() if not any(other < g for other in out)}


def dependency_rank(items: list[tuple[str, frozenset[str], frozenset[str]]]) -> dict[str, int]:
    """``items``: (key, classes it needs, classes it supplies). The rank of each key: 0 when it needs nothing another
    item supplies, else one more than the highest rank among those suppliers (cycles are cut)."""
    suppliers: dict[str, list[str]] = {}
    for key, _, supplies in items:
        for c in supplies:
            suppliers.setdefault(c, []).append(key)
    needs = {key: n for key, n, _ in items}
    rank: dict[str, int] = {}

    def visit(key: str, stack: frozenset[str]) -> int:
        if key in rank:
            return rank[key]
        deps = {s for c in needs[key] for s in suppliers.get(c, ()) if s != key and s not in stack}
        rank[key] = 1 + max((visit(d, stack | {key}) for d in deps), default=-1)
        return rank[key]

    for key, _, _ in items:
        visit(key, frozenset())
    return rank

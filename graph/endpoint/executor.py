"""Runs SPARQL for the endpoint within its limits: a time limit, a row cap, no outbound network.

    QueryExecutor              refusals and dataset checks (prepare), query, serialize, update
    ├── WorkerPoolExecutor     an on-disk Oxigraph store: queries run in worker processes,
    │                          and a query past the time limit is stopped by killing its worker
    │                          (graph/endpoint/worker_pool.py)
    └── InProcessExecutor      any other store (in memory, remote): queries run in the caller's thread

The worker pool, and why it is one, is :mod:`graph.endpoint.worker_pool`.

**In-process stores.** An in-memory store cannot be shared with other processes, and a remote one
needs no worker: :class:`InProcessExecutor` runs the query in the calling thread. There the limit is
checked between result rows (a query streaming many rows stops at the limit), but a query that
computes long before its first row (ORDER BY, GROUP BY over everything) runs to its end: in-memory
stores are for tests and notebooks; ``egovkg serve`` always has an on-disk store. A remote store
applies its own HTTP timeout (the same setting).

**Updates** run in the calling thread against the store itself, one at a time, with no time
limit: Oxigraph applies each in one transaction and cannot interrupt it, and only holders of the
update token can send one.

**Cost** (``python -m benchmarks.endpoint``: curated data plus the synthetic 100 k graph, 2 cores
shared with other jobs): the worker round trip adds 0.1-0.6 ms to a small query over calling the
store in-process; through HTTP the endpoint adds about 1.8 ms in all, 1.3 ms of it the HTTP and
protocol floor (a request refused before it runs), at load average 5; 4-6 ms at load 7.

This module never builds a store or reads settings; :func:`graph.endpoint.executor_for` is handed both.
"""


from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode

from egovkg.errors import InputError, QueryRefusedError, QueryTimeoutError
from graph.kg import KnowledgeGraph
from graph.sparql.formats import serialize
from graph.sandbox import Limits, SandboxedThread
from graph.sparql.lexer import (QueryFacts, UpdateFacts, network_refusal, refusal, scan_query, scan_update,
                                scan_update_writes, with_using)
from graph.store import GraphResult, QueryResult, SelectResult, Store

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")


@dataclass(frozen=True)
class PreparedQuery:
    """A query that passed the checks, with the dataset it will run on (None: the store's default,
    the union of the named graphs, or the query's own FROM clauses)."""

    text: str
    facts: QueryFacts
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None

    @property
    def returns_graph(self) -> bool:
        return self.facts.returns_graph


@dataclass(frozen=True)
class Serialized:
    body: bytes
    truncated: bool


def graph_iri(value: str, parameter: str) -> str:
    """An absolute IRI given as a request parameter, checked (it may be written into SPARQL text)."""
    try:
        if _ABSOLUTE_IRI.fullmatch(value):
            NamedNode(value)  # the engine's own IRI check
            return value
    except ValueError:
        pass
    raise InputError(f"{parameter}: '{value[:200]}' is not an absolute IRI")


ENDPOINT_REFUSES = "this endpoint never does (federated queries and LOAD are refused)"


def _refuse_facts(facts: QueryFacts | UpdateFacts, what: str) -> None:
    """The endpoint's refusal, from what the scan of the text found (the text is tokenized once)."""
    problem = refusal(facts.unscannable, facts.network, what, ENDPOINT_REFUSES)
    if problem is not None:
        raise QueryRefusedError(problem)


def guard_local(text: str, what: str = "query", *, allow_network: bool = False) -> None:
    """The endpoint's refusals for a query or update run from the command line: a text the scan cannot
    read, and (unless ``allow_network``, which a person asks for explicitly) SERVICE and LOAD."""
    problem = network_refusal(text, what, allow_network=allow_network,
                              refused_by="the command line refuses it unless you pass --allow-service")
    if problem is not None:
        raise QueryRefusedError(problem)


class QueryExecutor:
    """Checks, then runs, queries and updates against one knowledge graph, within ``limits``."""

    def __init__(self, kg: KnowledgeGraph, limits: Limits) -> None:
        self.kg = kg
        self.limits = limits
        self.prefixes = kg.iris.prefixes()
        self._write_lock = threading.Lock()
        #: the refusal of SERVICE and LOAD; only tests switch it off, to show that the engine has no
        #: network even when a query slips past the scan (nothing else sets it)
        self._scan_network = True
        #: whether updates may write the reference graphs (and graphs they do not name); off by default
        self.reference_writable = False
        self._engine_thread: SandboxedThread | None = None
        self._engine_lock = threading.Lock()

    # -- queries -----------------------------------------------------------------------------------
    def prepare(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        base_iri: str | None = None,
    ) -> PreparedQuery:
        """Refuse what the endpoint never runs, and settle the dataset. Graphs given by the protocol
        (``default-graph-uri`` / ``named-graph-uri``) replace the query's FROM clauses, as the
        SPARQL 1.1 Protocol says; either way every graph named must be one of the store's: nothing
        is ever fetched from the web."""
        facts = scan_query(sparql, prefixes=self.prefixes, base_iri=base_iri)
        if self._scan_network:
            _refuse_facts(facts, "query")
        if default_graphs is not None or named_graphs is not None:
            default = tuple(graph_iri(g, "default-graph-uri") for g in default_graphs or ())
            named = tuple(graph_iri(g, "named-graph-uri") for g in named_graphs or ())
            self._check_graphs(default + named, "default-graph-uri / named-graph-uri")
            return PreparedQuery(sparql, facts, default, named, base_iri)
        if facts.declares_dataset:
            self._check_graphs(facts.from_graphs + facts.from_named_graphs, "FROM / FROM NAMED")
        return PreparedQuery(sparql, facts, None, None, base_iri)

    def _check_graphs(self, graphs: tuple[str, ...], where: str) -> None:
        if not graphs:
            return
        known = {g.value for g in self.kg.store.named_graphs()}
        missing = [g for g in dict.fromkeys(graphs) if g not in known]
        if missing:
            raise QueryRefusedError(
                f"{where} names {', '.join(f'<{g}>' for g in missing[:5])}, which {'is' if len(missing) == 1 else 'are'} "
                "not a graph of this store; the endpoint answers from its own graphs and never fetches one from the web"
            )

    def query(self, query: str | PreparedQuery, **dataset: Any) -> QueryResult:
        """Run a query within the limits; the result says whether the row cap truncated it."""
        prepared = query if isinstance(query, PreparedQuery) else self.prepare(query, **dataset)
        result, _ = self._execute(prepared, None)
        return result

    def serialize(self, prepared: PreparedQuery, fmt: str) -> Serialized:
        """Run a query and write its result in ``fmt`` (a name from :mod:`graph.sparql.formats`)."""
        body, truncated = self._execute(prepared, fmt)
        return Serialized(body, truncated)

    def _execute(self, prepared: PreparedQuery, fmt: str | None) -> tuple[Any, bool]:
        raise NotImplementedError

    # -- updates -----------------------------------------------------------------------------------
    def update(
        self,
        sparql: str,
        *,
        using_graphs: Iterable[str] | None = None,
        using_named_graphs: Iterable[str] | None = None,
        base_iri: str | None = None,
    ) -> None:
        """Apply a SPARQL update in one transaction. ``using_graphs`` / ``using_named_graphs`` are the
        protocol's ``using-graph-uri`` / ``using-named-graph-uri``: they become USING clauses of
        every DELETE/INSERT … WHERE operation."""
        facts = scan_update(sparql)
        if self._scan_network:  # first: nothing below, the trial of an update on a copy included, sees it otherwise
            _refuse_facts(facts, "update")
        if not self.reference_writable:
            self._refuse_reference_writes(sparql, base_iri)
        using = [graph_iri(g, "using-graph-uri") for g in using_graphs or ()]
        using_named = [graph_iri(g, "using-named-graph-uri") for g in using_named_graphs or ()]
        if using or using_named:
            if facts.declares_dataset:
                raise InputError("using-graph-uri / using-named-graph-uri cannot be combined with USING, USING NAMED "
                                 "or WITH in the update itself (SPARQL 1.1 Protocol, section 2.2.3)")
            if facts.shorthand_deletes:
                raise InputError("using-graph-uri / using-named-graph-uri cannot apply to DELETE WHERE { … }; "
                                 "write it as DELETE { … } WHERE { … }")
            sparql = with_using(sparql, facts, using, using_named)
        kwargs: dict[str, Any] = {"prefixes": self.prefixes, "base_iri": base_iri}
        with self._write_lock:
            if self.kg.store.in_process:  # the engine is in this process: no network for it
                self._engine().call(self.kg.store.update, sparql, **kwargs)
            else:  # a remote store: the update is an HTTP request to that server
                self.kg.store.update(sparql, **kwargs)

    def reference_graphs(self) -> tuple[str, ...]:
        """The graphs the rest of the graph is read against: the ontology, the administrative units, the rules."""
        iris = self.kg.iris
        return (iris.ontology_graph.value, iris.admin_units_graph.value, iris.rules_graph.value)

    def _refuse_reference_writes(self, sparql: str, base_iri: str | None) -> None:
        """Updates may not change the reference graphs (a planted rule runs on every compliance page), nor
        write graphs they do not name, which could be those."""
        writes = scan_update_writes(sparql, prefixes=self.prefixes, base_iri=base_iri)
        touched = [g for g in writes.graphs if g in self.reference_graphs()]
        if touched:
            raise QueryRefusedError(
                f"this update writes {', '.join(f'<{g}>' for g in touched)}, a reference graph (ontology, administrative "
                "units or compliance rules) that updates may not change; load the ontology with `egovkg load` instead")
        if writes.any_graph and self._changes_reference_graphs(sparql, base_iri):
            raise QueryRefusedError(
                "this update writes graphs it does not name (GRAPH ?g in a template, CLEAR/DROP ALL or NAMED) and, tried "
                "on a copy of the store, it changes a reference graph (ontology, administrative units or compliance "
                "rules) that updates may not change; nothing was written. Name the graphs it writes, e.g. "
                "DELETE { GRAPH <g> { … } } WHERE { GRAPH <g> { … } }, or add FILTER(?g != <…>)")

    def _changes_reference_graphs(self, sparql: str, base_iri: str | None) -> bool:
        """Whether ``sparql`` changes a reference graph, found by applying it to a scratch copy of the store
        (an on-disk store's copy is a checkpoint of hard links; an in-memory one is copied). A remote store
        keeps its own graphs: there the explicit refusal above is the guard."""
        store = self.kg.store
        present = {g.value for g in store.named_graphs()} & set(self.reference_graphs())
        if not present:
            return False
        folder = Path(tempfile.mkdtemp(prefix="egovkg-trial-", dir=store.path.parent if store.path else None))
        try:
            trial = store.scratch_copy(folder)
            if trial is None:  # a remote store keeps its own graphs: there the explicit refusal above is the guard
                return False
            try:
                kwargs: dict[str, Any] = {"prefixes": self.prefixes, "base_iri": base_iri}
                self._engine().call(trial.update, sparql, **kwargs)
                return any(set(trial.quads(NamedNode(g))) != set(store.quads(NamedNode(g))) for g in present)
            finally:
                trial.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _engine(self) -> SandboxedThread:
        with self._engine_lock:
            if self._engine_thread is None:
                self._engine_thread = SandboxedThread()
            return self._engine_thread

    def start(self) -> None:
        """Start what the executor needs (worker processes) now rather than on the first query."""

    def close(self) -> None:
        """Stop what the executor started (its worker processes); the store stays open. A later
        query or :meth:`start` starts them again."""


def _run_collected(store: Store, text: str, kwargs: dict[str, Any]) -> QueryResult:
    """A query run to its end (results collected), so that no engine work is left for another thread."""
    return store.query(text, **kwargs)


class InProcessExecutor(QueryExecutor):
    """Runs queries in the calling thread (see the module docstring for what the limit does here)."""

    def _execute(self, prepared: PreparedQuery, fmt: str | None) -> tuple[Any, bool]:
        store = self.kg.store
        kwargs: dict[str, Any] = {"prefixes": self.prefixes, "row_cap": self.limits.row_cap}
        if prepared.default_graphs is not None:
            kwargs["default_graphs"] = [NamedNode(g) for g in prepared.default_graphs]
        if prepared.named_graphs is not None:
            kwargs["named_graphs"] = [NamedNode(g) for g in prepared.named_graphs]
        kwargs["base_iri"] = prepared.base_iri
        kwargs["deadline"] = time.monotonic() + self.limits.timeout
        try:
            if store.in_process:  # the engine runs here: in the thread with no network
                result = self._engine().call(_run_collected, store, prepared.text, kwargs)
            else:
                result = store.query(prepared.text, **kwargs)
        except QueryTimeoutError:
            if not store.in_process:
                raise  # a remote store's own message names the server
            raise QueryTimeoutError(
                f"the query ran past the time limit of {self.limits.timeout:g} s and was stopped") from None
        truncated = isinstance(result, (SelectResult, GraphResult)) and result.truncated
        return (serialize(result, fmt, self.prefixes) if fmt else result), truncated


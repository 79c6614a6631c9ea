"""A store backend that talks to an existing SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, …).

Selected by ``EGOVKG_STORE=sparql+http://host:port/path`` (see :func:`graph.store.open_store`). It keeps
the contract of :class:`graph.store.Store` (``tests/test_store_contract.py`` runs against Virtuoso):

- **Reads** go to the query endpoint (SPARQL 1.1 Protocol, POST form). The default graph a query
  sees is the union of *this store's* named graphs, sent explicitly as ``default-graph-uri`` /
  ``named-graph-uri``: servers disagree on what an unqualified default graph is (Fuseki: a separate
  graph unless configured; Virtuoso: every graph, including its own system graphs such as
  ``virtrdf#``), so relying on the server's default would change answers from server to server.
  The list of graphs is cached for ``graph_list_ttl`` seconds and refreshed after every write made
  through this object; writes by other processes show up within that time.
- **Writes** of sources (``replace_graphs``) stage every graph under a temporary name, via the Graph
  Store Protocol when a GSP endpoint is configured (fast) or SPARQL Update batches otherwise, then
  switch all of them into place with one update request (``MOVE``). A failure while staging — the
  slow, failure-prone part — changes nothing. Caveat: the switch is one request, but a server may
  not apply a multi-operation request as one transaction (Virtuoso 7 does not: checked, a failing
  second operation leaves the first applied), so a crash *during the switch* can leave some graphs
  switched and others not; rerunning the load repairs it.
- **Limits**: a query that runs past ``timeout`` raises :class:`QueryTimeoutError` (the server may
  go on working: set its own limit too, e.g. Virtuoso's ``MaxQueryExecutionTime``). A server-side
  row cap (Virtuoso's ``ResultSetMaxRows``) is detected from the ``X-SPARQL-MaxRows`` header and
  reported as truncation; ``quads()`` refuses to return a silently capped dump.

Never: ``CLEAR ALL`` or ``DROP ALL`` (they would wipe the server's own graphs); ``clear()`` drops this
store's graphs one by one.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import httpx
import pyoxigraph as ox
from pyoxigraph import DefaultGraph, NamedNode, Quad, Triple

from egovkg.errors import EgovkgError, InputError, QuerySyntaxError, QueryTimeoutError, StoreError
from graph.store.base import QuadStream
from graph.store.protocol import (
    batches, has_dataset_clause, json_boolean, json_rows, ntriples, query_form, server_message, shift_line,
    wide_integer, with_base, with_prefixes,
)
from graph.sparql.results import AskResult, GraphResult, QueryResult, SelectResult, syntax_error

#: graphs a server keeps for itself; never listed, queried, counted or dropped as this store's graphs
SERVER_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/schemas/virtrdf#",  # Virtuoso: its quad-map metadata (removing it breaks the server)
    "http://www.w3.org/ns/ldp#",                    # Virtuoso: Linked Data Platform vocabulary
    "http://localuriqaserver/",                     # Virtuoso: URIQA service description
)
STAGING_PREFIX = "urn:egovkg:staging:"
#: a graph that never exists: the dataset of a store that holds no graph yet
NO_GRAPH = "urn:egovkg:no-graph"

RESULTS_JSON = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


class RemoteStore:
    """A SPARQL 1.1 server as a :class:`graph.store.Store`."""

    #: others may write the server too: readers compare counts, not a write counter
    generation: int | None = None
    #: queries are evaluated by the server, not in this process
    in_process = False
    #: no folder of its own for other processes to open
    path: Path | None = None

    #: triples per SPARQL Update request (Virtuoso's compiler gives up at a few thousand)
    UPDATE_BATCH = 1000
    #: triples per Graph Store Protocol request
    GSP_BATCH = 200_000

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
        write_timeout: float = 600.0,
        graph_list_ttl: float = 2.0,
        server_graph_prefixes: Sequence[str] = SERVER_GRAPH_PREFIXES,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url
        self.timeout = timeout
        self.write_timeout = write_timeout
        self.graph_list_ttl = graph_list_ttl
        self.server_graph_prefixes = tuple(server_graph_prefixes)
        auth = httpx.DigestAuth(user, password or "") if user else None
        self._auth_is_digest = True
        self._credentials = (user, password or "") if user else None
        self._client = httpx.Client(auth=auth, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))
        self._graphs: list[NamedNode] | None = None
        self._graphs_at = 0.0

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # -- HTTP --------------------------------------------------------------------------------------
    def _send(self, method: str, url: str, *, timeout: float | None = None, **kwargs) -> httpx.Response:
        try:
            response = self._client.request(method, url, timeout=timeout or self.timeout, **kwargs)
            if response.status_code == 401 and self._credentials and self._auth_is_digest and \
                    response.headers.get("www-authenticate", "").lower().startswith("basic"):
                # the server asks for basic authentication (Fuseki, GraphDB): switch once, for good
                self._auth_is_digest = False
                self._client.auth = httpx.BasicAuth(*self._credentials)
                response = self._client.request(method, url, timeout=timeout or self.timeout, **kwargs)
        except httpx.TimeoutException:
            raise QueryTimeoutError(
                f"the SPARQL server at {url} did not answer within {timeout or self.timeout:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from None
        if response.status_code in (401, 403):
            raise StoreError(
                f"the SPARQL server at {url} refused access (HTTP {response.status_code}); set EGOVKG_STORE_USER "
                "and EGOVKG_STORE_PASSWORD to an account allowed to query and update"
            )
        return response

    def _failed(self, response: httpx.Response, url: str, what: str) -> StoreError:
        return StoreError(
            f"the SPARQL server at {url} failed {what} (HTTP {response.status_code}): {server_message(response.text)}"
        )

    # -- reading -----------------------------------------------------------------------------------
    def _dataset(
        self, default_graphs: Sequence[NamedNode] | None, named_graphs: Sequence[NamedNode] | None
    ) -> dict[str, list[str]]:
        ours = [g.value for g in self._our_graphs()] if default_graphs is None or named_graphs is None else []
        default = [g.value for g in default_graphs] if default_graphs is not None else ours
        named = [g.value for g in named_graphs] if named_graphs is not None else ours
        return {"default-graph-uri": default or [NO_GRAPH], "named-graph-uri": named or [NO_GRAPH]}

    def query(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        default_graphs: Sequence[NamedNode] | None = None,
        named_graphs: Sequence[NamedNode] | None = None,
        row_cap: int | None = None,
        base_iri: str | None = None,
        deadline: float | None = None,
    ) -> QueryResult:
        """``base_iri`` resolves relative IRIs (sent as a BASE declaration); ``deadline`` (a
        ``time.monotonic()`` value) shortens the wait for the server to what is left of it."""
        form = query_form(sparql) or "SELECT"
        text = with_base(with_prefixes(sparql, prefixes), base_iri)
        form_data: dict[str, str | list[str]] = {"query": text}
        if default_graphs is not None or named_graphs is not None or not has_dataset_clause(sparql):
            form_data.update(self._dataset(default_graphs, named_graphs))
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
        timeout = None
        if deadline is not None:
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                raise QueryTimeoutError("the query ran past its time limit before it was sent")
            timeout = min(timeout, self.timeout)
        response = self._send("POST", self.query_url, data=form_data, headers={"Accept": accept}, timeout=timeout)
        if response.status_code == 400:
            raise self._refused(sparql, prefixes, response.text, text.count("\n") - sparql.count("\n"))
        if response.status_code >= 300:
            raise self._failed(response, self.query_url, "a query")
        capped_by_server = "x-sparql-maxrows" in response.headers
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._graph_result(response, row_cap, capped_by_server)
        try:
            document = json.loads(response.content)
        except ValueError:
            raise StoreError(f"the SPARQL server at {self.query_url} sent a result that is not SPARQL JSON") from None
        if form == "ASK":
            return AskResult(json_boolean(document))
        variables, rows, truncated = json_rows(document, row_cap)
        return SelectResult(variables, rows, truncated or capped_by_server)

    def _graph_result(self, response: httpx.Response, row_cap: int | None, capped: bool) -> GraphResult:
        media_type = response.headers.get("content-type", "application/n-triples").split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
        try:
            triples = [t if isinstance(t, Triple) else t.triple for t in ox.parse(response.content, format=fmt)]
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL server at {self.query_url} sent a graph that does not parse: {exc}") from None
        truncated = row_cap is not None and len(triples) > row_cap
        return GraphResult(triples[:row_cap] if truncated else triples, truncated or capped)

    def _refused(self, sparql: str, prefixes: Mapping[str, str] | None, body: str, shifted: int) -> QuerySyntaxError:
        """Locate the error with Oxigraph's parser, so positions read the same on every backend.

        Only after the server refused the query: server extensions Oxigraph does not know stay usable.
        Oxigraph evaluates lazily, so parsing a SELECT/CONSTRUCT/DESCRIBE here runs nothing; an ASK
        runs against an empty in-memory store.
        """
        try:
            result = ox.Store().query(sparql, prefixes=dict(prefixes) if prefixes else None)
            del result
        except SyntaxError as exc:
            return syntax_error(exc)
        except OSError:
            pass
        message = server_message(body)
        return QuerySyntaxError(f"the SPARQL server refused the query: {shift_line(message, shifted)}")

    def _server_graphs(self) -> list[NamedNode]:
        """Every graph on the server. (GROUP BY, not DISTINCT: Virtuoso 7 plans DISTINCT ?g as a slow
        scan, 2 s at 16 k quads against 4 ms for the same answer grouped.)"""
        response = self._send(
            "POST", self.query_url, data={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
            headers={"Accept": RESULTS_JSON},
        )
        if response.status_code >= 300:
            raise self._failed(response, self.query_url, "listing its graphs")
        _, rows, _ = json_rows(json.loads(response.content), None)
        return [r[0] for r in rows if isinstance(r[0], NamedNode)]

    def named_graphs(self) -> list[NamedNode]:
        graphs = sorted((g for g in self._server_graphs() if not self._foreign(g.value)), key=lambda g: g.value)
        self._graphs, self._graphs_at = graphs, time.monotonic()
        return list(graphs)

    def _foreign(self, iri: str) -> bool:
        return iri.startswith(self.server_graph_prefixes) or iri.startswith(STAGING_PREFIX)

    def _our_graphs(self) -> list[NamedNode]:
        if self._graphs is None or time.monotonic() - self._graphs_at > self.graph_list_ttl:
            return self.named_graphs()
        return self._graphs

    def count(self, graph: NamedNode | None = None) -> int:
        if graph is not None:
            result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                default_graphs=[], named_graphs=[graph])
        else:
            result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, SelectResult)
        return int(result.rows[0][0].value) if result.rows and result.rows[0][0] is not None else 0

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        """Every quad, one graph per request (the server streams each; nothing is held for the whole store)."""
        for g in [graph] if graph is not None else self._our_graphs():
            result = self.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[], named_graphs=[g])
            assert isinstance(result, SelectResult)
            if result.truncated:
                raise StoreError(
                    f"the SPARQL server at {self.query_url} capped the dump of <{g.value}>; raise its result row "
                    "limit (Virtuoso: ResultSetMaxRows in virtuoso.ini) above the size of the largest graph"
                )
            for s, p, o in result.rows:
                yield Quad(s, p, o, g)

    # -- writing -----------------------------------------------------------------------------------
    def update(self, sparql: str, *, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None) -> None:
        text = with_base(with_prefixes(sparql, prefixes), base_iri)
        try:
            response = self._send("POST", self.update_url, data={"update": text}, timeout=self.write_timeout)
        finally:
            self._graphs = None  # whatever happened, the graph list may have changed
        if response.status_code == 400:
            message = server_message(response.text)
            shifted = text.count("\n") - sparql.count("\n")
            raise QuerySyntaxError(f"the SPARQL server refused the update: {shift_line(message, shifted)}")
        if response.status_code >= 300:
            raise self._failed(response, self.update_url, "an update")

    def replace_graphs(self, graphs: Mapping[NamedNode, Sequence[Quad]],
                       streams: Sequence[QuadStream] = ()) -> list[dict[str, int]]:
        """A stream is read whole first (a server is written through its protocols, graph by graph)."""
        counts: list[dict[str, int]] = []
        if streams:
            graphs = {g: list(quads) for g, quads in graphs.items()}
            for stream in streams:
                read: dict[NamedNode, list[Quad]] = {}
                for q in stream.quads():
                    read.setdefault(q.graph_name, []).append(q)  # type: ignore[arg-type]
                if not read:
                    raise stream.empty()
                read.setdefault(stream.graph, []).extend(stream.record)
                for g in read:
                    if g in graphs:
                        raise InputError(f"{stream.label}: writes the graph <{g.value}> that another source of this load also writes")
                graphs.update(read)
                counts.append({g.value: len(qs) for g, qs in read.items()})
        for quads in graphs.values():
            for q in quads:
                if not isinstance(q, Quad):
                    raise TypeError(f"expected quads, got {type(q).__name__}")
        run = uuid.uuid4().hex
        staging = {g: NamedNode(f"{STAGING_PREFIX}{run}:{i}") for i, g in enumerate(graphs)}
        try:
            for g, quads in graphs.items():
                if quads:
                    self._stage(staging[g], [q.triple for q in quads])
        except EgovkgError as exc:
            # the server refused data we generated (e.g. RDF-star it does not support): a store problem
            self._drop_quietly(staging.values())
            raise StoreError(f"writing {len(graphs)} graph(s) failed; nothing was changed: {exc}") from None
        except BaseException:
            self._drop_quietly(staging.values())
            raise
        self.update(" ;\n".join(
            f"MOVE SILENT GRAPH {staging[g]} TO GRAPH {g}" if graphs[g] else f"DROP SILENT GRAPH {g}" for g in graphs
        ))
        return counts

    def _stage(self, graph: NamedNode, triples: Sequence[Triple]) -> None:
        if self.gsp_url:
            # Virtuoso's Turtle loader retypes xsd:integer beyond 32 bits as xsd:decimal (its SPARQL
            # Update does not): those few triples go through SPARQL Update instead
            wide = [t for t in triples if wide_integer(t.object)]
            if wide:
                triples = [t for t in triples if not wide_integer(t.object)]
                self._insert(graph, wide)
            for batch in batches(triples, self.GSP_BATCH):
                response = self._send(
                    "POST", self.gsp_url, params={"graph": graph.value}, content=ntriples(batch).encode(),
                    headers={"Content-Type": "text/turtle; charset=utf-8"}, timeout=self.write_timeout,
                )
                if response.status_code >= 300:
                    raise self._failed(response, self.gsp_url, f"storing a graph ({len(batch)} triples)")
        else:
            self._insert(graph, triples)

    def _insert(self, graph: NamedNode, triples: Sequence[Triple]) -> None:
        for batch in batches(triples, self.UPDATE_BATCH):
            block = f"GRAPH {graph} {{\n{ntriples(batch)}}}"
            # blank nodes are not allowed in INSERT DATA by every server (Virtuoso refuses them); an
            # INSERT template with an empty WHERE writes them as fresh nodes, consistently within the batch
            has_blank = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in batch)
            self.update(f"INSERT {{ {block} }} WHERE {{}}" if has_blank else f"INSERT DATA {{ {block} }}")

    def _drop_quietly(self, graphs: Iterable[NamedNode]) -> None:
        try:
            self.drop_graphs(graphs)
        except StoreError:
            pass  # the original error matters more; leftover staging graphs are invisible and cleared later

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        names = list(graphs)
        if names:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in names))

    def clear(self) -> None:
        """Drop every graph of this store, and staging leftovers; the server's own graphs stay."""
        self.drop_graphs(g for g in self._server_graphs() if not g.value.startswith(self.server_graph_prefixes))

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, *, graph: NamedNode | None = None) -> None:
        if graph is None:
            ox.serialize(self.quads(), output, format=fmt)
        else:  # the graph's triples, as the embedded store dumps one graph
            ox.serialize((Triple(q.subject, q.predicate, q.object) for q in self.quads(graph)), output, format=fmt)

    def copy_into(self, target: ox.Store, graphs: Sequence[NamedNode]) -> None:
        for g in graphs:
            target.bulk_extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in self.quads(g))

    def scratch_copy(self, folder: Path) -> None:
        """None: the server keeps its own graphs, and copying all of them to try one write costs too much."""
        return None

    def snapshot(self, target: Path | str) -> None:
        raise StoreError(f"a remote store ({self.query_url}) has no snapshot for other processes to read")

    def content_stamp(self) -> str | None:
        """None: others write the server too, and nothing says when they did."""
        return None

    def close(self) -> None:
        self._client.close()

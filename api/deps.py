"""Dependency aliases: routes declare what they need and are handed it from the app's state, which the app
factory (:func:`api.app.create_app`) builds; and what several routers share about a request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from egovkg.settings import Settings
from graph.compliance.runner import GuardedCompliance
from graph.endpoint.executor import QueryExecutor
from graph.kg import KnowledgeGraph
from graph.network.cache import ProjectionCache
from graph.network.projection import Projection


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _kg(request: Request) -> KnowledgeGraph:
    return request.app.state.kg


def _executor(request: Request) -> QueryExecutor:
    return request.app.state.executor


def _compliance(request: Request) -> GuardedCompliance:
    return request.app.state.compliance


def _projection(request: Request) -> Projection:
    """The app's projection of its store, built on first use and rebuilt when the store changes."""
    cache: ProjectionCache = request.app.state.projection_cache
    return cache.get(request.app.state.kg)


def endpoint_url(request: Request) -> str:
    """The endpoint's own URL: the base of relative IRIs in queries, and the service's IRI. Built from the
    settings (EGOVKG_PUBLIC_URL, else the listening address), never from the request's Host header, which
    any client sets as it likes."""
    return request.app.state.settings.server_url + request.url.path


SettingsDep = Annotated[Settings, Depends(_settings)]
KGDep = Annotated[KnowledgeGraph, Depends(_kg)]
#: runs SPARQL within the limits (time limit, row cap, no outbound network): see graph.endpoint.executor
ExecutorDep = Annotated[QueryExecutor, Depends(_executor)]
#: runs compliance checks within the same limits, in a sandboxed child process: see graph.compliance.runner
ComplianceDep = Annotated[GuardedCompliance, Depends(_compliance)]
#: the networkx projection of the app's store, kept fresh by the app's cache: see graph.network.cache
ProjectionDep = Annotated[Projection, Depends(_projection)]

"""Dependency aliases: routes declare what they need and are handed it from the app's state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from egovkg.settings import Settings
from graph.compliance_runner import GuardedCompliance
from graph.executor import QueryExecutor
from graph.kg import KnowledgeGraph


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _kg(request: Request) -> KnowledgeGraph:
    return request.app.state.kg


def _executor(request: Request) -> QueryExecutor:
    return request.app.state.executor


def _compliance(request: Request) -> GuardedCompliance:
    return request.app.state.compliance


SettingsDep = Annotated[Settings, Depends(_settings)]
KGDep = Annotated[KnowledgeGraph, Depends(_kg)]
#: runs SPARQL within the limits (time limit, row cap, no outbound network): see graph.executor
ExecutorDep = Annotated[QueryExecutor, Depends(_executor)]
#: runs compliance checks within the same limits, in a sandboxed child process: see graph.compliance_runner
ComplianceDep = Annotated[GuardedCompliance, Depends(_compliance)]

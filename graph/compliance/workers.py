"""What a guarded check's worker process imports before it is handed a check (:mod:`graph.compliance.runner`): a
module of its own, so that a command line can read it before it forks its worker without importing the engine
(the package's names are imported only when asked for)."""

#: the runner, and the lexer the engine scans each rule's queries with (10 ms of patterns to compile, which the
#: engine imports only then)
WORKER_MODULES = ("graph.compliance.runner", "graph.sparql.lexer")

__all__ = ["WORKER_MODULES"]

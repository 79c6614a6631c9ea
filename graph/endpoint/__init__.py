"""Running strangers' SPARQL within limits: what ``/sparql``, ``/update``, the query page and the CLI's
``query`` go through.

- ``executor``             the checks every query meets (scan, dataset, reference graphs), the in-process executor
- ``worker_pool``          queries in worker processes over snapshots, a lane for long ones; :func:`executor_for`
- ``query_worker``         what runs inside a worker process
- ``service_description``  the endpoint's SPARQL 1.1 Service Description
- ``examples``             the architects' example queries (``queries/*.rq``)

It stands on ``graph.kg``, ``graph.store``, ``graph.sparql`` and ``graph.sandbox``; it never imports the
network, views or compliance wings.
"""

from graph.endpoint.executor import InProcessExecutor, PreparedQuery, QueryExecutor, Serialized, guard_local
from graph.endpoint.worker_pool import WorkerPoolExecutor, executor_for
from graph.sandbox import Limits

__all__ = [
    "InProcessExecutor", "Limits", "PreparedQuery", "QueryExecutor", "Serialized", "WorkerPoolExecutor",
    "executor_for", "guard_local",
]

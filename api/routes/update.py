"""The SPARQL 1.1 update endpoint, ``POST /update``: off unless an update token is configured.

With ``EGOVKG_UPDATE_TOKEN`` unset every request answers 403 (the endpoint exists, and says how to
turn it on); with it set, a request needs ``Authorization: Bearer <token>`` or it answers 403 too.
The update comes as a form field (``update=``) or as the body (``application/sparql-update``);
``using-graph-uri`` / ``using-named-graph-uri`` set the dataset of its WHERE clauses. It is applied
in one transaction (all of it or nothing); ``LOAD`` and ``SERVICE`` are refused. 204 on success.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import ExecutorDep, SettingsDep, endpoint_url
from api.sparql_request import DIRECT, FORM, from_post, refuse_other_operation
from egovkg.errors import ForbiddenError, ProtocolError
from egovkg.settings import Settings

router = APIRouter(tags=["sparql"])


def check_token(request: Request, settings: Settings) -> None:
    if settings.update_token is None:
        raise ForbiddenError("updates are disabled on this server (read-only); the operator enables them by "
                             "setting EGOVKG_UPDATE_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.update_token.get_secret_value()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ForbiddenError("updates need the header 'Authorization: Bearer <update token>'")


@router.post(
    "/update",
    name="sparql_update",
    summary="SPARQL 1.1 update (needs the update token)",
    status_code=204,
    responses={403: {"description": "updates disabled, or no valid bearer token"}},
    openapi_extra={"requestBody": {"required": True, "content": {
        FORM: {"schema": {"type": "object", "required": ["update"], "properties": {"update": {"type": "string"}}}},
        DIRECT["update"]: {"schema": {"type": "string"}},
    }}},
)
async def sparql_update(request: Request, executor: ExecutorDep, settings: SettingsDep) -> Response:
    check_token(request, settings)
    protocol = await from_post(request, "update", settings.max_request_bytes)
    refuse_other_operation(protocol, "query", "send queries to /sparql")
    if protocol.text is None:
        raise ProtocolError("the request has no 'update'")
    await run_in_threadpool(
        executor.update, protocol.text, using_graphs=protocol.values("using-graph-uri"),
        using_named_graphs=protocol.values("using-named-graph-uri"), base_iri=endpoint_url(request),
    )
    return Response(status_code=204)

"""A throwaway Virtuoso Open Source server for tests (Debian's ``virtuoso-opensource-7-bin``).

Started in a temporary folder with its own ``virtuoso.ini`` on free loopback ports (SQL and HTTP),
with a random password for ``dba``; tests reach it through the digest-authenticated endpoints
(``/sparql-auth`` and the Graph Store Protocol at ``/sparql-graph-crud-auth``), as a deployment
should. Stopped (SIGTERM, then SIGKILL) when the context exits.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from .live import free_port

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
NOT_INSTALLED = (
    "Virtuoso is not installed (no virtuoso-t or isql-vt on PATH): `make test` installs it "
    "(apt-get install virtuoso-opensource-7-bin)"
)

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
DirsAllowed = {dir}
VADInstallDir = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 20
ServerThreads = 20
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
; above any graph a test dumps, so quads() is never capped
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Virtuoso:
    base_url: str
    user: str
    password: str
    folder: Path

    @property
    def query_url(self) -> str:
        return self.base_url + "/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return self.base_url + "/sparql-graph-crud-auth"

    @property
    def store_setting(self) -> str:
        """The value of EGOVKG_STORE that selects this server."""
        return "sparql+" + self.query_url

    def store(self, **options):
        from graph.store.remote import RemoteStore

        return RemoteStore(self.query_url, gsp_url=self.gsp_url, user=self.user, password=self.password, **options)


@contextmanager
def virtuoso(folder: Path, *, buffers: int = 10_000, max_rows: int = 10_000_000) -> Iterator[Virtuoso]:
    if VIRTUOSO is None or ISQL is None:
        raise RuntimeError(NOT_INSTALLED)
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port, buffers=buffers,
                              dirty_buffers=buffers * 3 // 4, max_rows=max_rows))
    password = secrets.token_hex(8)
    log = (folder / "stdout.log").open("wb")
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(ini)],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
    )
    server = Virtuoso(f"http://127.0.0.1:{http_port}", "dba", "dba", folder)
    try:
        _wait_until_ready(server, process)
        # a fresh database has the well-known dba/dba: replace it before anything else connects
        subprocess.run(
            [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=USER_SET_PASSWORD('dba', '{password}');"],
            check=True, capture_output=True, timeout=60,
        )
        yield Virtuoso(server.base_url, "dba", password, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_until_ready(server: Virtuoso, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    auth = httpx.DigestAuth(server.user, server.password)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (server.folder / "stdout.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"Virtuoso exited with code {process.returncode} while starting:\n{log}")
        try:
            r = httpx.post(server.query_url, data={"query": "ASK {}"}, auth=auth, timeout=5)
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"Virtuoso did not answer on {server.base_url} within {timeout:g} s")

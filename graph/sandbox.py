"""Taking the network and unbounded memory away from whatever evaluates other people's SPARQL.

The endpoint refuses ``SERVICE`` and ``LOAD`` before a query reaches the engine
(:mod:`graph.sparql.lexer`). That refusal is a scan of text, and a scan can be wrong. So the
processes and threads that run queries, updates and compliance rules are also unable to open a
network connection at all: :func:`deny_network` installs a seccomp filter (Linux) that makes
``socket()`` fail with ``EACCES`` for every address family but ``AF_UNIX`` (which the worker's pipes
to its parent do not need either, but multiprocessing may), and ``io_uring_setup()`` (which could
open sockets behind the filter's back) fail with ``ENOSYS``. A filter cannot be removed, holds for
the thread that installs it and every thread and process it starts afterwards, and needs no
privilege (``PR_SET_NO_NEW_PRIVS`` first). Oxigraph then answers a ``SERVICE`` it is handed with an
error instead of a connection; ``tests/test_hostile.py`` proves it with the scan switched off and a
listener on loopback that counts connections.

:func:`limit_memory` caps a worker's data segment (``RLIMIT_DATA``: heap and private anonymous
mappings, which is where a query's intermediate results live), so one query cannot take the
machine's memory: past it an allocation fails and the worker dies or raises ``MemoryError``, and
the pool answers 503 with the reason.

Only x86-64 and AArch64 Linux get the filter; elsewhere :func:`deny_network` returns False and the
caller logs that the scan is the only guard there.

It also holds what every wing that runs strangers' SPARQL shares, so that the endpoint and the
compliance checks need not import one another: the :class:`Limits` a query or rule runs within, and
:func:`process_context`, how their child processes are started. This module imports nothing from the
project.
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import platform
import resource
import struct
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    #: seconds a query may run, counted from when a worker takes it up
    timeout: float = 10.0
    row_cap: int | None = 10_000
    #: seconds a query may wait for a free worker before the server answers that it is busy (None: ``timeout``)
    queue_wait: float | None = None
    #: seconds after which a running query counts as long: the worker pool adds a worker for it
    long_after: float = 1.0
    #: bytes of data segment a query worker may use (None: no cap); past it the query is answered 503
    memory_bytes: int | None = 2**30


#: the modules the fork server imports before its first fork: every caller's, in the order first asked for
_PRELOAD: dict[str, None] = {}


def process_context(preload: Sequence[str] = ()) -> Any:
    """Workers come from a fork server where there is one: it has imported the workers' modules once
    (``preload``, added to what earlier callers asked for), so a new worker starts in milliseconds, and it
    never forks this (threaded) server process. Elsewhere they are spawned."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        _PRELOAD.update(dict.fromkeys(preload))
        context.set_forkserver_preload(list(_PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def _threads() -> int:
    """Threads of this process, native ones included (Linux); 0 where it cannot be told."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("Threads:")), 0)
    except OSError:
        return 0


def _preforked_main(jobs: Any, conn: Any, parents: tuple, preload: Sequence[str]) -> None:
    """The preforked worker: import ``preload`` (while the parent imports its own modules), wait for the one call it
    is handed, then make it with ``conn`` first. ``parents``: the parent's ends of the two pipes, which the fork
    copied here; closed, so that the parent closing its end of the jobs is an end of file here."""
    for end in parents:
        end.close()
    for module in preload:
        __import__(module)
    try:
        job = jobs.recv()
    except (EOFError, OSError):  # its parent ended, or went another way
        return
    jobs.close()
    target, args = job
    target(conn, *args)


class PreforkedContext:
    """Where a command line starts its one sandboxed worker: forked from the command itself first thing, before it
    opens a store, while it is a single thread (a fork with other
    threads running, RocksDB's among them, could leave the child a lock nobody will release). The worker then
    imports what it will run, beside the command importing its own, and waits for its call. That costs a fork
    (milliseconds), where a fork server is a new interpreter that imports the project first (0.3 s a command). The first worker asked for (``Process(target, args=(conn, …))``, with the
    ``conn`` of the first ``Pipe()``) is that one; any later one, or any when the fork could not be made safely,
    comes from :func:`process_context`.

    Made by :func:`preforked_context`; the server never uses it (it is threaded, and a fork server costs it
    nothing after the first request)."""

    def __init__(self, preload: Sequence[str]) -> None:
        self._preload = list(preload)
        self._fallback: Any = None
        self._worker: Any = None
        if "fork" in multiprocessing.get_all_start_methods() and _threads() == 1:
            fork = multiprocessing.get_context("fork")
            jobs_out, self._jobs = fork.Pipe(duplex=False)
            self._pipe = fork.Pipe()
            self._worker = fork.Process(target=_preforked_main, name="egovkg-worker", daemon=True,
                                        args=(jobs_out, self._pipe[1], (self._jobs, self._pipe[0]), self._preload))
            self._worker.start()
            jobs_out.close()

    def _later(self) -> Any:
        if self._fallback is None:
            self._fallback = process_context(self._preload)
        return self._fallback

    def Pipe(self) -> Any:
        if self._worker is not None and self._pipe is not None:
            pipe, self._pipe = self._pipe, None
            return pipe
        return self._later().Pipe()

    def Process(self, target: Any, name: str | None = None, daemon: bool | None = None, args: tuple = ()) -> Any:
        if self._worker is not None and self._pipe is None:  # its pipe was handed out: this is its call
            worker, self._worker = self._worker, None
            return _Handed(worker, self._jobs, target, args[1:])
        return self._later().Process(target=target, name=name, daemon=daemon, args=args)

    def __enter__(self) -> "PreforkedContext":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the worker if it was never handed a call."""
        if self._worker is not None:
            self._jobs.close()  # it reads the end of its jobs and returns
            self._worker.join(timeout=2)
            if self._worker.is_alive():
                self._worker.kill()
            self._worker = None


class _Handed:
    """The preforked worker as the ``Process`` the caller asked for: ``start`` hands it the call."""

    def __init__(self, worker: Any, jobs: Any, target: Any, args: tuple) -> None:
        self._worker, self._jobs, self._call = worker, jobs, (target, args)

    def start(self) -> None:
        self._jobs.send(self._call)
        self._jobs.close()

    def __getattr__(self, name: str) -> Any:  # kill, join, is_alive, exitcode, pid
        return getattr(self._worker, name)


def preforked_context(preload: Sequence[str] = ()) -> PreforkedContext:
    """A :class:`PreforkedContext` whose worker imports ``preload`` (what it will run) as soon as it is forked:
    call it first thing in a command, before the command imports its own modules (the two import at once) and
    before it opens a store; ``with`` it, an unused worker ends with the block."""
    return PreforkedContext(preload)


# seccomp and BPF constants (linux/seccomp.h, linux/filter.h, linux/audit.h)
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_RET_K = 0x06
_AF_UNIX = 1

#: (audit arch, socket syscall number, io_uring_setup syscall number, x32 bit or 0)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, 0x40000000),
    "aarch64": (0xC00000B7, 198, 425, 0),
    "arm64": (0xC00000B7, 198, 425, 0),
}


def _program(arch: int, nr_socket: int, nr_io_uring: int, x32: int) -> bytes:
    """The filter: other architectures' and x32 syscalls are refused, socket() is allowed for AF_UNIX
    only, io_uring_setup() is refused, everything else is allowed."""
    deny_access = _SECCOMP_RET_ERRNO | errno.EACCES
    deny_nosys = _SECCOMP_RET_ERRNO | errno.ENOSYS
    ins: list[tuple[int, int, int, int]] = [
        (_BPF_LD_W_ABS, 0, 0, 4),                      # 0: A = seccomp_data.arch
        (_BPF_JEQ_K, 1, 0, arch),                      # 1: our arch → 3
        (_BPF_RET_K, 0, 0, deny_access),               # 2: another arch's calling convention: refuse
        (_BPF_LD_W_ABS, 0, 0, 0),                      # 3: A = seccomp_data.nr
    ]
    if x32:
        ins.append((_BPF_JGE_K, 0, 1, x32))            # 4: an x32 syscall → 5, else → 6
        ins.append((_BPF_RET_K, 0, 0, deny_access))    # 5
    base = len(ins)
    ins += [
        (_BPF_JEQ_K, 0, 1, nr_io_uring),               # io_uring_setup → refuse
        (_BPF_RET_K, 0, 0, deny_nosys),
        (_BPF_JEQ_K, 1, 0, nr_socket),                 # socket → look at its family
        (_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),        # anything else: allowed
        (_BPF_LD_W_ABS, 0, 0, 16),                     # A = args[0] (low 32 bits): the address family
        (_BPF_JEQ_K, 0, 1, _AF_UNIX),
        (_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        (_BPF_RET_K, 0, 0, deny_access),
    ]
    assert base  # keeps the jump offsets above relative to their own instruction
    return b"".join(struct.pack("HBBI", *i) for i in ins)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def deny_network() -> bool:
    """Install the filter on the calling thread (and what it starts later). True when installed; False
    where the platform has no such filter (the caller says so in its log)."""
    if not sys.platform.startswith("linux"):
        return False
    spec = _ARCHES.get(platform.machine())
    if spec is None:
        return False
    code = _program(*spec)
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = _SockFprog(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
    return True


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's data segment at ``max_bytes`` (None or 0: no cap)."""
    if not max_bytes:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


class SandboxedThread:
    """One thread with no network (:func:`deny_network`), that runs the calls it is handed one at a
    time: where a server or a command line applies SPARQL updates and in-process queries, so that
    the engine cannot open a connection even where the scan would miss one. The calling thread
    keeps its network (the server has to answer)."""

    def __init__(self, name: str = "egovkg-engine") -> None:
        import queue
        import threading

        self._jobs: queue.Queue = queue.Queue()
        self._ready = threading.Event()
        self.sandboxed = False
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()
        self._ready.wait()

    def _loop(self) -> None:
        try:
            self.sandboxed = deny_network()
        finally:
            self._ready.set()
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, args, kwargs, done, box = job
            try:
                box.append(("ok", fn(*args, **kwargs)))
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller as is
                box.append(("error", exc))
            done.set()

    def call(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        """``fn(*args, **kwargs)`` run in the sandboxed thread; its result, or its exception raised here."""
        import threading

        done, box = threading.Event(), []  # type: ignore[var-annotated]
        self._jobs.put((fn, args, kwargs, done, box))
        done.wait()
        kind, value = box[0]
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        self._jobs.put(None)


__all__ = ["PreforkedContext", "SandboxedThread", "deny_network", "limit_memory", "preforked_context"]

"""As-of views kept with the store: built once, opened by every later check of the same content and dates.

Building the as-of view (:func:`graph.compliance.snapshot.build_snapshot`) copies the counted graphs out of the
store into a scratch store, then rewrites and infers: 10–15 s at 1 M quads, most of a check. The view depends
only on three things, so it is kept under them and reused while they hold:

- the store's content: its content stamp (``egovkg-stamp``, renewed by every write, in any process), as the
  network projection's cache file is (:mod:`graph.network.cache`);
- which graphs it merges (the reports counted on the date, for every province or for some);
- where the date falls among the dates the as-of rewriting compares it with
  (:data:`graph.compliance.snapshot.DATED`): two dates that no such value separates give the same view, so the
  view kept for today serves tomorrow too, until a date the data names is passed.

A kept view is a folder ``<store>/egovkg-compliance/<key>/``: an Oxigraph store opened read-only (in 0.05 s at
1 M quads, where bulk-loading its 1 M quads into memory took 2.5 s; the rules' queries are 1.1–1.4× slower on
disk than in memory, measured: see docs/benchmarks.md), or for a small view (:data:`IN_MEMORY_QUADS`) an N-Quads
file read into memory. It is written to a temporary folder and renamed into
place whole, with its description (``view.json``) inside, so a half-written view is never opened; a view that
cannot be opened or does not describe the key it is filed under is ignored and built again. Views of older
content are removed when a new one is kept, and at most :data:`MAX_VIEWS` are kept.

Beside the views, :meth:`KeptViews.facts` keeps what every check reads of the store before it opens a view (its
reports and their dates, the administrative units, the dates the data names, where each graph's names come from),
for the same content: at 1 M quads those reads took 75 ms of a single province's check, where the file takes 1 ms.

Only the view is kept, never findings: every check runs the rules in force on its date over it. The store itself
is never written here; :func:`graph.compliance.snapshot.keep_view` is what ``egovkg load`` does last (today's view of every province).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import secrets
import shutil
import sys
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from graph.store.bulk import CHUNK, chunks

log = logging.getLogger("egovkg.compliance")

T = TypeVar("T")

#: the folder, in an on-disk store's folder, that holds the kept views
FOLDER = "egovkg-compliance"
#: what a kept view holds; raised whenever the view's make-up changes, so an older one is rebuilt
FORMAT = "egovkg-compliance-view/1"
#: the description a kept view carries inside its folder
DESCRIPTION = "view.json"
#: a view of at most this many quads is kept as N-Quads and read into memory (0.075 s for the curated data's 32 k
#: quads, whose rules then run in 0.07 s against 0.20 s over a folder opened cold); a larger one as an Oxigraph folder
#: (reading the 1 M-quad view into memory takes 2.5 s, its rules run 0.55 s slower from the folder)
IN_MEMORY_QUADS = 150_000
#: the file of a view kept as N-Quads
NQUADS = "view.nq"
#: views kept at most (the oldest used go first); each is about 90–150 MB at 1 M quads when built by copying graphs,
#: 420–560 MB when built in a copy of the store's folder (today's view of every province, which also holds the
#: store's named graphs: taking them out took 13 s and did not make the folder smaller)
MAX_VIEWS = 8
#: the views kept take at most this many times the store's own size on disk (the oldest used go first; the view
#: just kept, and views in use, stay)
MAX_SIZE_RATIO = 2.0
#: a view used this recently is not removed to make room (another check may be reading it)
IN_USE_SECONDS = 600.0


@functools.cache
def _code_version() -> str:
    """The code that builds views: a view written by other code is built again, not trusted."""
    digest = hashlib.sha1(f"{FORMAT} {ox.__version__} {sys.version_info[:2]}".encode())
    for path in (Path(__file__).with_name("snapshot.py"), Path(__file__)):
        try:
            digest.update(path.read_bytes())
        except OSError:  # installed without sources: the format and versions still say
            pass
    return digest.hexdigest()


@functools.cache
def _facts_version() -> str:
    """The code that reads the facts kept beside the views (:meth:`KeptViews.facts`)."""
    digest = hashlib.sha1(_code_version().encode())
    here = Path(__file__).parent
    for path in (here / "engine.py", here.parent / "units.py"):
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()


def date_position(dates: Sequence[date], day: date) -> tuple[int, int]:
    """Where ``day`` falls among ``dates`` (sorted): equal for two days that every date compares alike with
    (before, on, after). Each date is taken with its neighbours, so a comparison made with any of ``<``, ``≤``,
    ``>``, ``≥`` (or off by a day, a date-time's time zone) changes only between positions."""
    return bisect_left(dates, day), bisect_right(dates, day)


def spread(dates: set[date]) -> list[date]:
    """The dates with the day before and after each, sorted (see :func:`date_position`)."""
    out: set[date] = set()
    for d in dates:
        out.add(d)
        for step in (-1, 1):
            try:
                out.add(d + timedelta(days=step))
            except OverflowError:
                pass
    return sorted(out)


@dataclass(frozen=True)
class KeptView:
    store: ox.Store
    inferred: dict[str, int]


@dataclass(frozen=True)
class KeptViews:
    """The views kept in the folder of an on-disk store whose content stamp is ``stamp``."""

    folder: Path  # the store's folder
    stamp: str
    base: str
    #: called before a view is written (the guarded runner's child says it is still setting up: the write takes
    #: as long as the build, and the time allowed before the first rule starts again)
    on_keep: Callable[[], None] | None = field(default=None, compare=False)
    #: quads handed to the bulk loader at once when a view is written (the guarded child sets it by its memory cap)
    chunk: int = field(default=CHUNK, compare=False)

    @property
    def _root(self) -> Path:
        return Path(self.folder) / FOLDER

    def key(self, position: tuple[int, int], graphs: Sequence[str]) -> str:
        text = json.dumps([_code_version(), self.stamp, self.base, list(position), sorted(graphs)])
        return hashlib.sha1(text.encode()).hexdigest()

    def open(self, key: str) -> KeptView | None:
        """The view kept under ``key``, opened read-only; None when there is none (or none to trust)."""
        path = self._root / key
        try:
            description = json.loads((path / DESCRIPTION).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(description, dict) or description.get("key") != key or description.get("stamp") != self.stamp:
            log.info("ignoring the kept view %s: it describes another view", path)
            return None
        try:
            if description.get("form") == "nquads":  # a small view: read into memory (see IN_MEMORY_QUADS)
                store = ox.Store()
                # written by :meth:`keep` from terms the store had validated: read without checking each IRI again
                # (0.045 s where 0.063 s for a province's 38 k quads)
                store.load(path=str(path / NQUADS), format=ox.RdfFormat.N_QUADS, lenient=True)
            else:
                store = ox.Store.read_only(str(path))
        except (OSError, RuntimeError, SyntaxError) as exc:
            log.warning("ignoring the kept view %s that cannot be opened (%s)", path, exc)
            return None
        try:
            inferred = {str(k): int(v) for k, v in description.get("inferred", {}).items()}
        except (AttributeError, TypeError, ValueError):
            log.warning("ignoring the kept view %s: its description is not one this code writes", path)
            return None
        try:
            os.utime(path / DESCRIPTION)  # used: not the first to go when room is made
        except OSError:
            pass
        return KeptView(store, inferred)

    def facts(self, name: str, read: Callable[[], T]) -> T:
        """``read()``, a value computed from the store's content alone (``name`` says which), kept for the same
        content: from its file when the file was written for this content, base and code, else read and kept. A file
        that cannot be read or written costs the time of ``read``, nothing else; it is replaced whole, never half
        written."""
        path = self._root / f"facts-{name}.pickle"  # (in the store's folder, written only here: trusted as the store is)
        tag = (self.stamp, self.base, _facts_version())
        try:
            with path.open("rb") as fh:
                kept_tag, value = pickle.load(fh)
            if kept_tag == tag:
                return value
        except FileNotFoundError:
            pass
        except Exception as exc:  # noqa: BLE001 - any damage to the file: read the store instead
            log.info("ignoring the kept facts %s: %s: %s", path, type(exc).__name__, exc)
        value = read()
        temporary = path.with_name(f".tmp-{path.name}-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            self._root.mkdir(exist_ok=True)
            with temporary.open("wb") as fh:
                pickle.dump((tag, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError as exc:  # a read-only folder, a full disk
            log.info("cannot keep the facts %s: %s", path, exc)
            temporary.unlink(missing_ok=True)
        return value

    def scratch_folder(self, key: str) -> Path:
        """A folder that does not exist yet, where a view to keep under ``key`` may be written and handed to :meth:`keep`
        (a temporary name, removed if a killed process leaves it)."""
        self._root.mkdir(exist_ok=True)
        return self._root / f".tmp-{key}-{os.getpid()}-{secrets.token_hex(4)}"

    def keep(self, key: str, view: ox.Store | Path, inferred: dict[str, int]) -> bool:
        """Write ``view`` (a store the caller no longer changes) under ``key``, or name a view written already (an
        Oxigraph folder from :meth:`scratch_folder`, closed); False if it could not be."""
        root = self._root
        final = root / key
        if final.exists():
            if isinstance(view, Path):
                shutil.rmtree(view, ignore_errors=True)
            return True
        temporary = view if isinstance(view, Path) else self.scratch_folder(key)
        try:
            if self.on_keep is not None:
                self.on_keep()
            size = None if isinstance(view, Path) else len(view)  # (counting a folder's quads would take longer than naming it)
            if size is not None and size <= IN_MEMORY_QUADS:
                temporary.mkdir()
                view.dump(str(temporary / NQUADS), format=ox.RdfFormat.N_QUADS)
            elif size is not None:
                written = ox.Store(str(temporary))
                for chunk in chunks(view, self.chunk):  # the bulk loader holds about 1 KB a quad of what it is handed
                    written.bulk_extend(chunk)
                written.optimize()  # one level of files: the rules' queries ~25 % faster than over the bulk loader's
                del written  # closed: every file complete before the folder gets its name
            (temporary / DESCRIPTION).write_text(json.dumps(
                {"format": FORMAT, "code": _code_version(), "key": key, "stamp": self.stamp, "inferred": inferred, "quads": size,
                 "form": "nquads" if size is not None and size <= IN_MEMORY_QUADS else "oxigraph",
                 "written": time.time()}), encoding="utf-8")
            try:
                os.rename(temporary, final)
            except OSError:  # another process kept the same view meanwhile: theirs stays
                shutil.rmtree(temporary, ignore_errors=True)
            self._tidy(keep=key)
            return True
        except Exception as exc:  # noqa: BLE001 - a read-only folder, a full disk: the next check builds again
            log.warning("cannot keep the as-of view in %s: %s", root, exc)
            shutil.rmtree(temporary, ignore_errors=True)
            return False

    def _tidy(self, keep: str) -> None:
        """Remove views of other content or written by other code, half-written ones left by a killed process, and the
        least recently used beyond :data:`MAX_VIEWS` or beyond :data:`MAX_SIZE_RATIO` times the store's size (none
        used in the last :data:`IN_USE_SECONDS`)."""
        now = time.time()
        current: list[tuple[float, Path]] = []
        for path in self._root.iterdir():
            try:
                if path.name.startswith(".tmp-"):
                    if now - path.stat().st_mtime > IN_USE_SECONDS:
                        if path.is_dir():
                            shutil.rmtree(path, ignore_errors=True)
                        else:
                            path.unlink(missing_ok=True)
                    continue
                if not path.is_dir():  # kept facts: each is replaced when the content changes
                    continue
                description = json.loads((path / DESCRIPTION).read_text(encoding="utf-8"))
                used = (path / DESCRIPTION).stat().st_mtime
            except (OSError, ValueError):
                continue
            if not isinstance(description, dict) or description.get("stamp") != self.stamp or description.get("code") != _code_version():
                shutil.rmtree(path, ignore_errors=True)  # of other content, or written by other code: never opened
            elif path.name != keep:
                current.append((used, path))
        current.sort()
        sizes = {path: folder_size(path) for _, path in current}
        budget = MAX_SIZE_RATIO * folder_size(Path(self.folder), skip=(self._root.name,)) - folder_size(self._root / keep)
        while current and now - current[0][0] > IN_USE_SECONDS and (
                len(current) >= MAX_VIEWS or sum(sizes[path] for _, path in current) > budget):
            shutil.rmtree(current.pop(0)[1], ignore_errors=True)


def folder_size(folder: Path, skip: Sequence[str] = ()) -> int:
    """Bytes of the files under ``folder`` (not under its entries named in ``skip``); 0 when it cannot be read."""
    total = 0
    try:
        for entry in os.scandir(folder):
            if entry.name in skip:
                continue
            if entry.is_dir(follow_symlinks=False):
                total += folder_size(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
    except OSError:
        pass
    return total


def kept_views(store: object, base: str) -> KeptViews | None:
    """The kept views of ``store`` (an on-disk store with a content stamp), or None for a store that keeps nothing
    (in memory, a snapshot, a remote server)."""
    path, stamp = getattr(store, "path", None), None
    if path is not None and hasattr(store, "content_stamp"):
        stamp = store.content_stamp()
    return KeptViews(Path(path), stamp, base) if path is not None and stamp else None


__all__ = ["FOLDER", "KeptView", "KeptViews", "date_position", "folder_size", "kept_views", "spread"]

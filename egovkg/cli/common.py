"""What every command shares: error handling, the ``--store`` option, the settings.

Exit codes: 0 success, 1 a check found problems (reserved for ``check``), 2 an error (bad input, bad
settings, store unavailable). Errors print one line naming what is wrong and where.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from egovkg.errors import EgovkgError
from egovkg.settings import Settings

QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml")


def _fail(exc: EgovkgError) -> None:
    click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(exc.exit_code)


def handles_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except EgovkgError as exc:
            _fail(exc)

    return wrapper


def store_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store", "store", default=None, metavar="PATH",
        help="Store folder (default: $EGOVKG_STORE, else ./egovkg-store).",
    )(fn)


def settings_from(**overrides: Any) -> Settings:
    return Settings.load(**overrides)


def progress_enabled() -> bool:
    return sys.stderr.isatty()

"""egovkg: a knowledge graph of Vietnamese e-government systems and the links between them.

This package holds what the front doors share: the typed settings, the exception tree and the
``egovkg`` console script. The ontology (``ontology``), the loaders (``loaders``), the store and
graph functions (``graph``) and the HTTP API (``api``) are sibling packages, as the project layout
fixes them; this one only composes them.
"""

from __future__ import annotations

import functools


@functools.cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("egovkg")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked for: reading it costs every
    command 20 ms, and only the server and its pages show it."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

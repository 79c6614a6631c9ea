"""egovkg: a knowledge graph of Vietnamese e-government systems and the links between them.

This package holds what the front doors share: the typed settings, the exception tree and the
``egovkg`` console script. The ontology (``ontology``), the loaders (``loaders``), the store and
graph functions (``graph``) and the HTTP API (``api``) are sibling packages, as the project layout
fixes them; this one only composes them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("egovkg")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

"""The HTTP API: ``create_app(settings, kg)`` composes one router per resource.

``create_app`` is imported on first use, so a command that needs only the UI catalogue (``api.i18n``)
does not load FastAPI and every router.
"""

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from api.app import create_app

        return create_app
    raise AttributeError(f"module 'api' has no attribute {name!r}")

"""The HTTP API: ``create_app(settings, kg)`` composes one router per resource."""

from api.app import create_app

__all__ = ["create_app"]

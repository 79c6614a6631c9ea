"""CLI commands grouped by resource, one module each; ``egovkg.cli`` registers them.

A module here defines click commands and lists them in ``COMMANDS``. Heavy imports stay inside the
command functions, so ``egovkg --help`` stays fast.
"""

from __future__ import annotations

import importlib

import click

#: modules of this package whose ``COMMANDS`` join the ``egovkg`` group
MODULES: tuple[str, ...] = ("compliance", "extract", "explore", "synth")


def register(group: click.Group) -> None:
    for name in MODULES:
        module = importlib.import_module(f"egovkg.commands.{name}")
        for command in module.COMMANDS:
            group.add_command(command)

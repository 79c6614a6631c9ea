"""Every ``egovkg`` command says what it does (``--help``) and the README shows it, as every setting is listed
there (``test_settings.py``): the group adds its commands explicitly (``egovkg/cli/__init__.py``), and a new one
is not done until both are true."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from egovkg.cli import main

from .support.paths import ROOT

COMMANDS = sorted(main.commands)


def test_the_group_has_the_commands_of_every_resource():
    assert {"load", "query", "export", "stats", "serve", "extract", "systems", "check", "synth"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    command = main.commands[name]
    assert command.help and command.get_short_help_str().strip(), f"egovkg {name} says nothing about itself"
    result = CliRunner().invoke(main, [name, "--help"], prog_name="egovkg")
    assert result.exit_code == 0 and result.output.startswith(f"Usage: egovkg {name}")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\begovkg {re.escape(name)}\b(?!-)", readme), f"the README never shows `egovkg {name}`"

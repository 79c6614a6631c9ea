"""The ``egovkg`` console script: a thin layer over ``loaders``, ``graph`` and ``api``.

One module per resource, each listing its commands in ``COMMANDS``; the group adds them here, explicitly.
Heavy imports stay inside the command functions, so ``egovkg --help`` stays fast.
"""

from __future__ import annotations

import click

from egovkg import __version__
from egovkg.cli import annex, compliance, diff, explore, extract, store, synth

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="egovkg")
def main() -> None:
    """egovkg: a knowledge graph of Vietnamese e-government systems and the links between them.

    Settings come from EGOVKG_* environment variables (see the README); --store overrides EGOVKG_STORE.
    """


for _module in (store, extract, explore, diff, annex, compliance, synth):
    for _command in _module.COMMANDS:
        main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()

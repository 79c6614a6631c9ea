"""The ``egovkg`` console script: a thin layer over ``loaders``, ``graph`` and ``api``.

One module per resource, each listing its commands in ``COMMANDS``; the group adds them here, explicitly.
Heavy imports stay inside the command functions, so ``egovkg --help`` stays fast.
"""

from __future__ import annotations

import atexit
import gc

import click

from egovkg.cli import annex, compliance, diff, explore, extract, store, synth

__all__ = ["main"]


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from egovkg import __version__  # read from the package's metadata only when asked for (20 ms)

        click.echo(f"egovkg, version {__version__}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and exit.")
def main() -> None:
    """egovkg: a knowledge graph of Vietnamese e-government systems and the links between them.

    Settings come from EGOVKG_* environment variables (see the README); --store overrides EGOVKG_STORE.
    """
    # a command ends with its process: the collector's last pass over everything it read (a network projection is a
    # million objects at 1 M quads: 0.3 s) frees nothing the process's end does not
    atexit.register(gc.freeze)


for _module in (store, extract, explore, diff, annex, compliance, synth):
    for _command in _module.COMMANDS:
        main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()

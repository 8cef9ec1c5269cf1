"""The command line: the only place that reads paths, writes files and sets exit codes.

Exit codes: 0 success, 1 the definitions have errors, 2 usage error, 70 internal error.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from kitaforms import __version__
from kitaforms.cli.admin import admin_group
from kitaforms.cli.allocate import allocate_command
from kitaforms.cli.bescheid import bescheid_group
from kitaforms.cli.build import build_command
from kitaforms.cli.compare import compare_command
from kitaforms.cli.diff import diff_command
from kitaforms.cli.docs import docs_command
from kitaforms.cli.fee import fee_command
from kitaforms.cli.fitconnect import fitconnect_group
from kitaforms.cli.fmt import fmt_command
from kitaforms.cli.graph import graph_command
from kitaforms.cli.ids import ids_command
from kitaforms.cli.init import init_command
from kitaforms.cli.lint import lint_command
from kitaforms.cli.offers import offers_group
from kitaforms.cli.schema import schema_command
from kitaforms.cli.serve import serve_command
from kitaforms.cli.validate import validate_command

INTERNAL_ERROR = 70


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kitaforms")
def cli() -> None:
    """kitaforms: NRW Kita forms and fee rules from YAML to accessible assistants and exports."""


cli.add_command(validate_command)
cli.add_command(build_command)
cli.add_command(serve_command)
cli.add_command(admin_group)
cli.add_command(diff_command)
cli.add_command(fitconnect_group)
cli.add_command(schema_command)
cli.add_command(fmt_command)
cli.add_command(lint_command)
cli.add_command(graph_command)
cli.add_command(ids_command)
cli.add_command(docs_command)
cli.add_command(init_command)
cli.add_command(fee_command)
cli.add_command(compare_command)
cli.add_command(allocate_command)
cli.add_command(bescheid_group)
cli.add_command(offers_group)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: runs the CLI and turns any unexpected failure into a short message."""
    try:
        return cli.main(args=argv, prog_name="kitaforms", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        click.echo(f"kitaforms: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug in kitaforms, not in your definitions. Please report it.", err=True)
        sys.exit(INTERNAL_ERROR)

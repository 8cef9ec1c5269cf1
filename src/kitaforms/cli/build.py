"""`kitaforms build`: write (or with --check, compare) every bundle of exports/.

The work is :func:`kitaforms.build.run.build_exports`: only the Kommunen whose inputs changed since
the last build are compiled and built, in parallel on the machine's cores, into a staging folder.
With errors, or when a published version would change (BUILD_001), nothing is written (exit 1,
diagnostics as in `validate`). ``--check`` writes nothing and fails (exit 1) when ``exports/``
differs from what a build gives.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from kitaforms.build.run import BuildOptions, BuildOutcome, build_exports
from kitaforms.cli._project import line_reader, project_root
from kitaforms.export.bundle import DEFAULT_BASE_URL, DEFAULT_TIMESTAMP
from kitaforms.report import format_text


def build_timestamp() -> datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) if set, else the fixed default."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return DEFAULT_TIMESTAMP


@click.command("build")
@click.option("--base-url", default=DEFAULT_BASE_URL, show_default=True,
              help="Where the bundles will be published; each schema's $id is <base-url>/<kommune>/<form>/<version>/schema.json.")
@click.option("--check", is_flag=True, help="Write nothing; fail if exports/ is not what a build gives.")
@click.option("--project", "project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The project folder (with forms/ and satzungen/).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: <project>/exports).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: one per core).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Skip Kommunen whose inputs and output are unchanged since the last build (.cache/kitaforms/).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
def build_command(base_url: str, check: bool, project: Path, out: Path | None, jobs: int | None, cache: bool,
                  progress: bool | None) -> None:
    """Build the import bundles: exports/<ags>-<kommune>/<form>/<version>/."""
    root = project_root(project)
    out = out or root / "exports"
    if base_url == DEFAULT_BASE_URL and not check:
        click.echo(f"Note: the schemas' addresses use the local-only default {DEFAULT_BASE_URL}; for bundles a form "
                   "server or FIT-Connect imports, build with --base-url https://<where they are published>.", err=True)
    options = BuildOptions(base_url, build_timestamp(), jobs, cache)
    outcome = _run(root, out, options, check, progress)
    if not outcome.ok:
        click.echo(format_text(outcome.errors, line_reader(root)), nl=False)
        click.echo("Nothing was built: fix the errors above first.", err=True)
        raise SystemExit(1)
    raise SystemExit(_report_check(out, outcome) if check else _report_build(out, outcome))


def _run(root: Path, out: Path, options: BuildOptions, check: bool, progress: bool | None) -> BuildOutcome:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the build forks its workers
    show = progress if progress is not None else sys.stderr.isatty()
    with tqdm(desc="build", unit="Kommune", disable=not show, file=sys.stderr) as bar:
        def step(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        return build_exports(root, out, options, check=check, progress=step)


def _report_check(out: Path, outcome: BuildOutcome) -> int:
    comparison = outcome.comparison
    assert comparison is not None
    for path in comparison.differing:
        click.echo(f"out of date: {out / path}")
    for stale in comparison.stale:
        click.echo(f"not produced by the build: {stale}")
    if not comparison.up_to_date:
        click.echo(f"{out} is out of date ({len(comparison.differing)} files differ, {len(comparison.stale)} stale). "
                   "Run `kitaforms build`.", err=True)
        return 1
    click.echo(f"{out} is up to date ({len(comparison.files)} files).")
    return 0


def _report_build(out: Path, outcome: BuildOutcome) -> int:
    comparison = outcome.comparison
    assert comparison is not None
    files = comparison.files
    bundles = sum(1 for path in files if path.endswith("/manifest.json"))
    written = len(comparison.differing)
    click.echo(f"Built {bundles} bundles ({len(files)} files) in {out}: {written} written, "
               f"{len(files) - written} unchanged, {len(comparison.stale)} stale removed; "
               f"{len(outcome.built)} Kommunen built, {len(outcome.fresh)} unchanged since the last build.")
    return 0

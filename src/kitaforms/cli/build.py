"""`kitaforms build`: write (or with --check, compare) every bundle of exports/.

The definitions are validated first; with errors nothing is built (exit 1, diagnostics as in
`validate`). Otherwise :func:`kitaforms.export.bundle.build_bundles` computes every file and this
command alone touches the disk: it writes files whose bytes changed and removes stale files inside
the folders it owns (the current version of each bundle and each Kommune's own pages). Folders of
other versions are archived releases and are left alone. ``--check`` writes nothing and fails
(exit 1) when ``exports/`` differs from a fresh build.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import click

from kitaforms.cli._project import line_reader, project_root
from kitaforms.compiler import CompileResult, compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL, DEFAULT_TIMESTAMP, build_bundles, exported_forms
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
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
def build_command(base_url: str, check: bool, project: Path, out: Path | None, progress: bool | None) -> None:
    """Build the import bundles: exports/<ags>-<kommune>/<form>/<version>/."""
    root = project_root(project)
    out = out or root / "exports"
    result = compile_project(root)
    if not result.ok():
        errors = [d for d in result.diagnostics.sorted() if d.is_error]
        click.echo(format_text(errors, line_reader(root)), nl=False)
        click.echo("Nothing was built: fix the errors above first.", err=True)
        raise SystemExit(1)
    files = _build(result, base_url, progress)
    if check:
        raise SystemExit(_check(out, files))
    _write(out, files)


def _build(result: CompileResult, base_url: str, progress: bool | None) -> dict[Path, bytes]:
    from tqdm import tqdm

    forms = exported_forms(result)
    show = progress if progress is not None else sys.stderr.isatty()
    with tqdm(total=len(forms), desc="build", unit="form", disable=not show, file=sys.stderr) as bar:
        def step(key: str) -> None:
            bar.set_postfix_str(key, refresh=False)
            bar.update(1)

        return build_bundles(result, base_url, timestamp=build_timestamp(), progress=step)


def owned_areas(files: dict[Path, bytes]) -> set[tuple[PurePosixPath, bool]]:
    """Where a build decides the whole content: ``(folder, recursive)``.

    Each bundle folder (recursive), each Kommune folder's own files (not recursive: its form
    folders hold archived versions) and the Kommune's page sub-folders such as ``en/``, ``assets/``.
    """
    owned: set[tuple[PurePosixPath, bool]] = set()
    bundles = {PurePosixPath(*p.parts[:3]) for p in files if len(p.parts) == 4 and p.parts[3] == "manifest.json"}
    forms = {folder.parent for folder in bundles}
    for path in files:
        parts = PurePosixPath(path.as_posix()).parts
        if len(parts) >= 4 and PurePosixPath(*parts[:3]) in bundles:
            owned.add((PurePosixPath(*parts[:3]), True))
        elif len(parts) == 2:
            owned.add((PurePosixPath(parts[0]), False))
        elif len(parts) > 2 and PurePosixPath(*parts[:2]) not in forms:
            owned.add((PurePosixPath(*parts[:2]), True))
    return owned


def stale_files(out: Path, files: dict[Path, bytes]) -> list[Path]:
    """Files on disk inside the owned areas that the build does not produce."""
    stale: set[Path] = set()
    for folder, recursive in owned_areas(files):
        directory = out / folder
        if not directory.is_dir():
            continue
        candidates = directory.rglob("*") if recursive else directory.iterdir()
        stale |= {p for p in candidates if p.is_file() and p.relative_to(out) not in files}
    return sorted(stale)


def _check(out: Path, files: dict[Path, bytes]) -> int:
    differing = [p for p, content in files.items() if not (out / p).is_file() or (out / p).read_bytes() != content]
    stale = stale_files(out, files)
    for path in differing:
        click.echo(f"out of date: {out / path}")
    for path in stale:
        click.echo(f"not produced by the build: {path}")
    if differing or stale:
        click.echo(f"{out} is out of date ({len(differing)} files differ, {len(stale)} stale). Run `kitaforms build`.", err=True)
        return 1
    click.echo(f"{out} is up to date ({len(files)} files).")
    return 0


def _write(out: Path, files: dict[Path, bytes]) -> None:
    written = 0
    for path, content in files.items():
        target = out / path
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    stale = stale_files(out, files)
    for path in stale:
        path.unlink()
    bundles = sum(1 for p in files if p.name == "manifest.json")
    click.echo(f"Built {bundles} bundles ({len(files)} files) in {out}: {written} written, "
               f"{len(files) - written} unchanged, {len(stale)} stale removed.")

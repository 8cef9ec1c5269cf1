"""`kitaforms serve`: the reference form server on http://127.0.0.1:8000 (Starlette + uvicorn).

It imports the bundles of ``exports/`` as an admin would (manifests checked, forms rebuilt from
``form.json``) and stores submissions in SQLite (``var/kitaforms.sqlite3``) or, for several instances,
in PostgreSQL (``--db postgresql://…`` or ``KITAFORMS_DB``; see docs/deployment.md). The operator token
comes from ``KITAFORMS_ADMIN_TOKEN`` or is generated and printed; back offices get their own tokens
(``kitaforms admin token``). ``--dev`` builds from ``forms/`` and
``satzungen/`` in memory instead (lazily: the server answers at once), rebuilds only the Kommunen whose
files changed, and keeps the last good build when one fails (``kitaforms.serve.dev``).
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kitaforms.cli._project import project_root

if TYPE_CHECKING:
    from kitaforms.store import Location

TOKEN_VARIABLE = "KITAFORMS_ADMIN_TOKEN"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--exports", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True,
              help="The bundles to serve.")
@click.option("--db", envvar="KITAFORMS_DB", show_envvar=True, default="var/kitaforms.sqlite3", show_default=True,
              metavar="PATH|URL", help="Where submissions are stored: a SQLite file (or sqlite:///PATH), or "
                                       "postgresql://USER@HOST/DB for several instances on one database.")
@click.option("--dev", is_flag=True, help="Build forms/ and satzungen/ in memory and rebuild on change.")
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The project folder: built from with --dev; fee notices and care contracts "
                                      "are made from its forms/ and satzungen/.")
@click.option("--base-url", default=None, help="Base URL of the schemas' $id in --dev (default: this server).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Server processes (not with --dev).")
@click.option("--max-body-mb", default=64, show_default=True, type=click.IntRange(1, 1024),
              help="Largest multipart (file upload) request; JSON bodies are limited to 1 MB.")
def serve_command(host: str, port: int, exports: Path, db: str, dev: bool, project: Path, base_url: str | None,
                  workers: int, max_body_mb: int) -> None:
    """Serve the assistants and accept submissions.

    The store's schema is migrated at the start; the server refuses to start when it cannot write
    to --db, or when the database was migrated by a newer kitaforms. Production layout (TLS proxy,
    several instances on PostgreSQL, backups): docs/deployment.md.
    """
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    token = os.environ.get(TOKEN_VARIABLE) or secrets.token_urlsafe(32)
    if TOKEN_VARIABLE not in os.environ:
        click.echo(f"Operator token, every Kommune (set {TOKEN_VARIABLE} to choose one; back offices get their own "
                   f"with `kitaforms admin token --kommune K`): {token}")
    location = _check_store(db)
    os.environ.update({
        "KITAFORMS_EXPORTS": str(exports.resolve()), "KITAFORMS_DB": location.target, TOKEN_VARIABLE: token,
        "KITAFORMS_FORM_LIMIT": str(max_body_mb << 20),
    })
    if (project / "forms").is_dir():  # fee notices and contracts need the definitions, not only the bundles
        os.environ["KITAFORMS_PROJECT"] = str(project.resolve())
    click.echo(f"Serving on http://{host}:{port}/ (submissions in {location.shown()})")
    if dev:
        app = _dev_app(project, base_url or f"http://{host}:{port}", location.target, token, max_body_mb)
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    if not exports.is_dir():
        raise click.UsageError(f"{exports} does not exist: run `kitaforms build` first (or use --dev)")
    uvicorn.run("kitaforms.serve.factory:app_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="info")


def _dev_app(project: Path, base_url: str, db: str, token: str, max_body_mb: int):  # type: ignore[no-untyped-def]
    """The preview: it answers at once and builds in the background, a Kommune a request waits for first."""
    from kitaforms.cli._lang import editor_language
    from kitaforms.serve.app import Settings, create_app
    from kitaforms.serve.dev import DevBuilder

    builder = DevBuilder(project_root(project), base_url, editor_language())
    settings = Settings(db=db, admin_token=token, form_limit=max_body_mb << 20)
    return create_app(builder.catalogue, settings, dev=builder.state, background=[builder.run])


def _check_store(db: str) -> Location:
    """Migrate the store and commit a probe write; stop at the start, with the reason, when it cannot."""
    from kitaforms.store import SchemaTooNew, StoreError, check_writable, locate

    try:
        location = locate(db).absolute()
        check_writable(location.target)
    except SchemaTooNew as exc:
        raise click.ClickException(str(exc)) from None
    except StoreError as exc:
        raise click.ClickException(f"{exc}. Choose a writable file or a reachable PostgreSQL database "
                                   "with --db (or KITAFORMS_DB).") from None
    return location

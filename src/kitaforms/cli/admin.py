"""`kitaforms admin`: back-office tokens and retention, on the same store as `kitaforms serve`.

    kitaforms admin token --kommune koeln [--form anmeldung] [--label "KiTa-Planer"]   prints the token once
    kitaforms admin tokens                                                            id, scope, label, dates
    kitaforms admin revoke TK-…                                                       at once, on every instance
    kitaforms admin purge [--dry-run]                                                 delete what has expired

Every command takes ``--db`` (or ``KITAFORMS_DB``) like ``serve``; ``purge`` reads each Kommune's
retention (``aufbewahrung_tage``) from the bundles in ``--exports``, as the server does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from kitaforms.store import Store

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def _db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", envvar="KITAFORMS_DB", show_envvar=True, default="var/kitaforms.sqlite3",
                        show_default=True, metavar="PATH|URL",
                        help="The submission store, as for `kitaforms serve`.")(command)


@contextmanager
def _store(db: str) -> Iterator[Store]:
    from kitaforms.store import StoreError, open_store

    try:
        store = open_store(db)
    except StoreError as exc:
        raise click.ClickException(f"{exc}. Give the store of `kitaforms serve` with --db (or KITAFORMS_DB).") from None
    try:
        yield store
    finally:
        store.close()


def _identifier(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _IDENTIFIER.match(value):
        raise click.BadParameter(f"{value!r} is no id (lower-case letters, digits, _; e.g. koeln, anmeldung)")
    return value


@click.group("admin")
def admin_group() -> None:
    """Back-office tokens and retention of the form server's store."""


@admin_group.command("token")
@click.option("--kommune", required=True, callback=_identifier, help="The Kommune whose submissions the token reads.")
@click.option("--form", default=None, callback=_identifier, help="Only this form's submissions.")
@click.option("--label", default="", help="Who gets the token (shown by `kitaforms admin tokens`).")
@click.option("--exports", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True,
              help="Warn when no bundle there belongs to --kommune (a typo).")
@_db_option
def token_command(kommune: str, form: str | None, label: str, exports: Path, db: str) -> None:
    """Make a token for one Kommune's back office; print it once (only its hash is kept)."""
    if exports.is_dir() and not any(exports.glob(f"*-{kommune}/{form or '*'}/*/manifest.json")):
        click.echo(f"warning: {exports} has no bundle of {kommune}{'/' + form if form else ''}", err=True)
    with _store(db) as store:
        token, secret = store.issue_token(kommune, form, label)
    scope = kommune + (f"/{form}" if form else "")
    click.echo(f"Token {token.id} for {scope}. It is shown only now (the store keeps its hash); revoke it with "
               f"`kitaforms admin revoke {token.id}`.", err=True)
    click.echo(secret)


@admin_group.command("tokens")
@_db_option
def tokens_command(db: str) -> None:
    """List the tokens: id, scope, label, made, revoked."""
    with _store(db) as store:
        tokens = store.tokens()
    if not tokens:
        click.echo("no tokens (make one with `kitaforms admin token --kommune K`)", err=True)
    for token in tokens:
        scope = token.kommune + (f"/{token.form}" if token.form else "")
        state = f"revoked {token.revoked_at}" if token.revoked_at else "active"
        click.echo(f"{token.id}  {scope:<28} made {token.created_at}  {state}  {token.label}".rstrip())


@admin_group.command("revoke")
@click.argument("token_id")
@_db_option
def revoke_command(token_id: str, db: str) -> None:
    """Revoke a token at once (requests with it get 401 on every instance)."""
    with _store(db) as store:
        revoked = store.revoke(token_id)
    if not revoked:
        raise click.ClickException(f"there is no active token {token_id} (see `kitaforms admin tokens`)")
    click.echo(f"revoked {token_id}")


@admin_group.command("purge")
@click.option("--exports", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True,
              help="The bundles the server serves: each Kommune's retention period comes from them.")
@click.option("--dry-run", is_flag=True, help="Only list what has expired; delete nothing.")
@_db_option
def purge_command(exports: Path, dry_run: bool, db: str) -> None:
    """Delete the submissions whose retention has passed since they were retrieved.

    Never a submission that was never retrieved. The server does this every hour by itself.
    """
    import kitaforms.compiler  # noqa: F401 - the pipeline's import order
    from kitaforms.serve.catalogue import load_catalogue, read_tree
    from kitaforms.serve.retention import purge, retention_days

    if not exports.is_dir():
        raise click.UsageError(f"{exports} does not exist: give the bundles the server serves with --exports")
    days = retention_days(load_catalogue(read_tree(exports)))
    with _store(db) as store:
        expired = purge(store, days, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    for expiry in expired:
        click.echo(f"{expiry.kommune}: {verb} {len(expiry.references)} retrieved before {expiry.before} "
                   f"({expiry.days} days): {' '.join(expiry.references)}")
    click.echo(f"{verb} {sum(len(e.references) for e in expired)} submissions", err=True)

"""Retention: a Kommune's retrieved submissions are purged once its period has passed — exactly those,
never one that was never retrieved — by the server's job and by `kitaforms admin purge`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from kitaforms.cli import cli
from kitaforms.serve.retention import DEFAULT_DAYS, purge
from kitaforms.store import ACCEPTED, RECEIVED, RETRIEVED, Store, Submission, instant

from .conftest import run_sql
from .helpers import submission, upload

AT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def stored(store: Store, database_url: str, kommune: str, retrieved: timedelta | None, *,
           status: str = RETRIEVED, received: timedelta = timedelta(days=400)) -> Submission:
    """A submission received ``received`` before AT and, unless ``retrieved`` is None, retrieved that long before AT."""
    sent = submission(kommune=kommune)
    asyncio.run(store.add_submission(sent, None, {}, [upload(sent.reference.encode(), "a1")]))
    run_sql(database_url, "UPDATE submissions SET received_at = ? WHERE reference = ?",
            (instant(AT - received), sent.reference))
    if retrieved is not None:
        store.mark(sent.reference, RETRIEVED, RECEIVED)
        if status != RETRIEVED:
            store.mark(sent.reference, status, RETRIEVED)
        run_sql(database_url, "UPDATE submissions SET retrieved_at = ? WHERE reference = ?",
                (instant(AT - retrieved), sent.reference))
    return sent


def test_retention_purges_exactly_the_expired_submissions(store: Store, database_url: str) -> None:
    days = {"kurz": 10}  # "lang" is not in the catalogue: the default period
    expired = {
        stored(store, database_url, "kurz", timedelta(days=11)).reference,
        stored(store, database_url, "kurz", timedelta(days=10, milliseconds=1), status=ACCEPTED).reference,
        stored(store, database_url, "lang", timedelta(days=DEFAULT_DAYS + 1)).reference,
    }
    kept = {
        stored(store, database_url, "kurz", timedelta(days=10)).reference,  # exactly the period: not yet
        stored(store, database_url, "kurz", timedelta(days=9)).reference,
        stored(store, database_url, "kurz", None).reference,  # never retrieved, received 400 days ago
        stored(store, database_url, "lang", timedelta(days=11)).reference,
        stored(store, database_url, "lang", None, received=timedelta(days=4000)).reference,
    }

    planned = purge(store, days, AT, dry_run=True)
    assert {ref for expiry in planned for ref in expiry.references} == expired
    assert {expiry.kommune: expiry.days for expiry in planned} == {"kurz": 10, "lang": DEFAULT_DAYS}
    assert len(store.submissions()) == 8, "a dry run deletes nothing"

    done = purge(store, days, AT)
    assert {ref for expiry in done for ref in expiry.references} == expired
    assert {row.reference for row in store.submissions()} == kept
    assert all(store.files_of(reference) == [] for reference in expired)
    logged = store.access_log(token="retention")
    assert sorted(entry.reference for entry in logged) == sorted(expired)
    assert {entry.action for entry in logged} == {"purge"} and all(entry.kommune for entry in logged)
    assert purge(store, days, AT) == []
    assert purge(store, days, AT + timedelta(days=10000)) != [], "once expired, the rest goes too"
    assert {row.status for row in store.submissions()} == {RECEIVED}, "never one that was never retrieved"


def test_kitaforms_admin_commands(store: Store, database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    made = runner.invoke(cli, ["admin", "token", "--kommune", "teststadt", "--form", "antrag", "--label", "KiTa-Planer",
                               "--db", database_url, "--exports", str(tmp_path)])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    assert secret.startswith("kf_") and len(secret) == 46
    (token,) = store.tokens()
    assert store.token(secret) == token and token.kommune == "teststadt" and token.form == "antrag"
    assert secret not in str(run_sql(database_url, "SELECT * FROM api_tokens")), "only the hash is stored"

    listed = runner.invoke(cli, ["admin", "tokens"], env={"KITAFORMS_DB": database_url})
    assert listed.exit_code == 0 and token.id in listed.stdout and "teststadt/antrag" in listed.stdout
    assert "KiTa-Planer" in listed.stdout and secret not in listed.stdout

    assert runner.invoke(cli, ["admin", "revoke", token.id, "--db", database_url]).exit_code == 0
    assert store.token(secret) is None
    again = runner.invoke(cli, ["admin", "revoke", token.id, "--db", database_url])
    assert again.exit_code == 1 and "no active token" in again.output
    assert runner.invoke(cli, ["admin", "token", "--kommune", "Köln", "--db", database_url]).exit_code == 2

    old = stored(store, database_url, "teststadt", timedelta(days=DEFAULT_DAYS + 400))
    fresh = stored(store, database_url, "teststadt", None)
    dry = runner.invoke(cli, ["admin", "purge", "--dry-run", "--db", database_url, "--exports", str(tmp_path)])
    assert dry.exit_code == 0 and old.reference in dry.stdout and store.submission(old.reference) is not None
    done = runner.invoke(cli, ["admin", "purge", "--db", database_url, "--exports", str(tmp_path)])
    assert done.exit_code == 0 and old.reference in done.stdout
    assert store.submission(old.reference) is None and store.submission(fresh.reference) is not None

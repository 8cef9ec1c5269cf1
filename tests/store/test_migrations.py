"""Schema migrations are numbered, run once, in order, at start; a newer schema stops the server."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitaforms.cli import cli
from kitaforms.store import SchemaTooNew, open_store
from kitaforms.store.migrate import Migration, migrations, pending

from .conftest import run_sql

LATEST = len(migrations("sqlite"))


def test_both_backends_have_the_same_versions() -> None:
    assert [(m.version, m.name) for m in migrations("sqlite")] == [(m.version, m.name) for m in migrations("postgresql")]


def test_pending_are_the_versions_after_the_current_one() -> None:
    known = [Migration(1, "a", ""), Migration(2, "b", ""), Migration(3, "c", "")]
    assert [m.version for m in pending(0, known, "db")] == [1, 2, 3]
    assert [m.version for m in pending(2, known, "db")] == [3]
    assert pending(3, known, "db") == []
    with pytest.raises(SchemaTooNew, match="schema version 4.*up to 3"):
        pending(4, known, "db")


def test_migrations_are_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "x" / "0003_c.sql").write_text("SELECT 1;")
    with pytest.raises(ValueError, match="without gaps"):
        migrations("x", tmp_path)
    (tmp_path / "x" / "2_b.sql").write_text("SELECT 1;")
    with pytest.raises(ValueError, match="NNNN_what.sql"):
        migrations("x", tmp_path)


def versions(url: str) -> list[int]:
    return [row[0] for row in run_sql(url, "SELECT version FROM schema_version ORDER BY version")]


def test_a_new_database_is_migrated_once(database_url: str) -> None:
    open_store(database_url).close()
    open_store(database_url).close()
    assert versions(database_url) == list(range(1, LATEST + 1))


def test_instances_starting_together_migrate_once(database_url: str) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        stores = list(pool.map(lambda _: open_store(database_url), range(4)))
    for opened in stores:
        opened.close()
    assert versions(database_url) == list(range(1, LATEST + 1))


def test_a_database_from_before_versioned_migrations_is_adopted(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.sqlite3"
    first = migrations("sqlite")[0].sql  # the tables as the first release created them, without schema_version
    for statement in first.split(";"):
        if statement.strip():
            run_sql(str(legacy), statement)
    run_sql(str(legacy), "INSERT INTO submissions VALUES ('KF-AAAA-BBBB-CCCC', 'k', 'f', '1', "
                         "'2026-01-01T00:00:00.000Z', 'de', '{}')")
    store = open_store(legacy)
    try:
        kept = store.submission("KF-AAAA-BBBB-CCCC")
    finally:
        store.close()
    assert kept is not None and kept.status == "received" and kept.data == "{}"
    assert versions(str(legacy)) == list(range(1, LATEST + 1))


def newer(url: str) -> str:
    open_store(url).close()
    run_sql(url, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
            (LATEST + 7, "from_the_future", "2030-01-01T00:00:00.000Z"))
    return url


def test_a_newer_schema_is_refused_and_left_alone(database_url: str) -> None:
    newer(database_url)
    with pytest.raises(SchemaTooNew, match=f"schema version {LATEST + 7}.*Upgrade kitaforms"):
        open_store(database_url)
    assert versions(database_url)[-1] == LATEST + 7


def test_serve_refuses_to_start_on_a_newer_schema(database_url: str, tmp_path: Path) -> None:
    newer(database_url)
    result = CliRunner().invoke(cli, ["serve", "--exports", str(tmp_path), "--db", database_url])
    assert result.exit_code == 1
    assert f"schema version {LATEST + 7}" in result.output and "Serving on" not in result.output
    started = subprocess.run([sys.executable, "-m", "kitaforms", "serve", "--exports", str(tmp_path)],
                             env={"KITAFORMS_DB": database_url, "KITAFORMS_ADMIN_TOKEN": "t", "PATH": ""},
                             capture_output=True, text=True, timeout=60)
    assert started.returncode == 1
    assert "Error: the database" in started.stderr and "Upgrade kitaforms" in started.stderr
    assert "Traceback" not in started.stderr

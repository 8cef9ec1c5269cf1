"""Versioned schema migrations, run by every store when it opens.

Each backend has its own folder of numbered scripts, ``migrations/<dialect>/NNNN_what.sql``, with
the same numbers meaning the same schema. The ``schema_version`` table lists the versions applied.
All pending scripts run in one transaction that holds the backend's migration lock, so instances
starting together migrate once. A database whose version is newer than the newest script here was
migrated by a later kitaforms: it is refused (:class:`SchemaTooNew`) and left as it is.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kitaforms.store.model import SchemaTooNew, now
from kitaforms.store.sql import Execute

FOLDER = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


class Database(Protocol):
    """How one backend runs migrations."""

    def locked(self) -> AbstractContextManager[Execute]:
        """One transaction holding the migration lock; committed when the block ends without error."""

    def script(self, execute: Execute, sql: str) -> None:
        """Run a script of several statements inside that transaction."""


def migrations(dialect: str, folder: Path = FOLDER) -> list[Migration]:
    """The scripts of one dialect in version order (numbered 1, 2, 3 … without gaps)."""
    found = []
    for path in sorted((folder / dialect).glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise ValueError(f"{path}: a migration is named NNNN_what.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text("utf-8")))
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise ValueError(f"{folder / dialect}: migrations must be numbered 0001, 0002, … without gaps")
    return found


def pending(current: int, known: list[Migration], where: str) -> list[Migration]:
    """The migrations after ``current``; refuses a database newer than ``known``."""
    latest = known[-1].version if known else 0
    if current > latest:
        raise SchemaTooNew(
            f"the database {where} has schema version {current}, but this kitaforms knows versions up to "
            f"{latest}: it was migrated by a newer kitaforms. Upgrade kitaforms, or use another database."
        )
    return [m for m in known if m.version > current]


def migrate(database: Database, known: list[Migration], where: str) -> int:
    """Bring the database to the newest version in ``known``; return that version."""
    with database.locked() as execute:
        execute(VERSION_TABLE, ())
        current = int(execute("SELECT COALESCE(MAX(version), 0) FROM schema_version", ()).fetchone()[0])
        for migration in pending(current, known, where):
            database.script(execute, migration.sql)
            execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, now()))
    return max(current, known[-1].version if known else 0)

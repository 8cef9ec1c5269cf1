"""Every store test runs on a real SQLite file and on a real PostgreSQL database.

PostgreSQL is a throw-away server started once per session (:mod:`.postgres`); each test gets a new
empty database on it. Without Debian's PostgreSQL binaries the PostgreSQL half is skipped on a
developer's machine, and fails under CI (``CI`` set): CI must never skip it silently.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kitaforms.store import Store, locate, open_store

from .postgres import ThrowawayPostgres, binaries

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    bin_dir = binaries()
    if bin_dir is None:
        message = ("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
                   "`make system-deps` installs Debian's postgresql package")
        if os.environ.get("CI"):
            pytest.fail(f"{message}. CI must run the PostgreSQL store tests.", pytrace=False)
        pytest.skip(message)
    server = ThrowawayPostgres(bin_dir).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite3")
    server: ThrowawayPostgres = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture()
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()


def run_sql(url: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """One statement on a connection of its own, outside the store (``?`` placeholders)."""
    location = locate(url)
    if location.dialect == "sqlite":
        connection = sqlite3.connect(location.target)
        try:
            with connection:  # commits
                return connection.execute(statement, params).fetchall()
        finally:
            connection.close()
    import psycopg

    with psycopg.connect(location.target, autocommit=True) as connection:
        cursor = connection.execute(statement.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []

"""What only the PostgreSQL backend has to get right: its durability setting, a database that goes away."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from kitaforms.store import StoreUnavailable, locate
from kitaforms.store.postgres import PostgresStore

from .helpers import submission
from .postgres import ThrowawayPostgres, binaries


def test_commits_wait_for_the_disk_even_where_the_server_says_otherwise(postgres_server: ThrowawayPostgres) -> None:
    import psycopg

    from kitaforms.store.postgres import _configure

    url = postgres_server.create_database()
    with psycopg.connect(url, autocommit=True, options="-c synchronous_commit=off") as connection:
        _configure(connection)
        assert connection.execute("SHOW synchronous_commit").fetchone() == ("on",)


@pytest.fixture()
def own_server(postgres_server: ThrowawayPostgres) -> Iterator[ThrowawayPostgres]:
    """A server of this test's own, to stop and start (``postgres_server`` skips or fails first)."""
    bin_dir = binaries()
    assert bin_dir is not None
    server = ThrowawayPostgres(bin_dir).start()
    try:
        yield server
    finally:
        server.stop()


def healthy(store: PostgresStore) -> bool:
    try:
        asyncio.run(store.probe())
    except StoreUnavailable:
        return False
    return True


def test_a_database_that_goes_away_is_unavailable_and_then_back(own_server: ThrowawayPostgres) -> None:
    store = PostgresStore(locate(own_server.create_database()), wait=1)
    try:
        asyncio.run(store.add_submission(submission(), None, {}))
        own_server.halt()
        with pytest.raises(StoreUnavailable, match="cannot write"):
            asyncio.run(store.add_submission(submission(), None, {}))
        with pytest.raises(StoreUnavailable):
            asyncio.run(store.probe())
        own_server.start()
        deadline = time.monotonic() + 30  # the pool reconnects in the background, without a restart of kitaforms
        while not healthy(store):
            assert time.monotonic() < deadline, "the store did not come back"
        asyncio.run(store.add_submission(submission(), None, {}))
        assert store.count() == 2
    finally:
        store.close()

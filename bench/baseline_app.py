"""The bare baseline for bench/serve.py: what the same stack costs with nothing of kitaforms in it.

A Starlette app on uvicorn that takes ``POST /<kommune>/<form>/submit``, parses the JSON, checks it
against the bundle's ``schema.json`` with jsonschema-rs, inserts it and commits (SQLite in WAL mode
with ``synchronous=FULL``, or PostgreSQL with ``synchronous_commit=on``), and answers 201 with a
reference. No rules check, no idempotency, no receipt, no group commit: the floor against which the
project's server is compared.

    python bench/baseline_app.py --exports DIR --port 8001 [--db sqlite-file-or-postgresql-URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

CREATE = "CREATE TABLE IF NOT EXISTS submissions (reference TEXT PRIMARY KEY, form TEXT NOT NULL, data TEXT NOT NULL)"
INSERT_SQLITE = "INSERT INTO submissions (reference, form, data) VALUES (?, ?, ?)"
INSERT_POSTGRES = "INSERT INTO submissions (reference, form, data) VALUES (%s, %s, %s)"


def validators(exports: Path) -> dict[tuple[str, str], Any]:
    """The newest bundle's schema of every Kommune form, compiled once."""
    found = {}
    for schema in sorted(exports.glob("*/*/*/schema.json")):
        kommune, form = schema.parents[2].name.split("-", 1)[1], schema.parents[1].name
        found[(kommune, form)] = jsonschema_rs.validator_for(json.loads(schema.read_text("utf-8")))
    return found


class SqliteStore:
    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.execute("PRAGMA journal_mode=WAL")
        # FULL, as the project's store; BASELINE_SQLITE_SYNC=NORMAL shows the floor without an fsync per commit
        self.connection.execute(f"PRAGMA synchronous={os.environ.get('BASELINE_SQLITE_SYNC', 'FULL')}")
        self.connection.execute(CREATE)
        self.lock = asyncio.Lock()

    async def insert(self, reference: str, form: str, data: str) -> None:
        async with self.lock:
            await asyncio.to_thread(self._insert, reference, form, data)

    def _insert(self, reference: str, form: str, data: str) -> None:
        self.connection.execute("BEGIN")
        self.connection.execute(INSERT_SQLITE, (reference, form, data))
        self.connection.execute("COMMIT")


class PostgresStore:
    def __init__(self, url: str) -> None:
        from psycopg_pool import AsyncConnectionPool

        self.url = url
        self.pool = AsyncConnectionPool(url, min_size=4, max_size=8, open=False)

    async def open(self) -> None:
        await self.pool.open()
        async with self.pool.connection() as connection:
            await connection.execute(CREATE)

    async def insert(self, reference: str, form: str, data: str) -> None:
        async with self.pool.connection() as connection:
            await connection.execute(INSERT_POSTGRES, (reference, form, data))


def create_app(exports: Path, db: str) -> Starlette:
    checks = validators(exports)
    store: Any = PostgresStore(db) if db.startswith("postgres") else SqliteStore(db)

    async def submit(request: Request) -> JSONResponse:
        validator = checks.get((request.path_params["kommune"], request.path_params["form"]))
        if validator is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        body = await request.body()
        try:
            data = json.loads(body)
        except ValueError:
            return JSONResponse({"error": "malformed"}, status_code=400)
        if not validator.is_valid(data):
            return JSONResponse({"error": "invalid"}, status_code=400)
        reference = secrets.token_hex(8)
        await store.insert(reference, request.path_params["form"], body.decode("utf-8"))
        return JSONResponse({"reference": reference}, status_code=201)

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if hasattr(store, "open"):
            await store.open()
        yield

    routes = [Route("/api/health", health), Route("/{kommune}/{form}/submit", submit, methods=["POST"])]
    return Starlette(routes=routes, lifespan=lifespan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.exports, args.db), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()

"""Sustained submissions per second of `kitaforms serve` on loopback, with p50/p99 latency.

Builds the bundles of a project (default: this repository's forms/ if they validate, else the test
fixture tests/fixtures/mini) into a temporary exports/ folder, starts `kitaforms serve` as a real
process on a free 127.0.0.1 port with a fresh SQLite database (WAL, synchronous=FULL) or the
database given with ``--db`` (e.g. ``postgresql://kitaforms@127.0.0.1/bench``), and posts
valid example submissions from an asyncio client over keep-alive connections for a fixed time.
Every request is a full submission: JSON parsing, schema + rules check, durable commit, receipt;
an example with file answers goes as multipart with the bundle's example files.

    python bench/serve.py [--seconds 10] [--concurrency 16] [--workers 1] [--project PATH] [--db URL | --postgres]

In the same run it measures a bare baseline (bench/baseline_app.py: the same Starlette/uvicorn
stack doing only a JSON parse, the JSON Schema check with jsonschema-rs and a committed insert into
the same kind of store) with the same requests, and prints the ratio. Both get the examples that
need no files (the baseline cannot take multipart); the project alone is also measured with every
example, files included. ``--postgres`` starts a throw-away PostgreSQL (Debian's binaries, see
tests/store/postgres.py) for both.

Aims (issue 14): the project at >= 25 % of the baseline, p99 <= 100 ms at concurrency 16 on 2 cores,
for SQLite and for PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from _procs import proc_table  # bench/ is the script's folder

from kitaforms.store import locate

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-token"
AIM_RATIO, AIM_P99_MS = 0.25, 100.0



def build(project: Path, target: Path) -> list[tuple[str, str, bytes]]:
    """Write the bundles; return (submit URL, content type, body) for every valid example."""
    import kitaforms.compiler  # noqa: F401
    from kitaforms.compiler import compile_project
    from kitaforms.export.bundle import build_bundles

    result = compile_project(project)
    if not result.ok():
        raise SystemExit(f"{project} has definition errors; run `kitaforms validate`")
    for path, content in build_bundles(result).items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(content)
    from kitaforms.allocate.model import OFFER_FORM  # answered through an offer's secret link, not submitted

    bodies = []
    for index in sorted(target.glob("*/*/*/examples/index.json")):
        kommune = index.parents[3].name.split("-", 1)[1]
        form = index.parents[2].name
        if form == OFFER_FORM:
            continue
        for entry in json.loads(index.read_text("utf-8"))["valid"]:
            body = (index.parent / entry["file"]).read_bytes()
            bodies.append((f"/{kommune}/{form}/submit", *with_files(body, index.parents[1])))
    return bodies


def with_files(body: bytes, bundle: Path) -> tuple[str, bytes]:
    """JSON, or multipart with the example's files when it has file answers (JSON cannot carry files)."""
    from kitaforms.export.schema import file_answers

    answers = list(file_answers(json.loads((bundle / "schema.json").read_bytes()), json.loads(body)))
    if not answers:
        return "application/json", body
    contents = {hashlib.sha256(f.read_bytes()).hexdigest(): f.read_bytes() for f in (bundle / "examples" / "files").glob("*")}
    parts = [(b'name="_submission"\r\nContent-Type: application/json', body)]
    for answer in answers:
        head = f'name="{answer.field}"; filename="{answer.value["name"]}"\r\nContent-Type: {answer.value["type"]}'
        parts.append((head.encode(), contents[answer.value["sha256"]]))
    boundary = b"kitaforms-bench-boundary"
    out = b"".join(b"--%s\r\nContent-Disposition: form-data; %s\r\n\r\n%s\r\n" % (boundary, head, content)
                   for head, content in parts)
    return f"multipart/form-data; boundary={boundary.decode()}", out + b"--%s--\r\n" % boundary


def default_project() -> Path:
    import kitaforms.compiler  # noqa: F401
    from kitaforms.compiler import compile_project

    return ROOT if compile_project(ROOT).ok() and (ROOT / "forms").is_dir() else ROOT / "tests" / "fixtures" / "mini"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(exports: Path, db: str, port: int, workers: int, baseline: bool = False) -> subprocess.Popen[bytes]:
    from kitaforms.export.examples import REFERENCE_DATE  # the day the examples are valid on

    env = {**os.environ, "KITAFORMS_ADMIN_TOKEN": TOKEN, "KITAFORMS_TODAY": REFERENCE_DATE.isoformat()}
    command = [sys.executable, "-m", "kitaforms", "serve", "--port", str(port), "--exports", str(exports), "--db", db,
               "--workers", str(workers)]
    if baseline:
        command = [sys.executable, str(ROOT / "bench" / "baseline_app.py"), "--port", str(port), "--exports",
                   str(exports), "--db", db]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def request_bytes(url: str, content_type: str, body: bytes) -> bytes:
    head = (f"POST {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nAccept: application/json\r\n\r\n")
    return head.encode("ascii") + body


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One request on a keep-alive connection (a minimal HTTP/1.1 client: the load generator
    shares the machine's cores with the server, so it must cost as little as possible)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def load(port: int, bodies: list[tuple[str, str, bytes]], seconds: float, concurrency: int) -> tuple[list[float], int, int]:
    latencies: list[float] = []
    failures = 0
    refused: dict[int, int] = {}
    requests = [request_bytes(url, kind, body) for url, kind, body in bodies]
    stop = time.monotonic() + seconds

    async def worker(seed: int) -> None:
        nonlocal failures
        chooser = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < stop:
                started = time.perf_counter()
                status = await exchange(reader, writer, chooser.choice(requests))
                latencies.append(time.perf_counter() - started)
                if status != 201:
                    failures += 1
                    refused[status] = refused.get(status, 0) + 1
        finally:
            writer.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    if refused:
        print(f"  answers other than 201: {dict(sorted(refused.items()))}", file=sys.stderr)
    return latencies, failures, len(latencies)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Measured:
    name: str
    count: int
    failures: int
    seconds: float
    latencies: list[float]
    server_cpu: tuple[float, float]  # CPU seconds of the server process and of its children during the run

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def line(self) -> str:
        return (f"{self.name:<34} {self.rate:7.0f} submissions/s  failed {self.failures:5d}  "
                f"p50 {percentile(self.latencies, 0.5) * 1000:6.1f} ms  p99 {percentile(self.latencies, 0.99) * 1000:6.1f} ms  "
                f"CPU ms each: {self.server_cpu[0] / max(self.count, 1) * 1000:4.2f} server"
                f" + {self.server_cpu[1] / max(self.count, 1) * 1000:4.2f} children")


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds of the process and of its live children (the application PDF workers; with
    --workers the server processes)."""
    table = proc_table()
    own = table[pid][1] if pid in table else 0.0
    return own, sum(cpu for parent, cpu, _ in table.values() if parent == pid)


def measure(name: str, exports: Path, db: str, requests: list[tuple[str, str, bytes]], args: argparse.Namespace,
            baseline: bool = False) -> Measured:
    port = free_port()
    process = start(exports, db, port, args.workers, baseline)
    try:
        asyncio.run(load(port, requests, args.warmup, args.concurrency))
        before = cpu_seconds(process.pid)
        latencies, failures, count = asyncio.run(load(port, requests, args.seconds, args.concurrency))
        after = cpu_seconds(process.pid)
        cpu = (after[0] - before[0], after[1] - before[1])
    finally:
        process.terminate()
        process.wait(timeout=30)
    return Measured(name, count, failures, args.seconds, latencies, cpu)


def databases(args: argparse.Namespace, folder: Path, stack: contextlib.ExitStack) -> tuple[str, str, str]:
    """(project's database, baseline's database, how it is described)."""
    if args.postgres:
        sys.path.insert(0, str(ROOT / "tests" / "store"))
        from postgres import ThrowawayPostgres, binaries  # the tests' throw-away server

        bin_dir = binaries()
        if bin_dir is None:
            raise SystemExit("no PostgreSQL binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
        server = ThrowawayPostgres(bin_dir).start()
        stack.callback(server.stop)
        return server.create_database(), server.create_database(), "PostgreSQL (throw-away, synchronous_commit=on)"
    if args.db:
        return args.db, str(folder / "baseline.sqlite3"), locate(args.db).shown()
    return str(folder / "bench.sqlite3"), str(folder / "baseline.sqlite3"), "SQLite (fresh files, synchronous=FULL)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--postgres", action="store_true", help="start a throw-away PostgreSQL for the run")
    args = parser.parse_args()
    project = args.project or default_project()
    with tempfile.TemporaryDirectory(prefix="kitaforms-bench-") as folder, contextlib.ExitStack() as stack:
        exports = Path(folder) / "exports"
        bodies = build(project, exports)
        plain = [request for request in bodies if request[1] == "application/json"]
        db, baseline_db, store = databases(args, Path(folder), stack)
        project_run = measure("kitaforms serve (JSON examples)", exports, db, plain, args)
        baseline_run = measure("bare baseline (JSON examples)", exports, baseline_db, plain, args, baseline=True)
        full_run = measure("kitaforms serve (all, with files)", exports, db, bodies, args) if len(plain) < len(bodies) else None
    print(f"project: {project.relative_to(ROOT) if project.is_relative_to(ROOT) else project} "
          f"({len(bodies)} example submissions, {len(plain)} without files), cores: {os.cpu_count()}, "
          f"server workers: {args.workers}, client concurrency: {args.concurrency}, {args.seconds:.0f} s each")
    print(f"store: {store}")
    for run in (project_run, baseline_run, full_run):
        if run is not None:
            print(run.line())
    ratio = project_run.rate / baseline_run.rate
    p99 = percentile(project_run.latencies, 0.99) * 1000
    verdict = "ok" if ratio >= AIM_RATIO and p99 <= AIM_P99_MS else "over the aim"
    print(f"ratio: {ratio:.1%} of the baseline (aim >= {AIM_RATIO:.0%}), p99 {p99:.1f} ms (aim <= {AIM_P99_MS:.0f} ms): "
          f"{verdict}")


if __name__ == "__main__":
    main()

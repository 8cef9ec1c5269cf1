"""Benchmark: ``kitaforms fmt`` on hostile files (each must end fast, refused or formatted, never crash).

Each case is written into a scratch project as ``forms/nrw/<case>.yaml`` (a base form, so the
key-ordering code runs with the form model) and ``kitaforms fmt`` runs on it in a fresh process.

    python bench/fmt_hostile.py               every case, with a 60 s timeout each
    python bench/fmt_hostile.py --timeout 10  a shorter timeout
    python bench/fmt_hostile.py --only keys   the cases whose name contains "keys"
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024


def big_file(path: Path) -> None:
    """50 MB of valid YAML keys (a real file, not sparse, so reading it would cost)."""
    line = b"schluessel_%08d: ein wert der zeile\n"
    count = 50 * MB // len(line % 0)
    with path.open("wb") as out:
        out.writelines(line % n for n in range(count))


def flat_keys(count: int) -> bytes:
    return "".join(f"k{n}: {n}\n" for n in range(count)).encode()


def commented_keys(count: int) -> bytes:
    """Keys with comments at the line ends, above them and at the ends of blocks."""
    return "".join(f"# about k{n}\nk{n}:\n  v: {n}  # note\n  # end of k{n}\n" for n in range(count)).encode()


def element_keys(count: int) -> bytes:
    """One element without `type` and with many keys: the key order must find its model once."""
    head = "id: a\nsteps:\n  - id: s\n    elements:\n      - id: e\n"
    return (head + "".join(f"        k{n}: {n}\n" for n in range(count))).encode()


def block_nesting(depth: int) -> bytes:
    return ("".join("  " * n + f"k{n}:\n" for n in range(depth)) + "  " * depth + "end: 1\n").encode()


CASES: dict[str, Callable[[Path], None]] = {
    "50 MB file": big_file,
    "invalid UTF-8": lambda p: p.write_bytes(b"id: a\ntitle: caf\xe9\n"),
    "UTF-16 with BOM": lambda p: p.write_bytes("id: a\ntitle: Anmeldung\n".encode("utf-16")),
    "4,000 nested brackets": lambda p: p.write_bytes(b"id: a\nx: " + b"[" * 4_000 + b"]" * 4_000 + b"\n"),
    "block nesting 500": lambda p: p.write_bytes(block_nesting(500)),
    "16k keys": lambda p: p.write_bytes(flat_keys(16_000)),
    "16k keys, comments": lambda p: p.write_bytes(commented_keys(16_000)),
    "16k keys in an element": lambda p: p.write_bytes(element_keys(16_000)),
}


def run_case(name: str, write: Callable[[Path], None], timeout: float) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "forms" / "nrw" / "hostile.yaml"
        path.parent.mkdir(parents=True)
        write(path)
        command = [sys.executable, "-m", "kitaforms", "fmt", str(path)]
        started = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return f"{name:<24} > {timeout:.0f} s (timed out)"
        seconds = time.perf_counter() - started
        first = (done.stderr.strip().splitlines() or [""])[0]
        return f"{name:<24} {seconds:6.2f} s  exit {done.returncode}  {first[:100]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    for name, write in CASES.items():
        if args.only.lower() in name.lower():
            print(run_case(name, write, args.timeout), flush=True)


if __name__ == "__main__":
    main()

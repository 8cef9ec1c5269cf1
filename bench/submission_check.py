"""How long the server-side rule check (check_submission) takes per submission on the real forms.

Runs every valid example of every committed bundle through ``check_submission``.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path

from kitaforms.compiler import compile_project
from kitaforms.runtime import check_submission

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    result = compile_project(ROOT)
    cases = []
    for key, resolved in result.forms.items():
        kommune, form = key.split("/")
        for path in sorted(ROOT.glob(f"exports/*-{kommune}/{form}/*/examples/valid/*.json")):
            cases.append((resolved, json.loads(path.read_text(encoding="utf-8"))))
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for resolved, data in cases:
            check_submission(resolved, data, date(2026, 2, 2))
        runs.append((time.perf_counter() - started) / len(cases))
    print(
        f"check_submission: {len(cases)} valid examples, best {min(runs) * 1000:.2f} ms, "
        f"median {statistics.median(runs) * 1000:.2f} ms per submission"
    )


if __name__ == "__main__":
    main()

"""Record what the rules check says about a corpus of submissions, for a regression test.

The corpus: every shipped example (``exports/*/<form>/<version>/examples``) of every Kommune form,
and for each valid example a fixed number of seeded mutations (answers left out, swapped between
examples, replaced by values of the wrong type, hostile or edge-case strings, numbers at limits,
extra keys, emptied or lengthened repeats). Each case is stored with the full result of
``check_submission`` (errors and warnings with messages, visible and required paths).

``tests/core/test_check_corpus.py`` replays it: a rewrite of the check (for speed, say) must give
the same answer on every case. Regenerate only when the rules are meant to change:

    .venv/bin/python tools/make_check_corpus.py
"""

from __future__ import annotations

import copy
import gzip
import json
import random
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "core" / "check_corpus.jsonl.gz"
MUTATIONS_PER_EXAMPLE = 12
ODD_VALUES: list[Any] = [
    None, "", " ", "\u00a0", "\u200b", "0", "-1", "1e3", "1234,56", "1.234,56", "abc", "<script>x</script>",
    "2026-02-30", "2030-01-01", "1900-01-01", "2026-13", 0, -1, 1.5, 10**12, True, False, [], {}, ["x"],
    [{"code": "x", "rank": 1}], {"name": "a.pdf"}, "DE89370400440532013000", "12345", "x" * 300,
]


def result_of(resolved: Any, data: Any, today: date) -> dict[str, Any]:
    from kitaforms.runtime import check_submission

    result = check_submission(resolved, data, today)
    return {
        "errors": [[e.path, e.code, e.severity, e.message] for e in result.errors],
        "warnings": [[e.path, e.code, e.severity, e.message] for e in result.warnings],
        "visible": sorted(result.visible),
        "required": sorted(result.required),
    }


def shipped_examples(kommune_folder: Path, form: str) -> tuple[date, list[Any], list[Any]]:
    versions = sorted((kommune_folder / form).glob("*/examples/index.json"))
    index_file = versions[-1]
    index = json.loads(index_file.read_text(encoding="utf-8"))
    folder = index_file.parent
    valid = [json.loads((folder / e["file"]).read_text(encoding="utf-8")) for e in index["valid"]]
    invalid = [json.loads((folder / e["file"]).read_text(encoding="utf-8")) for e in index["invalid"]]
    return date.fromisoformat(index["today"]), valid, invalid


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found += paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*prefix, index))
            found += paths_of(value, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def mutate(rng: random.Random, data: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        paths = paths_of(data)
        if not paths:
            break
        path = rng.choice(paths)
        parent = _parent(data, path)
        kind = rng.randrange(5)
        if kind == 0:
            del parent[path[-1]]
        elif kind == 1:
            parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif kind == 2:
            donor = rng.choice(others)
            key = rng.choice(sorted(donor)) if donor else None
            if key is not None:
                data[key] = copy.deepcopy(donor[key])
        elif kind == 3:
            if isinstance(parent, dict):
                parent[rng.choice(["unbekannt", "x", "__proto__"])] = rng.choice(ODD_VALUES)
        elif isinstance(parent[path[-1]], list):
            items = parent[path[-1]]
            parent[path[-1]] = items * rng.randint(0, 3)
    return data


def cases() -> list[dict[str, Any]]:
    from kitaforms.compiler import compile_project

    compiled = compile_project(ROOT)
    rng = random.Random(20261205)
    found = []
    for key, resolved in sorted(compiled.forms.items()):
        kommune, form = key.split("/")
        folders = sorted((ROOT / "exports").glob(f"*-{kommune}"))
        if not folders or not (folders[0] / form).is_dir():
            continue
        today, valid, invalid = shipped_examples(folders[0], form)
        inputs = [("valid", d) for d in valid] + [("invalid", d) for d in invalid]
        inputs += [("mutation", mutate(rng, d, valid)) for d in valid for _ in range(MUTATIONS_PER_EXAMPLE)]
        for origin, data in inputs:
            data = json.loads(json.dumps(data, sort_keys=True))  # as the test will read it back: keys sorted
            found.append({"form": key, "today": today.isoformat(), "origin": origin, "data": data,
                          "result": result_of(resolved, data, today)})
    return found


def main() -> None:
    found = cases()
    lines = "".join(json.dumps(case, ensure_ascii=False, sort_keys=True) + "\n" for case in found)
    with gzip.GzipFile(CORPUS, "wb", mtime=0) as out:
        out.write(lines.encode("utf-8"))
    print(f"{len(found)} cases → {CORPUS.relative_to(ROOT)} ({CORPUS.stat().st_size // 1024} KiB)", file=sys.stderr)


if __name__ == "__main__":
    main()

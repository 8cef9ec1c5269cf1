"""How fast the expression parser reads 1,000 distinct expressions (uncached)."""

from __future__ import annotations

import statistics
import time

from kitaforms.expr import parse


def main() -> None:
    runs = []
    for run in range(5):
        sources = [f'feld_{run}_{i}.wert >= {i} and status_{i} == "code{i}" or alter(kind_{i}.geb) < 3' for i in range(1000)]
        parse("warm + up")
        started = time.perf_counter()
        for source in sources:
            parse(source)
        runs.append(time.perf_counter() - started)
    print(f"expressions: 1000 distinct parses, best {min(runs) * 1000:.1f} ms, median {statistics.median(runs) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

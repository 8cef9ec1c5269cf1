"""Fee assessments per second on one core, for a batch of 600,000 households.

The households are synthetic but shaped like day care in NRW: one to three children per household
aged 0 to 6 with 25, 35 or 45 booked hours, incomes spread over every bracket. They are assessed
under the real Köln Satzung from 1.8.2025 (``satzungen/koeln/2025-08.yaml``) with the batch path
(:class:`kitaforms.satzung.fast.FastAssessor`, no explanation). Households the Satzung file cannot
assess (e.g. a child moving into the next age group in that month, whose switch rule is not known)
count too: they end in a FeeNotDetermined like in ``kitaforms fee --batch``.

Run: ``.venv/bin/python bench/fees.py [--households N] [--kommune koeln] [--stichtag 2025-10-15]``
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from kitaforms.satzung import Child, FeeError, Household, assess
from kitaforms.satzung.fast import FastAssessor
from kitaforms.satzung.project import compile_satzungen, select

ROOT = Path(__file__).resolve().parents[1]
HOURS = (Decimal(25), Decimal(35), Decimal(45))


def households(count: int, on: date, seed: int = 2025) -> list[Household]:
    rnd = random.Random(seed)
    result = []
    for _ in range(count):
        size = rnd.choices((1, 2, 3), weights=(68, 27, 5))[0]
        children = tuple(
            Child(on - timedelta(days=rnd.randint(120, 6 * 365)), "kita", rnd.choice(HOURS)) for _ in range(size)
        )
        income = Decimal(int(rnd.lognormvariate(11.0, 0.55) * 100)) / 100
        result.append(Household(children=children, declared_income=min(income, Decimal(10_000_000))))
    return result


def run(assess_one, batch: list[Household]) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    ok = failed = 0
    start = time.perf_counter()
    for household in batch:
        try:
            assess_one(household)
            ok += 1
        except FeeError:
            failed += 1
    return time.perf_counter() - start, ok, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=600_000)
    parser.add_argument("--kommune", default="koeln")
    parser.add_argument("--stichtag", type=date.fromisoformat, default=date(2025, 10, 15))
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rules_by_key, _ = compile_satzungen(ROOT)
    rules = select(rules_by_key, args.kommune, args.stichtag)
    batch = households(args.households, args.stichtag)
    children = sum(len(h.children) for h in batch)
    fast = FastAssessor(rules)
    seconds, ok, failed = run(lambda h: fast.fees(h, args.stichtag), batch)
    print(f"satzung {rules.key}, stichtag {args.stichtag}, {len(batch):,} households, {children:,} children")
    print(f"batch path (FastAssessor):      {len(batch) / seconds:>10,.0f} assessments/s on one core "
          f"({seconds:.2f} s; {ok:,} fees, {failed:,} not determined)")
    sample = batch[: max(len(batch) // 20, 1)]
    seconds, _, _ = run(lambda h: assess(rules, h, args.stichtag, explain=False), sample)
    print(f"full engine, no explanation:    {len(sample) / seconds:>10,.0f} assessments/s (sample of {len(sample):,})")
    seconds, _, _ = run(lambda h: assess(rules, h, args.stichtag, explain=True), sample)
    print(f"full engine with explanation:   {len(sample) / seconds:>10,.0f} assessments/s (sample of {len(sample):,})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

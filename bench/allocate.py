"""One allocation round for 10,000 registrations and 700 facilities: time and the report's figures.

SAMPLE DATA, invented and seeded: a temporary project with the NRW forms and Münster's overlay (up to
25 ranked wishes, further weekly hours in order), 700 invented facilities (Kitas, Kindertagespflege,
OGS, Hort) in 40 postal code areas, places for about 80 % of the children, the Münster sample criteria
(points, siblings together) and registrations whose wishes lie mostly near home; about 4 % of the
children have a sibling in the same round. The whole round runs through ``kitaforms allocate`` as a
clerk would run it; the phases are then timed one by one in this process.

Run: ``.venv/bin/python bench/allocate.py [--registrations 10000] [--facilities 700] [--seed 18]``
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kitaforms.allocate.registrations import read_registrations
from kitaforms.allocate.run import RoundInput, allocate
from kitaforms.compiler import compile_project

ROOT = Path(__file__).resolve().parents[1]
KOMMUNE = "muenster"
AREAS = [f"48{n:03d}" for n in range(100, 180, 2)]  # 40 postal code areas
KINDS = (("kita", 600), ("tagespflege", 60), ("ogs", 30), ("hort", 10))
DAY = "2026-03-02"


def facilities(count: int, rnd: random.Random) -> list[dict[str, Any]]:
    found = []
    for kind, share in KINDS:
        for n in range(count * share // 700):
            ages = {"kita": (4, 72), "tagespflege": (0, 36), "ogs": (66, 132), "hort": (72, 144)}[kind]
            hours = {"kita": rnd.choice([[25, 35, 45], [35, 45], [45]]), "hort": [25, 35, 45]}.get(kind, [])
            found.append({"id": f"b-{kind}-{n + 1:03d}", "name": f"Beispiel {kind} {n + 1}", "traeger": "Beispielträger",
                          "address": {"street": f"Beispielweg {n + 1}", "postal_code": rnd.choice(AREAS),
                                      "city": "Münster"},
                          "care_types": [kind], "age_from_months": ages[0], "age_to_months": ages[1],
                          "weekly_hours": hours})
    return found


def places(catalogue: list[dict[str, Any]], children: int, rnd: random.Random) -> list[str]:
    rows, target = [], int(children * 0.8)
    weights = {"kita": 0.86, "tagespflege": 0.07, "ogs": 0.05, "hort": 0.02}
    for facility in catalogue:
        kind = facility["care_types"][0]
        share = target * weights[kind] / sum(1 for f in catalogue if f["care_types"][0] == kind)
        bands = [b for b, (low, high) in {"u3": (0, 36), "ue3": (36, 999)}.items()
                 if low < facility["age_to_months"] and facility["age_from_months"] < high]
        for band in bands:
            for hours in facility["weekly_hours"] or [None]:
                count = max(0, round(rnd.gauss(share / len(bands) / max(len(facility["weekly_hours"]), 1), 1.5)))
                extra = f", hours: {hours}" if hours else ""
                rows.append(f"  - {{facility: {facility['id']}, start: 2026-08, age_band: {band}{extra}, places: {count}}}")
    return rows


def registration(index: int, rnd: random.Random, near: dict[str, list[str]], family: str | None,
                 like: dict[str, Any] | None) -> dict[str, Any]:
    kind = rnd.choices(["kita", "tagespflege", "ogs", "hort"], weights=[85, 8, 5, 2])[0]
    year = {"kita": rnd.choice([2021, 2022, 2023, 2024]), "tagespflege": rnd.choice([2024, 2025]),
            "ogs": 2020, "hort": 2019}[kind]
    home = like["kind"]["plz"] if like else rnd.choice(AREAS)
    options = near[kind + home] + rnd.sample(near[kind], min(len(near[kind]), 10))
    wishes = list(dict.fromkeys(rnd.sample(options, min(len(options), rnd.randint(1, 6)))))
    if like is not None and rnd.random() < 0.7:
        wishes = [w["code"] for w in like["wuensche"]]  # siblings mostly wish for the same facilities
    data: dict[str, Any] = {
        "betreuungsart": kind, "beginn": "2026-08", "vermittlung": False, "andere_einrichtung_moeglich": True,
        "kind": {"geburtsdatum": f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", "plz": home},
        "familiensituation": rnd.choices(["beide_eltern", "ein_elternteil"], weights=[80, 20])[0],
        "sorgerecht": "gemeinsam", "person1": {"email": family or f"familie{index}@example.org"},
        "erwerb1": {"status": [rnd.choice(["erwerbstaetig", "elternzeit", "arbeitsuchend"])]},
        "erwerb2": {"status": [rnd.choice(["erwerbstaetig", "selbststaendig", "nicht_erwerbstaetig"])]},
        "wuensche": [{"code": w, "reasons": rnd.sample(["geschwister", "wohnortnah"], rnd.choice([0, 0, 0, 1]))}
                     for w in wishes],
    }
    if kind in ("kita", "hort"):
        data["umfang_kita"] = rnd.choice(["25", "35", "45", "45"])
        if kind == "kita" and rnd.random() < 0.3:
            data["umfang_kita_weitere"] = [{"code": h} for h in ("35", "45") if h != data["umfang_kita"]][:1]
    elif kind == "tagespflege":
        data["tagespflege_stunden"] = rnd.choice([20, 25, 30, 35, 40])
    if rnd.random() < 0.05:
        data["besondere_gruende"] = "Beispiel"
    return data


def registrations(count: int, catalogue: list[dict[str, Any]], rnd: random.Random) -> list[str]:
    near: dict[str, list[str]] = {}
    for facility in catalogue:
        kind = facility["care_types"][0]
        near.setdefault(kind + facility["address"]["postal_code"], []).append(facility["id"])
        near.setdefault(kind, []).append(facility["id"])
    for kind, _ in KINDS:
        for area in AREAS:
            near.setdefault(kind + area, [])
    lines, previous = [], None
    for index in range(count):
        sibling = previous is not None and rnd.random() < 0.02
        family = previous["person1"]["email"] if sibling and previous else None
        data = registration(index, rnd, near, family, previous if sibling else None)
        received = f"2026-01-{1 + index % 31:02d}T{index % 24:02d}:{index % 60:02d}:00.000Z"
        lines.append(json.dumps({"reference": f"KF-B{index:05d}", "kommune": KOMMUNE, "form": "anmeldung",
                                 "received_at": received, "data": data}, ensure_ascii=False))
        previous = data
    return lines


def project(folder: Path, count: int, children: int, seed: int) -> Path:
    rnd = random.Random(seed)
    shutil.copytree(ROOT / "forms" / "nrw", folder / "forms" / "nrw")
    own = folder / "forms" / KOMMUNE
    own.mkdir(parents=True)
    for name in ("kommune.yaml", "anmeldung.yaml", "vergabe.yaml"):
        shutil.copy(ROOT / "forms" / KOMMUNE / name, own / name)
    catalogue = facilities(count, rnd)
    head = "sample_data: true\nsource: Invented sample data for bench/allocate.py\n"
    (own / "einrichtungen.yaml").write_text(head + "facilities: " + json.dumps(catalogue, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    bands = ("age_bands:\n  - {id: u3, label: unter 3, below_months: 36}\n"
             "  - {id: ue3, label: ab 3, from_months: 36}\nhours_bands: [25, 35, 45]\nplaces:\n")
    (own / "kapazitaeten.yaml").write_text(head + bands + "\n".join(places(catalogue, children, rnd)) + "\n",
                                           encoding="utf-8")
    path = folder / "registrations.jsonl"
    path.write_text("\n".join(registrations(children, catalogue, rnd)) + "\n", encoding="utf-8")
    return path


def timed(label: str, work: Any) -> Any:
    start = time.perf_counter()
    result = work()
    print(f"  {label:<34} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--facilities", type=int, default=700)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kitaforms-bench-allocate-") as tmp:
        folder = Path(tmp)
        path = project(folder, args.facilities, args.registrations, args.seed)
        out = folder / "round1.json"
        command = [str(Path(sys.executable).with_name("kitaforms")), "allocate", KOMMUNE, "--registrations", str(path),
                   "--date", DAY, "--out", str(out), "--format", "json", "--project", str(folder)]
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        total = time.perf_counter() - start
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = json.loads(out.read_text(encoding="utf-8"))["report"]
        print(f"kitaforms allocate: {args.registrations:,} registrations, {args.facilities} facilities "
              f"(SAMPLE DATA, seed {args.seed}): {total:.2f} s in all (process start, load, check, allocate, write); "
              f"CPU {used.ru_utime + used.ru_stime:.2f} s")
        print("phases in this process:")
        compiled = timed("load and check the definitions", lambda: compile_project(folder, [KOMMUNE]))
        sources = compiled.project.kommunen[KOMMUNE]
        assert sources.criteria is not None and sources.capacities is not None
        regs = timed("read the registrations", lambda: read_registrations(path.read_text(encoding="utf-8"), path.name))
        inputs = RoundInput(KOMMUNE, compiled.forms[f"{KOMMUNE}/anmeldung"], sources.criteria.model,
                            sources.capacities.model, regs, __import__("datetime").date.fromisoformat(DAY))
        result = timed("allocate (read, match, report)", lambda: allocate(inputs))
        timed("write the JSON", lambda: json.dumps(result.document, ensure_ascii=False, indent=2))
        again = json.loads(out.read_text(encoding="utf-8"))
        same = json.loads(json.dumps(result.document, ensure_ascii=False, default=str))["offers"] == again["offers"]
        print(f"same offers as the CLI run: {same}")
        _figures(report)


def _figures(report: dict[str, Any]) -> None:
    print(f"children {report['children']:,}, offers {report['offers']:,}, unmatched {report['unmatched']:,} "
          f"{report['unmatched_reasons']}")
    print(f"offers by wish: {report['wishes']}")
    print(f"hours: {report['hours']}; siblings: {report['siblings']}")
    print(f"places: {report['places']}")
    print(f"justified envy: {report['stability']['justified_envy']}")


if __name__ == "__main__":
    main()

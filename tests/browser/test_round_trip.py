"""Round trip: ten families fill in the real forms in Chromium, by the fields' accessible names, and
the back office retrieves exactly what they entered.

Each family answers the questions of its situation (two parents living apart in the Wechselmodell,
a single parent, two children, Kindertagespflege for a child under one with the § 24 reason, OGS,
self-employed income, no income, a foreign IBAN, proofs attached, a parent using the English
pages); every other question it sees is answered with a plausible value too. The runtime sends,
the real ``kitaforms serve`` stores, and the Kommune's back-office token reads the submission
back through the API v1. The test then compares **every** answer the parent gave (text as typed,
amounts as ``Decimal``, whole numbers, dates, codes of choices, order of wishes and their reasons,
each file's name, type, size and sha256) with what was retrieved — nothing missing, nothing extra
but the form's computed values — and downloads every file to compare its bytes.
"""

from __future__ import annotations

import hashlib
import random
import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from _cases import real_kommunen
from _fill import Direct, Filler, button, walk_assistant
from _site import Server, Site
from test_a11y import submit_label

pytestmark = pytest.mark.skipif(not real_kommunen(), reason="the real forms are not there yet")


# --- what a family enters ----------------------------------------------------------------------

@dataclass(frozen=True)
class Typed:
    """What the parent types (a date or month: its inputs' texts) and what must arrive."""

    text: str | tuple[str, ...]
    stored: Any


@dataclass(frozen=True)
class Upload:
    name: str
    type: str
    content: bytes

    def answer(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "size": len(self.content),
                "sha256": hashlib.sha256(self.content).hexdigest()}


@dataclass
class Family:
    id: str
    key: str  # <kommune>/<form>
    lang: str = "de"
    choices: dict[str, Any] = field(default_factory=dict)  # codes (booleans, lists) by instance path
    typed: dict[str, Any] = field(default_factory=dict)  # text, date or Typed by instance path
    entries: dict[str, int] = field(default_factory=dict)  # entries of a repeat (default: one)
    files: dict[str, list[Upload]] = field(default_factory=dict)
    wishes: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)  # facility name, reason codes
    skip: set[str] = field(default_factory=set)  # optional questions left unanswered
    expect: dict[str, Any] = field(default_factory=dict)  # what makes the family what it is (flat paths)


def pdf(title: str, size: int = 2_000) -> Upload:
    noise = random.Random(title).randbytes(size)
    content = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n% " + title.encode()
               + b"\n" + noise + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return Upload(title, "application/pdf", content)


def jpeg(title: str, size: int = 5_000) -> Upload:
    noise = random.Random(title).randbytes(size).replace(b"\xff", b"\x00")
    return Upload(title, "image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + noise + b"\xff\xd9")


def png(title: str) -> Upload:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(bytes(random.Random(title).randbytes(3 * 16 * 16 + 16)))
    content = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
               + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    return Upload(title, "image/png", content)


def money(text: str, amount: str) -> Typed:
    return Typed(text, Decimal(amount))


ANMELDUNG_COMMON = {
    "anmeldungstyp": "neu", "kind.geschlecht": "weiblich", "kind.foerderbedarf": "nein",
    "person1.kontaktweg": "email", "mittagessen": True, "geschwister_in_einrichtung": False,
    "andere_einrichtung_moeglich": True,
}
EINKOMMEN_COMMON = {
    "erklaerungsart": "erst", "erklaerungsweg": "angaben", "massgebliches_jahr": "vorjahr",
    "nachweise_nachreichen": False, "sepa_gewuenscht": False, "kinder.0.betreuungsart": "kita", "kinder.0.umfang": "35",
}


def child(first: str, last: str, born: date) -> dict[str, Any]:
    return {"kind.vorname": first, "kind.nachname": last, "kind.geburtsdatum": born, "kind.strasse": "Venloer Straße 12",
            "kind.plz": "50672", "kind.ort": "Köln"}


FAMILIES = [
    Family(
        "wechselmodell", "koeln/anmeldung",
        choices={**ANMELDUNG_COMMON, "betreuungsart": "kita", "familiensituation": "wechselmodell", "sorgerecht": "gemeinsam",
                 "post_an": "beide", "beitragspflichtig": "beide", "person1.beziehung": "mutter", "person1.anschrift_wie_kind": True,
                 "person2.beziehung": "vater", "person2.anschrift_wie_kind": False, "erwerb1.status": ["erwerbstaetig"],
                 "erwerb2.status": ["erwerbstaetig", "selbststaendig"], "umfang_kita": "35", "vermittlung": False},
        typed={**child("Lea Marie", "Schmitz", date(2023, 5, 14)), "kind.staatsangehoerigkeit": "deutsch, türkisch",
               "kind.familiensprache": "Deutsch und Türkisch", "person1.nachname": "Schmitz", "person1.vorname": "Aylin",
               "person1.geburtsdatum": date(1990, 7, 3), "person1.telefon": "0221 5551234",
               "person1.email": "aylin.schmitz@example.org", "person2.nachname": "Schmitz", "person2.vorname": "Jonas",
               "person2.geburtsdatum": date(1988, 11, 23), "person2.strasse": "Aachener Straße 200", "person2.plz": "50931",
               "person2.ort": "Köln", "person2.telefon": "+49 170 5556789", "person2.email": "jonas.schmitz@example.org",
               "erwerb1.wochenstunden": Typed("30", 30), "erwerb1.arbeitgeber": "Stadtwerke Köln",
               "erwerb2.wochenstunden": Typed("40", 40), "beginn": Typed(("August", "2026"), "2026-08"),
               "max_entfernung": Typed("3", 3),
               "bemerkungen": "Lea ist montags und dienstags bei ihrem Vater.\nBitte schreiben Sie beiden Eltern."},
        files={"einverstaendnis_nachweis": [pdf("Einverständnis Jonas Schmitz.pdf")]},
        wishes={"wuensche": [("Kita Traumland", ["wohnortnah", "konzept"]), ("Kita Löwenzahn", [])]},
        skip={"besondere_gruende"},
        expect={"familiensituation": "wechselmodell", "sorgerecht": "gemeinsam", "einverstaendnis_anderer_elternteil": True,
                "person2.anschrift_wie_kind": False, "person2.plz": "50931", "wuensche.0.code": "k-kita-02"},
    ),
    Family(
        "alleinerziehend", "muenster/anmeldung",
        choices={**ANMELDUNG_COMMON, "betreuungsart": "kita", "familiensituation": "ein_elternteil", "sorgerecht": "allein_vater",
                 "person1.beziehung": "vater", "person1.anschrift_wie_kind": True, "erwerb1.status": ["arbeitsuchend"],
                 "umfang_kita": "45", "vermittlung": False},
        typed={**child("Noah", "Berger", date(2022, 10, 2)), "kind.plz": "48143", "kind.ort": "Münster",
               "kind.strasse": "Hammer Straße 5", "person1.nachname": "Berger", "person1.vorname": "Tobias",
               "person1.email": "t.berger@example.org", "beginn": Typed(("9", "2026"), "2026-09")},
        files={"sorgerecht_nachweis": [pdf("Negativbescheinigung Jugendamt.pdf")],
               "arbeitsuche_nachweis": [pdf("Meldebescheinigung Agentur für Arbeit.pdf")]},
        wishes={"wuensche": [("Kita Pfiffikus", ["wohnortnah"]), ("Kita Sternschnuppe", [])]},  # picked by keyboard
        skip={"besondere_gruende", "weitere_nachweise"},
        expect={"familiensituation": "ein_elternteil", "sorgerecht": "allein_vater", "erwerb1.status": ["arbeitsuchend"],
                "wuensche.0.code": "ms-kita-03", "wuensche.1.code": "ms-kita-04"},
    ),
    Family(
        "zwei_kinder", "koeln/einkommen",
        choices={**EINKOMMEN_COMMON, "familiensituation": "beide_eltern", "sorgerecht": "gemeinsam", "beitragspflichtig": "beide",
                 "post_an": "person1", "person2.anschrift_wie_person1": True, "kinder.0.umfang": "45",
                 "kinder.1.betreuungsart": "ogs", "kinder.1.umfang_ogs": "bis_mittag", "geschwister.0.kindergeld": True,
                 "geschwister.0.in_betreuung": False, "erwerb1.status": ["erwerbstaetig"], "erwerb2.status": ["minijob"],
                 "einkommen1.arten": ["nichtselbststaendig", "kapital"], "einkommen2.arten": ["minijob"],
                 "einkommensstufe": "stufe_4"},
        typed={"kinder.0.vorname": "Mia", "kinder.0.nachname": "Kaya", "kinder.0.geburtsdatum": date(2022, 3, 5),
               "kinder.0.einrichtung": "Kita Sternschnuppe", "kinder.0.beginn": date(2023, 8, 1),
               "kinder.1.vorname": "Emre", "kinder.1.nachname": "Kaya", "kinder.1.geburtsdatum": date(2019, 9, 20),
               "kinder.1.einrichtung": "OGS an der Grundschule am Park", "kinder.1.beginn": date(2025, 8, 1),
               "geschwister.0.vorname": "Deniz", "geschwister.0.geburtsdatum": date(2012, 1, 17),
               "bezugsjahr": Typed("2025", 2025), "einkommen1.lohn": money("48.250,75", "48250.75"),
               "einkommen1.werbungskosten": money("1.230", "1230.00"), "einkommen1.kapital": money("312,40 €", "312.40"),
               "einkommen2.steuerfrei": money("6.336", "6336.00")},
        entries={"kinder": 2, "geschwister": 1},
        expect={"kinder.0.betreuungsart": "kita", "kinder.1.betreuungsart": "ogs", "kinder.1.umfang_ogs": "bis_mittag",
                "geschwister.0.kindergeld": True},
    ),
    Family(
        "tagespflege_unter_eins", "koeln/anmeldung",
        choices={**ANMELDUNG_COMMON, "betreuungsart": "tagespflege", "familiensituation": "beide_eltern", "sorgerecht": "gemeinsam",
                 "post_an": "person1", "person1.beziehung": "mutter", "person1.anschrift_wie_kind": True,
                 "person2.beziehung": "vater", "person2.anschrift_wie_kind": True, "erwerb1.status": ["erwerbstaetig"],
                 "erwerb2.status": ["ausbildung"], "tagespflege_zeiten.0.wochentag": "mo", "tagespflege_zeiten.1.wochentag": "mi",
                 "randzeiten": False, "u1_gruende": ["erwerbstaetigkeit", "ausbildung"], "vermittlung": False,
                 "kita_als_alternative": True},
        typed={**child("Ida", "Nowak", date(2025, 12, 1)), "beginn": Typed(("8", "2026"), "2026-08"),
               "tagespflege_stunden": Typed("32", 32), "tagespflege_zeiten.0.von": "07:30", "tagespflege_zeiten.0.bis": "15:00",
               "tagespflege_zeiten.1.von": "08:00", "tagespflege_zeiten.1.bis": "14:30",
               "erwerb1.wochenstunden": Typed("32", 32), "erwerb2.wochenstunden": Typed("20", 20)},
        entries={"tagespflege_zeiten": 2},
        files={"u1_nachweis": [pdf("Arbeitsvertrag Nowak.pdf"), pdf("Immatrikulationsbescheinigung.pdf")]},
        wishes={"wuensche": [("Kindertagespflege-Vermittlung (Fachberatung)", ["arbeitsplatznah"])]},
        skip={"besondere_gruende"},
        expect={"betreuungsart": "tagespflege", "u1_gruende": ["erwerbstaetigkeit", "ausbildung"],
                "tagespflege_zeiten.1.wochentag": "mi", "u1_nachweis.1.name": "Immatrikulationsbescheinigung.pdf"},
    ),
    Family(
        "ogs", "dortmund/anmeldung",
        choices={**ANMELDUNG_COMMON, "anmeldungstyp": "neu", "betreuungsart": "ogs", "familiensituation": "elternteil_partner",
                 "sorgerecht": "allein_mutter", "post_an": "person1", "person1.beziehung": "mutter",
                 "person1.anschrift_wie_kind": True, "person2.beziehung": "partner", "person2.anschrift_wie_kind": True,
                 "erwerb1.status": ["erwerbstaetig"], "erwerb2.status": ["erwerbstaetig"], "umfang_ogs": "ganztag",
                 "vermittlung": False},
        typed={**child("Elif", "Demir", date(2020, 3, 15)), "kind.plz": "44137", "kind.ort": "Dortmund",
               "kind.strasse": "Kampstraße 1", "beginn": Typed(("8", "2026"), "2026-08")},
        files={"sorgerecht_nachweis": [jpeg("Sorgerechtsbescheinigung.jpg")]},
        wishes={"wuensche": [("OGS an der Grundschule am Park", ["wohnortnah", "betreuungszeiten"])]},
        skip={"besondere_gruende", "weitere_nachweise"},
        expect={"betreuungsart": "ogs", "umfang_ogs": "ganztag", "wuensche.0.reasons": ["wohnortnah", "betreuungszeiten"]},
    ),
    Family(
        "selbststaendig", "koeln/einkommen",
        choices={**EINKOMMEN_COMMON, "familiensituation": "beide_eltern", "sorgerecht": "gemeinsam", "beitragspflichtig": "person1",
                 "post_an": "beide", "person2.anschrift_wie_person1": True, "erwerb1.status": ["selbststaendig"],
                 "erwerb2.status": ["erwerbstaetig"], "einkommen1.arten": ["selbststaendig"],
                 "einkommen1.gewinn_grundlage": "steuerbescheid", "einkommen2.arten": ["nichtselbststaendig"]},
        typed={"bezugsjahr": Typed("2025", 2025), "einkommen1.gewinn": money("38.400", "38400.00"),
               "einkommen2.lohn": money("41.000,00", "41000.00"), "einkommen2.werbungskosten": money("1.000", "1000.00")},
        entries={"geschwister": 0},
        files={"nachweis_steuerbescheid": [pdf("Einkommensteuerbescheid 2025.pdf", 40_000)],
               "nachweis_lohn": [pdf("Lohnsteuerbescheinigung Partner.pdf")]},
        skip={"nachweis_sonstige"},
        expect={"einkommen1.arten": ["selbststaendig"], "einkommen1.gewinn": Decimal("38400.00"),
                "einkommen1.gewinn_grundlage": "steuerbescheid", "geschwister": []},
    ),
    Family(
        "kein_einkommen", "muenster/einkommen",
        choices={**EINKOMMEN_COMMON, "familiensituation": "ein_elternteil", "sorgerecht": "allein_mutter",
                 "erwerb1.status": ["nicht_erwerbstaetig"], "einkommen1.arten": ["keine"]},
        typed={"bezugsjahr": Typed("2025", 2025), "kinder.0.vorname": "Lina", "kinder.0.nachname": "Wolf"},
        entries={"geschwister": 0},
        skip={"nachweis_sonstige"},
        expect={"einkommen1.arten": ["keine"], "erwerb1.status": ["nicht_erwerbstaetig"]},
    ),
    Family(
        "auslaendische_iban", "koeln/einkommen",
        choices={**EINKOMMEN_COMMON, "familiensituation": "ein_elternteil", "sorgerecht": "gemeinsam",
                 "erwerb1.status": ["erwerbstaetig"], "einkommen1.arten": ["nichtselbststaendig"], "sepa_gewuenscht": True},
        typed={"bezugsjahr": Typed("2025", 2025), "einkommen1.lohn": money("29.500,00", "29500.00"),
               "einkommen1.werbungskosten": money("1230", "1230.00"), "kontoinhaber": "Ioana Popescu",
               "iban": Typed("AT61 1904 3002 3457 3201", "AT611904300234573201")},
        files={"nachweis_lohn": [pdf("Lohnsteuerbescheinigung Popescu.pdf")]},
        skip={"nachweis_sonstige"},
        expect={"iban": "AT611904300234573201", "sepa_mandat": True, "kontoinhaber": "Ioana Popescu"},
    ),
    Family(
        "nachweise", "koeln/einkommen",
        choices={**EINKOMMEN_COMMON, "familiensituation": "ein_elternteil", "sorgerecht": "allein_mutter",
                 "erwerb1.status": ["erwerbstaetig", "elternzeit"], "einkommen1.arten": ["nichtselbststaendig", "kapital", "elterngeld"],
                 "einkommen1.elterngeld_art": "basis"},
        typed={"bezugsjahr": Typed("2025", 2025), "erwerb1.elternzeit_von": date(2025, 1, 1),
               "erwerb1.elternzeit_bis": date(2025, 4, 30), "einkommen1.lohn": money("36.000", "36000.00"),
               "einkommen1.kapital": money("85,10", "85.10"), "einkommen1.elterngeld_monatlich": money("1.450,00", "1450.00"),
               "einkommen1.elterngeld_monate": Typed("4", 4)},
        files={"nachweis_lohn": [pdf("Lohnsteuerbescheinigung 2025 – Müller.pdf", 300_000), jpeg("Gehaltsabrechnung Dezember.jpg")],
               "nachweis_kapital_miete": [png("Zinsbescheinigung Şahin.png")],
               "nachweis_elterngeld": [pdf("Elterngeldbescheid Смирнова.pdf")],
               "nachweis_sonstige": [pdf("Mietvertrag €.pdf"), pdf("Kontoauszug 12-2025.pdf")]},
        expect={"nachweis_lohn.0.name": "Lohnsteuerbescheinigung 2025 – Müller.pdf", "nachweis_lohn.1.type": "image/jpeg",
                "nachweis_kapital_miete.0.type": "image/png", "nachweis_elterngeld.0.name": "Elterngeldbescheid Смирнова.pdf"},
    ),
    Family(
        "englisch", "koeln/einkommen", lang="en",
        choices={**EINKOMMEN_COMMON, "familiensituation": "beide_eltern", "sorgerecht": "gemeinsam", "beitragspflichtig": "beide",
                 "post_an": "beide", "person1.beziehung": "mutter", "person2.beziehung": "vater",
                 "person2.anschrift_wie_person1": False, "erwerb1.status": ["erwerbstaetig"], "erwerb2.status": ["beamtet"],
                 "einkommen1.arten": ["nichtselbststaendig"], "einkommen2.arten": ["beamtenbezuege"]},
        typed={"kinder.0.vorname": "Oliver", "kinder.0.nachname": "Carter",
               "kinder.0.geburtsdatum": Typed(("5", "March", "2022"), "2022-03-05"),
               "kinder.0.einrichtung": "Kita Sternschnuppe", "kinder.0.beginn": Typed(("1", "Aug", "2023"), "2023-08-01"),
               "person1.nachname": "Carter", "person1.vorname": "Emily", "person1.email": "emily.carter@example.org",
               "person2.nachname": "Carter", "person2.vorname": "James", "person2.strasse": "Luxemburger Straße 99",
               "person2.plz": "50939", "person2.ort": "Köln", "bezugsjahr": Typed("2025", 2025),
               "einkommen1.lohn": money("52,300.00", "52300.00"), "einkommen1.werbungskosten": money("1,230", "1230.00"),
               "einkommen2.beamtenbezuege": money("48,250.75", "48250.75")},
        entries={"geschwister": 0},
        skip={"nachweis_sonstige"},
        expect={"kinder.0.geburtsdatum": "2022-03-05", "einkommen2.beamtenbezuege": Decimal("48250.75"),
                "person2.anschrift_wie_person1": False},
    ),
]


# --- the parent at the keyboard ----------------------------------------------------------------

class Parent(Filler):
    """Fills a form as ``family`` would and keeps, per answer, what must arrive (flat instance paths)."""

    def __init__(self, page: Any, resolved: Any, family: Family) -> None:
        super().__init__(page, resolved, Direct(page), lang=family.lang, choices=family.choices)
        self.family = family
        self.entered: dict[str, Any] = {}
        self.uploads: dict[str, list[Upload]] = {}

    def value(self, element: Any, path: str) -> Any:
        typed = self.family.typed.get(path)
        if typed is None:
            return super().value(element, path)
        return typed.text if isinstance(typed, Typed) else typed

    def fill_field(self, element: Any, path: str, scope: Any) -> None:
        if path in self.family.skip:
            return
        super().fill_field(element, path, scope)
        if element.type not in ("file", "ranked_choice"):
            self.entered[path] = self.arrives(element, path)

    def arrives(self, element: Any, path: str) -> Any:
        """What the parent's answer must be in the back office (worked out here, not by kitaforms)."""
        typed = self.family.typed.get(path)
        if isinstance(typed, Typed):
            return typed.stored
        kind, value = element.type, self.value(element, path)
        if kind in ("choice", "boolean"):
            code = self._wanted(element, path, self._options(element))[0]
            return {"true": True, "false": False}[code] if kind == "boolean" else code
        if kind == "multichoice":
            wanted = self._wanted(element, path, self._options(element))
            return [code for code, _ in self._options(element) if code in wanted]  # in the order the form lists them
        if kind == "declaration":
            return True
        if kind in ("date", "month"):
            return value.isoformat()[: 10 if kind == "date" else 7]
        if kind == "integer":
            return int(value)
        if kind in ("money", "decimal"):
            return Decimal(value.replace(",", "."))
        if kind == "iban":
            return value.replace(" ", "").upper()
        return value

    def _date(self, element: Any, path: str, scope: Any, label: Any) -> None:
        typed = self.family.typed.get(path)
        if not (isinstance(typed, Typed) and isinstance(typed.text, tuple)):
            super()._date(element, path, scope, label)
            return
        group = scope.get_by_role("group", name=label).first
        names = ["Tag", "Monat", "Jahr"] if self.lang == "de" else ["Day", "Month", "Year"]
        for name, text in zip(names[3 - len(typed.text):], typed.text, strict=True):
            self.driver.type(group.get_by_role("textbox", name=name, exact=True), text)

    _month = _date

    def _file(self, element: Any, path: str, scope: Any, label: Any) -> None:
        chosen = self.family.files.get(path) or [pdf(f"Nachweis {path}.pdf")]
        self.uploads[path] = chosen
        self.driver.files(scope.get_by_label(label).first,
                          [{"name": u.name, "mimeType": u.type, "buffer": u.content} for u in chosen])
        answers = [u.answer() for u in chosen]
        self.entered[path] = answers if element.max_files > 1 else answers[0]

    def fill_repeat(self, element: Any, path: str, scope: Any, only: set[str] | None) -> None:
        wanted = self.family.entries.get(path, 1)
        region = scope.get_by_role("region", name=self.text(element.label), exact=True)
        add = self.text(element.add_label) or ("Weiteren Eintrag hinzufügen" if self.lang == "de" else "Add another entry")
        while self.page.locator(f"#q-{path.replace('.', '-')} .kf-entries > *").count() < wanted:
            self.driver.press(region.get_by_role("button", name=add, exact=True))
        if wanted == 0:
            self.entered[path] = []  # the runtime sends a repeat without entries as []
        item = self.text(element.item_label) or self.text(element.label)
        for index in range(wanted):
            entry = region.get_by_role("group", name=f"{item} {index + 1}", exact=True)
            self.fill_elements(element.elements, f"{path}.{index}.", entry, only)

    def _ranked_choice(self, element: Any, path: str, scope: Any, label: Any) -> None:
        wishes = self.family.wishes.get(path)
        if wishes is None:
            super()._ranked_choice(element, path, scope, label)
            return
        group = scope.get_by_role("group", name=label).first
        remove = re.compile("^(Entfernen|Remove) ")
        while group.locator(".kf-picks").get_by_role("button", name=remove).count():
            group.locator(".kf-picks").get_by_role("button", name=remove).first.click()
        codes = {f.name: f.id for f in self.resolved.facilities.facilities}
        reason_labels = {o.code: self.text(o.label) for o in self.resolved.form.code_lists[element.reasons]}
        picks = []
        for name, reasons in wishes:
            search = group.get_by_role("searchbox")
            search.fill(name)
            search.press("Enter")
            group.locator(".kf-results").get_by_role("button", name=f"Hinzufügen {name}", exact=True).click()
            chosen = self.page.get_by_role("group", name=f"Gründe für „{name}“", exact=True)
            for reason in reasons:
                chosen.get_by_role("checkbox", name=reason_labels[reason], exact=True).check()
            picks.append({"code": codes[name], "reasons": list(reasons)})
        self.entered[path] = picks


# --- what the back office retrieves --------------------------------------------------------------

def flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested answers as ``instance path → leaf``; a list of codes (or an empty list) is one leaf."""
    if isinstance(value, dict):
        return {path: leaf for key, item in value.items() for path, leaf in flat(item, f"{prefix}{key}.").items()}
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return {path: leaf for i, item in enumerate(value) for path, leaf in flat(item, f"{prefix}{i}.").items()}
    return {prefix[:-1]: value}


def element_at(resolved: Any, path: str) -> Any:
    parts = [part for part in path.split(".") if not part.isdigit()]
    for end in range(len(parts), 0, -1):
        placed = resolved.placed.get(".".join(parts[:end]))
        if placed is not None:
            return placed.element
    raise AssertionError(f"{path} is no answer of {resolved.key}")


def retrieved_answers(resolved: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The retrieved answers, flat, without the computed values; amounts (decimal strings) as Decimal."""
    answers = {}
    for path, value in flat(data).items():
        element = element_at(resolved, path)
        if element.type == "computed":
            continue
        if element.type in ("money", "decimal"):
            places = 2 if element.type == "money" else element.decimals
            assert isinstance(value, str) and re.fullmatch(rf"-?[0-9]+\.[0-9]{{{places}}}", value), (path, value)
            value = Decimal(value)
        answers[path] = value
    return answers


def differences(retrieved: dict[str, Any], entered: dict[str, Any]) -> list[str]:
    out = [f"{p}: entered {entered[p]!r}, retrieved {retrieved.get(p, '(missing)')!r}"
           for p in entered if retrieved.get(p, ...) != entered[p] or type(retrieved.get(p)) is not type(entered[p])]
    return out + [f"{p}: retrieved {retrieved[p]!r}, never entered" for p in retrieved if p not in entered]


GROUPED_YEAR = re.compile(r"(?<![\d.,])2[.,]0[0-9]{2}(?![.,]?\d)")  # "2.026" or "2,026", not an amount


@pytest.mark.parametrize("family", FAMILIES, ids=[f.id for f in FAMILIES])
def test_the_back_office_retrieves_what_the_family_entered(family: Family, site: Site, server: Server, page: Any) -> None:
    if family.key not in site.forms:
        pytest.skip(f"{family.key} is not among the forms under test")
    resolved = site.forms[family.key]
    page.goto(f"{server.url}/{family.key}/{'en/' if family.lang == 'en' else ''}")
    parent = Parent(page, resolved, family)
    walk_assistant(parent, error_states=False)
    review = page.locator("main").inner_text()
    assert not GROUPED_YEAR.findall(review), f"a year shown with a thousands separator: {GROUPED_YEAR.findall(review)}"
    button(page, submit_label(resolved.form.id, family.lang)).click()
    page.locator(".kf-panel").wait_for()

    stored = server.received(page, family.key)
    assert (stored["lang"], stored["status"]) == (family.lang, "received")
    entered = {path: leaf for key, value in parent.entered.items() for path, leaf in flat(value, f"{key}.").items()}
    retrieved = retrieved_answers(resolved, stored["data"])
    assert not differences(retrieved, entered), "\n".join(differences(retrieved, entered))
    for path, value in family.expect.items():
        assert retrieved.get(path) == value, f"{family.id}: {path} is {retrieved.get(path)!r}, not {value!r}"

    kommune = family.key.split("/")[0]
    chosen = {(path if len(files) == 1 and not isinstance(parent.entered[path], list) else f"{path}.{i}"): upload
              for path, files in parent.uploads.items() for i, upload in enumerate(files)}
    listed = {f["attachment_id"]: f for f in stored["files"]}
    assert set(listed) == set(chosen), "every chosen file is stored, tied to its answer"
    for attachment_id, upload in chosen.items():
        assert {k: listed[attachment_id][k] for k in ("name", "type", "size", "sha256")} == upload.answer()
        content = server.file(kommune, stored["reference"], attachment_id)
        assert content == upload.content, f"{attachment_id}: the bytes differ"
    assert not page.kf_errors  # type: ignore[attr-defined]

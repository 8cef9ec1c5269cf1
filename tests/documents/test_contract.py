"""The care contract (process step 6): `vertrag.yaml` checked with located errors, the template of the
facility's Träger or the Kommune, its placeholders filled with the offer's data, the PDF/UA, and the lifecycle
awaiting_consent → consented or awaiting_signature."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from textwrap import dedent
from typing import Any

import pikepdf
import pytest

from kitaforms.compiler import compile_project
from kitaforms.contract.check import check_contract
from kitaforms.contract.document import choose, contract_data, languages
from kitaforms.contract.fill import fill
from kitaforms.contract.model import ContractFile
from kitaforms.contract.state import (
    AWAITING_CONSENT,
    AWAITING_SIGNATURE,
    CONSENTED,
    ContractStateError,
    consent,
    consent_record,
    initial,
)
from kitaforms.diagnostics import Diagnostic
from kitaforms.documents.contract import contract_html, contract_pdf
from kitaforms.load.project import CONTRACT_CODES, KommuneSources, Loaded
from kitaforms.load.yaml_source import load_text
from kitaforms.model.kommune import FacilityCatalogue
from kitaforms.model.parse import parse_model

ROOT = Path(__file__).resolve().parents[2]
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"
CATALOGUE = FacilityCatalogue.model_validate({"sample_data": True, "source": "test", "facilities": [
    {"id": "k-1", "name": "Kita Sonne", "traeger": "Stadt Musterstadt", "care_types": ["kita"], "age_from_months": 0,
     "age_to_months": 80, "address": {"street": "Sonnenweg 1", "postal_code": "50667", "city": "Köln"}},
    {"id": "k-2", "name": "Kita Mond", "traeger": "Evangelische Kirchengemeinde", "care_types": ["kita"],
     "age_from_months": 0, "age_to_months": 80, "address": {"street": "Mondweg 2", "postal_code": "50668", "city": "Köln"}},
]})
CONTRACT = """\
sample_data: true
source: test
title: {de: Betreuungsvertrag, en: Care contract}
signature: online
sections:
  - id: platz
    title: {de: § 1 Platz, en: § 1 Place}
    text: {de: '{kind.name} ab dem {platz.beginn} in {einrichtung.name}, {platz.stunden} Stunden.', en: '{kind.name} from {platz.beginn}.'}
"""
RECORD: dict[str, Any] = {
    "id": "PA-1-7K3F-9QXD", "round": 1, "kommune": "musterstadt", "kommune_name": "Stadt Musterstadt",
    "reference": "KF-7H3K-9QXD-2M4P", "deadline": "2026-03-16",
    "place": {"start": "2026-08", "care_type": "kita", "age_band": "u3", "hours": 35, "hours_band": 35, "wish": 1},
    "facility": {"id": "k-1", "name": "Kita Sonne", "traeger": "Stadt Musterstadt",
                 "address": {"street": "Sonnenweg 1", "postal_code": "50667", "city": "Köln"}},
    "child": {"vorname": "Mia", "nachname": "Muster", "geburtsdatum": "2024-03-01", "strasse": "Domstraße 1",
              "plz": "50667", "ort": "Köln"},
    "persons": [{"vorname": "Anna", "nachname": "Muster", "anschrift_wie_kind": True},
                {"vorname": "Ben", "nachname": "Muster", "strasse": "Ringstraße 9", "plz": "50670", "ort": "Köln"}],
    "sample_data": [],
}


def problems(text: str, *, criteria: bool = True) -> list[Diagnostic]:
    document = load_text(dedent(text), "forms/musterstadt/vertrag.yaml")
    model, found = parse_model(document, ContractFile, CONTRACT_CODES)
    if model is None:
        return found
    sources = KommuneSources("musterstadt", facilities=Loaded(load_text("x: 1"), CATALOGUE),
                             contract=Loaded(document, model), criteria=object() if criteria else None)  # type: ignore[arg-type]
    return list(check_contract(sources))


def codes(found: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.location.line, d.location.col) for d in found if d.location]


def contract(text: str = CONTRACT) -> ContractFile:
    assert [d for d in problems(text) if d.is_error] == []
    return ContractFile.model_validate(load_text(dedent(text)).data)


# --- the definition file -------------------------------------------------------------------------


def test_the_shipped_contracts_are_clean_and_say_they_are_samples() -> None:
    result = compile_project(ROOT, ["koeln", "muenster"])
    assert [d for d in result.diagnostics if "vertrag" in str(d.location) or d.code.startswith("VERTRAG")] == []
    for kommune in ("koeln", "muenster"):
        loaded = result.project.kommunen[kommune].contract
        assert loaded is not None and loaded.model.sample_data is True and "sample" in loaded.model.source.lower()


def test_an_unknown_placeholder_is_located_at_its_brace() -> None:
    found = problems(CONTRACT.replace("{kind.name} ab", "{kind.vornamen} ab"))
    (error,) = found
    assert (error.code, error.location.line, error.location.col) == ("VERTRAG_004", 8, 17)  # type: ignore[union-attr]
    assert error.hint == "did you mean `{kind.vorname}`?"


def test_a_brace_without_its_pair_is_located() -> None:
    assert codes(problems(CONTRACT.replace("{platz.stunden}", "{platz.stunden"))) == [("VERTRAG_005", 8, 74)]
    assert problems(CONTRACT.replace("Stunden.", "Stunden {{Beispiel}}.")) == [], "doubled braces are text"


def test_a_traeger_the_catalogue_does_not_know_is_an_error_with_a_suggestion() -> None:
    found = problems(CONTRACT + "traeger:\n  - traeger: [Evangelische Kirchengemeinden]\n    signature: handwritten\n")
    assert codes(found) == [("VERTRAG_006", 10, 15)] and found[0].hint == "did you mean `Evangelische Kirchengemeinde`?"


@pytest.mark.parametrize(("text", "expected"), [
    (CONTRACT.replace("signature: online", "signatur: online"), ("VERTRAG_001", 4, 1)),
    (CONTRACT.replace("signature: online", "signature: paper"), ("VERTRAG_003", 4, 12)),
    (CONTRACT.replace("source: test\n", ""), ("VERTRAG_002", 1, 1)),
    (CONTRACT + "  - {id: platz, title: § 2, text: x}\n", ("VERTRAG_007", 9, 10)),
    (CONTRACT.replace("title: {de: Betreuungsvertrag, en: Care contract}", "title: {en: Care contract}"),
     ("VERTRAG_008", 3, 8)),
])
def test_every_mistake_has_its_code_and_place(text: str, expected: tuple[str, int, int]) -> None:
    assert expected in codes(problems(text))


def test_a_contract_without_criteria_is_a_warning() -> None:
    (warning,) = problems(CONTRACT, criteria=False)
    assert warning.code == "VERTRAG_009" and not warning.is_error


def test_placeholders_are_filled_and_braces_doubled_are_text() -> None:
    assert fill("{a} und {{b}} {c}", {"a": "A"}) == "A und {b} {c}"


# --- the contract of an offer --------------------------------------------------------------------


def test_the_traeger_s_own_contract_wins_over_the_kommune_s() -> None:
    file = contract(CONTRACT + "traeger:\n  - traeger: [Evangelische Kirchengemeinde]\n    signature: handwritten\n")
    assert choose(file, "Stadt Musterstadt").signature == "online"
    chosen = choose(file, "Evangelische Kirchengemeinde")
    assert chosen.template == "traeger:Evangelische Kirchengemeinde" and chosen.signature == "handwritten"
    assert chosen.sections == list(file.sections), "what the Träger leaves out is the Kommune's"


def test_the_contract_names_the_child_the_parents_the_place_and_the_start() -> None:
    data = contract_data(RECORD, contract(), None, issued=date(2026, 3, 5))
    assert data["child"] == {"name": "Mia Muster", "birth_date": "1. März 2024", "address": "Domstraße 1, 50667 Köln"}
    assert data["place"] == {"facility": "Kita Sonne", "address": "Sonnenweg 1, 50667 Köln",
                             "care_type": "Kindertageseinrichtung (Kita)", "start": "1. August 2026", "hours": "35"}
    assert data["parties"] == {"traeger": "Stadt Musterstadt", "persons": [
        {"name": "Anna Muster", "address": "Domstraße 1, 50667 Köln"},
        {"name": "Ben Muster", "address": "Ringstraße 9, 50670 Köln"}]}
    assert data["sections"] == [{"id": "platz", "title": "§ 1 Platz",
                                 "paragraphs": ["Mia Muster ab dem 1. August 2026 in Kita Sonne, 35 Stunden."]}]
    assert data["offer"] == "PA-1-7K3F-9QXD" and data["reference"] == "KF-7H3K-9QXD-2M4P" and data["sample"] is True


def test_the_contract_is_in_the_parents_language_only_where_every_text_has_it() -> None:
    english = contract_data(RECORD, contract(), None, issued=date(2026, 3, 5), lang="en")
    assert english["lang"] == "en" and english["place"]["start"] == "1 August 2026"
    partial = contract(CONTRACT.replace("title: {de: Betreuungsvertrag, en: Care contract}", "title: Betreuungsvertrag"))
    assert languages(choose(partial, "Stadt Musterstadt")) == ["de"]
    assert contract_data(RECORD, partial, None, issued=date(2026, 3, 5), lang="en")["lang"] == "de"


def test_what_the_family_wrote_is_text_in_the_document() -> None:
    hostile = {**RECORD, "child": {**RECORD["child"], "vorname": "<script>alert(1)</script>"}}
    html = contract_html(contract_data(hostile, contract(), None, issued=date(2026, 3, 5)))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return contract_pdf(contract_data(RECORD, contract(), None, issued=date(2026, 3, 5)))


def test_the_contract_pdf_is_pdf_ua(pdf: bytes) -> None:
    document = pikepdf.open(io.BytesIO(pdf))
    root = document.Root
    assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked) is True and str(root.Lang) == "de"
    assert str(document.docinfo.Title) == "Betreuungsvertrag – PA-1-7K3F-9QXD"
    xmp = ET.fromstring(root.Metadata.read_bytes())
    assert [node.get(PDFUAID) for node in xmp.iter() if node.get(PDFUAID)] == ["1"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_pdf_reads_child_place_start_and_how_it_is_concluded(pdf: bytes) -> None:
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
                    .decode().split())
    for expected in ("Betreuungsvertrag", "Mia Muster", "1. März 2024", "Kita Sonne", "Sonnenweg 1, 50667 Köln",
                     "Beginn der Betreuung 1. August 2026", "Wochenstunden 35", "PA-1-7K3F-9QXD", "Anna Muster",
                     "Beispieltext", "Dieser Vertrag wird online geschlossen"):
        assert expected in text, expected


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.parametrize(("signature", "said"), [("handwritten", "muss handschriftlich unterschrieben werden"),
                                                 ("eid", "Online-Ausweisfunktion (eID)")])
def test_a_signature_outside_says_so_in_the_document(signature: str, said: str) -> None:
    file = contract(CONTRACT.replace("signature: online", f"signature: {signature}"))
    data = contract_data(RECORD, file, None, issued=date(2026, 3, 5))
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=contract_pdf(data), capture_output=True,
                                   check=True).stdout.decode().split())
    assert said in text and "online geschlossen" not in text
    assert ("Unterschrift der Personensorgeberechtigten" in text) is (signature == "handwritten")
    assert initial(data["signature"]) == AWAITING_SIGNATURE


def test_the_same_contract_prints_the_same_bytes(pdf: bytes) -> None:
    assert contract_pdf(contract_data(RECORD, contract(), None, issued=date(2026, 3, 5))) == pdf


# --- the lifecycle -------------------------------------------------------------------------------


def test_online_the_contract_waits_for_consent_to_exactly_this_document() -> None:
    assert initial("online") == AWAITING_CONSENT
    assert consent(AWAITING_CONSENT, "a" * 64, "a" * 64) == CONSENTED
    with pytest.raises(ContractStateError) as changed:
        consent(AWAITING_CONSENT, "a" * 64, "b" * 64)
    assert changed.value.reason == "other_document"


@pytest.mark.parametrize("status", [CONSENTED, AWAITING_SIGNATURE])
def test_only_a_contract_awaiting_consent_takes_one(status: str) -> None:
    with pytest.raises(ContractStateError) as refused:
        consent(status, "a" * 64, "a" * 64)
    assert refused.value.reason == "not_awaiting_consent"


def test_the_consent_record_names_time_offer_reference_and_the_document_s_hash() -> None:
    record = consent_record(at="2026-03-05T10:00:00.000Z", offer="PA-1-7K3F-9QXD", reference="KF-7H3K-9QXD-2M4P",
                            sha256="c" * 64, size=1234, lang="de", statement="Ich schließe ihn ab.")
    assert record == {"format": "kitaforms-consent/1", "at": "2026-03-05T10:00:00.000Z", "offer": "PA-1-7K3F-9QXD",
                      "reference": "KF-7H3K-9QXD-2M4P", "document": {"sha256": "c" * 64, "size": 1234}, "lang": "de",
                      "statement": "Ich schließe ihn ab."}

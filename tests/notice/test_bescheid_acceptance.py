"""Acceptance test of issue 17, item 3: the vorläufiger Bescheid of a Köln and a Düsseldorf household, as
decision JSON and PDF: tagged (StructTreeRoot, MarkInfo Marked), in its language (/Lang), every month and
every amount as text (pdftotext), and the legal basis cited (the paragraphs of the Satzung with a §)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from kitaforms.documents.bescheid import bescheid_pdf
from kitaforms.notice import case_from_answers, provisional
from kitaforms.notice.project import notice_sources
from kitaforms.satzung.explain import money

ROOT = Path(__file__).resolve().parents[2]
CHILD = {"vorname": "Mia", "nachname": "Beispiel", "geburtsdatum": "2024-03-01", "betreuungsart": "kita",
         "einrichtung": "Kita Beispiel", "beginn": "2025-08-01", "umfang": "35"}
ANSWERS = {
    "koeln": {"erklaerungsweg": "angaben",
              "einkommen1": {"arten": ["nichtselbststaendig"], "lohn": "40000.00", "werbungskosten": "1900.00"},
              "einkommen2": {"arten": ["beamtenbezuege"], "beamtenbezuege": "10000.00"}, "kinder": [CHILD]},
    "duesseldorf": {"erklaerungsweg": "angaben",
                    "einkommen1": {"arten": ["nichtselbststaendig"], "lohn": "52000.00", "werbungskosten": "1500.00"},
                    "kinder": [CHILD]},
}


@pytest.fixture(scope="module", params=sorted(ANSWERS))
def made(request):  # type: ignore[no-untyped-def]
    kommune = request.param
    sources = notice_sources(ROOT, kommune)
    assert sources.ok, sources.diagnostics
    case = case_from_answers(ANSWERS[kommune], first=date(2025, 12, 1), last=date(2026, 6, 1))
    decision = provisional(sources.satzungen, case, sources.kommune, issued=date(2025, 11, 20), reference="EK-17")
    return kommune, sources, decision, bescheid_pdf(decision)


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian's poppler-utils)")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_the_decision_json_has_every_month_with_its_satzung(made) -> None:  # type: ignore[no-untyped-def]
    kommune, _, decision, _ = made
    assert decision["kind"] == "vorlaeufig" and decision["lang"] == "de"
    assert [m["month"] for m in decision["months"]] == [f"{y}-{m:02d}" for y, m in
                                                        [(2025, 12), *((2026, i) for i in range(1, 7))]]
    assert all(m["satzung"].startswith(kommune + "/") for m in decision["months"])
    assert sum(m["fee"] is not None for m in decision["months"]) >= 5  # one month around the birthday may be open
    assert decision["income"]["amount"] is not None and decision["total"] != "0.00"


def test_the_pdf_is_tagged_and_in_german(made) -> None:  # type: ignore[no-untyped-def]
    _, _, decision, content = made
    pdf = pikepdf.open(io.BytesIO(content))
    assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.keys()) > 1
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang) == "de"
    assert decision["aktenzeichen"] in str(pdf.docinfo.Title)


def test_every_month_and_amount_is_text_in_the_pdf(made) -> None:  # type: ignore[no-untyped-def]
    _, _, decision, content = made
    text = pdf_text(content)
    for month in decision["months"]:
        year, number = month["month"].split("-")
        assert f"{number}/{year}" in text, month["month"]
        if month["fee"] is not None:
            assert money(month["fee"], "de") in text, (month["month"], month["fee"])
            for child in month["children"]:
                assert money(child["fee"], "de") in text
    assert money(decision["total"], "de") in text
    assert money(decision["income"]["amount"], "de") in text


def test_the_legal_basis_is_cited(made) -> None:  # type: ignore[no-untyped-def]
    """Every paragraph the explanation cites is in the text, and among them one with a § from the Satzung file."""
    _, sources, decision, content = made
    text = pdf_text(content)
    cited = {s["paragraph"] for m in decision["months"] for s in m.get("explanation") or () if s["paragraph"]}
    cited |= {s["paragraph"] for s in decision["income"]["explanation"] if s["paragraph"]}
    assert cited and all(" ".join(p.split()) in text for p in cited), sorted(p for p in cited if p not in text)
    used = {m["satzung"] for m in decision["months"]}
    files = "\n".join((ROOT / "satzungen" / f"{key}.yaml").read_text(encoding="utf-8") for key in used)
    sections = [p for p in cited if "§" in p and p in files]
    assert sections, cited

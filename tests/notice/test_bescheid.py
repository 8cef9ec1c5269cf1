"""Vorläufiger and endgültiger Bescheid (kitaforms.notice, kitaforms.documents.bescheid), worked by hand on
Köln's Satzung of 1.8.2025 (satzungen/koeln/2025-08.yaml).

The household: parent 1 earns 40,000.00 € wages less 1,900.00 € Werbungskosten = 38,100.00 €; parent 2 is a
Beamter with 12,000.00 € pay and states no Werbungskosten, so the Arbeitnehmer-Pauschbetrag of 2025 (1,230.00 €,
§ 9a EStG) is deducted = 10,770.00 €, to which § 4 Abs. 4 adds 10 % = 1,077.00 €. The income that counts (§ 4) is
38,100 + 10,770 + 1,077 = 49,947.00 € — Stufe 4 (over 49,084 up to 61,355), where the amounts without the
addition (48,870 €) would be Stufe 3. Mia, born 1.3.2024, in a Kita for 35 hours from 1.8.2025, turns 2 on 1.3.2026:
"unter 2 Jahre" until February, "2 bis unter 3 Jahre" from April (the Satzung does not say from which month
the new group applies, so March is not set and says so).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from kitaforms.cli import cli
from kitaforms.documents.bescheid import bescheid_pdf
from kitaforms.model.kommune import Bescheid
from kitaforms.notice import DecisionError, case_from_answers, final, provisional
from kitaforms.notice.project import notice_sources

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = {
    "erklaerungsweg": "angaben",
    "einkommen1": {"arten": ["nichtselbststaendig"], "lohn": "40000.00", "werbungskosten": "1900.00"},
    "einkommen2": {"arten": ["beamtenbezuege"], "beamtenbezuege": "12000.00"},
    "kinder": [{"vorname": "Mia", "nachname": "Beispiel", "geburtsdatum": "2024-03-01", "betreuungsart": "kita",
                "einrichtung": "Kita Beispiel", "beginn": "2025-08-01", "umfang": "35"}],
}


@pytest.fixture(scope="module")
def koeln():  # type: ignore[no-untyped-def]
    sources = notice_sources(ROOT, "koeln")
    assert sources.ok, sources.diagnostics
    return sources


@pytest.fixture(scope="module")
def notice(koeln) -> dict:  # type: ignore[no-untyped-def]
    case = case_from_answers(ANSWERS, first=date(2026, 1, 1), last=date(2026, 5, 1))
    return provisional(koeln.satzungen, case, koeln.kommune, issued=date(2025, 12, 1), reference="EK-7")


def fees(decision: dict) -> dict[str, str | None]:
    return {m["month"]: m["fee"] for m in decision["months"]}


def test_the_provisional_notice_counts_the_declared_income_as_the_satzung_does(notice: dict) -> None:
    income = notice["income"]
    assert income["basis"] == "declared" and income["amount"] == "49947.00"
    steps = {(s["code"], s["params"]["amount"]): s["paragraph"] for s in income["explanation"]}
    assert steps[("income_item", "40000.00")] == "§ 4"  # wages
    assert steps[("work_expenses", "1900.00")] == "§ 4"  # less the Werbungskosten stated
    assert steps[("work_expenses_flat", "1230.00")] == "§ 4"  # none stated: the Arbeitnehmer-Pauschbetrag
    assert steps[("beamte_addition", "1077.00")] == "§ 4 Abs. 4"  # 10 % of 12,000 − 1,230
    assert steps[("income_total", "49947.00")] == "§ 4"


def test_the_provisional_notice_follows_the_age_group_month_by_month(notice: dict) -> None:
    # Stufe 4, 35 hours: unter 2 Jahre 298.49, 2 bis unter 3 Jahre 271.35 (Beitragstabelle ab 01.08.2025).
    assert fees(notice) == {"2026-01": "298.49", "2026-02": "298.49", "2026-03": None,
                            "2026-04": "271.35", "2026-05": "271.35"}
    assert notice["total"] == "1139.68" and notice["complete"] is False  # 2 × 298.49 + 2 × 271.35
    march = notice["months"][2]
    assert march["error"]["code"] and march["error"]["paragraph"] == "Beitragstabelle ab 01.08.2025"
    groups = [c["age_group"] for m in notice["months"] if m["fee"] for c in m["children"]]
    assert groups == ["u2", "u2", "age2_to_u3", "age2_to_u3"]
    paragraphs = {s["paragraph"] for s in notice["months"][0]["explanation"]}
    assert {"§ 4", "§ 4 Abs. 4", "§ 50 Abs. 1 KiBiz", "Beitragstabelle ab 01.08.2025"} <= paragraphs


def test_a_kommune_without_texts_gets_marked_sample_texts_and_its_own_texts_otherwise(koeln, notice: dict) -> None:  # type: ignore[no-untyped-def]
    assert notice["texts"]["sample"] is True and "Beispieltext" in notice["texts"]["rechtsbehelfsbelehrung"]
    assert notice["aktenzeichen"] == "koeln/2025/EK-7"
    own = koeln.kommune.model_copy(update={"bescheid": Bescheid(
        rechtsbehelfsbelehrung={"de": "Klage beim VG Köln.", "en": "Action at the VG Köln."},
        aktenzeichen_muster="51-EB/{jahr}/{referenz}", unterschrift="Im Auftrag")})
    case = case_from_answers(ANSWERS, first=date(2026, 1, 1), last=date(2026, 1, 1))
    english = provisional(koeln.satzungen, case, own, issued=date(2025, 12, 1), reference="EK-7", lang="en")
    assert english["aktenzeichen"] == "51-EB/2025/EK-7" and english["texts"]["sample"] is False
    assert english["texts"]["rechtsbehelfsbelehrung"] == "Action at the VG Köln."
    assert english["months"][0]["explanation"][-1]["text"].startswith("Monthly fee of the family")


def test_the_final_notice_claims_the_difference_of_every_month(koeln, notice: dict) -> None:  # type: ignore[no-untyped-def]
    # Verified 62,000 € → Stufe 5 (over 61,355 up to 78,000): 368.35 (unter 2), 306.96 (2 bis unter 3).
    settled = final(notice, koeln.satzungen, Decimal("62000"), koeln.kommune, issued=date(2027, 3, 1))
    assert settled["kind"] == "endgueltig" and settled["aktenzeichen"] == notice["aktenzeichen"]
    assert settled["income"] == {**settled["income"], "basis": "verified", "amount": "62000.00"}
    rows = {r["month"]: (r["provisional"], r["final"], r["difference"], r["result"])
            for r in settled["comparison"]["months"]}
    assert rows == {
        "2026-01": ("298.49", "368.35", "69.86", "nachforderung"),  # 368.35 − 298.49
        "2026-02": ("298.49", "368.35", "69.86", "nachforderung"),
        "2026-03": (None, None, None, None),
        "2026-04": ("271.35", "306.96", "35.61", "nachforderung"),  # 306.96 − 271.35
        "2026-05": ("271.35", "306.96", "35.61", "nachforderung"),
    }
    assert settled["comparison"]["total_difference"] == "210.94"  # 2 × 69.86 + 2 × 35.61
    assert settled["comparison"]["result"] == "nachforderung"
    lower = final(notice, koeln.satzungen, Decimal("40000"), koeln.kommune, issued=date(2027, 3, 1))
    assert lower["comparison"]["months"][0]["difference"] == "-86.57"  # Stufe 3: 211.92 − 298.49
    assert lower["comparison"]["result"] == "erstattung"


def test_only_a_provisional_notice_is_settled(koeln, notice: dict) -> None:  # type: ignore[no-untyped-def]
    settled = final(notice, koeln.satzungen, Decimal("62000"), koeln.kommune, issued=date(2027, 3, 1))
    with pytest.raises(DecisionError, match="provisional"):
        final(settled, koeln.satzungen, Decimal("62000"), koeln.kommune, issued=date(2027, 3, 1))


def test_the_pdf_is_tagged_in_its_language_and_carries_the_amounts_as_text(koeln, notice: dict) -> None:  # type: ignore[no-untyped-def]
    settled = final(notice, koeln.satzungen, Decimal("62000"), koeln.kommune, issued=date(2027, 3, 1), lang="en")
    for decision, lang, amounts in ((notice, "de", ["298,49 €", "271,35 €", "1.139,68 €", "49.947,00 €"]),
                                    (settled, "en", ["€368.35", "€69.86", "€210.94"])):
        content = bescheid_pdf(decision)
        pdf = pikepdf.open(io.BytesIO(content))
        assert str(pdf.Root.Lang) == lang and "/StructTreeRoot" in pdf.Root
        assert notice["aktenzeichen"] in str(pdf.docinfo.Title)
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext is not installed (Debian's poppler-utils)")
        text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True,
                                       check=True).stdout.decode("utf-8").split())
        assert all(amount in text for amount in amounts), text
        assert "Beispieltext" in text


def test_the_cli_makes_both_notices(tmp_path: Path) -> None:
    import json

    answers = tmp_path / "erklaerung.json"
    answers.write_text(json.dumps({"reference": "EK-7", "kommune": "koeln", "form": "einkommen", "lang": "de",
                                   "received_at": "2025-11-20T09:00:00Z", "data": ANSWERS}), encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(cli, ["bescheid", "vorlaeufig", "--submission", str(answers), "--von", "2026-01", "--bis",
                                "2026-02", "--datum", "2025-12-01", "--out", str(tmp_path / "v.json"),
                                "--project", str(ROOT)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["bescheid", "endgueltig", "--vorlaeufig", str(tmp_path / "v.json"), "--einkommen",
                                 "62000", "--datum", "2027-03-01", "--out", str(tmp_path / "e.json"), "--pdf",
                                 str(tmp_path / "e.pdf"), "--project", str(ROOT)])
    assert second.exit_code == 0, second.output
    settled = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert settled["comparison"]["total_difference"] == "139.72"  # 2 × 69.86
    assert (tmp_path / "e.pdf").read_bytes().startswith(b"%PDF")


def test_a_declaration_with_only_an_income_band_is_assessed_in_that_band(koeln) -> None:  # type: ignore[no-untyped-def]
    # Köln's bands are its table's Stufen: stufe_4 is "über 49.084 bis 61.355 Euro" (upper bound inclusive),
    # so the notice is assessed with 61,355 € — the same fee as any income of the band: 298.49 (unter 2, 35 h).
    band = {**{k: v for k, v in ANSWERS.items() if not k.startswith("einkommen")}, "einkommensstufe": "stufe_4"}
    case = case_from_answers(band, first=date(2026, 1, 1), last=date(2026, 1, 1))
    decision = provisional(koeln.satzungen, case, koeln.kommune, issued=date(2025, 12, 1), reference="EK-9")
    assert fees(decision) == {"2026-01": "298.49"}
    assert [s["code"] for s in decision["income"]["explanation"]] == ["income_band"]
    assert decision["income"]["explanation"][0]["text"] == "Einkommensstufe 4 laut Selbsteinschätzung."
    settled = final(decision, koeln.satzungen, Decimal("50000"), koeln.kommune, issued=date(2027, 3, 1))
    assert settled["comparison"]["months"][0]["difference"] == "0.00"  # 50,000 € is in Stufe 4 as declared
    assert settled["comparison"]["result"] == "keine"

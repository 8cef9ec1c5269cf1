"""The application PDF (acceptance): PDF/UA-1, tagged, in the parent's language, every answer in the
order of "Angaben prüfen", made after the commit and kept for the case file.

Read back with implementations we did not write: pikepdf (qpdf) for the structure, the XMP metadata
parsed as XML, poppler's ``pdftotext`` for the text a reader gets and ``pdfinfo -struct-text`` for the
tagged structure with its text, the way assistive technology walks it (Debian poppler-utils).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from starlette.testclient import TestClient

from kitaforms.documents.application import answers
from kitaforms.render._answers import answer_sections
from kitaforms.serve.receipts import received_day
from kitaforms.store import Submission

from .test_receipts import full, submit

PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"
TITLE = {"de": "Testantrag „Alle Felder“", "en": "Test application “all fields”"}


@pytest.fixture(scope="module")
def poppler() -> Path:
    found = shutil.which("pdftotext")
    if found is None or shutil.which("pdfinfo") is None:
        message = "pdftotext/pdfinfo are not installed: `make system-deps` installs Debian's poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return Path(found).parent


def text_of(poppler: Path, content: bytes) -> str:
    """The PDF's text as poppler reads it, whitespace collapsed."""
    out = subprocess.run([poppler / "pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def tagged_rows(poppler: Path, content: bytes, tmp_path: Path, heading: str) -> list[tuple[str, str]]:
    """(header cell, data cell) of every table row under the H2 ``heading``, from the structure tree
    with its text (``pdfinfo -struct-text``): what a screen reader reads, in its order."""
    (tmp_path / "doc.pdf").write_bytes(content)
    out = subprocess.run([poppler / "pdfinfo", "-struct-text", str(tmp_path / "doc.pdf")], capture_output=True,
                         check=True).stdout.decode("utf-8")
    rows: list[tuple[str, str]] = []
    h2, cell, texts = "", "", {"TH": [], "TD": []}  # type: ignore[var-annotated]
    for line in out.splitlines() + ["TR"]:
        word = line.strip().split(" ", 1)[0].rstrip(":")
        if word in ("TR", "H2") and (texts["TH"] or texts["TD"]):
            if h2 == heading:
                rows.append((" ".join(" ".join(texts["TH"]).split()), " ".join(" ".join(texts["TD"]).split())))
            texts = {"TH": [], "TD": []}
        if word in ("TH", "TD", "H2"):
            cell = word
        elif word in ("Document", "Part", "Sect", "H1", "H3", "P", "Table", "THead", "TBody"):
            cell = ""
        elif line.strip().startswith('"') and cell in texts:
            texts[cell].append(line.strip()[1:-1])
        elif line.strip().startswith('"') and cell == "H2":
            h2 = line.strip()[1:-1]
    return rows


def expected_rows(client: TestClient, submission: Submission, lang: str) -> list[tuple[str, list[str]]]:
    """(label, answer parts) of every row "Angaben prüfen" shows, in its order."""
    bundle = client.app.state.server.catalogue.bundle(submission.kommune, submission.form, submission.version)  # type: ignore[attr-defined]
    rows = []
    for section in answer_sections(bundle.resolved, lang, answers(submission.data), received_day(submission)):
        for row in section.rows:
            rows.append((row.label, [str(row.value)] if row.items is None else list(row.items)))
    return rows


def in_order(text: str, parts: list[str]) -> list[str]:
    """The parts not found in ``text`` in this order (each searched after the previous one)."""
    position, missing = 0, []
    for part in parts:
        found = text.find(" ".join(part.split()), position)
        if found == -1:
            missing.append(part)
        else:
            position = found + len(part)
    return missing


def structure_types(pdf: pikepdf.Pdf) -> Iterator[str]:
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                yield str(node.S)
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])


def fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            yield from font.get("/DescendantFonts", [font])


def application(client: TestClient, exports: Path, lang: str) -> tuple[bytes, Submission, str]:
    """The PDF of the full example sent in ``lang``, the stored submission and the PDF's link."""
    receipt = submit(client, exports, **{"accept-language": lang})
    response = client.get(receipt["links"]["application_pdf"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith(f'attachment; filename="antrag-{receipt["reference"]}.pdf"')
    assert response.headers["referrer-policy"] == "no-referrer" and response.headers["cache-control"] == "no-store"
    submission = client.app.state.server.store.submission(receipt["reference"])  # type: ignore[attr-defined]
    return response.content, submission, receipt["links"]["application_pdf"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_application_pdf_is_pdf_ua(client: TestClient, exports: Path, lang: str) -> None:
    content, submission, _ = application(client, exports, lang)
    assert submission.lang == lang
    pdf = pikepdf.open(io.BytesIO(content))
    root = pdf.Root
    assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked) is True, "tagged"
    assert str(root.Lang) == lang
    title = f"{TITLE[lang]} – {submission.reference}"
    assert str(pdf.docinfo.Title) == title and bool(root.ViewerPreferences.DisplayDocTitle) is True
    xmp = ET.fromstring(root.Metadata.read_bytes())
    assert [node.get(PDFUAID) for node in xmp.iter() if node.get(PDFUAID)] == ["1"], "PDF/UA-1 in the XMP metadata"
    assert title in [node.text for node in xmp.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")]
    types = set(structure_types(pdf))
    assert {"/Document", "/H1", "/H2", "/H3", "/P", "/Table", "/TR", "/TH", "/TD"} <= types, types
    embedded = list(fonts(pdf))
    assert embedded and all("DejaVu" in str(font.BaseFont) for font in embedded)
    assert all("/FontFile2" in font.FontDescriptor for font in embedded), "every font is embedded"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_pdf_shows_every_answer_in_the_order_of_the_review_page(client: TestClient, exports: Path, poppler: Path,
                                                                    tmp_path: Path, lang: str) -> None:
    content, submission, _ = application(client, exports, lang)
    text = text_of(poppler, content)
    rows = expected_rows(client, submission, lang)
    assert len(rows) > 15, "the full example answers every field type"
    assert not in_order(text, [part for _, parts in rows for part in parts]), "the answers, in the order of the review page"
    tagged = tagged_rows(poppler, content, tmp_path, "Ihre Angaben" if lang == "de" else "Your answers")
    assert [label for label, _ in tagged] == [" ".join(label.split()) for label, _ in rows], "each question a header cell"
    for (_, cell), (label, parts) in zip(tagged, rows, strict=True):
        assert not in_order(cell, parts), (label, cell, parts)
    assert submission.reference in text and ("Eingegangen am" if lang == "de" else "Received on") in text
    assert ("Version 2.1.0" if lang == "de" else "version 2.1.0") in text
    _, files = full(exports)
    assert all(sha256 in re.sub(r"\s", "", text) for sha256 in files), "the stored files with their SHA-256"
    english = {"Your answers", "Reference number", "Yes"}
    assert english <= set(re.findall("|".join(english), text)) if lang == "en" else "Ihre Angaben" in text


def test_the_case_file_keeps_a_german_copy_of_an_english_application(client: TestClient, exports: Path) -> None:
    content, submission, link = application(client, exports, "en")
    store = client.app.state.server.store  # type: ignore[attr-defined]
    assert store.document(submission.reference, lang="en").content == content, "made once, then kept"
    german = client.get(link, params={"lang": "de"})
    assert german.status_code == 200
    kept = store.document(submission.reference)  # what the back office fetches: German, for the case file
    assert kept is not None and kept.lang == "de" and kept.content == german.content
    assert str(pikepdf.open(io.BytesIO(kept.content)).Root.Lang) == "de"
    assert client.get(link).content == content, "the same bytes on every download"


def test_the_pdf_is_made_after_the_commit_without_anyone_asking(client: TestClient, exports: Path) -> None:
    """The submission is answered at once; a worker process makes the PDFs (case file: German; the
    parent's language) and the store keeps them."""
    receipt = submit(client, exports, **{"accept-language": "en"})
    store = client.app.state.server.store  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(store.documents_of(receipt["reference"])) < 2:
        time.sleep(0.5)
    kept: list[Any] = store.documents_of(receipt["reference"])
    assert sorted(document.lang for document in kept) == ["de", "en"]
    assert all(document.content.startswith(b"%PDF-1.7") and document.media_type == "application/pdf" for document in kept)

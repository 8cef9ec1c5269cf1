"""Time per application PDF (PDF/UA via WeasyPrint), per form, from the bundles in exports/.

For each form of a Kommune, its fullest valid example is printed as the application PDF in German
and English: rendering the HTML (answers, Jinja) and printing it (WeasyPrint) are timed apart, the
median of ``--runs`` after one warm-up run, with the PDF's size. The server makes these
PDFs off the request path, in a worker process of low priority (kitaforms.serve.receipts).

    .venv/bin/python bench/documents.py [--kommune koeln] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import kitaforms.compiler  # noqa: F401 - the pipeline's import order
from kitaforms.documents import html_to_pdf
from kitaforms.documents.application import answers
from kitaforms.render import ReceiptDetails, render_application
from kitaforms.serve.catalogue import load_catalogue, read_tree

ROOT = Path(__file__).resolve().parents[1]


def fullest(folder: Path) -> dict:
    examples = [json.loads(path.read_text("utf-8")) for path in sorted((folder / "examples" / "valid").glob("*.json"))]
    return max(examples, key=lambda data: len(json.dumps(data)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kommune", default="koeln")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    catalogue = load_catalogue(read_tree(ROOT / "exports"))
    entry = catalogue.kommunen[args.kommune]
    print(f"{'form':<20} {'lang':<4} {'html ms':>8} {'pdf ms':>8} {'KB':>6}")
    for form in sorted(entry.forms):
        bundle = entry.latest(form)
        assert bundle is not None
        folder = next((ROOT / "exports").glob(f"*-{args.kommune}/{form}/{bundle.version}"))
        data = answers(json.dumps(fullest(folder)))
        details = ReceiptDetails("2026-02-02T09:30:00.000Z", bundle.version)
        for lang in ("de", "en"):
            html_ms, pdf_ms, content = [], [], b""
            for run in range(args.runs + 1):
                start = time.perf_counter()
                html, css = render_application(bundle.resolved, lang, "KF-BENC-HMAR-K000", data, details)
                middle = time.perf_counter()
                content = html_to_pdf(html, css)
                if run:  # the first run warms fontconfig and the caches
                    html_ms.append((middle - start) * 1000)
                    pdf_ms.append((time.perf_counter() - middle) * 1000)
            print(f"{form:<20} {lang:<4} {statistics.median(html_ms):>8.0f} {statistics.median(pdf_ms):>8.0f} "
                  f"{len(content) / 1024:>6.0f}")


if __name__ == "__main__":
    main()

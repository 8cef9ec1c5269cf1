"""HTML + CSS → PDF/UA (kitaforms.documents.pdf): a document loads nothing from anywhere, and the same
input prints the same bytes."""

from __future__ import annotations

import base64
import io

import pikepdf
import pytest

from kitaforms.documents import RemoteResourceRefused, html_to_pdf

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000 1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    .replace(" ", ""))).decode()


def page(body: str, lang: str = "de") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Probe</title></head><body>{body}</body></html>'


@pytest.mark.parametrize(("body", "css"), [
    ('<img src="https://example.org/logo.png" alt="Logo">', ""),
    ('<link rel="stylesheet" href="http://example.org/theme.css"><p>x</p>', ""),
    ('<img src="file:///etc/passwd" alt="x">', ""),
    ("<p>x</p>", '@import url("https://example.org/a.css");'),
    ("<p>x</p>", 'p { background: url("https://example.org/tracker.gif") }'),
])
def test_a_document_loads_nothing(body: str, css: str) -> None:
    with pytest.raises(RemoteResourceRefused, match="only data: URLs"):
        html_to_pdf(page(body), [css] if css else [])


def test_web_fonts_are_not_loaded() -> None:
    """Fonts come from the system (fontconfig): an @font-face is never fetched."""
    css = '@font-face { font-family: X; src: url("https://example.org/x.woff2") } p { font-family: X, "DejaVu Sans" }'
    pdf = pikepdf.open(io.BytesIO(html_to_pdf(page("<p>Mia</p>"), [css])))
    fonts = [font for p in pdf.pages for font in p.Resources.Font.values()]
    assert fonts and all("DejaVu" in str(font.BaseFont) for font in fonts)


def test_inline_data_is_allowed_and_tagged() -> None:
    content = html_to_pdf(page(f'<h1>Probe</h1><img src="data:image/png;base64,{PNG}" alt="Ein Punkt">'))
    pdf = pikepdf.open(io.BytesIO(content))
    assert str(pdf.Root.Lang) == "de" and str(pdf.docinfo.Title) == "Probe"
    assert b"/Figure" in content or any("/Figure" in str(obj.get("/S", "")) for obj in pdf.objects
                                         if isinstance(obj, pikepdf.Dictionary))


def test_the_same_document_prints_the_same_bytes() -> None:
    html = page("<h1>Anmeldung</h1><p>Mia</p>")
    assert html_to_pdf(html, ["body { font-family: 'DejaVu Sans' }"]) == html_to_pdf(html, ["body { font-family: 'DejaVu Sans' }"])

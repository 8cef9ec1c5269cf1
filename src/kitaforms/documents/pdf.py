"""HTML + CSS → PDF/UA-1 with WeasyPrint: one renderer for every document kitaforms hands out.

:func:`html_to_pdf` takes a complete HTML document (``<html lang>`` and ``<title>`` set: they become
the PDF's ``/Lang`` and its title, shown in the viewer's title bar) and style sheets as text, and
returns a tagged PDF (structure tree from the HTML: headings, paragraphs, tables with their header
cells, lists) that declares PDF/UA-1 in its XMP metadata. The fonts come from the system through
fontconfig (the theme asks for DejaVu, Debian's ``fonts-dejavu-core``) and are embedded as subsets.

Nothing is loaded from anywhere: the HTML arrives as a string, and every URL the document names
(a style sheet, an image, a font) is refused, except inline ``data:`` URLs. A document that would
need another resource fails (:class:`RemoteResourceRefused`) instead of quietly looking different.

The function takes and returns plain values, so a server can run it in a worker process.
WeasyPrint needs Debian's pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PDF_VARIANT = "pdf/ua-1"
PDF_MEDIA_TYPE = "application/pdf"
ALLOWED_SCHEMES = ("data",)


class RemoteResourceRefused(ValueError):
    """The document named a resource by URL; documents are made from what they carry alone."""


def html_to_pdf(html: str, stylesheets: Sequence[str] = ()) -> bytes:
    """A PDF/UA-1 document of ``html`` styled by ``stylesheets`` (CSS text); nothing is fetched."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _local_fetcher()
    try:
        sheets = [CSS(string=sheet, url_fetcher=fetcher) for sheet in stylesheets]
        document = HTML(string=html, url_fetcher=fetcher, base_url=None)
        return bytes(document.write_pdf(stylesheets=sheets, pdf_variant=PDF_VARIANT))
    except FatalURLFetchingError as exc:
        raise RemoteResourceRefused(str(exc.__cause__ or exc)) from None


def _local_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        """Refuses every URL but ``data:`` (no network, no file system); a refusal stops the rendering."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme not in ALLOWED_SCHEMES:
                raise RemoteResourceRefused(f"a document may not load {url[:200]!r}: only data: URLs are allowed")
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols=ALLOWED_SCHEMES, fail_on_errors=True)

"""What a file really is, from its bytes (never from the client's ``Content-Type`` or file name).

A signature alone is not enough: ``%PDF-`` followed by an HTML page is no PDF, whatever its first
bytes claim. :func:`sniff` therefore names a type only when the file also looks like one at its
end (a PDF's ``%%EOF``, a PNG's ``IHDR`` and ``IEND``) and carries no HTML or script markup near its
start (where a browser would look for it); anything else is ``application/octet-stream``, which
no form accepts. It reads only the first :data:`HEAD` and the last :data:`TAIL` bytes, so a file
streamed to disk is checked without reading it whole.
"""

from __future__ import annotations

OCTET_STREAM = "application/octet-stream"
HEAD = 4096  # bytes from the start that sniff() looks at
TAIL = 1024  # bytes from the end

_MAGIC: list[tuple[bytes, int, str]] = [
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"PK\x03\x04", 0, "application/zip"),
]
# Markup a browser or viewer could run as a page. Long enough never to turn up by chance in
# compressed image data; no XMP or SVG words (PDFs and images carry XMP metadata legitimately).
_MARKUP = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<object", b"<embed",
           b"<meta", b"<form", b"<style", b"<title", b"<a href", b"javascript:")
_MARKUP_WINDOW = 1024


def sniff(content: bytes, tail: bytes | None = None) -> str:
    """The media type of a file by its signature and shape, or ``application/octet-stream``.

    ``content`` is the whole file or its first :data:`HEAD` bytes; ``tail`` its last :data:`TAIL`
    bytes (taken from ``content`` when not given).
    """
    end = content[-TAIL:] if tail is None else tail
    claimed = _signature(content)
    if claimed == OCTET_STREAM or _has_markup(content[:_MARKUP_WINDOW]) or not _shape_fits(claimed, content, end):
        return OCTET_STREAM
    return claimed


def _signature(head: bytes) -> str:
    for signature, offset, media_type in _MAGIC:
        if head[offset : offset + len(signature)] == signature:
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return "image/heic"
    return OCTET_STREAM


def _has_markup(head: bytes) -> bool:
    lowered = head.lower()
    return any(marker in lowered for marker in _MARKUP)


def _shape_fits(media_type: str, head: bytes, tail: bytes) -> bool:
    if media_type == "application/pdf":
        return b"%%EOF" in tail
    if media_type == "image/png":
        return head[12:16] == b"IHDR" and tail.endswith(b"IEND\xaeB`\x82")
    return True

"""What a file really is, from its first bytes (never from the client's ``Content-Type``)."""

from __future__ import annotations

OCTET_STREAM = "application/octet-stream"

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


def sniff(content: bytes) -> str:
    """The media type of ``content`` by its signature, or ``application/octet-stream``."""
    for signature, offset, media_type in _MAGIC:
        if content[offset : offset + len(signature)] == signature:
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:8] == b"ftyp" and content[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return "image/heic"
    return OCTET_STREAM

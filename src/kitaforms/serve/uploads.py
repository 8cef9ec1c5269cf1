"""Multipart submissions, read as a stream: files go to temporary files within their field's limit.

Two kinds of ``multipart/form-data`` body reach ``…/submit``:

- **answers and files** (the assistant with JavaScript, API clients): the first part, named
  :data:`ANSWERS` (``_submission``), holds the answers as JSON; then one part per file, named with
  its file field's instance path (``nachweis``, ``geschwister.0.nachweis``; a field taking several
  files has several parts of that name), the file name in ``filename``. This reading is strict:
  a file part for no file field, more files than the field takes, a file over the field's limit
  or any other part end the request at once (:class:`Refused`, naming the field).
- **a plain form post** (the assistant without JavaScript): the form's fields, file inputs named
  with the field's path. A file over its limit is not refused here — the rest of it is counted and
  dropped, so the page can come back with the error *and* with everything else the parent entered.

Each file is written to an anonymous temporary file as it arrives, counted and hashed (sha256) on
the way, and typed by :func:`kitaforms.serve.sniff.sniff` from its first and last bytes; no file is
ever held whole in memory while the request is read. The limits (:class:`~kitaforms.serve.
attachments.FileRule`) come from the form's schema, given as ``rule_for(part name)``.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from kitaforms.runtime import FieldError
from kitaforms.serve.attachments import FileRule
from kitaforms.serve.sniff import HEAD, TAIL, sniff

ANSWERS = "_submission"
FIELD_LIMIT = 1 << 20  # bytes of one text field of a plain form post
MAX_FIELDS = 5000
MAX_FILES = 100


class Malformed(Exception):
    """The body is not multipart that can be read."""


class Refused(Exception):
    """A part breaks a rule of the form: the request ends here (a 4xx problem naming the field)."""

    def __init__(self, status: int, slug: str, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail, self.errors = status, slug, detail, errors


@dataclass
class Received:
    """One file of the request: measured by the server, its bytes in a temporary file."""

    part: str  # the part's name: the file field's instance path
    name: str  # the file name, made safe
    size: int
    sha256: str
    type: str  # sniffed from the bytes
    file: IO[bytes] | None  # None when the file was over its limit (counted, not kept)

    def described(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "size": self.size, "sha256": self.sha256}

    def content(self) -> bytes:
        assert self.file is not None, "a file over its limit is never stored"
        self.file.seek(0)
        return self.file.read()


@dataclass
class Posted:
    items: list[tuple[str, str | Received]] = field(default_factory=list)  # in the order they came
    answers: bytes | None = None  # the ANSWERS part of a strict body

    @property
    def files(self) -> list[Received]:
        return [value for _, value in self.items if isinstance(value, Received)]

    def close(self) -> None:
        for item in self.files:
            if item.file is not None:
                item.file.close()


def safe_name(name: str | None) -> str:
    base = PurePosixPath((name or "datei").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return cleaned[:255] or "datei"


async def read_multipart(request: Request, rule_for: Callable[[str], FileRule | None], *, answers_limit: int) -> Posted:
    """Read the multipart body of ``request`` (raises :class:`Malformed` or :class:`Refused`)."""
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise Malformed("The multipart body has no boundary.")
    reader = _Reader(rule_for, answers_limit)
    parser = MultipartParser(boundary, reader.callbacks())
    try:
        async for chunk in request.stream():
            if chunk:
                await run_in_threadpool(parser.write, chunk)
        if not reader.ended:
            raise Malformed("The multipart body ends before its closing boundary.")
    except MultipartParseError as exc:
        reader.close()
        raise Malformed(str(exc)) from None
    except BaseException:
        reader.close()
        raise
    return reader.posted


class _Reader:
    """python-multipart's callbacks: one part after the other, into :class:`Posted`."""

    def __init__(self, rule_for: Callable[[str], FileRule | None], answers_limit: int) -> None:
        self.rule_for = rule_for
        self.answers_limit = answers_limit
        self.posted = Posted()
        self.strict: bool | None = None  # decided by the first part
        self.ended = False
        self.per_field: dict[str, int] = {}
        self.counts = [0, 0]  # fields, files
        self.header = [b"", b""]
        self.headers: dict[bytes, bytes] = {}
        self.part: _Text | _File | None = None

    def close(self) -> None:
        """Drop every temporary file of a body that will not be used (refused, broken, cut off)."""
        if isinstance(self.part, _File) and self.part.file is not None:
            self.part.file.close()
        self.posted.close()

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self.on_part_begin, "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value, "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished, "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end, "on_end": self.on_end,
        }

    def on_part_begin(self) -> None:
        self.headers = {}
        self.part = None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header[0] += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header[1] += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header[0].strip().lower()] = self.header[1]
        self.header = [b"", b""]

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        if b"name" not in options:
            raise Malformed("A part of the multipart body has no name.")
        name = options[b"name"].decode("utf-8", "replace")
        if self.strict is None:
            self.strict = name == ANSWERS
        if b"filename" in options and name != ANSWERS:
            self.part = self._file(name, options[b"filename"].decode("utf-8", "replace"))
        else:
            self.part = self._text(name)

    def _text(self, name: str) -> _Text:
        self.counts[0] += 1
        if self.counts[0] > MAX_FIELDS:
            raise Malformed(f"The form has more than {MAX_FIELDS} fields.")
        first = self.counts[0] == 1 and not self.counts[1]
        if name == ANSWERS and not (self.strict and first):
            raise Malformed(f"`{ANSWERS}` (the answers as JSON) must be the first part of the body.")
        if self.strict and name != ANSWERS:
            raise Refused(400, "unexpected-part", f"A body with `{ANSWERS}` carries only files besides the answers; "
                          f"the part `{name[:100]}` is not a file.")
        limit = self.answers_limit if name == ANSWERS else FIELD_LIMIT
        return _Text(name, limit)

    def _file(self, name: str, filename: str) -> _File:
        self.counts[1] += 1
        if self.counts[1] > MAX_FILES:
            raise Malformed(f"The form has more than {MAX_FILES} files.")
        rule = self.rule_for(name)
        if rule is None and self.strict:
            raise Refused(400, "unexpected-file", f"The file part `{name[:100]}` ({safe_name(filename)}) names no "
                          "file field of this form; name each file part with its field's path.")
        if rule is not None and (filename or self.strict):
            self.per_field[name] = self.per_field.get(name, 0) + 1
            if self.strict and self.per_field[name] > rule.max_files:
                raise Refused(422, "too-many-files", f"More than {rule.max_files} files for the field `{name}`.",
                              [rule.error(name, "too_many_items", limit=rule.max_files)])
        return _File(name, filename, rule, self.strict is True, tempfile.TemporaryFile() if rule is not None else None)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.part is not None:
            self.part.write(data[start:end])

    def on_part_end(self) -> None:
        part, self.part = self.part, None
        if isinstance(part, _Text):
            text = bytes(part.data)
            if part.name == ANSWERS:
                self.posted.answers = text
            else:
                self.posted.items.append((part.name, text.decode("utf-8", "replace")))
        elif isinstance(part, _File):
            received = part.finish()
            if received is not None:
                self.posted.items.append((part.name, received))

    def on_end(self) -> None:
        self.ended = True


@dataclass
class _Text:
    name: str
    limit: int
    data: bytearray = field(default_factory=bytearray)

    def write(self, chunk: bytes) -> None:
        if len(self.data) + len(chunk) > self.limit:
            raise Refused(413, "too-large", f"The part `{self.name[:100]}` is larger than {self.limit} bytes.")
        self.data.extend(chunk)


class _File:
    """One file part: to its temporary file while within its limit, hashed and counted throughout."""

    def __init__(self, name: str, filename: str, rule: FileRule | None, strict: bool, file: IO[bytes] | None) -> None:
        self.name, self.filename, self.rule, self.strict, self.file = name, filename, rule, strict, file
        self.size = 0
        self.hash = hashlib.sha256()
        self.head = bytearray()
        self.tail = b""

    def write(self, chunk: bytes) -> None:
        if self.rule is None:
            return  # a file for no file field of a plain form post: not read further
        self.size += len(chunk)
        self.hash.update(chunk)
        if len(self.head) < HEAD:
            self.head.extend(chunk[: HEAD - len(self.head)])
        self.tail = (self.tail + chunk)[-TAIL:]
        if self.file is not None and self.size > self.rule.max_bytes:
            self._over_limit()
        if self.file is not None:
            self.file.write(chunk)

    def _over_limit(self) -> None:
        assert self.rule is not None and self.file is not None
        self.file.close()
        self.file = None
        if self.strict:
            shown = safe_name(self.filename)
            raise Refused(413, "file-too-large", f"The file {shown!r} for the field `{self.name}` is larger than "
                          f"{self.rule.megabytes} MB ({self.rule.max_bytes} bytes).",
                          [self.rule.error(self.name, "file_too_large", limit=self.rule.megabytes)])

    def finish(self) -> Received | None:
        if self.rule is None or (not self.filename and not self.size and not self.strict):
            if self.file is not None:
                self.file.close()
            return None  # no file field, or a file input left empty
        kind = sniff(bytes(self.head), self.tail)
        return Received(self.name, safe_name(self.filename), self.size, self.hash.hexdigest(), kind, self.file)

"""FIT-Connect: a submission packed as a sender hands it to the Submission API, as data.

:func:`pack` takes a bundle's manifest and schema, the exact bytes of a checked submission and the
files sent with it, and returns a :class:`Packed` submission:

- the **Fachdaten** are the submission's own bytes, unchanged (what the form server stored is what
  is hashed and sent);
- the **metadata** (Metadatensatz 1.0.0) names the Fachdaten in ``contentStructure.data``
  (sha512 of those bytes, ``submissionSchema`` = the bundle schema's ``$id`` with
  ``application/json``) and every file in ``contentStructure.attachments`` by its
  ``attachmentId`` (UUIDv4), ``purpose`` (``attachment`` for a file a citizen uploaded,
  ``form`` for a PDF of the whole application), media type, file name and sha512; the service is
  ``publicServiceType`` = ``urn:de:fim:leika:leistung:<key>``. It is checked against the official
  schema (``standards/fit-connect-metadata-1.0.0.schema.json``) before it is returned.
- the **files** must be exactly those the submission's file answers name, matched by sha256 and
  name (:func:`match_files`): a file answer without its file, or a file no answer names, is refused.
- the **service** comes from the bundle, never from a table in code (:func:`service`): the form's
  ``leika`` list in ``manifest.json`` (or, for a manifest without that key, in ``form.json``).

:func:`encrypt` turns a part into a JWE compact serialisation (RFC 7516) as FIT-Connect wants it:
``alg: RSA-OAEP-256``, ``enc: A256GCM``, the destination key's ``kid`` and ``cty``, no
compression, no trailing bytes. The destination key is checked first (:func:`check_key`): a public
RSA JWK of at least 4096 bits with ``kid``, and, where given, ``alg: RSA-OAEP-256``, ``use: enc``
and ``wrapKey`` among its ``key_ops`` — the way FIT-Connect publishes destination keys. Encryption
goes through ``jwcrypto``, which (like FIT-Connect, RFC 7517 § 4.3) asks an RSA-OAEP key for
``wrapKey``, not ``encrypt``.

Everything here returns data or raises :class:`PackError` with located :class:`Problem` s; the
command line (``kitaforms fitconnect pack``) writes the files and sets the exit code.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

from kitaforms.export._json import dumps
from kitaforms.export.schema import LEIKA_URN, file_answers

METADATA_SCHEMA_URI = "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json"
ALGORITHM, ENCRYPTION = "RSA-OAEP-256", "A256GCM"
JSON_TYPE = "application/json"
MIN_KEY_BITS = 4096
LEIKA_KEY = re.compile(r"^99\d{12}$")
_PRIVATE_PARAMS = ("d", "p", "q", "dp", "dq", "qi", "oth")
_RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local", ".internal")
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")


# --- results and errors --------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    where: str  # inside ``file`` (or the submission when there is none): an answer's path, a key, an option
    message: str
    file: str | None = None  # the file it is about: a bundle file, a given file; None = the submission

    def __str__(self) -> str:
        return ": ".join(part for part in (self.file, self.where, self.message) if part)


class PackError(ValueError):
    """Why a submission cannot be packed; ``problems`` has every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class File:
    """A file to send: as given (``source`` says where from, for messages)."""

    filename: str
    content: bytes
    source: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Attachment:
    """A file as the metadata lists it."""

    attachment_id: str
    filename: str
    media_type: str
    content: bytes
    purpose: str = "attachment"  # attachment (uploaded by the citizen) | form (PDF of the application) | report
    answers: tuple[str, ...] = ()  # the file answers (instance paths) that name it

    def sha512(self) -> str:
        return hashlib.sha512(self.content).hexdigest()

    def entry(self) -> dict[str, Any]:
        entry = {
            "attachmentId": self.attachment_id,
            "purpose": self.purpose,
            "mimeType": self.media_type,
            "filename": self.filename,
            "hash": {"type": "sha512", "content": self.sha512()},
        }
        if self.answers:
            entry["description"] = "Antwort: " + ", ".join(self.answers)
        return entry


@dataclass(frozen=True)
class Service:
    identifier: str  # urn:de:fim:leika:leistung:<key>
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"identifier": self.identifier, "name": self.name}


@dataclass
class Packed:
    """A submission as a sender hands it to the Submission API (before encryption)."""

    metadata: dict[str, Any]
    data: bytes
    service: Service
    attachments: list[Attachment] = field(default_factory=list)

    def metadata_bytes(self) -> bytes:
        return dumps(self.metadata)

    def request(self, destination: str | None = None) -> dict[str, Any]:
        """The body of ``POST /v1/submissions`` (``destinationId`` only when known)."""
        body: dict[str, Any] = {
            "announcedAttachments": [a.attachment_id for a in self.attachments],
            "serviceType": self.service.as_dict(),
        }
        if destination:
            body["destinationId"] = destination
        return body

    def files(self, jwk: Mapping[str, Any] | None = None, destination: str | None = None) -> dict[str, bytes]:
        """Every output file by relative path: the plain parts, and with ``jwk`` the JWEs."""
        out = {
            "data.json": self.data,
            "metadata.json": self.metadata_bytes(),
            "submission-request.json": dumps(self.request(destination)),
        }
        if jwk is not None:
            out["data.jwe"] = encrypt(self.data, jwk, JSON_TYPE).encode("ascii")
            out["metadata.jwe"] = encrypt(self.metadata_bytes(), jwk, JSON_TYPE).encode("ascii")
            for attachment in self.attachments:
                token = encrypt(attachment.content, jwk, attachment.media_type)
                out[f"attachments/{attachment.attachment_id}.jwe"] = token.encode("ascii")
        return out


# --- service and schema address ------------------------------------------------------------


def service(manifest: Mapping[str, Any], form_data: Mapping[str, Any] | None = None,
            choice: str | None = None) -> Service:
    """The Leika service of a bundle: from ``manifest.json``'s ``leika``, else ``form.json``'s ``form.leika``.

    ``choice`` (a key or its URN) picks one of several; without it the first is used.
    """
    if "leika" in manifest:
        listed, file, where = manifest.get("leika") or [], "manifest.json", "leika"
    else:
        listed, file, where = ((form_data or {}).get("form") or {}).get("leika") or [], "form.json", "form.leika"
    keys = [str(item).removeprefix(LEIKA_URN) for item in listed]
    name = _title(manifest)
    if not keys:
        raise PackError([Problem(where, (
            f"the form {name!r} has no LeiKa service key (`leika`), so FIT-Connect cannot route it; add "
            f"`leika: [\"99…\"]` to its definition (forms/nrw/{_form_id(manifest)}.yaml or the Kommune's "
            "overlay) and build the bundle again"), file)])
    bad = [key for key in keys if not LEIKA_KEY.match(key)]
    if bad:
        raise PackError([Problem(where, f"{', '.join(bad)} is not a LeiKa key (14 digits starting with 99)", file)])
    chosen = keys[0]
    if choice is not None:
        chosen = choice.removeprefix(LEIKA_URN)
        if chosen not in keys:
            raise PackError([Problem("--leika", f"{choice} is not one of the form's services ({', '.join(keys)})")])
    return Service(LEIKA_URN + chosen, name)


def _title(manifest: Mapping[str, Any]) -> str:
    form = manifest.get("form") or {}
    return str((form.get("title") or {}).get("de") or form.get("id") or "")


def _form_id(manifest: Mapping[str, Any]) -> str:
    return str((manifest.get("form") or {}).get("id") or "<form>")


def schema_address_problem(uri: str) -> str | None:
    """Why ``uri`` cannot be a production ``schemaUri`` (a placeholder or local host), else None."""
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        return f"{uri} is not an https address"
    if not host:
        return f"{uri} has no host"
    if host == "localhost" or host.endswith(_RESERVED_SUFFIXES) or any(
            host == domain or host.endswith("." + domain) for domain in _EXAMPLE_DOMAINS):
        return f"{uri} is on the placeholder host {host}, which no receiver can reach"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not address.is_global:
        return f"{uri} is on the local address {host}"
    return None


# --- file answers and the files sent with them --------------------------------------------


def match_files(schema: Mapping[str, Any], submission: Any, given: list[File]) -> list[tuple[File, str, list[str]]]:
    """Each file named by the submission's answers, with its media type and the answers naming it.

    A file is named by an answer with the same sha256 and the same name; several answers may name
    the same file (it is sent once). Raises :class:`PackError` for an answer whose file was not
    given and for a given file no answer names.
    """
    problems: list[Problem] = []
    by_hash: dict[str, list[File]] = {}
    for item in given:
        by_hash.setdefault(item.sha256, []).append(item)
    named: dict[tuple[str, str], tuple[File, str, list[str]]] = {}
    for answer in file_answers(schema, submission):
        path, value = answer.path, answer.value
        if not isinstance(value, Mapping):
            continue
        name, digest = str(value.get("name", "")), str(value.get("sha256", "")).lower()
        same_content = by_hash.get(digest, [])
        match = next((item for item in same_content if item.filename == name), None)
        if match is not None:
            named.setdefault((name, digest), (match, str(value.get("type") or "application/octet-stream"), []))[2].append(path)
        elif same_content:
            problems.append(Problem(path, (
                f"names the file {name!r} (sha256 {digest}); a file with that content was given, but as "
                f"{same_content[0].source or same_content[0].filename}: give it under the name the answer uses")))
        else:
            same_name = next((item for item in given if item.filename == name), None)
            detail = (f"; the file {same_name.source or name} has that name but other content (sha256 {same_name.sha256})"
                      if same_name is not None else " (--attachment FILE)")
            problems.append(Problem(path, (
                f"names the file {name!r} ({value.get('size', '?')} bytes, sha256 {digest}), which was not given"
                + detail)))
    used = {(item.filename, item.sha256) for item, _, _ in named.values()}
    for item in given:
        if (item.filename, item.sha256) not in used:
            problems.append(Problem("", (
                f"no answer of the submission names this file ({item.filename!r}, sha256 {item.sha256}); "
                "send only the files the submission's file answers name"), item.source or item.filename))
    if problems:
        raise PackError(_unique(problems))
    return list(named.values())


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def attachment_id(data: bytes, index: int, content: bytes) -> str:
    """A UUIDv4 derived from the submission, the position and the content (stable across runs)."""
    digest = hashlib.sha256(hashlib.sha512(data).digest() + f":{index}:".encode() + hashlib.sha512(content).digest())
    return str(uuid.UUID(bytes=digest.digest()[:16], version=4))


# --- metadata ------------------------------------------------------------------------------


def metadata(schema_uri: str, data: bytes, attachments: list[Attachment], service: Service | None = None, *,
             reply_email: str | None = None, sender_reference: str | None = None,
             application_date: date | None = None) -> dict[str, Any]:
    """Metadata 1.0.0 for the Fachdaten ``data`` (exact bytes) following the schema ``schema_uri``."""
    content: dict[str, Any] = {
        "data": {
            "hash": {"type": "sha512", "content": hashlib.sha512(data).hexdigest()},
            "submissionSchema": {"schemaUri": schema_uri, "mimeType": JSON_TYPE},
        },
        "attachments": [attachment.entry() for attachment in attachments],
    }
    result: dict[str, Any] = {"$schema": METADATA_SCHEMA_URI, "contentStructure": content}
    if service is not None:
        result["publicServiceType"] = service.as_dict()
    if reply_email:
        result["replyChannel"] = {"eMail": {"address": reply_email}}
    reference: dict[str, Any] = {}
    if sender_reference:
        reference["senderReference"] = sender_reference
    if application_date:
        reference["applicationDate"] = application_date.isoformat()
    if reference:
        result["additionalReferenceInfo"] = reference
    return result


def metadata_schema() -> dict[str, Any]:
    text = files("kitaforms.export").joinpath("standards/fit-connect-metadata-1.0.0.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_metadata(data: dict[str, Any]) -> list[str]:
    """Problems against the official metadata schema 1.0.0 (with formats checked); empty if valid."""
    validator = Draft202012Validator(metadata_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(data)]


# --- packing -------------------------------------------------------------------------------


def pack(manifest: Mapping[str, Any], schema: Mapping[str, Any], data: bytes, submission: Any,
         given: list[File] | None = None, *, form_pdf: File | None = None, form_data: Mapping[str, Any] | None = None,
         leika: str | None = None, **options: Any) -> Packed:
    """The FIT-Connect parts of a submission whose exact bytes are ``data`` (parsed: ``submission``).

    ``given`` are the files sent with it (each must be named by a file answer, and each file answer
    must have its file); ``form_pdf`` is an optional PDF of the whole application (``purpose: form``).
    ``options``: ``reply_email``, ``sender_reference``, ``application_date`` (see :func:`metadata`).
    """
    problems: list[Problem] = []
    chosen: Service | None = None
    try:
        chosen = service(manifest, form_data, leika)
    except PackError as exc:
        problems += exc.problems
    matched: list[tuple[File, str, list[str]]] = []
    try:
        matched = match_files(schema, submission, list(given or []))
    except PackError as exc:
        problems += exc.problems
    if form_pdf is not None and not form_pdf.content.startswith(b"%PDF-"):
        problems.append(Problem("", "is not a PDF (it does not start with %PDF-)", form_pdf.source or form_pdf.filename))
    if problems:
        raise PackError(problems)
    assert chosen is not None
    attachments = [Attachment(attachment_id(data, index, item.content), item.filename, media_type, item.content,
                              "attachment", tuple(paths))
                   for index, (item, media_type, paths) in enumerate(matched)]
    if form_pdf is not None:
        attachments.append(Attachment(attachment_id(data, len(attachments), form_pdf.content), form_pdf.filename,
                                      "application/pdf", form_pdf.content, "form"))
    meta = metadata(manifest["schema"]["$id"], data, attachments, chosen, **options)
    invalid = validate_metadata(meta)
    if invalid:
        raise PackError([Problem("metadata", f"does not fit the FIT-Connect metadata schema 1.0.0: {problem}")
                         for problem in invalid])
    return Packed(meta, data, chosen, attachments)


# --- keys and JWE --------------------------------------------------------------------------


def _b64_int_bits(value: Any) -> int:
    text = str(value)
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return int.from_bytes(raw, "big").bit_length()


def check_key(jwk: Any) -> list[str]:
    """Why ``jwk`` is not a FIT-Connect destination encryption key (empty when it is one)."""
    if not isinstance(jwk, Mapping):
        return ["is not a JWK (a JSON object)"]
    if "keys" in jwk:
        return ["is a key set (JWKS); give the destination's one encryption key (the `encryptionKid` entry)"]
    problems = []
    if jwk.get("kty") != "RSA":
        return [f"kty is {jwk.get('kty')!r}; FIT-Connect encrypts to RSA keys (kty RSA)"]
    if not jwk.get("kid"):
        problems.append("has no kid; FIT-Connect names the destination's key (encryptionKid) in every JWE")
    try:
        bits = _b64_int_bits(jwk["n"])
        _b64_int_bits(jwk["e"])
    except (KeyError, ValueError, TypeError):
        problems.append("has no valid n and e (base64url)")
    else:
        if bits < MIN_KEY_BITS:
            problems.append(f"has {bits} bits; FIT-Connect requires RSA keys of at least {MIN_KEY_BITS} bits")
    if jwk.get("alg") not in (None, ALGORITHM):
        problems.append(f"alg is {jwk['alg']!r}; FIT-Connect encrypts with {ALGORITHM}")
    if jwk.get("use") not in (None, "enc"):
        problems.append(f"use is {jwk['use']!r}, not 'enc': this is not an encryption key")
    key_ops = jwk.get("key_ops")
    if key_ops is not None and (not isinstance(key_ops, list) or "wrapKey" not in key_ops):
        problems.append(f"key_ops is {key_ops!r}; an encryption key for FIT-Connect has key_ops [\"wrapKey\"]")
    private = [name for name in _PRIVATE_PARAMS if name in jwk]
    if private:
        problems.append(f"holds private key parameters ({', '.join(private)}); give the destination's public key only")
    return problems


def _key(jwk: Mapping[str, Any]) -> Any:
    from jwcrypto.jwk import JWK

    return JWK(**dict(jwk))


def encrypt(plaintext: bytes, jwk: Mapping[str, Any], content_type: str = JSON_TYPE) -> str:
    """JWE compact serialisation of ``plaintext`` for the destination key ``jwk`` (checked first)."""
    from jwcrypto.jwe import JWE

    problems = check_key(jwk)
    if problems:
        raise PackError([Problem("key", problem) for problem in problems])
    header = {"alg": ALGORITHM, "enc": ENCRYPTION, "kid": jwk["kid"], "cty": content_type}
    token = JWE(plaintext=plaintext, protected=json.dumps(header, separators=(",", ":")), recipient=_key(jwk))
    return str(token.serialize(compact=True))


def decrypt(token: str | bytes, private_jwk: Mapping[str, Any]) -> tuple[dict[str, Any], bytes]:
    """The protected header and plaintext of a JWE compact serialisation (what a receiver does)."""
    from jwcrypto.jwe import JWE

    text = token.decode("ascii") if isinstance(token, bytes) else token
    message = JWE(algs=[ALGORITHM, ENCRYPTION])
    message.deserialize(text, key=_key(private_jwk))
    return dict(message.jose_header), bytes(message.payload)

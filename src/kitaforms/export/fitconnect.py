"""FIT-Connect: metadata (Metadatensatz 1.0.0) for a submission, and JWE encryption of its parts.

:func:`metadata` builds, as data, the metadata a sender puts next to the Fachdaten:
``contentStructure.data.hash`` is the sha512 (hex) of the exact, unencrypted Fachdaten bytes,
``contentStructure.data.submissionSchema`` names the bundle's schema (``schemaUri`` = the schema's
``$id``, ``mimeType: application/json``), attachments get their sha512, purpose, media type and a
UUID (derived from their content, so packing is reproducible), and ``publicServiceType`` carries
the Leika service as ``urn:de:fim:leika:leistung:<key>`` (1.0.0 still has this field). It validates
against the official schema ``standards/fit-connect-metadata-1.0.0.schema.json`` shipped with this
package (:func:`validate_metadata`).

:func:`encrypt` produces JWE compact serialisations with ``alg: RSA-OAEP-256``,
``enc: A256GCM``, the destination key's ``kid`` and ``cty`` (the part's media type), through
``joserfc``; :func:`decrypt` is its inverse (what a Fachverfahren does with its private key).
No compression (``zip``) is used. The key is a public JWK (RSA; FIT-Connect demands ≥ 4096 bits
in production).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

METADATA_SCHEMA_URI = "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json"
ALGORITHM, ENCRYPTION = "RSA-OAEP-256", "A256GCM"
JSON_TYPE = "application/json"


@dataclass(frozen=True)
class Attachment:
    filename: str
    media_type: str
    content: bytes
    purpose: str = "attachment"  # form | attachment | report

    def sha512(self) -> str:
        return hashlib.sha512(self.content).hexdigest()


@dataclass
class Packed:
    """What a sender hands to the Submission API (plain or encrypted)."""

    metadata: dict[str, Any]
    data: bytes
    attachments: dict[str, bytes] = field(default_factory=dict)  # attachmentId → content


def fachdaten_bytes(submission: Any) -> bytes:
    """The submission as the exact bytes that are hashed and sent (compact, sorted, UTF-8)."""
    from kitaforms.export._json import plain

    return json.dumps(plain(submission), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def attachment_id(attachment: Attachment, index: int) -> str:
    """A version-4-shaped UUID derived from the content and position (stable across runs)."""
    digest = hashlib.sha256(f"{index}:".encode() + attachment.content).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def metadata(manifest: dict[str, Any], data: bytes, attachments: list[Attachment] | None = None, *,
             reply_email: str | None = None, sender_reference: str | None = None,
             application_date: date | None = None) -> dict[str, Any]:
    """Metadata 1.0.0 for Fachdaten ``data`` of the bundle described by ``manifest``."""
    content: dict[str, Any] = {
        "data": {
            "hash": {"type": "sha512", "content": hashlib.sha512(data).hexdigest()},
            "submissionSchema": {"schemaUri": manifest["schema"]["$id"], "mimeType": JSON_TYPE},
        },
        "attachments": [_attachment(a, i) for i, a in enumerate(attachments or [])],
    }
    result: dict[str, Any] = {"$schema": METADATA_SCHEMA_URI, "contentStructure": content}
    leika = manifest.get("leika") or []
    if leika:
        result["publicServiceType"] = {"identifier": leika[0], "name": manifest["form"]["title"].get("de", manifest["form"]["id"])}
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


def _attachment(attachment: Attachment, index: int) -> dict[str, Any]:
    return {
        "attachmentId": attachment_id(attachment, index),
        "purpose": attachment.purpose,
        "mimeType": attachment.media_type,
        "filename": attachment.filename,
        "hash": {"type": "sha512", "content": attachment.sha512()},
    }


def metadata_schema() -> dict[str, Any]:
    text = files("kitaforms.export").joinpath("standards/fit-connect-metadata-1.0.0.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_metadata(data: dict[str, Any]) -> list[str]:
    """Problems against the official metadata schema 1.0.0 (with formats checked); empty if valid."""
    validator = Draft202012Validator(metadata_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(data)]


def pack(manifest: dict[str, Any], submission: Any, attachments: list[Attachment] | None = None,
         **options: Any) -> Packed:
    data = fachdaten_bytes(submission)
    meta = metadata(manifest, data, attachments, **options)
    parts = {entry["attachmentId"]: a.content for entry, a in zip(meta["contentStructure"]["attachments"], attachments or [], strict=True)}
    return Packed(meta, data, parts)


# --- JWE ----------------------------------------------------------------------------------


def _key(jwk: dict[str, Any]) -> Any:
    from joserfc.jwk import RSAKey

    if jwk.get("kty") != "RSA":
        raise ValueError("FIT-Connect encrypts to RSA keys (kty RSA)")
    return RSAKey.import_key(jwk)


def encrypt(plaintext: bytes, jwk: dict[str, Any], content_type: str = JSON_TYPE) -> str:
    """JWE compact serialisation of ``plaintext`` for the destination key ``jwk``."""
    from joserfc import jwe

    header = {"alg": ALGORITHM, "enc": ENCRYPTION, "cty": content_type}
    if jwk.get("kid"):
        header["kid"] = jwk["kid"]
    return jwe.encrypt_compact(header, plaintext, _key(jwk), algorithms=[ALGORITHM, ENCRYPTION])


def decrypt(token: str, private_jwk: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """The protected header and plaintext of a JWE made by :func:`encrypt`."""
    from joserfc import jwe

    result = jwe.decrypt_compact(token, _key(private_jwk), algorithms=[ALGORITHM, ENCRYPTION])
    return dict(result.protected), result.plaintext or b""


def encrypt_packed(packed: Packed, jwk: dict[str, Any], attachment_types: dict[str, str] | None = None) -> dict[str, Any]:
    """``{"encryptedMetadata", "encryptedData", "attachments": {id: jwe}}`` for the Submission API."""
    meta_bytes = json.dumps(packed.metadata, ensure_ascii=False, sort_keys=True).encode("utf-8")
    types = attachment_types or {}
    return {
        "encryptedMetadata": encrypt(meta_bytes, jwk),
        "encryptedData": encrypt(packed.data, jwk),
        "attachments": {key: encrypt(content, jwk, types.get(key, "application/octet-stream"))
                        for key, content in packed.attachments.items()},
    }

"""The server's OpenAPI 3.1 document, built as data from the bundles it serves.

Each form gets its own ``POST /<kommune>/<form>/submit`` whose JSON body is the form's schema
(under ``components.schemas``, without ``$id``/``$schema`` so the document is self-contained) — alone
as ``application/json``, or as the first part ``_submission`` of a ``multipart/form-data`` body
followed by one part per file (:mod:`kitaforms.serve.uploads`) — and ``GET /<kommune>/<form>/
schema.json``. The back-office API v1 (:mod:`kitaforms.serve.admin`: paged listings, one submission,
its files, status changes, deletion, the access log) and its deprecated predecessor ``/api/admin``
are documented with their bearer security scheme.
"""

from __future__ import annotations

import copy
from typing import Any

from kitaforms import __version__
from kitaforms.serve.catalogue import Catalogue
from kitaforms.serve.offers import offer_paths
from kitaforms.serve.receipts import links_schema, receipt_paths
from kitaforms.serve.v1_openapi import v1_paths, v1_schemas

_PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _PROBLEM}}}


def _errors(*codes: int) -> dict[str, Any]:
    texts = {
        400: "Malformed request (not JSON, bad encoding, lone surrogates, nested too deep, numbers out of range; "
             "a multipart body with a part that is not a file of the form or not claimed by an answer; "
             "an unknown or malformed query parameter)",
        401: "Missing, wrong or revoked bearer token",
        404: "Unknown Kommune, form, version, submission or file (also one the token may not see)",
        409: "The Idempotency-Key was used before for a different request; a status change that does not follow "
             "received → retrieved → accepted | rejected; deleting a submission that was never retrieved; a fee "
             "notice of a submission that is not an income declaration (not-an-income-declaration); an answer to "
             "an offer that was answered before or has expired; a contract of an offer that is not accepted",
        413: "Body larger than the limit, or a file larger than its field's limit (file-too-large, with errors)",
        415: "Content type not accepted",
        422: "The submission fails the schema or the form's rules (invalid-submission), a file answer has no file "
             "in the request (file-not-sent), or a field gets more files than it takes (too-many-files); an income "
             "declaration that cannot be assessed, e.g. one with only an income band (declaration-not-assessable)",
        503: "The store cannot write just now; nothing was kept (Retry-After); or, for fee notices, the server "
             "has no usable fee rules for the Kommune (notices-unavailable); for contracts, no usable vertrag.yaml "
             "(contracts-unavailable)",
    }
    return {str(code): _problem_response(texts[code]) for code in codes}


def _html(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def openapi_document(catalogue: Catalogue) -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/": {"get": {"operationId": "index", "summary": "Index of Kommunen and forms", "responses": {"200": _html("Index page")}}},
        "/api/health": {"get": {"operationId": "health", "summary": "Liveness: the store takes a write; loaded bundles",
                                "responses": {"200": {"description": "Status", "content": {"application/json": {"schema": {"type": "object"}}}},
                                              "503": {"description": "The store cannot write (Retry-After)",
                                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/api/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
                                      "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/api/admin/submissions": _deprecated(_admin_list()),
        "/api/admin/submissions/{reference}": _deprecated(_admin_one()),
        "/api/admin/uploads/{sha256}": _deprecated(_admin_upload()),
        **v1_paths(_errors),
        **receipt_paths(_errors),
        **offer_paths(_errors),
    }
    schemas: dict[str, Any] = {"Problem": _problem_schema(), "Receipt": _receipt_schema(), "StoredSubmission": _stored_schema(),
                               **v1_schemas()}
    for bundle in catalogue.bundles():
        name = f"{bundle.kommune}__{bundle.form}__{bundle.version.replace('.', '_')}"
        body = copy.deepcopy(bundle.schema)
        body.pop("$id", None)
        body.pop("$schema", None)
        schemas[name] = body
        latest = catalogue.bundle(bundle.kommune, bundle.form) is bundle
        prefixes = [f"/{bundle.kommune}/{bundle.form}/{bundle.version}"] + ([f"/{bundle.kommune}/{bundle.form}"] if latest else [])
        for prefix in prefixes:
            paths[f"{prefix}/submit"] = _submit(bundle.title.get("de", bundle.form), name, prefix.replace("/", "_").strip("_"))
            paths[f"{prefix}/schema.json"] = {"get": {
                "operationId": "schema_" + prefix.replace("/", "_").replace(".", "_").strip("_"),
                "summary": "JSON Schema of the submissions",
                "responses": {"200": {"description": "JSON Schema 2020-12", "content": {"application/schema+json": {"schema": {"type": "object"}}}}},
            }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "kitaforms reference form server", "version": __version__,
                 "description": "Serves the kitaforms assistants and accepts submissions. See docs/form-server.md."},
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _submit(title: str, schema_name: str, operation: str) -> dict[str, Any]:
    return {"post": {
        "operationId": "submit_" + operation.replace(".", "_"),
        "summary": f"Submit: {title}",
        "description": "The answers as JSON (this schema). With files: multipart/form-data, the answers as JSON in "
                       "the first part `_submission`, then one part per file named with its file field's instance "
                       "path (`nachweis`, `geschwister.0.nachweis`; several parts for a field taking several "
                       "files), the file name in `filename`. Every file answer must refer to a file of the same "
                       "request by its field's path and sha256; the server types each file by its bytes and refuses "
                       "a file over its field's limit as soon as it passes it. Without JavaScript the assistant "
                       "sends a plain form post (application/x-www-form-urlencoded or multipart/form-data with the "
                       "form's own field names). The Idempotency-Key covers the answers and the files.",
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255}}],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}},
            "multipart/form-data": {
                "schema": {"type": "object", "required": ["_submission"], "properties": {
                    "_submission": {"$ref": f"#/components/schemas/{schema_name}"},
                }, "additionalProperties": {"type": "string", "contentMediaType": "application/octet-stream"}},
                "encoding": {"_submission": {"contentType": "application/json"}},
            },
        }},
        "responses": {
            "201": {"description": "Stored (committed to disk); the receipt",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}},
                                "text/html": {"schema": {"type": "string"}}}},
            **_errors(400, 404, 409, 413, 415, 422, 503),
        },
    }}


def _deprecated(path: dict[str, Any]) -> dict[str, Any]:
    for operation in path.values():
        operation["deprecated"] = True
        operation["description"] = ("Deprecated since 2026-12-05 (answers say `Deprecation`); removed with the next "
                                    "release. Operator token only. Use /api/v1.")
    return path


def _admin_list() -> dict[str, Any]:
    return {"get": {
        "operationId": "admin_submissions",
        "summary": "Export submissions as JSON or CSV",
        "security": [{"bearer": []}],
        "parameters": [
            {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"}},
            {"name": "kommune", "in": "query", "schema": {"type": "string"}},
            {"name": "form", "in": "query", "schema": {"type": "string"}},
            {"name": "since", "in": "query", "schema": {"type": "string"},
             "description": "ISO 8601 date or time, inclusive; with an offset or Z (without: UTC). Anything else: 400 bad-since"},
        ],
        "responses": {
            "200": {"description": "Submissions", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "submissions": {"type": "array", "items": {"$ref": "#/components/schemas/StoredSubmission"}}}}},
                "text/csv": {"schema": {"type": "string"}},
            }},
            **_errors(400, 401),
        },
    }}


def _admin_one() -> dict[str, Any]:
    return {"get": {
        "operationId": "admin_submission",
        "summary": "One submission",
        "security": [{"bearer": []}],
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {
            "200": {"description": "The submission", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoredSubmission"}}}},
            **_errors(401, 404),
        },
    }}


def _admin_upload() -> dict[str, Any]:
    return {"get": {
        "operationId": "admin_upload",
        "summary": "One stored file, by its sha256 (the bytes as they were sent; Content-Disposition names the file)",
        "security": [{"bearer": []}],
        "parameters": [{"name": "sha256", "in": "path", "required": True,
                        "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}],
        "responses": {
            "200": {"description": "The file, with its sniffed media type",
                    "content": {"application/octet-stream": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}},
            **_errors(401, 404),
        },
    }}


def _problem_schema() -> dict[str, Any]:
    error = {"type": "object", "required": ["path", "code", "message"], "properties": {
        "path": {"type": "string"}, "code": {"type": "string"},
        "message": {"type": "object", "additionalProperties": {"type": "string"}},
    }}
    return {"type": "object", "required": ["type", "title", "status"], "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "errors": {"type": "array", "items": error},
    }}


def _receipt_schema() -> dict[str, Any]:
    return {"type": "object", "required": ["reference", "status"], "properties": {
        "reference": {"type": "string"}, "status": {"type": "string"}, "kommune": {"type": "string"},
        "form": {"type": "string"}, "version": {"type": "string"}, "received_at": {"type": "string"},
        "schema": {"type": "string"},
        "files": {"type": "array", "description": "The files as the server stored them", "items": {
            "type": "object", "required": ["attachment_id", "field", "name", "type", "size", "sha256"], "properties": {
                "attachment_id": {"type": "string", "description": "The file answer's instance path (`belege.1`)"},
                "field": {"type": "string", "description": "The file field's instance path (`belege`)"},
                "name": {"type": "string"}, "type": {"type": "string"}, "size": {"type": "integer"},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            }}},
        "lang": {"type": "string"}, "links": links_schema(),
    }}


def _stored_schema() -> dict[str, Any]:
    return {"type": "object", "required": ["reference", "kommune", "form", "version", "received_at", "data"], "properties": {
        "reference": {"type": "string"}, "kommune": {"type": "string"}, "form": {"type": "string"},
        "version": {"type": "string"}, "received_at": {"type": "string"}, "lang": {"type": "string"},
        "data": {"type": "object"},
    }}

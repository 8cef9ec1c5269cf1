"""The back-office API v1 in the OpenAPI document (:mod:`kitaforms.serve.admin`), built as data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kitaforms.serve.admin import API, DEFAULT_LIMIT, MAX_LIMIT, STATUSES, TARGETS

Errors = Callable[..., dict[str, Any]]
_SECURITY = [{"bearer": []}]
_STATUS_LIST = f"^({'|'.join(STATUSES)})(,({'|'.join(STATUSES)}))*$"
_TIME = ("RFC 3339 date-time with an offset (`2026-12-04T09:30:00+01:00`, `2026-12-04T08:30:00Z`); anything else: "
         "400 bad-{name}")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _reference() -> dict[str, Any]:
    return {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"},
            "description": "The submission's reference (`KF-7H3K-9QXD-2M4P`)"}


def _paging() -> list[dict[str, Any]]:
    return [
        _query("cursor", {"type": "string"}, "Where the previous page ended (its `next_cursor`), as it came: opaque"),
        _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
               f"At most this many (1–{MAX_LIMIT}); JSON default {DEFAULT_LIMIT}, CSV and JSON Lines: all"),
        _query("since", {"type": "string", "format": "date-time"}, "Inclusive. " + _TIME.format(name="since")),
        _query("until", {"type": "string", "format": "date-time"}, "Exclusive. " + _TIME.format(name="until")),
    ]


def v1_paths(errors: Errors) -> dict[str, Any]:
    one = f"{API}/submissions/{{reference}}"
    return {
        f"{API}/submissions": {"get": _list(errors)},
        one: {"get": _read(errors), "delete": _delete(errors)},
        f"{one}/files": {"get": _files(errors)},
        f"{one}/files/{{attachment_id}}": {"get": _download(errors)},
        f"{one}/status": {"post": _status(errors)},
        f"{one}/bescheid": {"post": _bescheid(errors)},
        f"{API}/access-log": {"get": _access_log(errors)},
        **_offer_paths(errors),
    }


def _list(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_submissions",
        "summary": "List submissions (paged) or export them as JSON Lines or CSV",
        "description": "Ordered by (received_at, reference), paged with an opaque cursor: each submission is listed "
                       "exactly once however many arrive or change status between pages. A token sees only its "
                       "Kommune (and form). CSV: one form version (kommune and form required; version: the newest "
                       "served), columns fixed by that version's schema. Every listed submission is written to the "
                       "access log before it is sent.",
        "security": _SECURITY,
        "parameters": [
            _query("format", {"type": "string", "enum": ["json", "jsonl", "csv"], "default": "json"}, "json: a page; "
                   "jsonl: one submission per line, each with its `cursor`; csv: one form version"),
            _query("kommune", {"type": "string"}, "A token's own Kommune is implied"),
            _query("form", {"type": "string"}, "Required with format=csv (a form token's own form is implied)"),
            _query("version", {"type": "string"}, "Form version; for CSV the newest served when left out"),
            _query("status", {"type": "string", "pattern": _STATUS_LIST},
                   "One or more of received, retrieved, accepted, rejected, separated by commas"),
            *_paging(),
        ],
        "responses": {
            "200": {"description": "Submissions", "content": {
                "application/json": {"schema": _ref("SubmissionPage")},
                "application/jsonl": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            }},
            **errors(400, 401, 404, 503),
        },
    }


def _read(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_submission", "summary": "One submission: its answers, status and files",
        "security": _SECURITY, "parameters": [_reference()],
        "responses": {"200": _json(_ref("Submission"), "The submission"), **errors(401, 404, 503)},
    }


def _delete(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_delete_submission",
        "summary": "Delete a retrieved (or decided) submission and the files no other submission uses",
        "security": _SECURITY, "parameters": [_reference()],
        "responses": {"204": {"description": "Deleted"}, **errors(401, 404, 409, 503)},
    }


def _files(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_submission_files", "summary": "The files that came with a submission",
        "security": _SECURITY, "parameters": [_reference()],
        "responses": {"200": _json({"type": "object", "required": ["reference", "files"], "properties": {
            "reference": {"type": "string"}, "files": {"type": "array", "items": _ref("StoredFile")}}}, "Its files"),
            **errors(401, 404, 503)},
    }


def _download(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_submission_file",
        "summary": "A file's bytes, as they were sent (Content-Disposition names the file; Repr-Digest its sha-256)",
        "security": _SECURITY,
        "parameters": [_reference(), {"name": "attachment_id", "in": "path", "required": True, "schema": {"type": "string"},
                                      "description": "The file answer's instance path (`belege.1`)"}],
        "responses": {
            "200": {"description": "The file, with its sniffed media type",
                    "content": {"application/octet-stream": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}},
            **errors(401, 404, 503),
        },
    }


def _status(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_submission_status",
        "summary": "Acknowledge (retrieved) or decide (accepted, rejected) a submission",
        "description": "received → retrieved → accepted | rejected. Setting the status it already has changes "
                       "nothing (200, changed false); any other step is 409 status-conflict. Of two racing changes "
                       "one wins.",
        "security": _SECURITY, "parameters": [_reference()],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["status"], "additionalProperties": False,
            "properties": {"status": {"type": "string", "enum": list(TARGETS)}}}}}},
        "responses": {
            "200": _json({"type": "object", "required": ["reference", "status", "changed"], "properties": {
                "reference": {"type": "string"}, "status": {"type": "string", "enum": list(STATUSES)},
                "retrieved_at": {"type": ["string", "null"]}, "changed": {"type": "boolean"}}}, "The status now"),
            **errors(400, 401, 404, 409, 415, 503),
        },
    }


def _bescheid(errors: Errors) -> dict[str, Any]:
    month = {"type": "string", "pattern": r"^\d{4}-\d{2}$"}
    return {
        "operationId": "v1_submission_bescheid",
        "summary": "The provisional fee notice (vorläufiger Bescheid) of a stored income declaration (form einkommen)",
        "description": "Assesses the declaration month by month under the Kommune's Satzungen: the income as declared "
                       "with the Satzung's adjustments, every step with its paragraph, the Kommune's fixed texts "
                       "(sample texts marked Beispieltext where it has none). In the parent's language where the form "
                       "offers it, else German. Nothing is stored; the request is written to the access log "
                       "(action bescheid). Fields: docs/bescheid.md.",
        "security": _SECURITY,
        "parameters": [
            _reference(),
            _query("format", {"type": "string", "enum": ["json", "pdf"], "default": "json"},
                   "json: the decision; pdf: the notice as PDF/UA"),
            _query("von", month, "First month (YYYY-MM); default the first month of care, or of the declared change"),
            _query("bis", month, "Last month (YYYY-MM); default the July that ends that Kita year"),
            _query("einkommen", {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"},
                   "A yearly income in euros to assess instead of the declared amounts"),
            _query("datum", {"type": "string", "format": "date"}, "Date of the notice; default today"),
        ],
        "responses": {
            "200": {"description": "The decision (kitaforms-bescheid/1), or the notice as PDF/UA",
                    "content": {"application/json": {"schema": _ref("Bescheid")},
                                "application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}}},
            **errors(400, 401, 404, 409, 422, 503),
        },
    }


def _access_log(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_access_log",
        "summary": "Who (token id) listed, read, changed or deleted which submission, when (operator token only)",
        "security": _SECURITY,
        "parameters": [_query("token", {"type": "string"}, "A token's id, `operator` or `retention`"),
                       _query("reference", {"type": "string"}, "One submission"), *_paging()],
        "responses": {"200": _json(_ref("AccessLogPage"), "Entries in the order they were written"),
                      **errors(400, 401, 404, 503)},
    }


# --- offers of the allocation rounds and their care contracts (kitaforms.serve.offers) -----------------


def _offer_id() -> dict[str, Any]:
    return {"name": "offer_id", "in": "path", "required": True,
            "schema": {"type": "string", "pattern": "^PA-[0-9]{1,6}-[0-9A-Z]{4}-[0-9A-Z]{4}$"},
            "description": "The offer's id (`PA-1-7K3F-9QXD`), as the round gave it"}


def _offer_paths(errors: Errors) -> dict[str, Any]:
    one = f"{API}/offers/{{offer_id}}"
    return {
        f"{API}/offers": {"post": _load_offers(errors), "get": _list_offers(errors)},
        f"{API}/offers/answers": {"get": _offer_answers(errors)},
        one: {"get": {
            "operationId": "v1_offer", "summary": "One offer: the offer as kept, its status today, the family's "
            "answer, the contract and the parents' consent (when, to which document)",
            "security": _SECURITY, "parameters": [_offer_id()],
            "responses": {"200": _json(_ref("Offer"), "The offer"), **errors(401, 404, 503)}}},
        f"{one}/link": {"post": {
            "operationId": "v1_offer_link", "summary": "A new secret link for the offer (the old one opens nothing "
            "from now on), e.g. when the letter with the link was lost",
            "security": _SECURITY, "parameters": [_offer_id()],
            "responses": {"200": _json({"type": "object", "required": ["offer", "link"], "properties": {
                "offer": {"type": "string"}, "link": {"type": "string"}}}, "The new link, shown only now"),
                **errors(401, 404, 503)}}},
        f"{one}/contract.pdf": {"get": {
            "operationId": "v1_offer_contract", "summary": "The care contract of an accepted offer (PDF/UA), made "
            "from the Kommune's or Träger's vertrag.yaml when it is first asked for",
            "security": _SECURITY, "parameters": [_offer_id()],
            "responses": {"200": {"description": "The contract", "content": {"application/pdf": {
                "schema": {"type": "string", "contentMediaType": "application/pdf"}}}},
                **errors(401, 404, 409, 503)}}},
    }


def _load_offers(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_load_offers",
        "summary": "Load a round's offers (the output of kitaforms allocate) and get a secret link for each new one",
        "description": "The body is the round (kitaforms-allocation/1) as JSON, or multipart/form-data with the parts "
                       "`round` and `registrations` (the admin export the round was allocated from, JSON Lines or an "
                       "array: for registrations the server no longer keeps). Of each registration only the child's "
                       "and the parents' names and addresses are kept with the offer, for the contract. Each new "
                       "offer gets a link with a secret, in this answer only (the store keeps its sha256): send it "
                       "to the family. Offers loaded before keep their link (already_loaded); offers of earlier "
                       "rounds the round still holds are marked, so that their answers go to the next round; offers "
                       "the round says were declined or expired are closed. A token loads only its own Kommune's "
                       "rounds; every offer is written to the access log (action offer-load).",
        "security": _SECURITY,
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"type": "object", "required": ["format", "kommune", "round", "offers"]}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["round"], "properties": {
                "round": {"type": "string", "contentMediaType": "application/json"},
                "registrations": {"type": "string", "contentMediaType": "application/jsonl"}}}},
        }},
        "responses": {
            "200": _json(_ref("LoadedOffers"), "Nothing new (every offer was loaded before, or none could be)"),
            "201": _json(_ref("LoadedOffers"), "New offers loaded, with their links"),
            **errors(400, 401, 404, 409, 413, 415, 503),
        },
    }


def _list_offers(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_offers", "summary": "A Kommune's offers with their status as of today",
        "security": _SECURITY,
        "parameters": [
            _query("kommune", {"type": "string"}, "A token's own Kommune is implied; the operator names one"),
            _query("round", {"type": "integer", "minimum": 1}, "Only the offers this round holds"),
            _query("status", {"type": "string"}, "One or more of offered, accepted, declined, expired (commas)"),
        ],
        "responses": {"200": _json({"type": "object", "required": ["kommune", "date", "offers"], "properties": {
            "kommune": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "offers": {"type": "array", "items": _ref("OfferSummary")}}}, "The offers"), **errors(400, 401, 404, 503)},
    }


def _offer_answers(errors: Errors) -> dict[str, Any]:
    return {
        "operationId": "v1_offer_answers",
        "summary": "The answers for the next round: save the answer as the file `kitaforms allocate --answers` reads",
        "description": "The offers the round holds (default: the newest loaded round), each accepted, declined or "
                       "expired as of today (the deadline day counts, Europe/Berlin); offers still open are under "
                       "`open` (the next round keeps their places until their deadline).",
        "security": _SECURITY,
        "parameters": [_query("kommune", {"type": "string"}, "A token's own Kommune is implied"),
                       _query("round", {"type": "integer", "minimum": 1}, "The round the answers are for")],
        "responses": {"200": _json({"type": "object", "required": ["format", "kommune", "round", "answers", "open"],
                                    "properties": {
            "format": {"const": "kitaforms-answers/1"}, "kommune": {"type": "string"}, "round": {"type": "integer"},
            "date": {"type": "string", "format": "date"},
            "answers": {"type": "array", "items": {"type": "object", "required": ["offer", "answer"], "properties": {
                "offer": {"type": "string"}, "answer": {"type": "string", "enum": ["accepted", "declined", "expired"]}}}},
            "open": {"type": "array", "items": {"type": "object"}}}}, "The answers"), **errors(400, 401, 404, 503)},
    }


def _offer_schemas() -> dict[str, Any]:
    status = {"type": "string", "enum": ["offered", "accepted", "declined", "expired"]}
    summary = {"type": "object", "required": ["id", "reference", "round", "deadline", "status"], "properties": {
        "id": {"type": "string"}, "reference": {"type": "string", "description": "The registration"},
        "round": {"type": "integer"}, "live_round": {"type": "integer"}, "facility": {"type": "string"},
        "start": {"type": "string"}, "deadline": {"type": "string", "format": "date"}, "status": status,
        "answered_at": {"type": ["string", "null"]},
        "contract": {"type": ["string", "null"], "enum": ["awaiting_consent", "consented", "awaiting_signature", None]}}}
    return {
        "OfferSummary": summary,
        "Offer": {**summary, "properties": {**summary["properties"], "offer": {"type": "object"},
                                            "answer": {"type": ["object", "null"]}, "lang": {"type": ["string", "null"]},
                                            "contract": {"type": ["object", "null"]}}},
        "LoadedOffers": {"type": "object", "required": ["kommune", "round", "loaded", "already_loaded", "not_loaded"],
                         "properties": {
            "kommune": {"type": "string"}, "round": {"type": "integer"},
            "loaded": {"type": "array", "items": {"type": "object", "required": ["offer", "reference", "deadline", "link"],
                                                  "properties": {"offer": {"type": "string"}, "reference": {"type": "string"},
                                                                 "deadline": {"type": "string"}, "link": {"type": "string"}}}},
            "already_loaded": {"type": "array", "items": {"type": "string"}},
            "not_loaded": {"type": "array", "items": {"type": "object", "properties": {
                "offer": {"type": "string"}, "reference": {"type": "string"},
                "reason": {"type": "string", "enum": ["unknown_registration", "unknown_facility"]}}}},
            "held": {"type": "array", "items": {"type": "string"}}, "closed": {"type": "object"}}},
    }


def v1_schemas() -> dict[str, Any]:
    stored_file = {"type": "object", "required": ["attachment_id", "field", "name", "type", "size", "sha256"], "properties": {
        "attachment_id": {"type": "string"}, "field": {"type": "string"}, "name": {"type": "string"},
        "type": {"type": "string"}, "size": {"type": "integer"}, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}}
    submission = {"type": "object", "required": ["reference", "kommune", "form", "version", "received_at", "status", "data"],
                  "properties": {
                      "reference": {"type": "string"}, "kommune": {"type": "string"}, "form": {"type": "string"},
                      "version": {"type": "string"}, "received_at": {"type": "string", "format": "date-time"},
                      "lang": {"type": "string"}, "status": {"type": "string", "enum": list(STATUSES)},
                      "retrieved_at": {"type": ["string", "null"]}, "data": {"type": "object"},
                      "files": {"type": "array", "items": _ref("StoredFile"), "description": "In a single read only"},
                      "cursor": {"type": "string", "description": "In JSON Lines only: continues after this line"}}}
    entry = {"type": "object", "required": ["id", "at", "token", "action"], "properties": {
        "id": {"type": "integer"}, "at": {"type": "string"}, "token": {"type": "string"},
        "action": {"type": "string", "enum": ["list", "export", "read", "files", "download", "status", "delete", "purge",
                                               "bescheid", "offer-load", "offer-list", "offer-answers", "offer-read",
                                               "offer-link", "contract-read"]},
        "reference": {"type": ["string", "null"]}, "kommune": {"type": ["string", "null"]}, "detail": {"type": "string"}}}
    return {
        "StoredFile": stored_file,
        "Submission": submission,
        "SubmissionPage": {"type": "object", "required": ["submissions", "next_cursor", "has_more"], "properties": {
            "submissions": {"type": "array", "items": _ref("Submission")},
            "next_cursor": {"type": ["string", "null"], "description": "Continues after this page (null: empty page)"},
            "has_more": {"type": "boolean"}}},
        "AccessLogEntry": entry,
        "Bescheid": {"type": "object", "description": "A fee notice as data (docs/bescheid.md)",
                     "required": ["format", "kind", "aktenzeichen", "issued", "lang", "months", "total", "complete"],
                     "properties": {
                         "format": {"const": "kitaforms-bescheid/1"},
                         "kind": {"type": "string", "enum": ["vorlaeufig", "endgueltig"]},
                         "aktenzeichen": {"type": "string"}, "issued": {"type": "string", "format": "date"},
                         "lang": {"type": "string"}, "months": {"type": "array", "items": {"type": "object"}},
                         "total": {"type": "string"}, "complete": {"type": "boolean"},
                         "income": {"type": "object"}, "children": {"type": "array"},
                         "comparison": {"type": ["object", "null"]}, "texts": {"type": "object"},
                         "input": {"type": "object"}}},
        "AccessLogPage": {"type": "object", "required": ["entries", "next_cursor", "has_more"], "properties": {
            "entries": {"type": "array", "items": _ref("AccessLogEntry")},
            "next_cursor": {"type": ["string", "null"]}, "has_more": {"type": "boolean"}}},
        **_offer_schemas(),
    }

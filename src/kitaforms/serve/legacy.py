"""The admin API before v1 (``/api/admin/…``): deprecated, kept for one release, then removed.

It answers as it did — everything in one response, the CSV's columns from the data — but only to
the operator token (``KITAFORMS_ADMIN_TOKEN``; back-office tokens are for ``/api/v1`` only), writes
the access log like v1, and says in every answer that it is deprecated (``Deprecation``, RFC 9745,
since 2026-12-05; ``Link`` to its successor). It goes with the next release.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kitaforms.serve.admin import OPERATOR, Principal, Problem, bearer, guarded, is_operator, unauthorized
from kitaforms.serve.http import attachment
from kitaforms.serve.instants import utc_instant
from kitaforms.serve.tables import flatten, neutral
from kitaforms.store import Submission

if TYPE_CHECKING:
    from kitaforms.serve.app import Server

DEPRECATED_SINCE = "@1796428800"  # 2026-12-05T00:00:00Z (RFC 9745)
_DEPRECATED = {"deprecation": DEPRECATED_SINCE, "cache-control": "no-store"}


class Legacy:
    def __init__(self, server: Server) -> None:
        self.server = server

    def routes(self) -> list[Route]:
        return [
            Route("/api/admin/submissions", guarded(self.admin_list), methods=["GET"]),
            Route("/api/admin/submissions/{reference}", guarded(self.admin_one), methods=["GET"]),
            Route("/api/admin/uploads/{sha256}", guarded(self.admin_upload), methods=["GET"]),
        ]

    def _operator(self, request: Request) -> Principal:
        token = bearer(request)
        if token is None or not is_operator(token, self.server.settings.admin_token):
            raise unauthorized()
        return Principal(OPERATOR)

    async def admin_list(self, request: Request) -> Response:
        who = self._operator(request)
        query = request.query_params
        output = query.get("format", "json")
        if output not in ("json", "csv"):
            raise Problem(400, "bad-format", "format must be json or csv.")
        try:
            since = utc_instant(query["since"]) if "since" in query else None
        except ValueError:
            raise Problem(400, "bad-since", "since must be an ISO 8601 date or time, e.g. 2026-12-04 or "
                          "2026-12-04T09:30:00+01:00 (a time without offset counts as UTC).") from None
        kommune, form = query.get("kommune"), query.get("form")
        if any("\x00" in (value or "") for value in (kommune, form)):
            rows: list[Submission] = []
        else:
            rows = await run_in_threadpool(self.server.store.submissions, kommune, form, since)
        detail = f"format={output} (deprecated /api/admin)"
        await self.server.store.log_access([who.access("list", row, detail) for row in rows]
                                           or [who.access("list", None, detail)])
        headers = {**_DEPRECATED, "link": '</api/v1/submissions>; rel="successor-version"'}
        if output == "csv":
            return Response(submissions_csv(rows), media_type="text/csv; charset=utf-8",
                            headers={**headers, "content-disposition": 'attachment; filename="submissions.csv"'})
        body = json.dumps({"submissions": [row.as_json() for row in rows]}, ensure_ascii=False)
        return Response(body.encode("utf-8"), media_type="application/json", headers=headers)

    async def admin_one(self, request: Request) -> Response:
        who = self._operator(request)
        reference = request.path_params["reference"]
        row = await run_in_threadpool(self.server.store.submission, reference) if "\x00" not in reference else None
        if row is None:
            raise Problem(404, "unknown-submission", "There is no submission with this reference.")
        await self.server.store.log_access([who.access("read", row, "deprecated /api/admin")])
        return JSONResponse(row.as_json(), headers={**_DEPRECATED, "link": f'</api/v1/submissions/{reference}>; '
                                                    'rel="successor-version"'})

    async def admin_upload(self, request: Request) -> Response:
        who = self._operator(request)
        sha256 = request.path_params["sha256"]
        upload = await run_in_threadpool(self.server.store.upload, sha256) if "\x00" not in sha256 else None
        if upload is None:
            raise Problem(404, "unknown-upload", "There is no upload with this sha256.")
        await self.server.store.log_access([who.access("download", None, f"upload {sha256} (deprecated /api/admin)")])
        return Response(upload.content, media_type=upload.type, headers={
            **_DEPRECATED, "content-disposition": attachment(upload.name),
        })


def submissions_csv(rows: list[Submission]) -> bytes:
    """The old CSV: the fixed columns, then one column per answer path found in ``rows``."""
    fixed = ["reference", "kommune", "form", "version", "received_at", "lang"]
    flattened = [flatten(json.loads(row.data)) for row in rows]
    columns = sorted({key for item in flattened for key in item})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fixed + columns)
    for row, answers in zip(rows, flattened, strict=True):
        head = [row.reference, row.kommune, row.form, row.version, row.received_at, row.lang]
        writer.writerow([neutral(cell) for cell in head + [answers.get(column, "") for column in columns]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

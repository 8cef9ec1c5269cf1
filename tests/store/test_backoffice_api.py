"""The back-office API v1 on a real SQLite file and a real PostgreSQL database.

Tokens are scoped to one Kommune: another Kommune's submissions are 404 to them, as if they did not
exist. Paging is by cursor and lists each submission exactly once, also while new ones arrive. Status
changes follow received → retrieved → accepted | rejected; deletion only after retrieval. Every
read, listing, change and deletion is in the access log.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests.serve.conftest import TODAY, TOKEN, write_exports

from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import Catalogue, load_catalogue, read_tree
from kitaforms.serve.tables import FIXED, columns
from kitaforms.store import Store, Submission, Upload, instant, new_reference

from .conftest import run_sql

if TYPE_CHECKING:
    from starlette.testclient import TestClient

OPERATOR = {"authorization": f"Bearer {TOKEN}"}
LIST = "/api/v1/submissions"


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    loaded = load_catalogue(read_tree(write_exports(tmp_path_factory.mktemp("exports"))))
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture()
def client(catalogue: Catalogue, database_url: str) -> Iterator[TestClient]:
    from starlette.testclient import TestClient  # here: tests.serve.conftest has quieted its warning

    settings = Settings(db=database_url, admin_token=TOKEN, today=lambda: TODAY, purge_every=None)
    with TestClient(create_app(catalogue, settings)) as test_client:
        yield test_client


def store_of(client: TestClient) -> Store:
    return client.app.state.server.store  # type: ignore[attr-defined,no-any-return]


def bearer(client: TestClient, kommune: str, form: str | None = None) -> tuple[str, dict[str, str]]:
    token, secret = store_of(client).issue_token(kommune, form, "test")
    return token.id, {"authorization": f"Bearer {secret}"}


def put(client: TestClient, kommune: str = "teststadt", *, at: str | None = None, files: list[Upload] | None = None,
        form: str | None = None, data: Any = None) -> Submission:
    """A submission written straight into the store (its answers need not pass the form's checks here)."""
    default_form = {"teststadt": ("antrag", "2.1.0"), "musterstadt": ("anmeldung", "1.0.0")}.get(kommune, ("antrag", "1"))
    row = Submission(new_reference(), kommune, form or default_form[0], default_form[1], at or instant(datetime.now(UTC)),
                     "de", json.dumps(data if data is not None else {"kind": {"vorname": "Mia"}}))
    asyncio.run(store_of(client).add_submission(row, None, {"reference": row.reference}, files or []))
    return row


def pdf(text: str, attachment_id: str = "nachweis") -> Upload:
    content = b"%PDF-1.7\n" + text.encode() + b"\n%%EOF"
    return Upload(hashlib.sha256(content).hexdigest(), f"{text}.pdf", "application/pdf", len(content), content,
                  attachment_id, attachment_id.split(".")[0])


def references(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["reference"] for item in response.json()["submissions"]]


# --- tokens: one Kommune's back office sees nothing of another's ------------------------------------


def test_a_kommune_token_cannot_list_read_acknowledge_or_delete_another_kommunes_submissions(client: TestClient) -> None:
    mine, theirs = put(client, "teststadt", files=[pdf("mine")]), put(client, "musterstadt", files=[pdf("theirs")])
    _, token = bearer(client, "teststadt")
    assert references(client.get(LIST, headers=token)) == [mine.reference]
    assert references(client.get(LIST, params={"kommune": "musterstadt"}, headers=token)) == []
    assert client.get(LIST, params={"kommune": "musterstadt", "form": "anmeldung", "format": "csv"},
                      headers=token).status_code == 404
    assert client.get(LIST, params={"format": "jsonl"}, headers=token).text.count("\n") == 1

    other = f"{LIST}/{theirs.reference}"
    answers = [client.get(other, headers=token), client.get(f"{other}/files", headers=token),
               client.get(f"{other}/files/nachweis", headers=token),
               client.post(f"{other}/status", json={"status": "retrieved"}, headers=token),
               client.delete(other, headers=token)]
    unknown = client.get(f"{LIST}/KF-0000-0000-0000", headers=token)
    for answer in answers:
        assert answer.status_code == 404, answer.text
        assert answer.json() | {"detail": ""} == unknown.json() | {"detail": ""}, "it must look like no submission at all"
    assert client.get(other, headers=OPERATOR).json()["status"] == "received", "nothing changed"
    assert client.get(f"{LIST}/{mine.reference}/files/nachweis", headers=token).status_code == 200


def test_a_form_token_sees_only_its_form(client: TestClient) -> None:
    antrag, other_form = put(client, "teststadt"), put(client, "teststadt", form="anderes")
    _, token = bearer(client, "teststadt", "antrag")
    assert references(client.get(LIST, headers=token)) == [antrag.reference]
    assert references(client.get(LIST, params={"form": "anderes"}, headers=token)) == []
    assert client.get(f"{LIST}/{other_form.reference}", headers=token).status_code == 404


def test_tokens_without_right_are_refused(client: TestClient, database_url: str) -> None:
    token_id, token = bearer(client, "teststadt")
    assert client.get(LIST, headers=token).status_code == 200
    assert store_of(client).revoke(token_id)
    for headers in (token, {}, {"authorization": "Bearer kf_nope"}, {"authorization": "Basic dGVzdA=="}):
        refused = client.get(LIST, headers=headers)
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/api/admin/submissions", headers=bearer(client, "teststadt")[1]).status_code == 401, \
        "the deprecated API is the operator's only"
    stored = run_sql(database_url, "SELECT token_sha256 FROM api_tokens")
    assert all(len(row[0]) == 64 and not row[0].startswith("kf_") for row in stored), "only hashes are kept"


# --- paging ------------------------------------------------------------------------------------


def fill(client: TestClient, count: int) -> list[Submission]:
    """``count`` submissions over a few minutes of January, many sharing their received_at."""
    start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    rows = [Submission(new_reference(), "teststadt", "antrag", "2.1.0", instant(start + timedelta(seconds=i // 7)),
                       "de", f'{{"n": {i}}}') for i in range(count)]
    store = store_of(client)

    async def add_all() -> None:
        for first in range(0, count, 100):
            await asyncio.gather(*(store.add_submission(row, None, {}) for row in rows[first:first + 100]))

    asyncio.run(add_all())
    return rows


def test_paging_through_1000_submissions_lists_each_exactly_once_while_new_ones_arrive(client: TestClient) -> None:
    stored = fill(client, 1000)
    _, token = bearer(client, "teststadt")
    seen: list[str] = []
    arrived: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": "37", **({"cursor": cursor} if cursor else {})}
        page = client.get(LIST, params=params, headers=token).json()
        seen += [item["reference"] for item in page["submissions"]]
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
        if len(arrived) < 30:
            arrived += [put(client).reference for _ in range(3)]  # new submissions between pages
    assert len(seen) == len(set(seen)), "no submission twice"
    assert [r for r in seen if r not in arrived] == [row.reference for row in sorted(stored, key=lambda r: (r.received_at, r.reference))]
    assert set(arrived) <= set(seen), "what arrived meanwhile comes on the later pages"


def test_paging_holds_when_submissions_change_status_between_pages(client: TestClient) -> None:
    stored = fill(client, 60)
    first = client.get(LIST, params={"limit": "25", "status": "received"}, headers=OPERATOR).json()
    for item in first["submissions"]:  # the back office acknowledges what it fetched
        client.post(f"{LIST}/{item['reference']}/status", json={"status": "retrieved"}, headers=OPERATOR)
    rest = client.get(LIST, params={"cursor": first["next_cursor"], "status": "received", "limit": "1000"},
                      headers=OPERATOR).json()
    listed = [item["reference"] for item in first["submissions"] + rest["submissions"]]
    assert sorted(listed) == sorted(row.reference for row in stored)
    assert rest["has_more"] is False


def test_jsonl_lists_everything_and_each_line_can_be_resumed_from(client: TestClient) -> None:
    stored = fill(client, 12)
    lines = [json.loads(line) for line in client.get(LIST, params={"format": "jsonl"}, headers=OPERATOR).text.splitlines()]
    assert [line["reference"] for line in lines] == [row.reference for row in sorted(stored, key=lambda r: (r.received_at, r.reference))]
    after_fifth = client.get(LIST, params={"format": "jsonl", "cursor": lines[4]["cursor"]}, headers=OPERATOR)
    assert [json.loads(line)["reference"] for line in after_fifth.text.splitlines()] == [line["reference"] for line in lines[5:]]


@pytest.mark.parametrize(("params", "slug"), [
    ({"limit": "0"}, "bad-limit"), ({"limit": "1001"}, "bad-limit"), ({"limit": "ten"}, "bad-limit"),
    ({"cursor": "not-a-cursor"}, "bad-cursor"), ({"cursor": "WyJhIl0"}, "bad-cursor"), ({"status": "done"}, "bad-status"),
    ({"format": "xml"}, "bad-format"), ({"kommnue": "koeln"}, "unknown-parameter"),
    ({"format": "csv", "kommune": "teststadt"}, "csv-needs-form"),
])
def test_bad_listing_parameters_are_400(client: TestClient, params: dict[str, str], slug: str) -> None:
    answer = client.get(LIST, params=params, headers=OPERATOR)
    assert answer.status_code == 400 and answer.json()["type"] == f"urn:kitaforms:problem:{slug}", answer.text


# --- RFC 3339 -------------------------------------------------------------------------------------


def test_since_and_until_are_rfc3339_with_their_offsets_honoured(client: TestClient) -> None:
    row = put(client, at="2026-12-04T08:30:00.000Z")
    berlin, new_york = timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))
    moment = datetime(2026, 12, 4, 8, 30, tzinfo=UTC)

    def listed(**params: str) -> list[str]:
        return references(client.get(LIST, params=params, headers=OPERATOR))

    assert listed(since=moment.astimezone(berlin).isoformat()) == [row.reference], "since is inclusive: 09:30+01:00"
    assert listed(since="2026-12-04T03:30:00.001-05:00") == []
    assert listed(until=moment.astimezone(new_york).isoformat()) == [], "until is exclusive: 03:30-05:00"
    assert listed(until="2026-12-04T09:30:00.0001+01:00") == [row.reference], "finer than a millisecond: rounded up"
    assert listed(since="2026-12-04t08:29:59z", until="2026-12-04T08:30:01Z") == [row.reference]
    unencoded = client.get(f"{LIST}?since=2026-12-04T09:30:00+01:00", headers=OPERATOR)  # the + arrives as a space
    assert references(unencoded) == [row.reference]
    for garbage in ("garbage", "2026-12-04", "2026-12-04T09:30:00", "2026-12-04T25:00:00Z", "2026-02-30T00:00:00Z",
                    "2026-12-04T09:30:00+24:00", "1765000000", "2026-W49-5T09:30:00Z", "0000-01-01T00:00:00+01:00"):
        for name in ("since", "until"):
            answer = client.get(LIST, params={name: garbage}, headers=OPERATOR)
            assert answer.status_code == 400, (name, garbage)
            assert answer.json()["type"] == f"urn:kitaforms:problem:bad-{name}"


# --- status and deletion ------------------------------------------------------------------------------


def status(client: TestClient, reference: str, value: str, headers: dict[str, str]) -> Any:
    return client.post(f"{LIST}/{reference}/status", json={"status": value}, headers=headers)


def test_status_follows_the_lifecycle_and_conflicts_are_409(client: TestClient) -> None:
    row = put(client)
    _, token = bearer(client, "teststadt")
    assert status(client, row.reference, "accepted", token).status_code == 409, "retrieved first"
    retrieved = status(client, row.reference, "retrieved", token)
    assert retrieved.status_code == 200 and retrieved.json()["changed"] is True and retrieved.json()["retrieved_at"]
    again = status(client, row.reference, "retrieved", token)
    assert again.status_code == 200 and again.json()["changed"] is False, "a repeated acknowledgement changes nothing"
    assert status(client, row.reference, "rejected", token).json()["status"] == "rejected"
    conflict = status(client, row.reference, "accepted", token)
    assert conflict.status_code == 409 and conflict.json()["type"] == "urn:kitaforms:problem:status-conflict"
    assert status(client, row.reference, "received", token).status_code == 400
    assert client.post(f"{LIST}/{row.reference}/status", content=b"{", headers={**token, "content-type": "application/json"}).status_code == 400
    assert client.post(f"{LIST}/{row.reference}/status", content=b"status=retrieved", headers=token).status_code == 415


def test_delete_only_after_retrieval_and_only_the_files_no_other_submission_uses(client: TestClient) -> None:
    shared, own = pdf("shared"), pdf("own", "belege.0")
    row, other = put(client, files=[shared, own]), put(client, files=[shared])
    _, token = bearer(client, "teststadt")
    refused = client.delete(f"{LIST}/{row.reference}", headers=token)
    assert refused.status_code == 409 and refused.json()["type"] == "urn:kitaforms:problem:not-retrieved"
    status(client, row.reference, "retrieved", token)
    assert client.delete(f"{LIST}/{row.reference}", headers=token).status_code == 204
    assert client.get(f"{LIST}/{row.reference}", headers=token).status_code == 404
    assert client.delete(f"{LIST}/{row.reference}", headers=token).status_code == 404
    store = store_of(client)
    assert store.upload(own.sha256) is None and store.upload(shared.sha256) is not None
    assert client.get(f"{LIST}/{other.reference}/files/nachweis", headers=token).content == shared.content


def test_one_submission_with_its_files(client: TestClient) -> None:
    row = put(client, files=[pdf("Bescheinigung Müller", "belege.1")], data={"kind": {"vorname": "Mia"}, "betrag": 1234.50})
    _, token = bearer(client, "teststadt")
    body = client.get(f"{LIST}/{row.reference}", headers=token)
    assert b'"betrag": 1234.5' in body.content, "the answers as stored"
    read = body.json()
    assert read["status"] == "received" and read["data"]["kind"]["vorname"] == "Mia"
    (listed,) = read["files"]
    assert listed["attachment_id"] == "belege.1" and listed["field"] == "belege" and "content" not in listed
    assert client.get(f"{LIST}/{row.reference}/files", headers=token).json()["files"] == [listed]
    download = client.get(f"{LIST}/{row.reference}/files/belege.1", headers=token)
    assert download.status_code == 200 and download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == \
        "attachment; filename=\"Bescheinigung Muller.pdf\"; filename*=UTF-8''Bescheinigung%20M%C3%BCller.pdf"
    assert download.headers["repr-digest"].startswith("sha-256=:")
    assert client.get(f"{LIST}/{row.reference}/files/belege.2", headers=token).status_code == 404


# --- the access log -------------------------------------------------------------------------------


def test_every_read_listing_change_and_deletion_is_in_the_access_log(client: TestClient) -> None:
    row, other = put(client), put(client)
    token_id, token = bearer(client, "teststadt")
    client.get(LIST, headers=token)
    client.get(f"{LIST}/{row.reference}", headers=token)
    status(client, row.reference, "retrieved", token)
    client.delete(f"{LIST}/{row.reference}", headers=token)
    assert client.get("/api/v1/access-log", headers=token).status_code == 404, "the operator's only"

    log = client.get("/api/v1/access-log", params={"token": token_id}, headers=OPERATOR)
    assert log.status_code == 200, log.text
    entries = [(e["action"], e["reference"]) for e in log.json()["entries"]]
    assert sorted(entries[:2]) == sorted([("list", row.reference), ("list", other.reference)])
    assert entries[2:] == [("read", row.reference), ("status", row.reference), ("delete", row.reference)]
    assert all(e["token"] == token_id and e["kommune"] == "teststadt" and e["at"].endswith("Z")
               for e in log.json()["entries"])
    about = client.get("/api/v1/access-log", params={"reference": row.reference, "limit": "2"}, headers=OPERATOR).json()
    assert about["has_more"] is True and len(about["entries"]) == 2
    rest = client.get("/api/v1/access-log", params={"reference": row.reference, "cursor": about["next_cursor"]},
                      headers=OPERATOR).json()
    assert [e["action"] for e in about["entries"] + rest["entries"]] == ["list", "read", "status", "delete"]


# --- CSV -------------------------------------------------------------------------------------------


def submit_example(client: TestClient, exports: Path, name: str, **changes: Any) -> str:
    data = json.loads((exports / f"05999001-teststadt/antrag/2.1.0/examples/valid/{name}").read_text("utf-8"))
    data.pop("nachweis", None)  # a file answer needs its file in the same request
    data.update(changes)
    answer = client.post("/teststadt/antrag/submit", json=data)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["reference"])


def test_csv_columns_are_the_same_whatever_the_filter(client: TestClient, catalogue: Catalogue,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    exports = write_exports(tmp_path_factory.mktemp("csv"))
    full = submit_example(client, exports, "02-full.json", telefon="+49 221 123456")
    submit_example(client, exports, "01-minimal.json")
    put(client, "musterstadt")
    _, token = bearer(client, "teststadt")
    status(client, full, "retrieved", token)
    schema = catalogue.bundle("teststadt", "antrag").schema  # type: ignore[union-attr]
    expected = [*FIXED, *columns(schema)]
    assert "geschwister.2.name" in expected and "wuensche.1.code" in expected

    def export(headers: dict[str, str], **filters: str) -> list[list[str]]:
        answer = client.get(LIST, params={"format": "csv", **filters}, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/csv")
        assert "teststadt-antrag-2.1.0.csv" in answer.headers["content-disposition"]
        return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))

    tables = [export(OPERATOR, kommune="teststadt", form="antrag"),
              export(OPERATOR, kommune="teststadt", form="antrag", version="2.1.0", status="retrieved"),
              export(OPERATOR, kommune="teststadt", form="antrag", status="accepted"),
              export(OPERATOR, kommune="teststadt", form="antrag", since="2999-01-01T00:00:00Z"),
              export(token, form="antrag")]
    assert all(table[0] == expected for table in tables), "one header per form version"
    assert [len(table) - 1 for table in tables] == [2, 1, 0, 0, 2]
    row = dict(zip(expected, tables[1][1], strict=True))
    assert row["reference"] == full and row["status"] == "retrieved" and row["kind.vorname"] == "Mia"
    assert row["telefon"] == "'+49 221 123456", "a leading + would start a formula"
    assert client.get(LIST, params={"format": "csv", "kommune": "teststadt", "form": "antrag", "version": "9.9.9"},
                      headers=OPERATOR).status_code == 404


# --- the server's retention job ------------------------------------------------------------------


def test_the_server_purges_expired_submissions_by_itself(catalogue: Catalogue, database_url: str) -> None:
    from starlette.testclient import TestClient

    settings = Settings(db=database_url, admin_token=TOKEN, today=lambda: TODAY, purge_every=0.05)
    with TestClient(create_app(catalogue, settings)) as client:
        expired, recent, never = put(client), put(client), put(client, at="2020-01-01T00:00:00.000Z")
        for row in (expired, recent):
            status(client, row.reference, "retrieved", OPERATOR)
        long_ago = instant(datetime.now(UTC) - timedelta(days=31))
        run_sql(database_url, "UPDATE submissions SET retrieved_at = ? WHERE reference = ?", (long_ago, expired.reference))
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while store_of(client).submission(expired.reference) is not None and datetime.now(UTC) < deadline:
            asyncio.run(asyncio.sleep(0.05))
        assert store_of(client).submission(expired.reference) is None
        assert store_of(client).submission(recent.reference) is not None
        assert store_of(client).submission(never.reference) is not None


@pytest.mark.parametrize("cursor", [[2 ** 70], [-1], ["1"], [True], [1, 2]])
def test_an_access_log_cursor_the_server_did_not_give_is_400(client: TestClient, cursor: list[Any]) -> None:
    from kitaforms.serve.admin import encode_cursor

    answer = client.get("/api/v1/access-log", params={"cursor": encode_cursor(*cursor)}, headers=OPERATOR)
    assert answer.status_code == 400 and answer.json()["type"] == "urn:kitaforms:problem:bad-cursor"


def test_a_listing_cursor_with_text_no_store_takes_is_400(client: TestClient) -> None:
    import base64

    for raw in (b'["2026-01-01T00:00:00.000Z", "\\ud800"]', b'["2026-01-01T00:00:00.000Z", "KF\\u0000"]'):
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        assert client.get(LIST, params={"cursor": cursor}, headers=OPERATOR).status_code == 400

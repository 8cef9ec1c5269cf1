"""An archived release keeps accepting what it accepted when it was published.

Köln's income form 1.0.0 (in ``exports/``) describes amounts as JSON numbers; since 2.0.0 they are
decimal strings. The server holds each version to its own schema: 1.0.0 takes ``1250.5`` (and,
from a plain form post, stores the number its schema wants), 2.0.0 takes ``"1250.50"``, and
neither takes the other's shape. The rules (from ``form.json``) are the same for both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kitaforms.export._json import loads
from kitaforms.export.formdata import resolved_from_data
from kitaforms.render import render_page_with_errors
from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import load_catalogue, read_tree

from ._files import example_files, file_answers, multipart
from .conftest import ROOT, TODAY, TOKEN, admin

KOELN = ROOT / "exports" / "05315000-koeln"
OLD, NEW = KOELN / "einkommen" / "1.0.0", KOELN / "einkommen" / "2.0.0"
pytestmark = pytest.mark.skipif(not (OLD.is_dir() and NEW.is_dir()), reason="needs the 1.0.0 and 2.0.0 releases")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tree = {f"05315000-koeln/{path}": content for path, content in read_tree(KOELN).items()}
    catalogue = load_catalogue(tree)
    assert not catalogue.problems, catalogue.problems
    settings = Settings(db=tmp_path_factory.mktemp("db") / "db.sqlite3", admin_token=TOKEN, today=lambda: TODAY,
                        json_limit=256 * 1024, form_limit=4 << 20)
    with TestClient(create_app(catalogue, settings)) as test_client:
        yield test_client


def _example(folder: Path, name: str) -> dict[str, Any]:
    return json.loads((folder / "examples" / "valid" / name).read_bytes())  # numbers as floats, as clients send them


def _with_income(folder: Path, amount: object) -> dict[str, Any]:
    """The full example with ``amount`` as the first parent's wage (its proof among the example files)."""
    data = _example(folder, "02-full.json")
    data["einkommen1"]["lohn"] = amount
    return data


def _send(client: TestClient, version: str, data: dict[str, Any]) -> Any:
    folder = OLD if version == "1.0.0" else NEW
    return client.post(f"/koeln/einkommen/{version}/submit", **multipart(data, example_files(folder)),
                       headers={"accept": "application/json"})


def _stored(client: TestClient, response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return client.get(f"/api/admin/submissions/{response.json()['reference']}", headers=admin()).json()["data"]


def _codes(response: Any) -> set[tuple[str, str]]:
    assert response.status_code == 422, response.text
    return {(error["path"], error["code"]) for error in response.json()["errors"]}


def test_each_release_takes_amounts_in_its_own_shape(client: TestClient) -> None:
    assert _stored(client, _send(client, "1.0.0", _with_income(OLD, 1250.5)))["einkommen1"]["lohn"] == 1250.5
    assert _stored(client, _send(client, "2.0.0", _with_income(NEW, "1250.50")))["einkommen1"]["lohn"] == "1250.50"
    assert ("einkommen1.lohn", "invalid_money") in _codes(_send(client, "2.0.0", _with_income(NEW, 1250.5)))
    assert _codes(_send(client, "1.0.0", _with_income(OLD, "1250.50"))), "1.0.0's schema wants a number"


def test_the_old_release_still_refuses_a_fraction_of_a_cent(client: TestClient) -> None:
    assert ("einkommen1.lohn", "invalid_money") in _codes(_send(client, "1.0.0", _with_income(OLD, 1250.505)))


class _Controls(HTMLParser):
    """The name/value pairs a browser without JavaScript posts from a page (no files, no buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name and a.get("type") not in ("file", "submit"):
            if a.get("type") not in ("radio", "checkbox") or "checked" in a:
                self.pairs.append((name, a.get("value") or ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.pairs.append((self.select, a.get("value") or ""))
        elif tag == "textarea":
            self.textarea = name
            self.pairs.append((name, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            name, text = self.pairs[-1]
            self.pairs[-1] = (name, text + data)


def test_a_plain_form_post_to_the_old_release_stores_the_number_its_schema_wants(client: TestClient) -> None:
    """Without JavaScript the page posts "1250,50"; the renderer reads a decimal string, and the
    server gives 1.0.0 the number its schema describes."""
    resolved = resolved_from_data(loads((OLD / "form.json").read_bytes()))
    data = _with_income(OLD, 1250.5)
    controls = _Controls()
    controls.feed(render_page_with_errors(resolved, "de", data, []).decode("utf-8"))
    assert ("einkommen1.lohn", "1250,5") in controls.pairs
    contents = example_files(OLD)
    files = [(path, (answer["name"], contents[answer["sha256"]], answer["type"])) for path, answer in file_answers(data)]
    fields: dict[str, list[str]] = {}
    for name, value in controls.pairs:
        fields.setdefault(name, []).append(value)
    response = client.post("/koeln/einkommen/1.0.0/submit", data=fields, files=files)
    assert response.status_code == 201, response.text
    (row,) = [r for r in client.get("/api/admin/submissions", headers=admin()).json()["submissions"]
              if r["version"] == "1.0.0" and r["data"]["einkommen1"].get("lohn") == 1250.5 and r["lang"] == "de"][-1:]
    assert row["data"]["einkommen1"]["werbungskosten"] == 1250.5

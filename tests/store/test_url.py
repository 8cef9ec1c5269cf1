"""`--db` / KITAFORMS_DB: a path or a URL picks the backend; passwords never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitaforms.store import Location, StoreError, locate, open_store


@pytest.mark.parametrize(("url", "expected"), [
    ("var/kitaforms.sqlite3", Location("sqlite", "var/kitaforms.sqlite3")),
    (Path("/srv/k.sqlite3"), Location("sqlite", "/srv/k.sqlite3")),
    ("sqlite:///var/kitaforms.sqlite3", Location("sqlite", "var/kitaforms.sqlite3")),
    ("sqlite:////srv/k.sqlite3", Location("sqlite", "/srv/k.sqlite3")),
    ("postgresql://kf@db/kitaforms", Location("postgresql", "postgresql://kf@db/kitaforms")),
    ("postgres://kf@db/kitaforms", Location("postgresql", "postgres://kf@db/kitaforms")),
])
def test_the_url_picks_the_backend(url: str | Path, expected: Location) -> None:
    assert locate(url) == expected


@pytest.mark.parametrize("url", ["mysql://db/x", "sqlite:///", ":memory:", ""])
def test_unusable_urls_are_refused_with_the_forms_that_work(url: str) -> None:
    with pytest.raises(StoreError, match="sqlite|path"):
        locate(url)


def test_passwords_never_show() -> None:
    assert locate("postgresql://kf:s3cr%40t@db:5432/kitaforms").shown() == "postgresql://kf:***@db:5432/kitaforms"
    assert locate("postgresql://kf@db/kitaforms?password=s3cret&sslmode=require").shown() == \
        "postgresql://kf@db/kitaforms?password=***&sslmode=require"


def test_an_unreachable_database_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot write the submission store postgresql://kf:\\*\\*\\*@127.0.0.1:9/x"):
        open_store("postgresql://kf:secret@127.0.0.1:9/x?connect_timeout=2")

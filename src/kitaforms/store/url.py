"""Where the submissions are kept, as given to ``kitaforms serve --db`` or ``KITAFORMS_DB``::

    var/kitaforms.sqlite3                      a SQLite file (relative to the working folder)
    sqlite:///var/kitaforms.sqlite3            the same file (three slashes, then the path)
    sqlite:////srv/kitaforms/kitaforms.sqlite3 an absolute path (four slashes)
    postgresql://kitaforms@db.internal/kitaforms?sslmode=verify-full   PostgreSQL (any libpq URL)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kitaforms.store.model import StoreError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class Location:
    dialect: str  # SQLITE or POSTGRESQL
    target: str  # the SQLite file, or the libpq URL

    def shown(self) -> str:
        """For messages and logs: the URL without its password."""
        text = re.sub(r"(://[^/@:]*:)[^@/]*@", r"\1***@", self.target)
        return re.sub(r"(?i)(password=)[^&]*", r"\1***", text)

    def absolute(self) -> Location:
        """The same database, independent of the working folder."""
        if self.dialect == SQLITE:
            return Location(SQLITE, str(Path(self.target).absolute()))
        return self


def locate(url: str | Path) -> Location:
    text = str(url).strip()
    if text.startswith(_POSTGRES_SCHEMES):
        return Location(POSTGRESQL, text)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise StoreError(f"unknown database URL {text.split('://', 1)[0]}://…: give a file path, "
                         "sqlite:///PATH or postgresql://USER@HOST/DATABASE")
    if not text or text == ":memory:":
        raise StoreError("the SQLite store needs a file: give a path such as var/kitaforms.sqlite3")
    return Location(SQLITE, text)

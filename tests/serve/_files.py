"""Sending answers with their files, as the assistant does: multipart/form-data, the answers as JSON in
the first part ``_submission``, one part per file named with its field's instance path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FILE_KEYS = {"name", "type", "size", "sha256"}


def file_answers(data: Any, prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """``(field path, answer)`` of every file answer in ``data`` (a list of files keeps its field's path)."""
    if isinstance(data, dict):
        if set(data) == FILE_KEYS:
            yield prefix[:-1], data
            return
        for key, value in data.items():
            yield from file_answers(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict) and set(value) == FILE_KEYS:
                yield prefix[:-1], value
            else:
                yield from file_answers(value, f"{prefix}{index}.")


def example_files(bundle: Path) -> dict[str, bytes]:
    """The files of a bundle's examples (``examples/files/``) by sha256."""
    folder = bundle / "examples" / "files"
    found = [path.read_bytes() for path in sorted(folder.glob("*"))] if folder.is_dir() else []
    return {hashlib.sha256(content).hexdigest(): content for content in found}


def multipart(data: Any, contents: dict[str, bytes]) -> dict[str, Any]:
    """Keyword arguments for ``client.post``: the answers and, for each file answer, its bytes by sha256."""
    files = [(path, (answer["name"], contents[answer["sha256"]], answer["type"])) for path, answer in file_answers(data)]
    return {"data": {"_submission": json.dumps(data, ensure_ascii=False)}, "files": files}

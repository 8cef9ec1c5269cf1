"""What a Kommune's share of ``exports/`` is made from, as one sha256.

A Kommune's bundles and pages depend on: its own folders (``forms/<kommune>/``,
``satzungen/<kommune>/``), the NRW base (``forms/nrw/`` and files directly in ``satzungen/``),
the build options (base URL, timestamp), and the toolchain: kitaforms' own code and theme, its
version, Python's version and the versions of the libraries it declares. Nothing else is read, so
equal fingerprints give equal output.
"""

from __future__ import annotations

import hashlib
import platform
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import kitaforms
from kitaforms.load.project import BASE_FOLDER
from kitaforms.render._theme import theme_dir

_SKIP_PARTS = {"__pycache__"}


def _files(folder: Path, recursive: bool = True) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(p for p in found if p.is_file() and not _SKIP_PARTS & set(p.parts) and p.suffix != ".pyc")


def _digest_files(digest: hashlib._Hash, files: list[Path], root: Path) -> None:
    for path in files:
        content = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)


@lru_cache(maxsize=1)
def toolchain() -> str:
    """kitaforms' code, theme and version, Python's version and the declared libraries' versions."""
    digest = hashlib.sha256(f"kitaforms {kitaforms.__version__}; python {platform.python_version()}\n".encode())
    package = Path(kitaforms.__file__).resolve().parent
    _digest_files(digest, _files(package), package)
    theme = theme_dir()
    _digest_files(digest, _files(theme), theme)
    for name in sorted(_declared_libraries()):
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\n".encode())
    return digest.hexdigest()


def _declared_libraries() -> set[str]:
    try:
        requirements = metadata.requires("kitaforms") or []
    except metadata.PackageNotFoundError:
        return set()
    return {re.split(r"[\s<>=!~;\[]", line, maxsplit=1)[0] for line in requirements if "extra ==" not in line}


def base_inputs(root: Path) -> str:
    """The NRW base forms and code lists, and Satzung files that belong to no Kommune."""
    digest = hashlib.sha256()
    _digest_files(digest, _files(root / "forms" / BASE_FOLDER), root)
    _digest_files(digest, _files(root / "satzungen", recursive=False), root)
    return digest.hexdigest()


def kommune_inputs(root: Path, kommune: str, base: str, options: str) -> str:
    """Everything the Kommune's output is made from (``base`` from :func:`base_inputs`)."""
    digest = hashlib.sha256(f"{toolchain()}\n{base}\n{options}\n".encode())
    _digest_files(digest, _files(root / "forms" / kommune), root)
    _digest_files(digest, _files(root / "satzungen" / kommune), root)
    return digest.hexdigest()

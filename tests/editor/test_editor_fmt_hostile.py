"""`kitaforms fmt` has the loader's limits: hostile files are refused with a located error and left alone.

Timings are not asserted here; ``python bench/fmt_hostile.py`` measures them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import mini_project, run

from kitaforms.load.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, load_text

PLACE = "forms/nrw/hostile.yaml"


def block_nesting(depth: int) -> str:
    return "".join("  " * n + f"k{n}:\n" for n in range(depth)) + "  " * depth + "end: 1\n"


HOSTILE: dict[str, tuple[bytes, str, str]] = {  # content, code, location
    "invalid UTF-8": (b"id: a\ntitle: caf\xe9\n", "YAML_007", "2:1"),
    "UTF-16 with BOM": ("id: a\ntitle: Anmeldung\n".encode("utf-16"), "YAML_007", "1:1"),
    "4,000 nested brackets": (b"id: a\nx: " + b"[" * 4_000 + b"]" * 4_000 + b"\n", "YAML_005", f"2:{4 + MAX_DEPTH - 1}"),
    "block nesting 500": (block_nesting(500).encode(), "YAML_005", f"{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}"),
    "unclosed bracket": (b"id: a\nx: [1, 2\n", "YAML_001", "2:4"),
    "control character": (b"id: a\nx: \x1b[31mred\n", "YAML_001", "2:4"),
    "too many values": (b"id: a\nx: &a [" + b"1, " * 1_000 + b"1]\ny: [" + b"*a, " * 300 + b"*a]\n", "YAML_006", None),
}


def hostile_project(tmp_path: Path, content: bytes) -> tuple[Path, Path]:
    root = mini_project(tmp_path / "p")
    path = root / PLACE
    path.write_bytes(content)
    return root, path


@pytest.mark.parametrize(("content", "code", "where"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_file_is_refused_with_a_located_error_and_left_alone(
    tmp_path: Path, content: bytes, code: str, where: str | None
) -> None:
    root, path = hostile_project(tmp_path, content)
    result = run(["fmt", "--lang", "en", PLACE], root)
    assert result.exit_code == 1
    assert f"{PLACE}:{where or ''}" in result.stderr
    assert f": error {code}: " in result.stderr
    assert "= hint: " in result.stderr
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr  # the source is shown, not obeyed
    assert path.read_bytes() == content


def test_a_50_mb_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini_project(tmp_path / "p")
    path = root / PLACE
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: written in no time

    def never(self: Path) -> bytes:
        raise AssertionError(f"{self} was read whole")

    monkeypatch.setattr(Path, "read_bytes", never)
    monkeypatch.setattr(Path, "read_text", never)
    result = run(["fmt", "--lang", "en", PLACE], root)
    assert result.exit_code == 1
    assert f"{PLACE}:1:1: error YAML_004: the file is 52,428,800 bytes" in result.stderr
    assert f"{MAX_FILE_BYTES:,}" in result.stderr
    assert path.stat().st_size == 50 * 1024 * 1024


def test_the_source_line_of_a_huge_line_is_shown_around_the_error_only(tmp_path: Path) -> None:
    root, _ = hostile_project(tmp_path, HOSTILE["4,000 nested brackets"][0])
    shown = [line for line in run(["fmt", PLACE], root).stderr.splitlines() if line.startswith(" 2 | ")]
    assert len(shown) == 1
    assert len(shown[0]) < 200


def test_16k_keys_are_formatted(tmp_path: Path) -> None:
    text = "".join(f"k{n}: {n}  # {n}\n" for n in range(16_000))
    root, path = hostile_project(tmp_path, text.encode())
    assert run(["fmt", PLACE], root).exit_code == 0
    formatted = path.read_text(encoding="utf-8")
    assert load_text(formatted).data == load_text(text).data
    assert formatted.count("#") == text.count("#") + 1  # the modeline
    assert run(["fmt", "--check", PLACE], root).exit_code == 0


def test_other_files_are_still_formatted(tmp_path: Path) -> None:
    content = HOSTILE["4,000 nested brackets"][0]
    root, path = hostile_project(tmp_path, content)
    base = root / "forms/nrw/anmeldung.yaml"
    before = base.read_text(encoding="utf-8")
    result = run(["fmt", "--lang", "en"], root)
    assert result.exit_code == 1
    assert "reformatted forms/nrw/anmeldung.yaml" in result.output
    assert base.read_text(encoding="utf-8") != before
    assert path.read_bytes() == content


def test_check_reports_a_refused_file_too(tmp_path: Path) -> None:
    content = HOSTILE["invalid UTF-8"][0]
    root, path = hostile_project(tmp_path, content)
    result = run(["fmt", "--lang", "en", "--check", PLACE], root)
    assert result.exit_code == 1
    assert "error YAML_007" in result.stderr
    assert path.read_bytes() == content


def test_windows_line_ends_alone_are_not_a_change(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    assert run(["fmt", "forms"], root).exit_code == 0
    path = root / "forms/nrw/anmeldung.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run(["fmt", "--check", "forms"], root).exit_code == 0

"""``kitaforms init --from``: another Kommune's overlays and Satzung as a start, every local item a to-do.

What a Kommune wrote in its overlay is local by nature: its settings, its code lists, its legal bases and
each of its changes. Copied, each of them gets a to-do mark (:mod:`kitaforms.check.todos`) on the line above,
with the most telling kind: a declaration (``TODO_008``), a postcode rule (``TODO_007``), texts naming the
other Kommune (``TODO_006``) or any other change (``TODO_010``). Only the Satzung files still in force are
copied; they name the new Jugendamt (so ``kitaforms fee`` does not speak of the other Kommune) and carry a
``TODO_011`` mark. The other file's header comment (its sources) is dropped; ids containing its id are renamed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kitaforms.check.todos import mark
from kitaforms.diagnostics import DefinitionError
from kitaforms.load.yaml_source import DataPath, Document, load_text
from kitaforms.model.overlay import CHANGE_KINDS

Mark = tuple[int, str, str]  # 1-based line the mark goes above, code, text
_IDENT = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9_]*(?![A-Za-z0-9_])")
_POSTCODE = re.compile(r"[\"']\d{5}[\"']")
_POSTCODE_FIELDS = ("plz", "postleitzahl", "postal_code")


class CopyError(ValueError):
    """A file of the other Kommune cannot be read; the message says where."""


@dataclass(frozen=True)
class Origin:
    """The Kommune copied from: its id and the words that name it in texts (``Stadt Köln``, ``Köln``)."""

    id: str
    names: tuple[str, ...]

    @classmethod
    def of(cls, kommune_id: str, name: str | None, city: str | None = None) -> Origin:
        words = [name] if name else []
        if name and " " in name:
            words.append(name.split(" ", 1)[1])
        if city:
            words.append(city)
        return cls(kommune_id, tuple(dict.fromkeys(words)))


def copy_overlay(text: str, origin: Origin, new: str, place: str) -> str:
    """An overlay of ``origin``, its ids renamed for ``new``, every local item marked as a to-do."""
    body = rename_ids(_without_header(text), origin.id, new, place)
    marks = list(_overlay_marks(_load(body, place), origin))
    return _with_note(insert_marks(body, marks), origin.id, place)


def copy_satzung(text: str, origin: Origin, name: str, place: str) -> str:
    """A Satzung of ``origin`` as the new Kommune's draft: named for ``name``, marked ``TODO_011``."""
    body = _without_header(text)
    document = _load(body, place)
    title = f"Entwurf: Elternbeitragssatzung {name} (Vorlage, Zahlen noch nicht geprüft)"
    body = _replace_scalars(body, document, {("title",): title, ("jugendamt",): name})
    line = _load(body, place).locate(("title",), key=True).line
    note = (f"Satzung von `{origin.id}` als Vorlage: Gültigkeit, Einkommensregeln, Tabellen, Geschwisterregel "
            "und Quellen durch die eigene Satzung ersetzen")
    return _with_note(insert_marks(body, [(line, "TODO_011", note)]), origin.id, place)


def in_force(texts: dict[str, str]) -> list[str]:
    """Of ``{place: text}`` Satzung files, those still in force (no end date), else the latest one."""
    data = {place: _data(text, place) for place, text in texts.items()}
    current = [place for place, item in data.items() if item.get("valid_until") is None]
    if current or not data:
        return sorted(current)
    return [max(data, key=lambda place: str(data[place].get("valid_from") or ""))]


# --- marks ----------------------------------------------------------------------------------------


def _overlay_marks(document: Document, origin: Origin) -> Iterator[Mark]:
    data, source = document.data, origin.id
    for key, value in data.items():
        line = document.locate((key,), key=True).line
        if key == "extends":
            continue
        if key == "settings":
            yield line, "TODO_004", f"Einstellungen von `{source}` übernommen: jeden Wert mit den eigenen Regeln vergleichen"
        elif key == "code_lists" and isinstance(value, dict):
            for name in value:
                yield (document.locate((key, name), key=True).line, "TODO_005",
                       f"Codeliste `{name}` von `{source}` übernommen: eigene Liste eintragen oder löschen "
                       "(dann gilt die NRW-Liste)")
        elif key == "bezug":
            yield line, "TODO_009", f"Rechtsgrundlagen von `{source}` übernommen: die eigene Satzung nennen"
        elif key == "changes" and isinstance(value, list):
            for index, change in enumerate(value):
                yield (document.locate((key, index)).line, *_change_mark(change, origin))
        else:
            yield line, "TODO_010", f"`{key}` von `{source}` übernommen: nur behalten, wenn es auch hier gilt"


def _change_mark(change: Any, origin: Origin) -> tuple[str, str]:
    kind = next((k for k in CHANGE_KINDS if isinstance(change, dict) and k in change), "change")
    target = str(change.get(kind, "")) if isinstance(change, dict) else ""
    what = f"`{kind}: {target}` von `{origin.id}` übernommen"
    declaration = next(_declarations(change), None)
    if declaration is not None:
        label = _german(declaration.get("label"))
        quoted = f" „{_short(label)}“" if label else ""
        return "TODO_008", f"Erklärung{quoted}: {what}; für die eigene Kommune umformulieren oder löschen"
    if _postcode_rule(change, target):
        return "TODO_007", f"Postleitzahl-Regel: {what}; eigene Postleitzahlen eintragen oder die Änderung löschen"
    named = [name for name in origin.names if any(_names(text, name) for text in _strings(change))]
    if named:
        return "TODO_006", f"Texte nennen {named[-1]}: {what}; für die eigene Kommune umschreiben oder löschen"
    return "TODO_010", f"{what}: behalten, wenn sie auch hier gilt, sonst löschen"


def _declarations(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "declaration":
            yield node
        for value in node.values():
            yield from _declarations(value)
    elif isinstance(node, list):
        for item in node:
            yield from _declarations(item)


def _postcode_rule(change: Any, target: str) -> bool:
    rules = [text for key, text in _keyed_strings(change) if key == "rule"]
    if any(_POSTCODE.search(rule) for rule in rules):
        return True
    return target.rsplit(".", 1)[-1] in _POSTCODE_FIELDS and bool(rules)


def _strings(node: Any) -> list[str]:
    return [text for _, text in _keyed_strings(node)]


def _keyed_strings(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for name, value in node.items():
            yield from _keyed_strings(value, str(name) if not _is_language(name) else key)
    elif isinstance(node, list):
        for item in node:
            yield from _keyed_strings(item, key)


def _is_language(key: Any) -> bool:
    return isinstance(key, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", key) is not None


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _german(text: Any) -> str:
    if isinstance(text, dict):
        return str(text.get("de") or "")
    return str(text or "")


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def insert_marks(text: str, marks: list[Mark]) -> str:
    """``text`` with a to-do comment above each marked line, indented like that line."""
    lines = text.splitlines(keepends=True)
    for line, code, note in sorted(marks, key=lambda m: m[0], reverse=True):
        index = min(max(line - 1, 0), len(lines))
        here = lines[index] if index < len(lines) else ""
        indent = here[: len(here) - len(here.lstrip(" "))]
        lines.insert(index, f"{indent}{mark(code, note)}\n")
    return "".join(lines)


# --- text ------------------------------------------------------------------------------------------


def rename_ids(text: str, old: str, new: str, place: str) -> str:
    """Rename the ids (and references to them) that contain the old Kommune's id as a `_`-separated part."""
    defined = set(_ids(_data(text, place)))
    renames = {ident: _renamed(ident, old, new) for ident in defined if old in ident.split("_") or ident == old}
    return _IDENT.sub(lambda m: renames.get(m.group(0), m.group(0)), text)


def _ids(data: object) -> list[str]:
    """Every value of an `id` key, at any depth."""
    if isinstance(data, dict):
        own = [data["id"]] if isinstance(data.get("id"), str) else []
        return own + [i for value in data.values() for i in _ids(value)]
    if isinstance(data, list):
        return [i for item in data for i in _ids(item)]
    return []


def _renamed(ident: str, old: str, new: str) -> str:
    return "_".join(new if part == old else part for part in ident.split("_")) if ident != old else new


def _without_header(text: str) -> str:
    """``text`` without its leading comment block (the modeline stays)."""
    lines = text.splitlines(keepends=True)
    keep = [lines[0]] if lines and lines[0].startswith("# yaml-language-server:") else []
    rest = lines[len(keep):]
    while rest and (not rest[0].strip() or rest[0].lstrip().startswith("#")):
        rest = rest[1:]
    return "".join(keep + rest)


def _with_note(text: str, old: str, place: str) -> str:
    note = (f"# Kopiert von `kitaforms init --from {old}` aus {place} (dort stehen die Quellen).\n"
            "# Jede Zeile `# kitaforms: todo …` ist ein offener Punkt: anpassen, dann die Zeile löschen.\n"
            "# `kitaforms validate --strict` meldet jeden offenen Punkt.\n")
    lines = text.splitlines(keepends=True)
    at = 1 if lines and lines[0].startswith("# yaml-language-server:") else 0
    return "".join(lines[:at] + [note] + lines[at:])


def _replace_scalars(text: str, document: Document, values: dict[DataPath, str]) -> str:
    spans = sorted(((document.values[path], value) for path, value in values.items() if path in document.values),
                   key=lambda item: item[0].start, reverse=True)
    for info, value in spans:
        text = text[: info.start] + _scalar(value) + text[info.end :]
    return text


def _scalar(text: str) -> str:
    """A YAML scalar for ``text``: plain when that is safe, else double-quoted."""
    if re.fullmatch(r"[A-Za-zÄÖÜäöüß][\w .()'äöüÄÖÜß-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _load(text: str, place: str) -> Document:
    try:
        return load_text(text, place)
    except DefinitionError as exc:
        raise CopyError(f"cannot copy {exc}; fix it first (`kitaforms validate`)") from None


def _data(text: str, place: str) -> Any:
    return _load(text, place).data

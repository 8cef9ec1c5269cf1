"""`kitaforms ids FORM [--kommune K]`: the ids of a form, with labels, types and conditions, in form order."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.cli._lang import language_option
from kitaforms.cli._project import project_root
from kitaforms.compiler import compile_project
from kitaforms.editor.ids import STEP, IdRow, form_ids
from kitaforms.resolve import NRW

LABEL_WIDTH = 48
WORDS = {
    "de": {"path": "Id (Pfad)", "type": "Typ", "label": "Beschriftung", "change": "Änderung", "where": "Ort",
           "conditions": "Bedingungen", "step": "Schritt", "visible": "sichtbar wenn", "required": "Pflicht",
           "required_if": "Pflicht wenn", "added": "neu", "changed": "geändert", "removed": "entfernt",
           "title": "{form}: {count} Schritte und Elemente"},
    "en": {"path": "Id (path)", "type": "Type", "label": "Label", "change": "Change", "where": "Where",
           "conditions": "Conditions", "step": "step", "visible": "visible if", "required": "required",
           "required_if": "required if", "added": "added", "changed": "changed", "removed": "removed",
           "title": "{form}: {count} steps and elements"},
}


@click.command("ids")
@click.argument("form")
@click.option("--kommune", help="Show the Kommune's form (its overlay applied) and mark what the overlay changed.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@language_option
def ids_command(form: str, kommune: str | None, as_json: bool, lang: str) -> None:
    """List the ids of FORM (e.g. `anmeldung`) in form order: the paths an overlay names with `set`, `remove`,
    `insert_after`, with label, type and conditions."""
    root = project_root(Path.cwd())
    result = compile_project(root, [kommune] if kommune else [])  # the NRW forms, and the Kommune's
    key = f"{kommune or NRW}/{form}"
    resolved = result.forms.get(key)
    if resolved is None:
        known = ", ".join(sorted(k for k in result.forms if kommune is None or k.startswith(f"{kommune}/")))
        raise click.UsageError(f"there is no resolved form `{key}` (run `kitaforms validate`); forms: {known or 'none'}")
    base = result.forms.get(f"{NRW}/{form}") if kommune else None
    rows = form_ids(resolved, base)
    if as_json:
        payload = {"form": form, "kommune": kommune, "version": resolved.form.version,
                   "elements": [row.to_json() for row in rows]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(_table(rows, lang, with_changes=kommune is not None, title=key))


def _table(rows: list[IdRow], lang: str, with_changes: bool, title: str) -> str:
    words = WORDS[lang]
    header = [words["path"], words["type"], words["label"], *([words["change"]] if with_changes else []),
              words["where"], words["conditions"]]
    lines = [_cells(row, words, lang, with_changes) for row in rows]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header) - 1)]
    out = [words["title"].format(form=title, count=len(rows)), ""]
    for cells in [header, *lines]:
        out.append("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)) + "  " + cells[-1])
    return "\n".join(line.rstrip() for line in out)


def _cells(row: IdRow, words: dict[str, str], lang: str, with_changes: bool) -> list[str]:
    kind = words["step"] if row.type == STEP else row.type
    label = row.label.get(lang) or row.label.get("de") or ""
    label = label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"
    change = words.get(row.change or "", "")
    if row.changed:
        change += " (" + ", ".join(row.changed) + ")"
    where = f"{row.file}:{row.line}"
    return ["  " * row.depth + row.path, kind, label, *([change] if with_changes else []), where,
            _conditions(row, words)]


def _conditions(row: IdRow, words: dict[str, str]) -> str:
    parts = [f"{words['visible']}: {' '.join(row.visible_if.split())}"] if row.visible_if else []
    if row.required:
        parts.append(words["required"])
    if row.required_if:
        parts.append(f"{words['required_if']}: {' '.join(row.required_if.split())}")
    return "; ".join(parts)

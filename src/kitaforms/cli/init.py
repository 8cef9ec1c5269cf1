"""`kitaforms init`: scaffold a new Kommune (forms and Satzung), ready to validate and preview."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.cli._lang import language_option
from kitaforms.cli._project import project_root
from kitaforms.editor.kinds import SCHEMA_FOLDER
from kitaforms.editor.scaffold import Scaffold, ScaffoldError, plan_kommune
from kitaforms.editor_schemas import editor_models, editor_schema, project_base_forms

USAGE_ERROR = 2


@click.command("init")
@click.argument("kommune")
@click.option("--ags", required=True, help="Amtlicher Gemeindeschlüssel, 8 digits (e.g. 05315000).")
@click.option("--name", help="Official name, e.g. `Stadt Köln` (default: from the id).")
@click.option("--from", "source", metavar="KOMMUNE",
              help="Start from this Kommune's overlays and its Satzung in force; its own items are marked as to-dos.")
@language_option
def init_command(kommune: str, ags: str, name: str | None, source: str | None, lang: str) -> None:
    """Create forms/KOMMUNE/ and satzungen/KOMMUNE/ for a new Kommune (never overwrites)."""
    root = project_root(Path.cwd())
    try:
        scaffold = plan_kommune(root, kommune, ags, name, source)
    except ScaffoldError as exc:
        click.echo(f"kitaforms init: {exc}", err=True)
        raise SystemExit(USAGE_ERROR) from None
    for place, text in scaffold.files.items():
        target = root / place
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
        click.echo(WORDS[lang]["created"].format(place=place))
    _schemas(root, WORDS[lang])
    click.echo(_next_steps(scaffold, WORDS[lang]))


def _schemas(root: Path, words: dict[str, str]) -> None:
    """Write the editors' schemas when the project has none (the modelines point at them)."""
    folder = root / SCHEMA_FOLDER
    if folder.is_dir():
        return
    folder.mkdir()
    base_forms = project_base_forms(root)  # the overlay schema completes targets, properties and settings
    for kind, model in editor_models().items():
        text = json.dumps(editor_schema(kind, model, base_forms, root), ensure_ascii=False, indent=2) + "\n"
        (folder / f"{kind}.schema.json").write_text(text, encoding="utf-8")
    click.echo(words["schemas"].format(folder=SCHEMA_FOLDER))


WORDS = {
    "en": {
        "created": "created {place}", "schemas": "created {folder}/ (JSON Schemas for autocompletion)",
        "copied": "Copied from `{source}`: everything that is its own is marked `# kitaforms: todo …`;\n"
                  "`kitaforms validate --strict` lists each mark until you have adapted the item and deleted the mark.",
        "next": "Next steps:\n"
                "  kitaforms validate                 check everything (problems show file:line:col)\n"
                "  edit {overlay:<29} e.g. uncomment the example that changes a label\n"
                "  kitaforms serve --dev              preview in the browser; saving a file updates the page\n"
                "See docs/editor-setup.md.",
    },
    "de": {
        "created": "angelegt: {place}", "schemas": "angelegt: {folder}/ (JSON Schemas für die Autovervollständigung)",
        "copied": "Übernommen von `{source}`: alles, was dieser Kommune gehört, ist mit `# kitaforms: todo …` markiert;\n"
                  "`kitaforms validate --strict` nennt jede Markierung, bis Sie den Eintrag angepasst und die "
                  "Markierung gelöscht haben.",
        "next": "Nächste Schritte:\n"
                "  kitaforms validate                 alles prüfen (Probleme mit Datei:Zeile:Spalte)\n"
                "  {overlay:<34} bearbeiten, z. B. das Beispiel zum Ändern einer Beschriftung einkommentieren\n"
                "  kitaforms serve --dev              Vorschau im Browser; Speichern aktualisiert die Seite\n"
                "Siehe docs/editor-setup.md.",
    },
}


def _next_steps(scaffold: Scaffold, words: dict[str, str]) -> str:
    overlay = next((p for p in scaffold.files if p.startswith("forms/") and p.endswith("/anmeldung.yaml")), None)
    overlay = overlay or next(p for p in scaffold.files if p.startswith("forms/"))
    copied = "\n" + words["copied"].format(source=scaffold.copied_from) if scaffold.copied_from else ""
    return f"{copied}\n" + words["next"].format(overlay=overlay)

"""`kitaforms schema`: write the editors' JSON Schemas for autocompletion."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.editor_schemas import editor_models, editor_schema


@click.command("schema")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"), show_default=True)
def schema_command(out: Path) -> None:
    """Write schemas/<kind>.schema.json for the `# yaml-language-server: $schema=` modeline."""
    out.mkdir(parents=True, exist_ok=True)
    for kind, model in editor_models().items():
        path = out / f"{kind}.schema.json"
        path.write_text(json.dumps(editor_schema(kind, model), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {path}")

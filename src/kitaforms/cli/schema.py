"""`kitaforms schema`: write the editors' JSON Schemas for autocompletion."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.cli._project import project_root
from kitaforms.editor_schemas import editor_models, editor_schema, project_base_forms


@click.command("schema")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"), show_default=True)
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="The project whose NRW base forms the overlay schema completes (targets, properties, settings).")
def schema_command(out: Path, project: Path) -> None:
    """Write schemas/<kind>.schema.json for the `# yaml-language-server: $schema=` modeline.

    The overlay schema knows the project's NRW base forms: inside an overlay it offers the paths of
    `set`/`remove`/`insert_…`, the properties of the target's kind and the form's settings. Run it
    again after changing a base form (CI compares).
    """
    root = _project(project)
    base_forms = project_base_forms(root) if root else {}
    out.mkdir(parents=True, exist_ok=True)
    for kind, model in editor_models().items():
        path = out / f"{kind}.schema.json"
        schema = editor_schema(kind, model, base_forms, root)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {path}")


def _project(path: Path) -> Path | None:
    try:
        return project_root(path)
    except click.UsageError:
        return None

"""`kitaforms graph`: a form's steps and conditions as an SVG flow diagram (for sign-off)."""

from __future__ import annotations

from pathlib import Path

import click

from kitaforms.cli._project import project_root
from kitaforms.compiler import compile_project
from kitaforms.editor.graph import form_graph
from kitaforms.resolve import NRW


@click.command("graph")
@click.argument("form")
@click.option("--kommune", help="Draw the Kommune's form (its overlay applied); FORM may also be `kommune/form`.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--lang", "language", default="de", show_default=True, help="Language of labels and conditions.")
def graph_command(form: str, kommune: str | None, out: Path | None, language: str) -> None:
    """Draw a form as an SVG flow diagram: steps, questions and conditions (FORM: `anmeldung`, `koeln/anmeldung`)."""
    key = form if "/" in form else f"{kommune or NRW}/{form}"
    result = compile_project(project_root(Path.cwd()))
    resolved = result.forms.get(key)
    if resolved is None:
        known = ", ".join(sorted(result.forms)) or "none"
        raise click.UsageError(f"there is no resolved form `{key}` (run `kitaforms validate`); forms: {known}")
    svg = form_graph(resolved, language)
    if out is None:
        click.echo(svg, nl=False)
        return
    out.write_text(svg, encoding="utf-8")
    click.echo(f"wrote {out}", err=True)

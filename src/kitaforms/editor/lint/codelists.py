"""Code lists no field can reach: defined (in a form, an overlay or ``codelisten.yaml``) but never named.

A definition counts as used when, in at least one resolved form that contains it, a field names it
under ``code_list`` or ``reasons``. A shared list a form shadows with its own list of the same name
is not contained in that form.
"""

from __future__ import annotations

from collections.abc import Iterator

from kitaforms.compiler import CompileResult
from kitaforms.diagnostics import Diagnostic, Location
from kitaforms.model.walk import walk
from kitaforms.resolve import ResolvedForm

Definition = tuple[str, tuple[str | int, ...]]  # (file, path of the list in that file)



def unused_code_lists(result: CompileResult) -> Iterator[Diagnostic]:
    used: dict[Definition, bool] = {}
    where: dict[Definition, tuple[str, Location]] = {}
    for shared in result.project.code_lists:
        for name in shared.document.data.get("code_lists") or {}:
            definition: Definition = (shared.document.file, ("code_lists", name))
            used.setdefault(definition, False)
            where[definition] = (name, shared.document.locate(("code_lists", name), key=True))
    for resolved in result.forms.values():
        names = _named(resolved)
        for name in resolved.form.code_lists:
            origin = resolved.source.origin(("code_lists", name))
            if origin is None:
                continue
            definition = (origin[0].file, origin[1])
            used[definition] = used.get(definition, False) or name in names
            where[definition] = (name, origin[0].locate(origin[1], key=True))
    for definition in sorted(d for d, is_used in used.items() if not is_used):
        name, location = where[definition]
        yield Diagnostic.make(
            "LINT_005", f"the code list `{name}` is not used by any field", location,
            "name it under `code_list:` (or `reasons:`) of a field, or remove it",
        )


def _named(resolved: ResolvedForm) -> set[str]:
    names: set[str] = set()
    for placed in walk(resolved.form):
        for key in ("code_list", "reasons"):
            value = getattr(placed.element, key, None)
            if value:
                names.add(value)
    return names

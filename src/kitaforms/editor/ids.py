"""``kitaforms ids``: the ids of a form's steps and elements, in form order, for writing overlays.

Each row has the path an overlay names (``kind.geburtsdatum``, or a step id), the type, the label, the
conditions (``visible_if``, ``required``/``required_if``) and where it is written. Given the plain NRW
form as ``base``, rows also say what the Kommune's overlay did: ``added``, ``changed`` (with the changed
properties) or ``removed`` (shown at its place in the base form).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm

STEP = "step"


@dataclass(frozen=True)
class IdRow:
    path: str  # what an overlay names: the step id, or the dotted element path
    step: str
    depth: int  # 0 for a step, 1 for its elements, 2 inside a group …
    type: str  # "step" or the element type
    label: dict[str, str]
    visible_if: str | None
    required: bool
    required_if: str | None
    file: str
    line: int
    column: int
    change: str | None = None  # "added" | "changed" | "removed" (with a base form)
    changed: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[bool, str]:
        return self.type == STEP, self.path

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["changed"] = list(self.changed)
        return data


def form_ids(resolved: ResolvedForm, base: ResolvedForm | None = None) -> list[IdRow]:
    """The rows of ``resolved`` in form order; with ``base``, marked with what changed against it."""
    rows = _rows(resolved)
    if base is None:
        return rows
    before = {row.key: row for row in _rows(base)}
    marked = [_compare(row, before.get(row.key), resolved, base) for row in rows]
    return _with_removed(marked, _rows(base))


def _rows(resolved: ResolvedForm) -> list[IdRow]:
    rows: list[IdRow] = []
    by_step: dict[int, list[Placed]] = {}
    for placed in walk(resolved.form):
        by_step.setdefault(int(placed.path[1]), []).append(placed)
    for index, step in enumerate(resolved.form.steps):
        where = resolved.source.locate(("steps", index))
        rows.append(IdRow(step.id, step.id, 0, STEP, dict(step.title), step.visible_if, False, None,
                          where.file, where.line, where.col))
        rows += [_element_row(resolved, placed) for placed in by_step.get(index, [])]
    return rows


def _element_row(resolved: ResolvedForm, placed: Placed) -> IdRow:
    element = placed.element
    where = resolved.source.locate(placed.path)
    return IdRow(
        placed.name, placed.step.id, placed.name.count(".") + 1, element.type, _label(element),
        element.visible_if, bool(getattr(element, "required", False)), getattr(element, "required_if", None),
        where.file, where.line, where.col,
    )


def _label(element: Any) -> dict[str, str]:
    if element.label:
        return dict(element.label)
    body = getattr(element, "body", None) or {}
    return {lang: _first_line(text) for lang, text in body.items()}


def _first_line(text: str) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= 60 else line[:59] + "…"


# --- against the base form ---------------------------------------------------------------------------


def _compare(row: IdRow, before: IdRow | None, resolved: ResolvedForm, base: ResolvedForm) -> IdRow:
    if before is None:
        return replace(row, change="added")
    changed = _changed_properties(row, resolved, base)
    return replace(row, change="changed", changed=changed) if changed else row


def _changed_properties(row: IdRow, resolved: ResolvedForm, base: ResolvedForm) -> tuple[str, ...]:
    now, then = _model(row, resolved), _model(row, base)
    keys = sorted(set(now) | set(then))
    changed = [key for key in keys if now.get(key) != then.get(key)]
    lists = resolved.form.code_lists, base.form.code_lists
    name = now.get("code_list")
    if name and "code_list" not in changed and lists[0].get(name) != lists[1].get(name):
        changed.append(f"code_list {name}")
    return tuple(changed)


def _model(row: IdRow, resolved: ResolvedForm) -> dict[str, Any]:
    if row.type == STEP:
        step = next(s for s in resolved.form.steps if s.id == row.path)
        return step.model_dump(exclude={"elements"}, exclude_defaults=True)
    element = resolved.placed[row.path].element
    return element.model_dump(exclude={"elements"}, exclude_defaults=True)


def _with_removed(rows: list[IdRow], base_rows: list[IdRow]) -> list[IdRow]:
    """``rows`` with each base row they lack put back, as ``removed``, after its base predecessor."""
    present = {row.key for row in rows}
    after: dict[tuple[bool, str] | None, list[IdRow]] = {}
    previous: tuple[bool, str] | None = None
    for row in base_rows:
        if row.key in present:
            previous = row.key
        else:
            after.setdefault(previous, []).append(replace(row, change="removed"))
    result = list(after.get(None, []))
    for row in rows:
        result.append(row)
        result += after.get(row.key, []) if row.change != "added" else []
    return result

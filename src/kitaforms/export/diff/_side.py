"""One side of a diff, read from ``form.json``: the form's elements by dotted name, its steps,
settings and code lists, and the facility catalogue."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from kitaforms.export.diff._conditions import NEVER, requirement

Element = dict[str, Any]


@dataclass(frozen=True)
class Placed:
    element: Element
    step: str


@dataclass
class Side:
    document: dict[str, Any]
    placed: dict[str, Placed] = field(default_factory=dict)  # "kinder.vorname" → the element

    def __post_init__(self) -> None:
        for step in self.steps.values():
            self._collect(step.get("elements", []), "", step["id"])

    def _collect(self, elements: list[Element], prefix: str, step: str) -> None:
        for element in elements:
            name = prefix + element["id"]
            self.placed[name] = Placed(element, step)
            self._collect(element.get("elements") or [], name + ".", step)

    @property
    def form(self) -> dict[str, Any]:
        return self.document.get("form") or {}

    @functools.cached_property
    def steps(self) -> dict[str, dict[str, Any]]:
        return {step["id"]: step for step in self.form.get("steps", [])}

    @property
    def settings(self) -> dict[str, Any]:
        return self.form.get("settings") or {}

    @functools.cached_property
    def facilities(self) -> dict[str, dict[str, Any]]:
        catalogue = self.document.get("facilities") or {}
        return {facility["id"]: facility for facility in catalogue.get("facilities", [])}

    def value(self, value: Any) -> Any:
        """A limit or flag given as ``{setting: name}`` read from the settings (``form.json``
        usually has them filled in already)."""
        if isinstance(value, dict) and set(value) == {"setting"}:
            return self.settings.get(value["setting"])
        return value

    def options(self, element: Element) -> dict[str, dict[str, Any]] | None:
        """The codes a choice accepts with their label and hint (``None``: not a choice)."""
        if element.get("options"):
            return {option["code"]: option for option in element["options"]}
        if element.get("code_list"):
            return {option["code"]: option for option in self.form.get("code_lists", {}).get(element["code_list"], [])}
        if element.get("catalogue") == "einrichtungen":
            return {code: {"label": {"de": facility.get("name", code)}} for code, facility in self.facilities.items()}
        return None

    def reasons(self, element: Element) -> dict[str, dict[str, Any]] | None:
        if not element.get("reasons"):
            return None
        return {option["code"]: option for option in self.form.get("code_lists", {}).get(element["reasons"], [])}

    def can_require(self, names: list[str]) -> bool:
        """Whether a submission without these elements can be refused for lacking them: one of
        them, or something inside a group of them, or an entry a repeat must have, is required."""
        return any(self._demands(name) for name in names)

    def _demands(self, name: str) -> bool:
        element = self.placed[name].element
        if requirement(element) != NEVER:
            return True
        if element.get("type") == "repeat" and not self.value(element.get("min_items")):
            return False
        prefix = name + "."
        return any(self._demands(child) for child in self.placed if child.startswith(prefix) and "." not in child[len(prefix):])

    def in_step(self, step: str) -> list[str]:
        """The step's own elements (not those inside its groups and repeats)."""
        return [name for name, placed in self.placed.items() if placed.step == step and "." not in name]

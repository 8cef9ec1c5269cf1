"""A Kommune's overlay: changes to an NRW base form, addressed by element id."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from kitaforms.model.common import Identifier, SemVer, StrictModel
from kitaforms.model.form import Bezug, Element, LeikaKey, Option, SettingValue, Step

Target = str  # a dotted element path such as `kind.geburtsdatum`, or a step id


class SetChange(StrictModel):
    """Change properties of an element or step, e.g. make a field optional."""

    set: Target = Field(description="Path of the element (`kind.geschlecht`) or id of the step.")
    properties: dict[str, Any] = Field(description="Properties to set, e.g. `{required: false}`.")


class InsertBefore(StrictModel):
    """Insert new elements before an element (or new steps before a step)."""

    insert_before: Target = Field(description="Path of the element (or id of the step) to insert before.")
    elements: list[Element] = Field(default_factory=list, description="New elements (when the target is an element).")
    steps: list[Step] = Field(default_factory=list, description="New steps (when the target is a step).")


class InsertAfter(StrictModel):
    """Insert new elements after an element (or new steps after a step)."""

    insert_after: Target = Field(description="Path of the element (or id of the step) to insert after.")
    elements: list[Element] = Field(default_factory=list, description="New elements (when the target is an element).")
    steps: list[Step] = Field(default_factory=list, description="New steps (when the target is a step).")


class RemoveChange(StrictModel):
    """Remove an element or a step the Kommune does not ask for."""

    remove: Target = Field(description="Path of the element (or id of the step) to remove.")


CHANGE_KINDS = {"set": "SetChange", "insert_before": "InsertBefore", "insert_after": "InsertAfter", "remove": "RemoveChange"}


def _change_kind(value: Any) -> str | None:
    """Which change a mapping is, by the key that names its target."""
    if isinstance(value, dict):
        return next((tag for key, tag in CHANGE_KINDS.items() if key in value), None)
    return type(value).__name__


Change = Annotated[
    Annotated[SetChange, Tag("SetChange")] | Annotated[InsertBefore, Tag("InsertBefore")] | Annotated[InsertAfter, Tag("InsertAfter")] | Annotated[RemoveChange, Tag("RemoveChange")],
    Discriminator(
        _change_kind,
        custom_error_type="change_kind_missing",
        custom_error_message="a change needs one of the keys set, insert_before, insert_after, remove",
    ),
]


class Overlay(StrictModel):
    """How a Kommune adapts an NRW base form."""

    extends: Identifier = Field(description="Id of the NRW base form, e.g. `anmeldung`.")
    version: SemVer | None = Field(None, description="Version of the adapted form; defaults to the base's.")
    released: date | None = Field(
        None,
        description="The day the Kommune's own `version` was released (`YYYY-MM-DD`); without it, "
        "an own version is a draft (XDatenfelder status Entwurf).",
    )
    bezug: Bezug = Field(
        default_factory=list,
        description="Legal bases the Kommune adds to the form's, e.g. its Elternbeitragssatzung.",
    )
    leika: list[LeikaKey] | None = Field(
        None, description="The Kommune's own Leika service keys, in place of the base form's "
        "(e.g. `[\"99107007149000\"]` where it files the waiver as an Ermäßigung); the first is FIT-Connect's service.",
    )
    ozg_id: str | None = Field(None, description="The Kommune's own OZG Leistungs-ID, in place of the base form's.")
    settings: dict[Identifier, SettingValue] = Field(default_factory=dict, description="New values for settings of the base form, e.g. `max_wuensche: 5`.")
    code_lists: dict[Identifier, list[Option]] = Field(
        default_factory=dict, description="Replace a code list of the base form by name."
    )
    changes: list[Change] = Field(default_factory=list, description="Changes to the base form, applied in order.")


# --- the same overlay with inserted elements and steps unchecked ---------------------------------
# When an inserted element is wrong, the strict parse rejects the whole overlay. The loader then
# reads it with these models, so the overlay is still applied: the inserted content is checked with
# the merged form (errors pointing into the overlay, reported once) and every other change is too.


class RawInsertBefore(InsertBefore):
    elements: list[Any] = Field(default_factory=list)
    steps: list[Any] = Field(default_factory=list)


class RawInsertAfter(InsertAfter):
    elements: list[Any] = Field(default_factory=list)
    steps: list[Any] = Field(default_factory=list)


RawChange = Annotated[
    Annotated[SetChange, Tag("SetChange")] | Annotated[RawInsertBefore, Tag("InsertBefore")]
    | Annotated[RawInsertAfter, Tag("InsertAfter")] | Annotated[RemoveChange, Tag("RemoveChange")],
    Discriminator(_change_kind),
]


class RawOverlay(Overlay):
    changes: list[RawChange] = Field(default_factory=list)  # type: ignore[assignment]

"""What of the runtime's data a first view does without (issue 16: the first view weighs at most 30 KB gzip).

The page carries what shows the first step and follows its answers (:func:`first_view`): every step with its
condition, the first step's elements with their conditions, required marks and computed expressions, the
texts of the step line and the title. The rest lies in ``assets/runtime-<lang>.json`` (:func:`later_json`):
the other steps' elements, and what checks answers, lists wishes or writes messages (error message texts
and patterns, month names, validation rules, limits, a wish list's options and filters, the texts of
review, files, repeats and the rest). ``kitaforms.js`` fetches it together with ``assets/kitaforms-more.js``
as soon as the parent does anything on the page, and ``definition.js`` (``adopt``) puts it in place: the
first step's element keys into its elements, the other steps' elements whole. Both halves together are
exactly :func:`kitaforms.render._client.client_data`.
"""

from __future__ import annotations

import json
from typing import Any

Json = dict[str, Any]

# the element keys only the later modules read (checks, uploads, repeats, review, wishes)
LATER_KEYS = frozenset({"val", "min", "max", "minl", "maxl", "mini", "maxi", "pat", "acc", "mb", "o", "rs", "cat", "rk",
                        "fc", "fb", "fs", "fh", "u", "vt"})
# the UI texts the first view writes (steps.js: the step line and the page title; kitaforms.js: the question
# before a language switch loses answers)
FIRST_TEXTS = frozenset({"step", "next", "toreview", "review", "errtitle", "langwarn"})
LATER_DATA = ("msg", "pat", "months", "units")  # "units": with a wish list only


def asset(lang: str) -> str:
    """Where the later half of a page in ``lang`` lies, relative to the assistant's folder."""
    return f"assets/runtime-{lang}.json"


def first_view(data: Json) -> Json:
    """``data`` without what :func:`later` holds."""
    out = {key: value for key, value in data.items() if key not in LATER_DATA}
    out["t"] = {key: value for key, value in data["t"].items() if key in FIRST_TEXTS}
    out["steps"] = [{**step, "els": _elements(step["els"], keep=True) if i == 0 else []} for i, step in enumerate(data["steps"])]
    return out


def later(data: Json) -> Json:
    """The rest of ``data``: texts, patterns, month names; the first step's element keys of :data:`LATER_KEYS`,
    each element in the same place of the same tree (one without such keys is ``{}``, children under ``"c"``);
    every other step's elements whole."""
    return {
        **{key: data[key] for key in LATER_DATA if key in data},
        "t": {key: value for key, value in data["t"].items() if key not in FIRST_TEXTS},
        "steps": [{"els": _elements(step["els"], keep=False) if i == 0 else step["els"]} for i, step in enumerate(data["steps"])],
    }


def joined(first: Json, rest: Json) -> Json:
    """What ``definition.js``'s ``adopt`` makes of the page's data and ``assets/runtime-<lang>.json``: the whole
    data again (for tests and tools that read the runtime's data as the browser has it)."""
    data = {**first, **{key: value for key, value in rest.items() if key not in ("t", "steps")}, "t": {**first["t"], **rest["t"]}}
    data["steps"] = [{**step, "els": _merge(step["els"], extra["els"]) if step["els"] else extra["els"]}
                     for step, extra in zip(first["steps"], rest["steps"], strict=True)]
    return data


def _merge(elements: list[Json], extra: list[Json]) -> list[Json]:
    out = []
    for element, more in zip(elements, extra, strict=True):
        merged = {**element, **{key: value for key, value in more.items() if key != "c"}}
        if "c" in element:
            merged["c"] = _merge(element["c"], more.get("c", []))
        out.append(merged)
    return out


def later_json(data: Json) -> bytes:
    return json.dumps(later(data), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _elements(elements: list[Json], *, keep: bool) -> list[Json]:
    return [_element(element, keep=keep) for element in elements]


def _element(element: Json, *, keep: bool) -> Json:
    out = {key: value for key, value in element.items() if key != "c" and (key in LATER_KEYS) != keep}
    if "c" in element:
        out["c"] = _elements(element["c"], keep=keep)
    return out

"""Example submissions for a bundle: valid ones along different branches, invalid ones with their error.

Nothing here is written by hand, so every form (and every Kommune's overlay of it) gets examples
that fit exactly its definition. A small solver starts from an empty submission and repeats:
check it (:class:`kitaforms.export.validation.SubmissionValidator`: schema + rules), drop answers
to hidden fields, fill the fields that are shown and required (or, for a "full" example, every
shown field) with the first plausible value (:mod:`kitaforms.export._values`), and try the next
value where a rule objects — until the submission is accepted.

Branches: besides a *minimal* and a *full* submission, every field that a ``visible_if`` or
``required_if`` depends on is tried with each of its answers; variants that show or require a
different set of fields are kept.

Invalid examples are single mutations of a valid one (a required answer left out, a wrong type,
an unknown code, an unknown field, too long, a malformed date, …). One is kept only when the rule
check *and* the JSON Schema both reject it with exactly the stated error, ``{path, code}``.

All examples are checked on a fixed reference date (:data:`REFERENCE_DATE`, stated in
``examples/index.json`` as ``today``): rules such as "not in the future" are evaluated on that day.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kitaforms import expr
from kitaforms.export._json import dumps
from kitaforms.export._values import EXAMPLE_FILES, candidates, file_object
from kitaforms.export.validation import SubmissionValidator
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError, SubmissionResult, check_submission
from kitaforms.runtime.fields import typed_value
from kitaforms.runtime.formats import amount_places, amount_text
from kitaforms.runtime.submission import FormRuntime

REFERENCE_DATE = date(2026, 2, 2)
MIN_VALID, MAX_VALID = 3, 6
MIN_INVALID, MAX_INVALID = 5, 12
UNKNOWN_KEY = "unbekanntes_feld"
_ROUNDS = 60
_NO_VALUE = ("info", "group", "computed")


@dataclass
class Example:
    slug: str
    description: str
    data: dict[str, Any]
    error: FieldError | None = None
    keywords: list[str] = field(default_factory=list)
    checked: SubmissionResult | None = field(default=None, repr=False, compare=False)  # the rule check of ``data``


@dataclass
class ExampleSet:
    today: date
    valid: list[Example] = field(default_factory=list)
    invalid: list[Example] = field(default_factory=list)

    def files(self) -> dict[str, bytes]:
        """``examples/…`` paths → bytes: the submissions, their attachments and ``index.json``."""
        out: dict[str, bytes] = {}
        index: dict[str, Any] = {"today": self.today.isoformat(), "schema": "../schema.json", "valid": [], "invalid": []}
        for number, example in enumerate(self.valid, 1):
            name = f"valid/{number:02d}-{example.slug}.json"
            out[f"examples/{name}"] = dumps(example.data)
            index["valid"].append({"file": name, "description": example.description})
        for number, example in enumerate(self.invalid, 1):
            name = f"invalid/{number:02d}-{example.slug}.json"
            out[f"examples/{name}"] = dumps(example.data)
            assert example.error is not None
            index["invalid"].append({
                "file": name,
                "description": example.description,
                "error": {"path": example.error.path, "code": example.error.code, "message": example.error.message},
                "schema_keywords": example.keywords,
            })
        for described, content in self._attachments():
            out[f"examples/files/{described}"] = content
        out["examples/index.json"] = dumps(index)
        return out

    def _attachments(self) -> Iterator[tuple[str, bytes]]:
        used = {value["sha256"] for example in self.valid + self.invalid for value in _file_values(example.data)}
        for content_type in sorted(EXAMPLE_FILES):
            described, name, content = file_object(content_type)
            if described["sha256"] in used:
                yield name, content


def _file_values(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if set(node) == {"name", "type", "size", "sha256"}:
            yield node
        for value in node.values():
            yield from _file_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _file_values(value)


def build_examples(resolved: ResolvedForm, validator: SubmissionValidator, today: date = REFERENCE_DATE) -> ExampleSet:
    solver = _Solver(resolved, validator, today)
    examples = ExampleSet(today, valid=solver.valid_examples())
    examples.invalid = _Mutator(solver, examples.valid).invalid_examples()
    return examples


# --- instance paths ------------------------------------------------------------------------


def _parts(path: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in path.split(".")]


def get_path(data: Any, path: str) -> Any:
    node = data
    for part in _parts(path):
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = _parts(path)
    node: Any = data
    for part in parts[:-1]:
        node = node[part] if isinstance(part, int) else node.setdefault(part, {})
    node[parts[-1]] = value


def del_path(data: dict[str, Any], path: str) -> None:
    parts = _parts(path)
    parent = get_path(data, ".".join(map(str, parts[:-1]))) if len(parts) > 1 else data
    if isinstance(parent, dict):
        parent.pop(parts[-1], None)  # type: ignore[call-overload]


@lru_cache(maxsize=8192)
def _name(path: str) -> str:
    """The field name of an instance path: ``geschwister.1.name`` → ``geschwister.name``."""
    return ".".join(part for part in path.split(".") if not part.isdigit())


# --- the solver ----------------------------------------------------------------------------


@dataclass
class _Solved:
    data: dict[str, Any]
    checked: SubmissionResult  # the rule check of ``data``
    cursor: dict[str, int]  # per instance path: how often a rule made the solver take the next value


class _Solver:
    def __init__(self, resolved: ResolvedForm, validator: SubmissionValidator, today: date) -> None:
        self.resolved = resolved
        self.validator = validator
        self.today = today
        self.order = {placed.name: index for index, placed in enumerate(walk(resolved.form))}
        self.placed = resolved.placed
        self._own_rules = OwnRules(resolved, today)
        self._values: dict[tuple[str, int], list[Any]] = {}

    def values(self, placed: Placed, start: int) -> list[Any]:
        """The answers the solver fills in, in order: the plausible ones that pass the field's own rules.

        A candidate that a rule about the field alone (``wert`` and settings only) refuses would only
        be filled in to be taken back a round later; leaving it out saves those rounds.
        """
        key = (placed.name, start)
        if key not in self._values:
            found = candidates(self.resolved, placed, self.today, start)
            self._values[key] = [value for value in found if self._own_rules.accept(placed, value)]
        return self._values[key]

    def valid_examples(self) -> list[Example]:
        found: list[Example] = []
        signatures: set[Any] = set()
        full: _Solved | None = None
        for slug, description, mode, overrides, start in self._variants():
            if full is not None and self._same_as(full, mode, overrides, start):
                continue  # it would solve to the full example again, which is never kept twice
            solved = self.solve(mode, overrides, start)
            if solved is None:
                continue
            data, checked = solved.data, solved.checked
            if (mode, overrides, start) == ("full", {}, 0):
                full = solved
            signature = frozenset(checked.visible), frozenset(checked.required)
            if signature in signatures and (len(found) >= MIN_VALID or any(e.data == data for e in found)):
                continue
            signatures.add(signature)
            found.append(Example(slug, description, data, checked=checked))
            if len(found) >= MAX_VALID:
                break
        return found

    def _variants(self) -> Iterator[tuple[str, str, str, dict[str, Any], int]]:
        yield "minimal", "Only the answers the form requires.", "minimal", {}, 0
        yield "full", "Every question that is shown answered.", "full", {}, 0
        for name in self._decisions():
            for value in self._alternatives(name):
                text = _describe_value(value)
                yield f"{name.replace('.', '-')}-{_slug(text)}", f"Branch: `{name}` = {text}.", "full", {name: value}, 0
        yield "full-alternative", "Every question answered, with other choices.", "full", {}, 1
        yield "minimal-alternative", "Only the required answers, with other choices.", "minimal", {}, 1

    def _decisions(self) -> list[str]:
        """Fields that conditions depend on, in form order."""
        symbols = self.resolved.symbols
        names: set[str] = set()
        texts: list[tuple[str, Placed | None]] = [(s.visible_if, None) for s in self.resolved.form.steps if s.visible_if]
        for placed in self.placed.values():
            for key in ("visible_if", "required_if"):
                text = getattr(placed.element, key, None)
                if text:
                    texts.append((text, placed))
        for text, context in texts:
            try:
                tree = expr.parse(text)
            except expr.ExprSyntaxError:
                continue
            for parts, _ in expr.references(tree):
                name = symbols.resolve(parts, context)
                if name and self.placed[name].element.type in ("choice", "boolean", "declaration", "multichoice"):
                    names.add(name)
        return sorted(names, key=lambda name: self.order[name])

    def _same_as(self, full: _Solved, mode: str, overrides: dict[str, Any], start: int) -> bool:
        """Whether a branch would solve exactly as the full example did.

        The solver is deterministic. A branch differs from the full example only in its override,
        which the full run filled with the field's first value. If that is the branch's value and
        the full run never had to move on from it (no rule objected), both runs take the same steps.
        """
        if mode != "full" or start != 0 or len(overrides) != 1:
            return False
        ((name, value),) = overrides.items()
        values = self.values(self.placed[name], 0)
        if not values or values[0] != value or type(values[0]) is not type(value):
            return False
        return not any(moved and _name(path) == name for path, moved in full.cursor.items())

    def _alternatives(self, name: str) -> list[Any]:
        placed = self.placed[name]
        values = candidates(self.resolved, placed, self.today)
        if placed.element.type == "declaration":
            return [True]
        return values

    # --- solving ---------------------------------------------------------------------------

    def solve(self, mode: str, overrides: dict[str, Any], start: int = 0) -> _Solved | None:
        """A submission both checks accept, with its rule check; None when the rounds run out.

        Each round checks the rules once; the full verdict (rules and schema) is only needed once
        pruning and filling leave the data as it is, and then reuses that round's rule check.
        """
        data: dict[str, Any] = {}
        cursor: dict[str, int] = {}
        for _ in range(_ROUNDS):
            result = check_submission(self.resolved, data, self.today)
            changed = self._prune(data, result.visible)
            changed |= self._fill(data, result.visible, result.required, mode, overrides, cursor, start)
            if changed:
                continue
            verdict = self.validator.validate_checked(data, result)
            if verdict.ok:
                return _Solved(data, result, cursor)
            if not self._repair(data, verdict.errors, result.required, overrides, cursor, start):
                return None
        return None

    def _prune(self, data: dict[str, Any], visible: set[str]) -> bool:
        hidden = [path for path in self._present(data, "") if path not in visible]
        for path in hidden:
            del_path(data, path)
        return bool(hidden)

    def _present(self, node: Any, prefix: str) -> Iterator[str]:
        """Instance paths of the answers in ``node``, outermost first."""
        if not isinstance(node, dict):
            return
        for key, value in list(node.items()):
            path = f"{prefix}{key}"
            placed = self.placed.get(_name(path))
            yield path
            if placed is None:
                continue
            if placed.element.type == "group":
                yield from self._present(value, path + ".")
            elif placed.element.type == "repeat" and isinstance(value, list):
                for index, entry in enumerate(value):
                    yield from self._present(entry, f"{path}.{index}.")

    def _fill(self, data: dict[str, Any], visible: set[str], required: set[str], mode: str,
              overrides: dict[str, Any], cursor: dict[str, int], start: int) -> bool:
        changed = False
        for path in sorted(visible, key=lambda p: (self.order[_name(p)], p)):
            placed = self.placed[_name(path)]
            if placed.element.type in _NO_VALUE or get_path(data, path) is not None:
                continue
            if placed.element.type == "repeat":
                count = max(placed.element.min_items, 1 if mode == "full" else 0)  # type: ignore[union-attr]
                if count:
                    set_path(data, path, [{} for _ in range(min(count, placed.element.max_items))])  # type: ignore[union-attr]
                    changed = True
                continue
            wanted = path in required or mode == "full" or _name(path) in overrides
            if not wanted:
                continue
            value = self._value(placed, path, overrides, cursor, start)
            if value is not None:
                set_path(data, path, value)
                changed = True
        return changed

    def _value(self, placed: Placed, path: str, overrides: dict[str, Any], cursor: dict[str, int], start: int) -> Any:
        if placed.name in overrides:
            return copy.deepcopy(overrides[placed.name])
        values = self.values(placed, start)
        index = cursor.get(path, 0)
        return copy.deepcopy(values[index]) if index < len(values) else None

    def _repair(self, data: dict[str, Any], errors: list[FieldError], required: set[str],
                overrides: dict[str, Any], cursor: dict[str, int], start: int) -> bool:
        repaired = False
        for error in errors:
            path = error.path
            name = _name(path)
            placed = self.placed.get(name)
            if placed is None or name in overrides or placed.element.type in ("group", "repeat"):
                continue
            if get_path(data, path) is None:
                continue  # a requirement: the next fill takes care of it
            cursor[path] = cursor.get(path, 0) + 1
            value = self._value(placed, path, overrides, cursor, start)
            if value is None and path in required:
                return False
            if value is None:
                del_path(data, path)
            else:
                set_path(data, path, value)
            repaired = True
        return repaired


class OwnRules:
    """The error-severity validations of each field that read nothing but the field's own value."""

    def __init__(self, resolved: ResolvedForm, today: date) -> None:
        self.runtime = FormRuntime(resolved, {}, today)
        self.rules: dict[str, list[expr.Compiled]] = {}

    def accept(self, placed: Placed, value: Any) -> bool:
        rules = self._rules(placed)
        if not rules:
            return True
        own = typed_value(placed.element, value)
        if own is None:
            return True
        return all(self.runtime.run(rule, placed, (), own) is True for rule in rules)

    def _rules(self, placed: Placed) -> list[expr.Compiled]:
        if placed.name not in self.rules:
            validations = self.runtime.checks[placed.name].validations
            self.rules[placed.name] = [rule for rule, v in validations if v.severity == "error" and _reads_only_itself(v.rule)]
        return self.rules[placed.name]


def _reads_only_itself(rule: str) -> bool:
    try:
        tree = expr.parse(rule)
    except expr.ExprSyntaxError:
        return False
    return all(parts == ("wert",) or parts[0] == "einstellungen" for parts, _ in expr.references(tree))


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:40] or "x"


# --- invalid examples ----------------------------------------------------------------------


Mutation = tuple[str, str, Callable[[dict[str, Any]], None], str, str]  # slug, description, change, path, code


class _Mutator:
    def __init__(self, solver: _Solver, valid: list[Example]) -> None:
        self.solver = solver
        self.valid = valid

    def invalid_examples(self) -> list[Example]:
        found: list[Example] = []
        kinds: set[str] = set()
        for slug, description, change, path, code in self._mutations():
            kind = slug.split(":")[0]
            if kind in kinds:
                continue
            for base in self.valid:
                if not self._applies(base.data, path, slug):
                    continue
                data = copy.deepcopy(base.data)
                change(data)
                rejected = self._rejected(data, path, code)
                if rejected:
                    found.append(Example(slug.split(":")[0], description, data, *rejected))
                    kinds.add(kind)
                    break
            if len(found) >= MAX_INVALID:
                break
        return found

    def _applies(self, data: dict[str, Any], path: str, slug: str) -> bool:
        if slug.startswith("unknown-field"):
            return True
        return get_path(data, path) is not None

    def _rejected(self, data: dict[str, Any], path: str, code: str) -> tuple[FieldError, list[str]] | None:
        """The error and the schema keywords, when both checks reject ``data`` with exactly ``(path, code)``."""
        rules = check_submission(self.solver.resolved, data, self.solver.today)
        if {(e.path, e.code) for e in rules.errors} != {(path, code)}:
            return None
        explained = self.solver.validator.explain(data)
        if {(e.path, e.code) for e, _ in explained} != {(path, code)}:
            return None
        return rules.errors[0], sorted({keyword for _, keyword in explained})

    def _mutations(self) -> Iterator[Mutation]:
        fields = sorted(self.solver.placed.values(), key=lambda p: self.solver.order[p.name])
        yield from self._missing(fields)
        yield "unknown-field", "A field that is not part of the form.", _setter(UNKNOWN_KEY, "x"), UNKNOWN_KEY, "unknown_field"
        for placed in fields:
            yield from _amount_shape(placed)
        for placed in fields:
            yield from _per_field(placed)

    def _missing(self, fields: list[Placed]) -> Iterator[Mutation]:
        """Leave out a required answer: unconditional ones first, then conditional ones."""
        conditional: list[Mutation] = []
        for example in self.valid:
            result = example.checked or check_submission(self.solver.resolved, example.data, self.solver.today)
            for path in sorted(result.required, key=lambda p: (self.solver.order[_name(p)], p)):
                placed = self.solver.placed[_name(path)]
                if placed.element.type in ("group", "repeat", "computed"):
                    continue
                slug = "missing-conditional" if _is_conditional(placed, self.solver.placed) else "missing-required"
                mutation = (f"{slug}:{path}", f"The required answer `{path}` is left out.", _deleter(path), path,
                            _required_code(placed))
                if slug == "missing-conditional":
                    conditional.append(mutation)
                else:
                    yield mutation
        yield from conditional


def _is_conditional(placed: Placed, placed_by_name: dict[str, Placed]) -> bool:
    """Whether the field is required only under a condition (its own, its step's or a container's)."""
    if placed.step.visible_if or placed.element.visible_if or getattr(placed.element, "required_if", None):
        return True
    parts = placed.name.split(".")
    return any(placed_by_name[".".join(parts[:i])].element.visible_if for i in range(1, len(parts)))


def _required_code(placed: Placed) -> str:
    from kitaforms.export.validation import required_code

    return required_code(placed.element.type)


def _setter(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: set_path(data, path, copy.deepcopy(value))


def _deleter(path: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: del_path(data, path)


def _amount_shape(placed: Placed) -> Iterator[Mutation]:
    """An amount (money, decimal) as a JSON number, and with too many decimals: what receivers most
    often get wrong, so these come before the other mutations of a field."""
    element, name = placed.element, placed.name
    if placed.repeats or element.type not in ("money", "decimal"):
        return
    code = {"decimal": "invalid_number", "money": "invalid_money"}[element.type]
    places = amount_places(element) or 0
    yield ("amount-as-number", f"`{name}` sent as a JSON number instead of a decimal string (\"1234.56\").",
           _setter(name, Decimal("1234.56")), name, code)
    yield ("too-many-decimals", f"`{name}` with more than {places} decimals.",
           _setter(name, "1." + "0" * places + "5"), name, code)


def _per_field(placed: Placed) -> Iterator[Mutation]:
    element = placed.element
    kind = element.type
    name = placed.name
    if placed.repeats:
        return  # keep the invalid examples about top-level and group fields: easy to read
    if kind in ("text", "textarea"):
        yield "wrong-type", f"`{name}` given a number instead of a text.", _setter(name, 12345), name, "invalid_value"
        if element.max_length:
            too_long = "x" * (element.max_length + 1)
            yield "too-long", f"`{name}` longer than {element.max_length} characters.", _setter(name, too_long), name, "too_long"
    if kind == "integer":
        yield "wrong-type", f"`{name}` given a text instead of a number.", _setter(name, "zwölf"), name, "invalid_integer"
        if element.minimum is not None:
            yield "too-small", f"`{name}` below its minimum.", _setter(name, int(element.minimum) - 1), name, "too_small"
    if kind in ("decimal", "money"):
        code = {"decimal": "invalid_number", "money": "invalid_money"}[kind]
        places = amount_places(element) or 0
        yield "malformed-amount", f"`{name}` written the German way (\"12,50\").", _setter(name, "12,50"), name, code
        if element.minimum is not None:
            low = amount_text(Decimal(element.minimum) - 1, places)
            yield "too-small", f"`{name}` below its minimum.", _setter(name, low), name, "too_small"
        if element.maximum is not None:
            high = amount_text(Decimal(element.maximum) + 1, places)
            yield "too-large", f"`{name}` above its maximum.", _setter(name, high), name, "too_large"
    if kind == "choice":
        yield "invalid-choice", f"`{name}` with a code that is not in its list.", _setter(name, "gibt_es_nicht"), name, "invalid_choice"
    if kind == "multichoice":
        yield "invalid-choice", f"`{name}` with a code that is not in its list.", _setter(name, ["gibt_es_nicht"]), name, "invalid_choice"
    if kind == "date":
        yield "invalid-date", f"`{name}` written the German way instead of YYYY-MM-DD.", _setter(name, "31.12.2020"), name, "invalid_date"
    if kind == "month":
        yield "invalid-month", f"`{name}` with a 13th month.", _setter(name, "2026-13"), name, "invalid_month"
    if kind == "boolean":
        yield "wrong-type", f"`{name}` given a text instead of true/false.", _setter(name, "ja"), name, "invalid_value"
    if kind == "declaration" and element.required and not element.required_if:
        yield "declaration-refused", f"`{name}` not confirmed.", _setter(name, False), name, "required_declaration"
    bad = {"email": "keine-adresse", "postal_code": "1234", "tel": "Telefon", "iban": "DE00123"}
    if kind in bad:
        yield f"invalid-{kind.replace('_', '-')}", f"`{name}` not a valid {kind}.", _setter(name, bad[kind]), name, f"invalid_{kind}"
    if kind == "repeat" and element.max_items:
        yield "too-many-entries", f"`{name}` with more entries than allowed.", _grow(name, element.max_items + 1), name, "too_many_items"
    if kind == "ranked_choice":
        yield "invalid-pick", f"`{name}` with a pick that is not offered.", _setter(name, [{"code": "gibt_es_nicht"}]), name, "invalid_choice"


def _grow(path: str, count: int) -> Callable[[dict[str, Any]], None]:
    def grow(data: dict[str, Any]) -> None:
        entries = get_path(data, path)
        if isinstance(entries, list) and entries:
            set_path(data, path, [copy.deepcopy(entries[0]) for _ in range(count)])

    return grow

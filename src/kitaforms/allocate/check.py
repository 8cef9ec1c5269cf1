"""Checks of the allocation files that the schema cannot express, each a small function.

:func:`check_allocation` runs them for one Kommune: the criteria against the registration form and
the facility catalogue, the capacities against the catalogue. Every problem is a located diagnostic
with a stable code (``VERGABE_*``, ``EXPR_*`` inside rules) and a hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from kitaforms import expr
from kitaforms.allocate.model import OFFER_ANSWER_FIELD, OFFER_ANSWERS, OFFER_FORM, Capacities, Criteria, Places, Rule
from kitaforms.allocate.scope import RuleScope
from kitaforms.check.choices import options_of
from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import KommuneSources, Loaded
from kitaforms.load.yaml_source import DataPath, Document
from kitaforms.model.kommune import Facility, FacilityCatalogue
from kitaforms.resolve import ResolvedForm

# The fields the allocation reads from every registration, with the element types they must have.
FORM_FIELDS = {
    "kind.geburtsdatum": ("date",),
    "betreuungsart": ("choice",),
    "beginn": ("month",),
    "umfang_kita": ("choice",),
    "tagespflege_stunden": ("integer",),
    "wuensche": ("ranked_choice",),
}
ALTERNATIVE_TYPES = ("multichoice", "ranked_choice")


def check_allocation(sources: KommuneSources, forms: Mapping[str, ResolvedForm]) -> Iterator[Diagnostic]:
    """Every problem of the Kommune's ``vergabe.yaml`` and ``kapazitaeten.yaml`` (none when absent)."""
    catalogue = sources.facilities.model if sources.facilities else None
    for loaded in (sources.criteria, sources.capacities):
        if loaded is not None and catalogue is None:
            yield _diag(loaded.document, "VERGABE_010", f"the Kommune `{sources.id}` has no facility catalogue",
                        ("source",), f"add forms/{sources.id}/einrichtungen.yaml")
    if sources.criteria is not None:
        form = forms.get(f"{sources.id}/{sources.criteria.model.form}")
        yield from check_criteria(sources.criteria, form, catalogue)
        yield from check_offer_form(sources, forms.get(f"{sources.id}/{OFFER_FORM}"))
    if sources.capacities is not None:
        yield from check_capacities(sources.capacities, catalogue)


def _diag(document: Document, code: str, message: str, path: DataPath, hint: str, key: bool = False) -> Diagnostic:
    return Diagnostic.make(code, message, document.locate(path, key=key), hint)


def _suggest(name: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if close:
        return f"did you mean `{close[0]}`?"
    shown = ", ".join(f"`{k}`" for k in known[:10]) + (" …" if len(known) > 10 else "")
    return f"{what}: {shown}" if known else f"declare {what} first"


# --- criteria ----------------------------------------------------------------------------------------


def check_criteria(loaded: Loaded[Criteria], form: ResolvedForm | None,
                   catalogue: FacilityCatalogue | None) -> Iterator[Diagnostic]:
    criteria, document = loaded.model, loaded.document
    yield from _rule_ids(criteria, document)
    yield from _points(criteria, document)
    yield from _orders(criteria, document)
    yield from _tie_break(criteria, document)
    if catalogue is not None:
        yield from _criteria_facilities(criteria, document, catalogue)
    if form is None:
        yield _diag(document, "VERGABE_009", f"the Kommune has no form `{criteria.form}` to read registrations from",
                    ("form",), "name the registration form the Kommune offers, usually `anmeldung`")
        return
    yield from _form_fields(criteria, document, form)
    yield from _expressions(criteria, document, form)


def _all_rules(criteria: Criteria) -> Iterator[tuple[Rule, DataPath]]:
    for index, rule in enumerate(criteria.rules):
        yield rule, ("rules", index)
    for f, extra in enumerate(criteria.facilities):
        for index, rule in enumerate(extra.rules):
            yield rule, ("facilities", f, "rules", index)


def _rule_ids(criteria: Criteria, document: Document) -> Iterator[Diagnostic]:
    common = {rule.id for rule in criteria.rules}
    seen: set[str] = set()
    for index, rule in enumerate(criteria.rules):
        if rule.id in seen:
            yield _diag(document, "VERGABE_004", f"the rule id `{rule.id}` is used twice", ("rules", index, "id"),
                        "give each rule its own id")
        seen.add(rule.id)
    facilities: set[str] = set()
    for f, extra in enumerate(criteria.facilities):
        if extra.facility in facilities:
            yield _diag(document, "VERGABE_004", f"the facility `{extra.facility}` has two entries under `facilities`",
                        ("facilities", f, "facility"), "merge its rules into one entry")
        facilities.add(extra.facility)
        own: set[str] = set()
        for index, rule in enumerate(extra.rules):
            if rule.id in common or rule.id in own:
                yield _diag(document, "VERGABE_004", f"the rule id `{rule.id}` is used twice for `{extra.facility}`",
                            ("facilities", f, "rules", index, "id"), "give the facility's own rule another id")
            own.add(rule.id)


def _points(criteria: Criteria, document: Document) -> Iterator[Diagnostic]:
    for rule, path in _all_rules(criteria):
        if criteria.method == "points" and rule.points is None:
            yield _diag(document, "VERGABE_006", f"the rule `{rule.id}` gives no points, but `method` is `points`",
                        (*path, "id"), "add `points:` with the points the rule gives")
        elif criteria.method == "order" and rule.points is not None:
            yield _diag(document, "VERGABE_006", f"the rule `{rule.id}` gives points, but `method` is `order`",
                        (*path, "points"), "remove `points`, or write `method: points`", key=True)


def _orders(criteria: Criteria, document: Document) -> Iterator[Diagnostic]:
    common = [rule.id for rule in criteria.rules]
    for f, extra in enumerate(criteria.facilities):
        if extra.order is None:
            continue
        path = ("facilities", f, "order")
        if criteria.method == "points":
            yield _diag(document, "VERGABE_007", f"`order` of `{extra.facility}` has no effect with `method: points`",
                        path, "remove `order`; points add up in any order", key=True)
            continue
        wanted = common + [rule.id for rule in extra.rules]
        yield from _permutation(document, extra.facility, extra.order, wanted, path)


def _permutation(document: Document, facility: str, order: list[str], wanted: list[str],
                 path: DataPath) -> Iterator[Diagnostic]:
    for index, name in enumerate(order):
        if name not in wanted:
            yield _diag(document, "VERGABE_007", f"`order` of `{facility}` names the unknown rule `{name}`",
                        (*path, index), _suggest(name, wanted, "its rules"))
        elif order.index(name) != index:
            yield _diag(document, "VERGABE_007", f"`order` of `{facility}` names `{name}` twice", (*path, index),
                        "name each rule once")
    missing = [name for name in wanted if name not in order]
    if missing:
        yield _diag(document, "VERGABE_007", f"`order` of `{facility}` leaves out " + ", ".join(f"`{m}`" for m in missing),
                    path, "name every common rule and every rule of the facility once", key=True)


def _tie_break(criteria: Criteria, document: Document) -> Iterator[Diagnostic]:
    tie = criteria.tie_break
    if tie.method == "lottery" and not tie.seed:
        yield _diag(document, "VERGABE_008", "the lottery has no seed", ("tie_break", "method"),
                    "publish a seed and write it under `tie_break.seed`, e.g. `seed: 2026-08-runde-1`")
    elif tie.method == "received_at" and tie.seed:
        yield _diag(document, "VERGABE_008", "`seed` is only used by a lottery", ("tie_break", "seed"),
                    "remove `seed`, or write `method: lottery`", key=True)


def _criteria_facilities(criteria: Criteria, document: Document, catalogue: FacilityCatalogue) -> Iterator[Diagnostic]:
    known = [f.id for f in catalogue.facilities]
    for f, extra in enumerate(criteria.facilities):
        if extra.facility not in known:
            yield _diag(document, "VERGABE_005", f"there is no facility `{extra.facility}` in the catalogue",
                        ("facilities", f, "facility"), _suggest(extra.facility, known, "facilities"))


def _form_fields(criteria: Criteria, document: Document, form: ResolvedForm) -> Iterator[Diagnostic]:
    for name, types in FORM_FIELDS.items():
        placed = form.placed.get(name)
        if placed is None or placed.element.type not in types or placed.repeats:
            found = f"is a `{placed.element.type}`" if placed else "is missing"
            yield _diag(document, "VERGABE_009", f"the field `{name}` of the form `{form.key}` {found}; the "
                        f"allocation reads it as `{types[0]}`", ("form",), "keep the NRW field in the Kommune's overlay")
    name = criteria.hours_alternatives
    if name is None:
        return
    placed = form.placed.get(name)
    if placed is None or placed.element.type not in ALTERNATIVE_TYPES:
        hint = _suggest(name, [n for n, p in form.placed.items() if p.element.type in ALTERNATIVE_TYPES],
                        "multiple or ranked choice fields")
        found = f"is a `{placed.element.type}`" if placed else "does not exist"
        yield _diag(document, "VERGABE_009", f"the field `{name}` {found} in the form `{form.key}`",
                    ("hours_alternatives",), hint)


def _expressions(criteria: Criteria, document: Document, form: ResolvedForm) -> Iterator[Diagnostic]:
    rules = RuleScope(form)
    for rule, path in _all_rules(criteria):
        yield from _expression(document, (*path, "condition"), rule.condition, rules, expr.BOOLEAN)
    family = RuleScope(form, with_wish=False)
    for index, text in enumerate(criteria.siblings.family):
        yield from _expression(document, ("siblings", "family", index), text, family, None)


def _expression(document: Document, path: DataPath, text: str, scope: Any, expected: expr.Type | None
                ) -> Iterator[Diagnostic]:
    try:
        tree = expr.parse(text)
    except expr.ExprSyntaxError as exc:
        yield Diagnostic.make("EXPR_001", f"syntax error in the expression: {exc.message}",
                              document.locate_in_scalar(path, exc.offset, exc.length), exc.hint)
        return
    _, issues = expr.typecheck(tree, scope, expected)
    for issue in issues:
        yield Diagnostic.make(issue.code, issue.message, document.locate_in_scalar(path, issue.offset, issue.length),
                              issue.hint)


def check_offer_form(sources: KommuneSources, form: ResolvedForm | None) -> Iterator[Diagnostic]:
    """The offer form a Kommune with criteria gets must exist and keep ``antwort`` with its two codes."""
    overlay = sources.overlays.get(OFFER_FORM)
    document = overlay.document if overlay is not None else sources.criteria.document if sources.criteria else None
    if document is None:
        return
    if form is None:
        yield _diag(document, "VERGABE_019", f"there is no NRW base form `{OFFER_FORM}` to answer offers with", (),
                    f"add forms/nrw/{OFFER_FORM}.yaml (it comes with kitaforms' NRW forms)")
        return
    placed = form.placed.get(OFFER_ANSWER_FIELD)
    codes = {o.code for o in options_of(form, placed.element) or []} if placed and placed.element.type == "choice" else set()
    required = placed is not None and getattr(placed.element, "required", False) and not placed.element.visible_if
    if placed is None or placed.repeats or codes != set(OFFER_ANSWERS) or not required:
        wanted = ", ".join(f"`{code}`" for code in OFFER_ANSWERS)
        yield _diag(document, "VERGABE_019", f"the form `{form.key}` has no required choice `{OFFER_ANSWER_FIELD}` with "
                    f"the codes {wanted} (and no others); the server reads the family's answer from it", (),
                    f"keep the field `{OFFER_ANSWER_FIELD}` of forms/nrw/{OFFER_FORM}.yaml and its code list")


# --- capacities --------------------------------------------------------------------------------------


def check_capacities(loaded: Loaded[Capacities], catalogue: FacilityCatalogue | None) -> Iterator[Diagnostic]:
    capacities, document = loaded.model, loaded.document
    yield from _age_bands(capacities, document)
    yield from _hours_bands(capacities, document)
    yield from _duplicates(capacities, document)
    facilities = {f.id: f for f in catalogue.facilities} if catalogue else None
    for index, row in enumerate(capacities.places):
        yield from _row(capacities, document, index, row, facilities)


def _age_bands(capacities: Capacities, document: Document) -> Iterator[Diagnostic]:
    bands = capacities.age_bands
    seen: set[str] = set()
    for index, band in enumerate(bands):
        if band.id in seen:
            yield _diag(document, "VERGABE_004", f"the age band `{band.id}` is declared twice",
                        ("age_bands", index, "id"), "give each band its own id")
        seen.add(band.id)
    expected = 0
    for index, band in enumerate(bands):
        path = ("age_bands", index)
        last = index == len(bands) - 1
        if band.from_months != expected:
            yield _diag(document, "VERGABE_011", f"the band `{band.id}` starts at {band.from_months} months, but the "
                        f"previous one ends at {expected}", (*path, "from_months"), f"write `from_months: {expected}`")
        if band.below_months is None and not last:
            yield _diag(document, "VERGABE_011", f"only the last band may be open, but `{band.id}` has no `below_months`",
                        path, "add `below_months`", key=True)
        elif band.below_months is not None and (last or band.below_months <= band.from_months):
            problem = "is empty" if band.below_months <= band.from_months else "must be open (no `below_months`)"
            yield _diag(document, "VERGABE_011", f"the band `{band.id}` {problem}", (*path, "below_months"),
                        "bands go from `from_months` up to `below_months`; the last has no `below_months`")
        expected = band.below_months if band.below_months is not None else expected


def _hours_bands(capacities: Capacities, document: Document) -> Iterator[Diagnostic]:
    hours = capacities.hours_bands
    for index in range(1, len(hours)):
        if hours[index] <= hours[index - 1]:
            yield _diag(document, "VERGABE_012", f"the band {hours[index]} does not come after {hours[index - 1]}",
                        ("hours_bands", index), "list the bands in ascending order, each once, e.g. [25, 35, 45]")
    for index, value in enumerate(hours):
        if not 1 <= value <= 168:
            yield _diag(document, "VERGABE_012", f"{value} is not a number of weekly hours", ("hours_bands", index),
                        "write hours between 1 and 168")


def _cell(row: Places) -> tuple[str, str, str | None, str]:
    return (row.facility, row.start, row.care_type, row.age_band)


def _duplicates(capacities: Capacities, document: Document) -> Iterator[Diagnostic]:
    seen: dict[tuple[Any, ...], int] = {}
    hours_of: dict[tuple[str, str, str | None, str], set[int | None]] = {}
    for index, row in enumerate(capacities.places):
        key = (*_cell(row), row.hours)
        given = hours_of.setdefault(_cell(row), set())
        if key in seen:
            yield _diag(document, "VERGABE_015", f"these places are already given in row {seen[key] + 1}",
                        ("places", index), "add the numbers up in one row")
        elif None in given or (row.hours is None and given):
            yield _diag(document, "VERGABE_015", f"`{row.facility}` {row.start} `{row.age_band}` has rows with and "
                        "without `hours`", ("places", index), "give `hours` in every row of this band, or in none")
        seen.setdefault(key, index)
        given.add(row.hours)


def _row(capacities: Capacities, document: Document, index: int, row: Places,
         facilities: dict[str, Facility] | None) -> Iterator[Diagnostic]:
    path = ("places", index)
    bands = {band.id: band for band in capacities.age_bands}
    if row.age_band not in bands:
        yield _diag(document, "VERGABE_013", f"there is no age band `{row.age_band}`", (*path, "age_band"),
                    _suggest(row.age_band, list(bands), "age bands"))
    if row.hours is not None and row.hours not in capacities.hours_bands:
        yield _diag(document, "VERGABE_014", f"{row.hours} is not one of the hours bands {capacities.hours_bands}",
                    (*path, "hours"), "use one of `hours_bands`, or leave `hours` out for any hours")
    if facilities is None:
        return
    facility = facilities.get(row.facility)
    if facility is None:
        yield _diag(document, "VERGABE_005", f"there is no facility `{row.facility}` in the catalogue",
                    (*path, "facility"), _suggest(row.facility, sorted(facilities), "facilities"))
        return
    yield from _fits_facility(document, path, row, facility, bands.get(row.age_band))


def _fits_facility(document: Document, path: DataPath, row: Places, facility: Facility,
                   band: Any) -> Iterator[Diagnostic]:
    if row.care_type is None and len(facility.care_types) > 1:
        yield _diag(document, "VERGABE_016", f"`{facility.id}` offers {', '.join(facility.care_types)}; the row does "
                    "not say which", path, "add `care_type:`", key=True)
    elif row.care_type is not None and row.care_type not in facility.care_types:
        yield _diag(document, "VERGABE_016", f"`{facility.id}` does not offer `{row.care_type}`", (*path, "care_type"),
                    "care types it offers: " + ", ".join(f"`{c}`" for c in facility.care_types))
    if row.hours is not None and facility.weekly_hours and row.hours not in facility.weekly_hours:
        yield _diag(document, "VERGABE_017", f"`{facility.id}` offers {facility.weekly_hours} hours, not {row.hours}",
                    (*path, "hours"), "fix the row, or add the hours to `weekly_hours` in einrichtungen.yaml")
    if band is not None and not _overlaps(band, facility):
        yield _diag(document, "VERGABE_018", f"`{facility.id}` takes children of {facility.age_from_months}–"
                    f"{facility.age_to_months} months; the band `{band.id}` lies outside", (*path, "age_band"),
                    "use a band the facility takes, or fix its ages in einrichtungen.yaml")


def _overlaps(band: Any, facility: Facility) -> bool:
    below = band.below_months if band.below_months is not None else 10_000
    return band.from_months < facility.age_to_months and facility.age_from_months < below

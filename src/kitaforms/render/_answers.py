"""The citizen's answers as readable rows (receipt and printable summary).

The same rows the browser runtime builds for "Angaben prüfen": one section per visible step,
hidden fields left out, unanswered visible fields shown as "Nicht angegeben".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from kitaforms.check.choices import options_of
from kitaforms.render._text import Txt, pick
from kitaforms.render._theme import gettext
from kitaforms.render._view import marked, unmarked
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import check_submission
from kitaforms.runtime.formats import amount_places, parse_amount, parse_date, parse_month, parse_number
from kitaforms.runtime.submission import lookup

LOCALES = {"de": "de_DE", "en": "en_GB"}
DATE_PATTERNS = {"de": "dd.MM.yyyy", "en": "d MMMM yyyy"}

GROUPING_FROM = 10_000  # numbers (not amounts of money) get thousands separators from five digits on; kitaforms.js too


@dataclass(frozen=True)
class Row:
    label: str
    value: Txt | str | None = None
    items: list[str] | None = None
    list: str = "ul"


@dataclass(frozen=True)
class Section:
    title: Txt | None
    rows: list[Row]


def answer_sections(resolved: ResolvedForm, lang: str, data: Mapping[str, Any], today: date | None = None) -> list[Section]:
    visible = check_submission(resolved, data, today).visible
    writer = _Writer(resolved, lang, data, visible)
    sections = []
    for step in resolved.form.steps:
        rows = list(writer.rows(step.elements, "", ""))
        if rows:
            sections.append(Section(marked(pick(step.title, lang), lang), rows))
    return sections


@dataclass
class _Writer:
    resolved: ResolvedForm
    lang: str
    data: Mapping[str, Any]
    visible: set[str]

    def rows(self, elements: list[Any], prefix: str, context: str) -> Iterator[Row]:
        for element in elements:
            path = prefix + element.id
            if path not in self.visible or element.type == "info":
                continue
            label = context + (unmarked(pick(element.label, self.lang)) or Txt("")).text
            if element.type == "group":
                yield from self.rows(element.elements, path + ".", context)
            elif element.type == "repeat":
                yield from self.entries(element, path, context)
            else:
                yield self.row(element, label, lookup(self.data, path))

    def entries(self, element: Any, path: str, context: str) -> Iterator[Row]:
        entries = lookup(self.data, path)
        count = len(entries) if isinstance(entries, list) else 0
        item = (pick(element.item_label, self.lang) or pick(element.label, self.lang) or Txt("")).text
        if not count:
            yield Row((pick(element.label, self.lang) or Txt("")).text, self.none())
        for index in range(count):
            yield from self.rows(element.elements, f"{path}.{index}.", f"{context}{item} {index + 1}: ")

    def none(self) -> str:
        return gettext(self.lang, "Nicht angegeben")

    def row(self, element: Any, label: str, raw: Any) -> Row:
        if raw is None or raw == "" or raw == []:
            return Row(label, self.none())
        show = getattr(self, "_" + element.type, None)
        return show(element, label, raw) if show else Row(label, str(raw))

    def _date(self, element: Any, label: str, raw: Any) -> Row:
        day = parse_date(raw)
        return Row(label, format_date(day, DATE_PATTERNS.get(self.lang, "yyyy-MM-dd"), locale=self._locale) if day else str(raw))

    def _month(self, element: Any, label: str, raw: Any) -> Row:
        month = parse_month(raw)
        return Row(label, format_date(month, "MMMM yyyy", locale=self._locale) if month else str(raw))

    def _money(self, element: Any, label: str, raw: Any) -> Row:
        amount = _amount(element, raw)
        return Row(label, format_currency(amount, "EUR", locale=self._locale) if amount is not None else str(raw))

    def _number(self, element: Any, label: str, raw: Any) -> Row:
        amount = _amount(element, raw)
        if amount is None:
            return Row(label, str(raw))
        unit = pick(getattr(element, "unit", None), self.lang)
        grouped = abs(amount) >= GROUPING_FROM  # a year reads 2026, not 2.026 (DIN 5008: 4 digits ungrouped)
        return Row(label, format_decimal(amount, locale=self._locale, group_separator=grouped)
                   + (f" {unit.text}" if unit else ""))

    _integer = _decimal = _number

    def _boolean(self, element: Any, label: str, raw: Any) -> Row:
        return Row(label, gettext(self.lang, "Ja") if raw is True else gettext(self.lang, "Nein"))

    def _declaration(self, element: Any, label: str, raw: Any) -> Row:
        return Row(label, gettext(self.lang, "Bestätigt") if raw is True else gettext(self.lang, "Nicht bestätigt"))

    def _choice(self, element: Any, label: str, raw: Any) -> Row:
        return Row(label, self._labels(element).get(raw, str(raw)))

    def _multichoice(self, element: Any, label: str, raw: Any) -> Row:
        labels = self._labels(element)
        return Row(label, items=[labels.get(code, str(code)) for code in raw] if isinstance(raw, list) else [str(raw)])

    def _ranked_choice(self, element: Any, label: str, raw: Any) -> Row:
        names = self._pick_names(element)
        reasons = {o.code: (pick(o.label, self.lang) or Txt("")).text for o in self.resolved.form.code_lists.get(element.reasons or "", [])}
        items = []
        for pick_ in raw if isinstance(raw, list) else []:
            code = pick_.get("code") if isinstance(pick_, dict) else pick_
            why = [reasons.get(r, r) for r in (pick_.get("reasons") or [])] if isinstance(pick_, dict) else []
            items.append(names.get(code, str(code)) + (f" ({', '.join(why)})" if why else ""))
        return Row(label, items=items, list="ol" if element.ranking else "ul")

    def _file(self, element: Any, label: str, raw: Any) -> Row:
        """Each file as the server stored it: name, size and sha256 (the receipt's proof of what arrived)."""
        files = [f for f in (raw if isinstance(raw, list) else [raw]) if isinstance(f, dict)]
        shown = [self._file_line(f) for f in files]
        return Row(label, items=shown) if len(shown) > 1 else Row(label, shown[0] if shown else self.none())

    def _file_line(self, described: Mapping[str, Any]) -> str:
        size, sha256 = described.get("size"), described.get("sha256")
        details = [self._bytes(size)] if isinstance(size, int) and not isinstance(size, bool) else []
        if isinstance(sha256, str) and sha256:
            details.append(f"SHA-256: {sha256}")
        return str(described.get("name")) + (f" ({'; '.join(details)})" if details else "")

    def _bytes(self, size: int) -> str:
        for unit, factor in (("megabyte", 1024 * 1024), ("kilobyte", 1024)):
            if size >= factor:
                return format_unit(size / factor, f"digital-{unit}", length="short", format="#,##0.#", locale=self._locale)
        return format_unit(size, "digital-byte", length="short", locale=self._locale)

    def _computed(self, element: Any, label: str, raw: Any) -> Row:
        if element.value_type == "money":
            return self._money(element, label, raw)
        if element.value_type == "number":
            return self._number(element, label, raw)
        return Row(label, str(raw))

    def _labels(self, element: Any) -> dict[str, str]:
        return {o.code: (pick(o.label, self.lang) or Txt(o.code)).text for o in options_of(self.resolved, element) or []}

    def _pick_names(self, element: Any) -> dict[str, str]:
        if element.catalogue and self.resolved.facilities:
            return {f.id: f.name for f in self.resolved.facilities.facilities}
        return self._labels(element)

    @property
    def _locale(self) -> str:
        return LOCALES.get(self.lang, self.lang)



def _amount(element: Any, raw: Any) -> Decimal | None:
    """An answer's number: an amount's decimal string (money, decimal), else a JSON number."""
    if isinstance(raw, str):
        return parse_amount(raw, amount_places(element) or 2)
    return parse_number(raw)

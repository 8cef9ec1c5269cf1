"""Fill any compiled form in the browser, the way a citizen would, from its definition alone.

Fields are found by their accessible names (step region → group/entry → control) and filled with
the first of a few plausible values; when the form says a value is wrong (a validation such as
"must be in the future"), the next candidate is tried. Two drivers do the typing: ``Direct``
(Playwright's fill/check) and ``Keyboard`` (Tab/Shift+Tab to the control, then typing, Space,
Enter and arrow keys only).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from _site import TODAY

from kitaforms.check.choices import options_of
from kitaforms.resolve import ResolvedForm

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64 + b"\xff\xd9"


OPTIONAL_MARK = re.compile(r"\s*\((optional|freiwillig)\)\s*$", re.IGNORECASE)


WISH_SELECT = re.compile(r"^(\d+\. Wunsch|Wunsch \d+|Choice \d+)\b")  # a wish list's selects without JavaScript


def name_pattern(label: str) -> re.Pattern[str]:
    """An accessible name: the label, maybe followed by "(optional)" (the page's one mark for what an
    editor may also have written as "(freiwillig)")."""
    escaped = re.escape(OPTIONAL_MARK.sub("", label.strip())).replace("/", r"\/")  # Playwright writes the pattern as /…/
    return re.compile("^" + escaped + r"(\s*\(optional\))?$")


def shown_title(title: str) -> str:
    """A step title as the page shows it: "(freiwillig)" at its end reads "(optional)"."""
    return OPTIONAL_MARK.sub(" (optional)", title.strip()) if OPTIONAL_MARK.search(title) else title


def dash(path: str) -> str:
    return path.replace(".", "-")


def candidates(element: Any, lang: str, today: date) -> list[Any]:
    """Values to try, in order, for one field (strings as typed, or codes / booleans)."""
    kind = element.type
    if kind == "date":
        return [date(2022, 3, 5), date(1985, 6, 15), today + timedelta(days=300), today - timedelta(days=30)]
    if kind == "month":
        return [date(today.year - 1, 8, 1), date(today.year + 1, 8, 1)]
    if kind in ("integer", "decimal", "money"):
        return [_number(element, lang, wanted) for wanted in (None, today.year, element.minimum, element.maximum)]
    return [{
        "text": "Test", "textarea": "Keine Bemerkungen", "email": "test@example.org", "tel": "0221 1234567",
        "postal_code": "50667", "iban": "DE89 3704 0044 0532 0130 00",
    }.get(kind, "Test")]


def _number(element: Any, lang: str, given: Any = None) -> str:
    low = Decimal(element.minimum) if element.minimum is not None else None
    high = Decimal(element.maximum) if element.maximum is not None else None
    wanted = {"money": Decimal("1250.50"), "decimal": Decimal("42.5")}.get(element.type, Decimal(2))
    wanted = Decimal(given) if given is not None else wanted
    if low is not None and wanted < low:
        wanted = low
    if high is not None and wanted > high:
        wanted = high
    text = format(wanted.quantize(Decimal(1)) if element.type == "integer" else wanted, "f")
    return text.replace(".", ",") if lang == "de" else text


class Direct:
    """Playwright's own actions (fast)."""

    keyboard = False

    def __init__(self, page: Any) -> None:
        self.page = page

    def type(self, locator: Any, text: str) -> None:
        locator.fill(text)

    def radio(self, group: Any, option: Any, index: int) -> None:
        option.check()

    def select(self, locator: Any, value: str) -> None:
        locator.select_option(value)

    def check(self, locator: Any) -> None:
        locator.check()

    def press(self, locator: Any) -> None:
        locator.click()

    def files(self, locator: Any, files: list[dict[str, Any]]) -> None:
        locator.set_input_files(files)


class Keyboard(Direct):
    """Only Tab, Shift+Tab, typing, Space, Enter and arrow keys (plus the OS file dialog's result)."""

    keyboard = True
    MAX_TABS = 250

    def focus(self, locator: Any) -> None:
        handle = locator.element_handle()
        for _ in range(self.MAX_TABS):
            if handle.evaluate("e => e === document.activeElement"):
                return
            before = handle.evaluate(
                "e => !!(document.activeElement && document.activeElement !== document.body && "
                "(e.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING))"
            )
            self.page.keyboard.press("Shift+Tab" if before else "Tab")
        raise AssertionError(f"could not reach {locator} with the keyboard")

    def type(self, locator: Any, text: str) -> None:
        self.focus(locator)
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def radio(self, group: Any, option: Any, index: int) -> None:
        radios = group.get_by_role("radio")
        checked = radios.evaluate_all("rs => rs.findIndex(r => r.checked)")
        self.focus(radios.nth(max(checked, 0)))
        if checked < 0 and index == 0:
            self.page.keyboard.press("Space")
            return
        position = max(checked, 0)
        while position != index:
            self.page.keyboard.press("ArrowDown" if index > position else "ArrowUp")
            position += 1 if index > position else -1

    def select(self, locator: Any, value: str) -> None:
        self.focus(locator)
        for _ in range(200):
            if locator.input_value() == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"option {value} not reachable by arrow keys")

    def check(self, locator: Any) -> None:
        self.focus(locator)
        if not locator.is_checked():
            self.page.keyboard.press("Space")

    def press(self, locator: Any) -> None:
        self.focus(locator)
        self.page.keyboard.press("Enter")

    def files(self, locator: Any, files: list[dict[str, Any]]) -> None:
        self.focus(locator)  # the OS file dialog is not part of the page: hand it the file
        locator.set_input_files(files)


class Filler:
    """Fills one form in one page; ``js`` says whether the page runs the assistant."""

    def __init__(self, page: Any, resolved: ResolvedForm, driver: Direct, *, lang: str = "de",
                 choices: dict[str, Any] | None = None, js: bool = True, today: date | None = None) -> None:
        self.page = page
        self.resolved = resolved
        self.driver = driver
        self.lang = lang
        self.choices = choices or {}
        self.js = js
        self.today = today or TODAY  # the day the server (and the browser's clock) is pinned to
        self.attempt: dict[str, int] = {}

    # --- scopes ----------------------------------------------------------------------------------
    def text(self, value: Any) -> str:
        return (value or {}).get(self.lang) or (value or {}).get("de", "")

    def step_scope(self, step: Any) -> Any:
        return self.page.get_by_role("region", name=shown_title(self.text(step.title)), exact=True)

    def visible(self, path: str) -> bool:
        box = self.page.locator(f"#q-{dash(path)}")
        return box.count() > 0 and box.is_visible()

    # --- filling ----------------------------------------------------------------------------------
    def fill_step(self, step: Any, only: set[str] | None = None) -> None:
        self.fill_elements(step.elements, "", self.step_scope(step), only)

    def fill_elements(self, elements: list[Any], prefix: str, scope: Any, only: set[str] | None) -> None:
        for element in elements:
            path = prefix + element.id
            if element.type in ("info", "computed") or not self.visible(path):
                continue
            if element.type == "group":
                group = scope.get_by_role("group", name=name_pattern(self.text(element.label)))
                self.fill_elements(element.elements, path + ".", group.first, only)
            elif element.type == "repeat":
                self.fill_repeat(element, path, scope, only)
            elif only is None or path in only:
                self.fill_field(element, path, scope)

    def fill_repeat(self, element: Any, path: str, scope: Any, only: set[str] | None) -> None:
        item = self.text(element.item_label) or self.text(element.label)
        region = scope.get_by_role("region", name=self.text(element.label), exact=True)
        if self.js and self.page.locator(f"#q-{dash(path)} .kf-entries > *").count() == 0 and element.max_items:
            add = self.text(element.add_label) or ("Weiteren Eintrag hinzufügen" if self.lang == "de" else "Add another entry")
            self.driver.press(region.get_by_role("button", name=add, exact=True))
        entry = region.get_by_role("group", name=f"{item} 1", exact=True)
        self.fill_elements(element.elements, f"{path}.0.", entry, only)

    def value(self, element: Any, path: str) -> Any:
        options = candidates(element, self.lang, self.today)
        return options[min(self.attempt.get(path, 0), len(options) - 1)]

    def fill_field(self, element: Any, path: str, scope: Any) -> None:
        kind = element.type
        label = name_pattern(self.text(element.label))
        getattr(self, "_" + kind, self._input)(element, path, scope, label)

    def _input(self, element: Any, path: str, scope: Any, label: Any) -> None:
        role = "textbox"
        self.driver.type(scope.get_by_role(role, name=label).first, str(self.value(element, path)))

    _textarea = _input

    def _date(self, element: Any, path: str, scope: Any, label: Any) -> None:
        day: date = self.value(element, path)
        group = scope.get_by_role("group", name=label).first
        parts = [("Tag", "Day", str(day.day)), ("Monat", "Month", str(day.month)), ("Jahr", "Year", str(day.year))]
        if element.type == "month":
            parts = parts[1:]
        for german, english, text in parts:
            self.driver.type(group.get_by_role("textbox", name=german if self.lang == "de" else english, exact=True), text)

    _month = _date

    def _options(self, element: Any) -> list[tuple[str, str]]:
        if element.type == "boolean":
            return [("true", "Ja" if self.lang == "de" else "Yes"), ("false", "Nein" if self.lang == "de" else "No")]
        return [(o.code, self.text(o.label)) for o in options_of(self.resolved, element) or []]

    def _wanted(self, element: Any, path: str, options: list[tuple[str, str]]) -> list[str]:
        """The codes to choose: from ``choices`` (by path or field id) where the form has them, else the
        first option — or the next ones when the form said the earlier choice was wrong."""
        given = self.choices.get(path, self.choices.get(path.split(".")[-1]))
        codes = [c for c, _ in options]
        wanted = [str(g).lower() if isinstance(g, bool) else str(g) for g in (given if isinstance(given, list) else [given])]
        wanted = [c for c in wanted if c in codes]
        attempt = self.attempt.get(path, 0)
        if attempt or not wanted:
            return [codes[min(attempt, len(codes) - 1)]]
        return wanted

    def _choice(self, element: Any, path: str, scope: Any, label: Any) -> None:
        options = self._options(element)
        code = self._wanted(element, path, options)[0]
        if element.type == "choice" and element.widget == "select":
            self.driver.select(scope.get_by_role("combobox", name=label).first, code)
            return
        group = scope.get_by_role("group", name=label).first
        index = [c for c, _ in options].index(code)
        self.driver.radio(group, group.get_by_role("radio", name=options[index][1], exact=True), index)

    _boolean = _choice

    def _multichoice(self, element: Any, path: str, scope: Any, label: Any) -> None:
        options = dict(self._options(element))
        group = scope.get_by_role("group", name=label).first
        for code in self._wanted(element, path, list(options.items())):
            self.driver.check(group.get_by_role("checkbox", name=options[code], exact=True))

    def _declaration(self, element: Any, path: str, scope: Any, label: Any) -> None:
        self.driver.check(scope.get_by_role("checkbox", name=label).first)

    def _file(self, element: Any, path: str, scope: Any, label: Any) -> None:
        pdf = "application/pdf" in element.accept
        upload = {"name": "nachweis.pdf" if pdf else "nachweis.jpg", "mimeType": "application/pdf" if pdf else "image/jpeg",
                  "buffer": PDF if pdf else JPEG}
        self.driver.files(scope.get_by_label(label).first, [upload])

    def _ranked_choice(self, element: Any, path: str, scope: Any, label: Any) -> None:
        group = scope.get_by_role("group", name=label).first
        count = max(1, element.min_picks)
        if not self.js:
            start = self.attempt.get(path, 0)  # the server said no (e.g. wrong care type): try the next ones
            codes = [o[0] for o in self._all_picks(element)][start:start + count]
            search = group.get_by_role("button", name=re.compile("^(Passende Einrichtungen suchen|Find suitable facilities)$"))
            if search.count():  # the server's search: the page comes back offering what fits the child
                with self.page.expect_navigation():
                    self.driver.press(search)
                group = scope.get_by_role("group", name=label).first
                offered = group.get_by_role("combobox", name=WISH_SELECT).first.locator("option")
                codes = offered.evaluate_all("os => os.map(o => o.value).filter(Boolean)")[start:start + count]
            for index, code in enumerate(codes):  # the wish selects, not the search's Träger
                self.driver.select(group.get_by_role("combobox", name=WISH_SELECT).nth(index), code)
            return
        if not element.required and not element.min_picks and not self.attempt.get(path):
            return  # optional: leave it
        while group.locator(".kf-picks").get_by_role("button", name=re.compile("^(Entfernen|Remove) ")).count():
            self.driver.press(group.locator(".kf-picks").get_by_role("button", name=re.compile("^(Entfernen|Remove) ")).first)
        search = group.get_by_role("searchbox")
        skip = self.attempt.get(path, 0)
        for _ in range(count):
            if search.count():
                self.driver.type(search, "")
                if self.driver.keyboard:
                    self.page.keyboard.press("Enter")
                else:
                    search.press("Enter")
            buttons = group.locator(".kf-results").get_by_role("button")
            self.driver.press(buttons.nth(min(skip, buttons.count() - 1)))

    def _all_picks(self, element: Any) -> list[tuple[str, str]]:
        if element.catalogue and self.resolved.facilities:
            return sorted(((f.id, f.name) for f in self.resolved.facilities.facilities), key=lambda x: (x[1].casefold(), x[0]))
        return self._options(element)

    # --- errors from the page ------------------------------------------------------------------------
    def error_paths(self) -> set[str]:
        hrefs = self.page.locator(".kf-error-summary a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        return {h[3:].replace("-", ".") for h in hrefs if h and h.startswith("#f-")}

    def retry(self, paths: set[str]) -> None:
        for path in paths:
            self.attempt[path] = self.attempt.get(path, 0) + 1


# --- walking the assistant --------------------------------------------------------------------------

def current_step(page: Any) -> str:
    """The id of the step on screen, or "review"."""
    return page.evaluate(
        "() => { const s = document.querySelector('.kf-step:not([hidden])');"
        " return s ? (s.dataset.kfStep || 'review') : ''; }"
    )


def button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def walk_assistant(filler: Filler, on_state: Any = None, *, error_states: bool = True) -> None:
    """Fill every step and stop on "Angaben prüfen"; ``on_state(state, step_id)`` sees each state."""
    page, driver = filler.page, filler.driver
    steps = {s.id: s for s in filler.resolved.form.steps}
    next_label, back_label = ("Weiter", "Zurück") if filler.lang == "de" else ("Continue", "Back")
    report = on_state or (lambda state, step: None)
    for _ in range(len(steps) + 1):
        step_id = current_step(page)
        if step_id == "review":
            report("review", "review")
            return
        step = steps[step_id]
        report("empty", step_id)
        if error_states:
            driver.press(button(page, next_label))
            if current_step(page) != step_id:
                driver.press(button(page, back_label))
            elif page.locator(".kf-error-summary").count():
                report("error", step_id)
        filler.fill_step(step)
        report("filled", step_id)
        _leave(filler, step, next_label)
    raise AssertionError("the assistant never reached the review page")


def _leave(filler: Filler, step: Any, next_label: str) -> None:
    page = filler.page
    for _ in range(6):
        filler.driver.press(button(page, next_label))
        if current_step(page) != step.id:
            return
        paths = filler.error_paths()
        if paths:
            filler.retry(paths)
            filler.fill_step(step, only=paths)
    raise AssertionError(f"step {step.id} keeps showing errors: {page.locator('#kf-summary').inner_text()}")


LAYOUT = """() => {
  const out = [], root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth > width) out.push('scrolls horizontally (' + root.scrollWidth + ' > ' + width + ')');
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.kf-vh, template, [hidden]') || !e.getClientRects().length) continue;
    const r = e.getBoundingClientRect();
    if (r.width && r.right > width + 1) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '.' + e.className) + ' ends at ' + Math.round(r.right));
    const s = getComputedStyle(e);
    const clips = ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY);
    if (clips && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) out.push(e.tagName.toLowerCase() + '.' + e.className + ' cuts off its content');
  }
  return out.slice(0, 8);
}"""


def layout_problems(page: Any) -> list[str]:
    """Reflow at 320 CSS px (WCAG 1.4.10) and 200 % text at 1280 px (1.4.4)."""
    size = page.viewport_size
    problems = []
    page.set_viewport_size({"width": 320, "height": 800})
    problems += [f"at 320 px: {p}" for p in page.evaluate(LAYOUT)]
    page.set_viewport_size(size)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    problems += [f"at 200 % text: {p}" for p in page.evaluate(LAYOUT)]
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    return problems

"""``kitaforms graph``: the steps and conditions of a resolved form as an SVG flow diagram.

Made for sign-off by the Jugendamt: German labels instead of ids, conditions in words (see
:mod:`kitaforms.editor.describe`), one box per step listing its questions with their own
conditions, and a diamond before each step that is shown only under a condition ("ja" leads into
the step, "nein" past it). The SVG is built as data (``xml.etree``), needs no fonts or files from
elsewhere, and the same form always gives the same bytes.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from kitaforms.editor.describe import Describer, text_of
from kitaforms.model.form import Step
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm

SVG = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
SIZE, TITLE_SIZE = 13, 18
CHAR = 7.4  # average advance of a character at SIZE px (generous, so text stays inside its box)
LINE = 18
PAD = 12
GAP = 44  # vertical space between nodes (room for an arrow and its label)
LANE = 70  # room on the right for the "nein" edges
MARGIN = 24
BOX_CHARS = 72
DECISION_CHARS = 40
MIN_BOX = 360
INK, MUTED, ACCENT, CONDITION = "#0b0c0c", "#505a5f", "#1d70b8", "#6f3c00"

TYPE_NAMES = {
    "text": "Text", "textarea": "Text, mehrzeilig", "integer": "Zahl", "decimal": "Zahl", "money": "Betrag in €",
    "date": "Datum", "month": "Monat", "boolean": "Ja/Nein", "choice": "Auswahl", "multichoice": "Mehrfachauswahl",
    "email": "E-Mail", "tel": "Telefon", "postal_code": "PLZ", "iban": "IBAN", "file": "Datei",
    "ranked_choice": "Wunschliste", "computed": "berechnet", "info": "Hinweistext", "declaration": "Erklärung",
    "group": "Gruppe", "repeat": "wiederholbar",
}


@dataclass
class _Line:
    text: str
    indent: int = 0
    colour: str = INK
    bold: bool = False


@dataclass
class _Node:
    kind: str  # "pill", "decision", "step"
    lines: list[_Line]
    width: float = 0
    height: float = 0
    y: float = 0
    step_condition: bool = False  # a decision: its "nein" edge skips the following step
    extra: dict[str, float] = field(default_factory=dict)


def form_graph(resolved: ResolvedForm, language: str = "de") -> str:
    """The SVG document (text) of ``resolved``."""
    describer = Describer(resolved, resolved.symbols, language)
    nodes = _nodes(resolved, describer, language)
    for node in nodes:
        _measure(node)
    width = max(node.width for node in nodes) + 2 * MARGIN + LANE
    centre = MARGIN + (width - 2 * MARGIN - LANE) / 2
    title = _title_lines(resolved, language)
    y = MARGIN + TITLE_SIZE + LINE * (len(title) - 1) + GAP / 2
    for node in nodes:
        node.y = y
        y += node.height + GAP
    return _svg(resolved, nodes, title, width, y - GAP + MARGIN, centre, language)


# --- content -----------------------------------------------------------------------------------


def _nodes(resolved: ResolvedForm, describer: Describer, language: str) -> list[_Node]:
    nodes = [_Node("pill", [_Line("Start")])]
    for number, step in enumerate(resolved.form.steps, start=1):
        if step.visible_if:
            words = describer.condition(step.visible_if, None)
            nodes.append(_Node("decision", _wrapped(words, DECISION_CHARS), step_condition=True))
        nodes.append(_Node("step", _step_lines(resolved, step, number, describer, language)))
    nodes.append(_Node("pill", [_Line("Angaben prüfen und absenden")]))
    return nodes


def _step_lines(resolved: ResolvedForm, step: Step, number: int, describer: Describer, language: str) -> list[_Line]:
    lines = [_Line(f"Schritt {number}: {text_of(step.title, language)}", bold=True)]
    for placed in walk(resolved.form):
        if placed.step is step:
            lines.extend(_element_lines(placed, describer, language))
    return lines


def _element_lines(placed: Placed, describer: Describer, language: str) -> list[_Line]:
    element = placed.element
    depth = placed.name.count(".")
    label = text_of(element.label, language) or text_of(getattr(element, "body", None), language)
    kind = TYPE_NAMES.get(element.type, element.type)
    required = ", Pflicht" if getattr(element, "required", False) and not getattr(element, "required_if", None) else ""
    lines = [_Line(part, depth + (i > 0)) for i, part in enumerate(_wrap(f"• {label} ({kind}{required})", depth))]
    for prefix, key in (("nur wenn", "visible_if"), ("Pflicht, wenn", "required_if")):
        condition = getattr(element, key, None)
        if not condition:
            continue
        if key == "required_if" and condition == element.visible_if:
            words = "Pflicht, wenn angezeigt"
        else:
            words = f"{prefix} {describer.condition(condition, placed)}"
        lines.extend(_Line(part, depth + 1, CONDITION) for part in _wrap(words, depth + 1))
    return lines


def _wrap(text: str, depth: int) -> list[str]:
    return textwrap.wrap(text, max(BOX_CHARS - 3 * depth, 24), break_on_hyphens=False) or [""]


def _wrapped(text: str, width: int) -> list[_Line]:
    return [_Line(part) for part in textwrap.wrap(text, width, break_on_hyphens=False)]


def _title_lines(resolved: ResolvedForm, language: str) -> list[str]:
    form = resolved.form
    who = resolved.kommune.name if resolved.kommune else "NRW-Basisformular"
    return [text_of(form.title, language), f"{who} · Version {form.version} · Schritte und Bedingungen"]


# --- geometry ----------------------------------------------------------------------------------


def _text_width(line: _Line) -> float:
    return len(line.text) * CHAR * (1.08 if line.bold else 1) + line.indent * 3 * CHAR


def _measure(node: _Node) -> None:
    text_w = max(_text_width(line) for line in node.lines)
    text_h = LINE * len(node.lines)
    if node.kind == "step":
        node.width, node.height = max(text_w + 2 * PAD, MIN_BOX), text_h + 2 * PAD
    elif node.kind == "decision":
        half_h = text_h + 14
        half_w = (text_w / 2) / (1 - (text_h / 2) / half_h)
        node.width, node.height = 2 * half_w, 2 * half_h
    else:
        node.width, node.height = text_w + 4 * PAD, LINE + 2 * PAD / 1.5


# --- drawing -----------------------------------------------------------------------------------


def _svg(
    resolved: ResolvedForm, nodes: list[_Node], title: list[str], width: float, height: float, centre: float,
    language: str,
) -> str:
    root = ET.Element(
        "svg", {"xmlns": SVG, "width": _n(width), "height": _n(height), "viewBox": f"0 0 {_n(width)} {_n(height)}",
                "role": "img", "aria-labelledby": "title desc", "lang": language},
    )
    ET.SubElement(root, "title", {"id": "title"}).text = f"{title[0]} – {title[1]}"
    ET.SubElement(root, "desc", {"id": "desc"}).text = (
        "Ablauf des Formulars: jeder Kasten ist ein Schritt mit seinen Fragen; eine Raute zeigt die Bedingung, "
        "unter der der folgende Schritt angezeigt wird (ja: Schritt anzeigen, nein: Schritt überspringen)."
    )
    _defs(root)
    ET.SubElement(root, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    _title(root, title)
    for index, node in enumerate(nodes):
        _draw(root, node, centre)
        if index + 1 < len(nodes):
            _edges(root, node, nodes, index, centre, width)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode") + "\n"


def _defs(root: ET.Element) -> None:
    defs = ET.SubElement(root, "defs")
    marker = ET.SubElement(
        defs, "marker", {"id": "arrow", "viewBox": "0 0 10 10", "refX": "10", "refY": "5",
                         "markerWidth": "8", "markerHeight": "8", "orient": "auto-start-reverse"},
    )
    ET.SubElement(marker, "path", {"d": "M 0 0 L 10 5 L 0 10 z", "fill": MUTED})


def _title(root: ET.Element, title: list[str]) -> None:
    y = MARGIN + TITLE_SIZE
    for index, line in enumerate(title):
        size = TITLE_SIZE if index == 0 else SIZE
        weight = "bold" if index == 0 else "normal"
        _text(root, MARGIN, y, line, size=size, weight=weight, colour=INK if index == 0 else MUTED)
        y += LINE


def _draw(root: ET.Element, node: _Node, centre: float) -> None:
    group = ET.SubElement(root, "g", {"class": node.kind})
    left, top = centre - node.width / 2, node.y
    if node.kind == "step":
        ET.SubElement(group, "rect", {"x": _n(left), "y": _n(top), "width": _n(node.width), "height": _n(node.height),
                                      "rx": "4", "fill": "#f3f2f1", "stroke": INK, "stroke-width": "1.5"})
        _lines(group, node.lines, left + PAD, top + PAD + SIZE)
    elif node.kind == "decision":
        mid = top + node.height / 2
        points = [(centre, top), (centre + node.width / 2, mid), (centre, top + node.height), (left, mid)]
        ET.SubElement(group, "polygon", {"points": " ".join(f"{_n(x)},{_n(y)}" for x, y in points),
                                         "fill": "#fff7e6", "stroke": CONDITION, "stroke-width": "1.5"})
        first = mid - LINE * len(node.lines) / 2 + SIZE
        for index, line in enumerate(node.lines):
            _text(group, centre, first + index * LINE, line.text, anchor="middle", colour=CONDITION)
    else:
        ET.SubElement(group, "rect", {"x": _n(left), "y": _n(top), "width": _n(node.width), "height": _n(node.height),
                                      "rx": _n(node.height / 2), "fill": ACCENT})
        _text(group, centre, top + node.height / 2 + SIZE / 2 - 2, node.lines[0].text, anchor="middle",
              colour="#ffffff", weight="bold")


def _lines(group: ET.Element, lines: list[_Line], x: float, y: float) -> None:
    for index, line in enumerate(lines):
        _text(group, x + line.indent * 3 * CHAR, y + index * LINE, line.text, colour=line.colour,
              weight="bold" if line.bold else "normal")


def _edges(root: ET.Element, node: _Node, nodes: list[_Node], index: int, centre: float, width: float) -> None:
    below = nodes[index + 1]
    bottom = node.y + node.height
    _arrow(root, [(centre, bottom), (centre, below.y)])
    if node.kind != "decision":
        return
    _label(root, centre + 6, bottom + LINE, "ja")
    skip_to = nodes[index + 2] if index + 2 < len(nodes) else below
    join = skip_to.y - GAP / 2
    lane = width - MARGIN - LANE / 2
    mid = node.y + node.height / 2
    _arrow(root, [(centre + node.width / 2, mid), (lane, mid), (lane, join), (centre, join)])
    _label(root, centre + node.width / 2 + 6, mid - 6, "nein")


def _arrow(root: ET.Element, points: list[tuple[float, float]]) -> None:
    ET.SubElement(root, "polyline", {"points": " ".join(f"{_n(x)},{_n(y)}" for x, y in points), "fill": "none",
                                     "stroke": MUTED, "stroke-width": "1.5", "marker-end": "url(#arrow)"})


def _label(root: ET.Element, x: float, y: float, text: str) -> None:
    _text(root, x, y, text, colour=MUTED, weight="bold")


def _text(parent: ET.Element, x: float, y: float, text: str, *, size: int = SIZE, anchor: str = "start",
          colour: str = INK, weight: str = "normal") -> None:
    attributes = {"x": _n(x), "y": _n(y), "font-family": FONT, "font-size": str(size), "fill": colour}
    if anchor != "start":
        attributes["text-anchor"] = anchor
    if weight != "normal":
        attributes["font-weight"] = weight
    ET.SubElement(parent, "text", attributes).text = text


def _n(value: float) -> str:
    """Numbers with at most one decimal, so the output does not depend on float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text

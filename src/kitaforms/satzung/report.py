"""Fee table pages for editors and citizens: the tables as HTML, fee against income as SVG.

The HTML goes through Jinja2 with autoescape (``renderers/default/templates/satzung/``); the SVG is
built as data with :mod:`xml.etree`, no external assets and no inline style (CSP-friendly). Nothing
here writes files: :func:`report_files` returns their contents.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kitaforms.satzung.explain import fill, money
from kitaforms.satzung.rules import Bracket, Rules, Table

TEMPLATES = Path(__file__).resolve().parents[3] / "renderers" / "default" / "templates"
if not TEMPLATES.is_dir():  # installed wheel: renderers/ ships inside the package
    TEMPLATES = Path(__file__).resolve().parents[1] / "renderers" / "default" / "templates"

WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 28, 56
# Colour and dash pattern differ per line, so the lines stay apart without colour vision too.
STYLES = [("#005ca9", ""), ("#b3261e", "8 4"), ("#1b7f3b", "2 4"), ("#6b3fa0", "10 4 2 4"), ("#8a5a00", "4 4"),
          ("#00687a", "12 3"), ("#444444", "1 3"), ("#c2185b", "6 2 2 2"), ("#33691e", "3 6")]


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[Decimal, Decimal | None]]  # (income bracket start, fee) per bracket


def report_files(rules: Rules) -> dict[str, str]:
    """``{"<kommune>-<stem>.html": page, "<kommune>-<stem>-<table>-<group>.svg": plot, …, "satzung.css": css}``."""
    stem = rules.key.replace("/", "-")
    plots = {f"{stem}-{name}.svg": svg for name, svg, _ in plots_of(rules)}
    return {f"{stem}.html": render_page(rules), **plots, "satzung.css": (TEMPLATES / "satzung" / "satzung.css").read_text()}


def plots_of(rules: Rules) -> list[tuple[str, str, str]]:
    """``(name, svg text, title)`` for every fee table and age group."""
    result = []
    for table in (*rules.fee_tables.values(), *rules.meal_tables.values()):
        for group in table.groups or (None,):
            title = _plot_title(rules, table, group)
            name = f"{table.id}-{group}" if group else table.id
            result.append((name, plot_svg(table, group, title), title))
    return result


def _plot_title(rules: Rules, table: Table, group: str | None) -> str:
    unit = "EUR je Stunde" if table.per_hour else "EUR je Monat"
    label = next((g.label for g in rules.age_groups if g.id == group), "")
    return f"{table.title or table.id}{' – ' + label if label else ''} ({unit})"


# --- SVG ----------------------------------------------------------------------------------------


def plot_svg(table: Table, group: str | None, title: str) -> str:
    series = _series(table, group)
    x_max = _x_max(table)
    y_max = max((v for s in series for _, v in s.points if v is not None), default=Decimal(0)) or Decimal(1)
    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(WIDTH), height=str(HEIGHT),
                     viewBox=f"0 0 {WIDTH} {HEIGHT}", role="img", **{"aria-labelledby": "t d"})
    ET.SubElement(svg, "title", id="t").text = title
    ET.SubElement(svg, "desc", id="d").text = _description(table, series)
    _axes(svg, x_max, y_max)
    for index, item in enumerate(series):
        _line(svg, item, index, x_max, y_max)
    _legend(svg, series)
    return ET.tostring(svg, encoding="unicode")


def _series(table: Table, group: str | None) -> list[Series]:
    starts = [b.low if b.low is not None else Decimal(0) for b in table.brackets]
    result = []
    for column in range(table.width):
        values = table.cells[(group, column)]
        result.append(Series(_column_label(table, column), list(zip(starts, values, strict=True))))
    return result


def _column_label(table: Table, column: int) -> str:
    if table.columns is None:
        return "Beitrag"
    bound = table.columns[column]
    if bound is None:
        return f"über {_num(table.columns[column - 1])} Std."
    if table.per_hour:
        lower = table.columns[column - 1] if column else Decimal(0)
        return f"{_num(lower + 1)}.–{_num(bound)}. Stunde"
    return f"bis {_num(bound)} Std."


def _num(value: Decimal | None) -> str:
    return f"{value.normalize():f}" if value is not None else ""


def _x_max(table: Table) -> Decimal:
    last = max(table.uppers, default=Decimal(0))
    return (last * Decimal("1.2")).quantize(Decimal(1)) if last else Decimal(100000)


def _x(value: Decimal, x_max: Decimal) -> float:
    return LEFT + float(min(value, x_max) / x_max) * (WIDTH - LEFT - RIGHT)


def _y(value: Decimal, y_max: Decimal) -> float:
    return HEIGHT - BOTTOM - float(value / (y_max * Decimal("1.1"))) * (HEIGHT - TOP - BOTTOM)


def _axes(svg: ET.Element, x_max: Decimal, y_max: Decimal) -> None:
    axes = ET.SubElement(svg, "g", stroke="#555555", **{"stroke-width": "1", "font-size": "12", "font-family": "sans-serif"})
    ET.SubElement(axes, "line", x1=str(LEFT), y1=str(HEIGHT - BOTTOM), x2=str(WIDTH - RIGHT), y2=str(HEIGHT - BOTTOM))
    ET.SubElement(axes, "line", x1=str(LEFT), y1=str(TOP), x2=str(LEFT), y2=str(HEIGHT - BOTTOM))
    for tick in _ticks(x_max):
        x = f"{_x(tick, x_max):.1f}"
        ET.SubElement(axes, "line", x1=x, y1=str(HEIGHT - BOTTOM), x2=x, y2=str(HEIGHT - BOTTOM + 5))
        label = ET.SubElement(axes, "text", x=x, y=str(HEIGHT - BOTTOM + 18), stroke="none", fill="#222222",
                              **{"text-anchor": "middle"})
        label.text = f"{int(tick / 1000)}k"
    for tick in _ticks(y_max * Decimal("1.1")):
        y = f"{_y(tick, y_max):.1f}"
        ET.SubElement(axes, "line", x1=str(LEFT - 5), y1=y, x2=str(LEFT), y2=y)
        label = ET.SubElement(axes, "text", x=str(LEFT - 8), y=y, stroke="none", fill="#222222",
                              **{"text-anchor": "end", "dominant-baseline": "middle"})
        label.text = money(str(tick), cents=False)
    caption = ET.SubElement(axes, "text", x=str((LEFT + WIDTH - RIGHT) // 2), y=str(HEIGHT - 14), stroke="none",
                            fill="#222222", **{"text-anchor": "middle"})
    caption.text = "Jahreseinkommen in EUR"


def _ticks(top: Decimal) -> list[Decimal]:
    step = Decimal(1)
    while top / step > 8:
        step *= Decimal("2.5") if str(step)[0] == "2" else Decimal(2)  # 1, 2, 5, 10, 20, 50 …
    count = int(top / step)
    return [step * i for i in range(count + 1)]


def _line(svg: ET.Element, series: Series, index: int, x_max: Decimal, y_max: Decimal) -> None:
    colour, dash = STYLES[index % len(STYLES)]
    attributes = {"fill": "none", "stroke": colour, "stroke-width": "2"}
    if dash:
        attributes["stroke-dasharray"] = dash
    for segment in _segments(series, x_max):
        points = " ".join(f"{_x(x, x_max):.1f},{_y(y, y_max):.1f}" for x, y in segment)
        ET.SubElement(svg, "polyline", points=points, **attributes)


def _segments(series: Series, x_max: Decimal) -> list[list[tuple[Decimal, Decimal]]]:
    """Step lines, broken where a value is unknown."""
    segments: list[list[tuple[Decimal, Decimal]]] = [[]]
    ends = [start for start, _ in series.points[1:]] + [x_max]
    for (start, value), end in zip(series.points, ends, strict=True):
        if value is None:
            segments.append([])
            continue
        segments[-1] += [(start, value), (end, value)]
    return [s for s in segments if s]


def _legend(svg: ET.Element, series: list[Series]) -> None:
    legend = ET.SubElement(svg, "g", **{"font-size": "12", "font-family": "sans-serif"})
    for index, item in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        x, y = LEFT + 12 + (index % 3) * 150, TOP + 4 + (index // 3) * 16
        attributes = {"stroke": colour, "stroke-width": "2"}
        if dash:
            attributes["stroke-dasharray"] = dash
        ET.SubElement(legend, "line", x1=str(x), y1=str(y), x2=str(x + 24), y2=str(y), **attributes)
        text = ET.SubElement(legend, "text", x=str(x + 30), y=str(y + 4), fill="#222222")
        text.text = item.label


def _description(table: Table, series: list[Series]) -> str:
    known = [v for s in series for _, v in s.points if v is not None]
    if not known:
        return "Keine Werte bekannt."
    return (f"Stufenlinie je Spalte über {len(table.brackets)} Einkommensstufen; Werte von "
            f"{money(str(min(known)))} bis {money(str(max(known)))}. Die Tabelle auf der Seite enthält alle Werte.")


# --- HTML ---------------------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["money"] = lambda value: "–" if value is None else money(str(value))
    env.filters["euros"] = lambda value: money(str(value), cents=False)
    env.filters["day"] = lambda value: value.strftime("%d.%m.%Y") if value else "–"
    env.filters["income_range"] = income_range
    return env


def income_range(bracket: Bracket, boundaries: str) -> str:
    """``über 24.542 € bis 36.813 €`` — the bracket in words, as the explanation words it."""
    params = {"low": _num(bracket.low), "high": _num(bracket.high), "boundaries": boundaries}
    return fill("{range:range}", params)


def render_page(rules: Rules) -> str:
    template = _environment().get_template("satzung/page.html")
    return template.render(**page_context(rules))


def page_context(rules: Rules) -> dict[str, Any]:
    stem = rules.key.replace("/", "-")
    return {
        "rules": rules,
        "satzung": rules.model,
        "stylesheet": "satzung.css",
        "tables": [_table_view(rules, t, stem) for t in (*rules.fee_tables.values(), *rules.meal_tables.values())],
    }


def _table_view(rules: Rules, table: Table, stem: str) -> dict[str, Any]:
    groups = []
    for group in table.groups or (None,):
        name = f"{table.id}-{group}" if group else table.id
        label = next((g.label for g in rules.age_groups if g.id == group), None)
        title = _plot_title(rules, table, group)
        rows = [(bracket, [table.cells[(group, c)][bracket.index] for c in range(table.width)])
                for bracket in table.brackets]
        groups.append({"label": label, "rows": rows, "svg": Markup(plot_svg(table, group, title)),
                       "svg_file": f"{stem}-{name}.svg"})
    columns = [_column_label(table, c) for c in range(table.width)]
    return {"table": table, "columns": columns, "groups": groups}

"""Conditions and computed values must not depend on themselves, directly or in a circle."""

from __future__ import annotations

from collections.abc import Iterator

from kitaforms import expr
from kitaforms.check.expressions import FormSymbols, Site, expression_sites
from kitaforms.diagnostics import Diagnostic
from kitaforms.resolve import ResolvedForm

CYCLE_ROLES = ("visibility", "requirement", "computation")


def dependency_graph(resolved: ResolvedForm, symbols: FormSymbols) -> dict[str, dict[str, Site]]:
    """element name → {referenced element name → the site that references it}."""
    graph: dict[str, dict[str, Site]] = {}
    for site in expression_sites(resolved):
        if site.role not in CYCLE_ROLES or site.context is None:
            continue
        try:
            tree = expr.parse(site.text)
        except expr.ExprSyntaxError:
            continue
        edges = graph.setdefault(site.context.name, {})
        for parts, _offset in expr.references(tree):
            target = symbols.resolve(parts, site.context)
            if target is not None:
                edges.setdefault(target, site)
    return graph


def check_cycles(resolved: ResolvedForm, symbols: FormSymbols | None = None) -> Iterator[Diagnostic]:
    symbols = symbols or FormSymbols(resolved)
    graph = dependency_graph(resolved, symbols)
    reported: set[frozenset[str]] = set()
    for cycle in _cycles(graph):
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        site = graph[cycle[0]][cycle[1 % len(cycle)]]
        chain = " → ".join([*cycle, cycle[0]])
        yield Diagnostic.make(
            "FORM_010", f"conditions depend on each other in a circle: {chain}",
            resolved.source.locate(site.path),
            "make one of these conditions depend only on earlier questions",
        )


def _cycles(graph: dict[str, dict[str, Site]]) -> Iterator[list[str]]:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> Iterator[list[str]]:
        state[node] = 1
        stack.append(node)
        for target in graph.get(node, {}):
            if state.get(target) == 1:
                yield stack[stack.index(target) :]
            elif target not in state:
                yield from visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            yield from visit(node)

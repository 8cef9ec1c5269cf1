"""``kitaforms lint``: path analysis of every resolved form of a project.

:func:`lint_project` takes a compiled project and returns a :class:`LintReport`: warnings with codes
``LINT_001``… located at ``file:line:col`` in the file the editor must change. The same base form
is resolved once for NRW and once per Kommune; a finding they share is reported once, naming the
forms it was found in.

A finding can be explained where it is reported, with a comment on its line or the line above::

    visible_if: einstellungen.zeige_hinweis  # kitaforms: ignore LINT_002 – Kommunen switch it on

An explanation needs a reason after the code; explained findings are counted, not shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kitaforms.compiler import CompileResult
from kitaforms.diagnostics import Diagnostic, Location
from kitaforms.editor.lint.codelists import unused_code_lists
from kitaforms.editor.lint.findings import Finding, lint_form

__all__ = ["Explained", "LintReport", "lint_project"]

IGNORE = re.compile(r"#\s*kitaforms:\s*ignore\s+((?:LINT_\d{3}[\s,]*)+)(?:[-–:]\s*)?(.*)$")
MAX_FORMS_NAMED = 3

LineReader = Callable[[str, int], "str | None"]


@dataclass(frozen=True)
class Explained:
    diagnostic: Diagnostic
    reason: str


@dataclass
class LintReport:
    findings: list[Diagnostic] = field(default_factory=list)
    explained: list[Explained] = field(default_factory=list)
    undecided: int = 0  # questions not analysed: too many joint answers
    forms: list[str] = field(default_factory=list)


def lint_project(result: CompileResult, read_line: LineReader) -> LintReport:
    """Lint every resolved form of ``result``; ``read_line(file, line)`` gives source lines."""
    report = LintReport(forms=sorted(result.forms))
    found: dict[tuple[str, Location, str], tuple[str, list[str]]] = {}
    for key, resolved in sorted(result.forms.items()):
        linted = lint_form(resolved)
        report.undecided += linted.undecided
        for finding in linted.findings:
            _collect(found, finding, resolved.source.locate(finding.path), key)
    for diagnostic in _merge(found):
        _file(report, diagnostic, read_line)
    for diagnostic in unused_code_lists(result):
        _file(report, diagnostic, read_line)
    report.findings.sort(key=Diagnostic.sort_key)
    return report


def _collect(found: dict, finding: Finding, location: Location, form: str) -> None:  # type: ignore[type-arg]
    key = (finding.code, location, finding.message)
    found.setdefault(key, (finding.hint, []))[1].append(form)


def _merge(found: dict) -> list[Diagnostic]:  # type: ignore[type-arg]
    merged = []
    for (code, location, message), (hint, forms) in found.items():
        merged.append(Diagnostic.make(code, f"{message} (in {_forms(forms)})", location, hint))
    return merged


def _forms(forms: list[str]) -> str:
    named = ", ".join(forms[:MAX_FORMS_NAMED])
    rest = len(forms) - MAX_FORMS_NAMED
    return f"{named} and {rest} more" if rest > 0 else named


def _file(report: LintReport, diagnostic: Diagnostic, read_line: LineReader) -> None:
    reason = explanation(diagnostic, read_line)
    if reason is None:
        report.findings.append(diagnostic)
    else:
        report.explained.append(Explained(diagnostic, reason))


def explanation(diagnostic: Diagnostic, read_line: LineReader) -> str | None:
    """The reason given by a ``# kitaforms: ignore LINT_00x reason`` comment on the line or above."""
    location = diagnostic.location
    if location is None:
        return None
    for line in (location.line, location.line - 1):
        text = read_line(location.file, line) if line > 0 else None
        match = IGNORE.search(text or "")
        if match and diagnostic.code in match.group(1) and match.group(2).strip():
            return match.group(2).strip()
    return None

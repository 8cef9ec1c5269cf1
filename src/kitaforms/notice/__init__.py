"""notice: the fee notices of the back office (process steps 8 and 10), as decision data.

Public API::

    case = case_from_answers(answers)                     # a stored `einkommen` declaration
    decision = provisional(satzungen, case, kommune, issued=date(2026, 1, 5), reference="K-1")
    settled = final(decision, satzungen, Decimal(52000), kommune, issued=date(2027, 3, 1))
    settled["comparison"]["months"]                       # per month: provisional, final, difference

The PDF of a decision is :func:`kitaforms.documents.bescheid.bescheid_pdf`. Schema: ``docs/bescheid.md``.
"""

from kitaforms.notice.decision import (
    FINAL,
    FORMAT,
    PROVISIONAL,
    DecisionError,
    case_from_decision,
    compare,
    final,
    language,
    provisional,
    texts_of,
)
from kitaforms.notice.declaration import Case, DeclarationError, case_from_answers

__all__ = [
    "FINAL", "FORMAT", "PROVISIONAL", "Case", "DecisionError", "DeclarationError", "case_from_answers",
    "case_from_decision", "compare", "final", "language", "provisional", "texts_of",
]

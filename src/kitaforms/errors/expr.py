"""Codes for expressions: conditions (``visible_if``, ``required_if``), validations, computed values.

The messages come from :mod:`kitaforms.expr`; the offset inside the expression is turned into a
file position by the form checker.
"""

from kitaforms.errors._types import ErrorCode, Severity

E, W = Severity.ERROR, Severity.WARNING

CODES = [
    ErrorCode(
        "EXPR_001",
        E,
        "Expression syntax error",
        "The expression cannot be read: an operator or a value is missing, a bracket or a quote is not "
        "closed, or it uses a character the language does not have (such as a single '=' or '&&'). "
        "The location points at the first character that does not fit.",
        wrong='- id: getrennt_seit\n  type: date\n  visible_if: sorgerecht = "gemeinsam"\n',
        fixed='- id: getrennt_seit\n  type: date\n  visible_if: sorgerecht == "gemeinsam"\n',
    ),
    ErrorCode(
        "EXPR_002",
        E,
        "Unknown field in an expression",
        "The expression names a field that does not exist where the expression is written. Inside a "
        "repeat, names resolve first within the entry, then outwards. Often a typo: the hint suggests "
        "the closest known names.",
        wrong="- id: betreuung_ab\n  type: date\n  visible_if: kind.geburtsdatm <= heute()\n",
        fixed="- id: betreuung_ab\n  type: date\n  visible_if: kind.geburtsdatum <= heute()\n",
    ),
    ErrorCode(
        "EXPR_003",
        E,
        "Type mismatch in an expression",
        "An operator or a function gets a value of the wrong type: a date compared with a text, a "
        'number in quotes, arithmetic with text. Write dates as datum("YYYY-MM-DD") and numbers '
        "without quotes.",
        wrong='- id: frueh_hinweis\n  type: info\n  visible_if: betreuung.beginn < "2025-08-01"\n',
        fixed='- id: frueh_hinweis\n  type: info\n  visible_if: betreuung.beginn < datum("2025-08-01")\n',
    ),
    ErrorCode(
        "EXPR_004",
        E,
        "Unknown function",
        "The expression calls a function the language does not have. Function names are German and "
        "lowercase (heute, alter_am, anzahl, summe, ausgefuellt …); the hint suggests the closest one.",
        wrong="- id: u3_hinweis\n  type: info\n  visible_if: alter_bei(kind.geburtsdatum, betreuung.beginn) < 3\n",
        fixed="- id: u3_hinweis\n  type: info\n  visible_if: alter_am(kind.geburtsdatum, betreuung.beginn) < 3\n",
    ),
    ErrorCode(
        "EXPR_005",
        E,
        "Wrong number of arguments",
        "A function is called with more or fewer arguments than it takes. The hint shows the names of "
        "the arguments it expects.",
        wrong="- id: u3_hinweis\n  type: info\n  visible_if: alter_am(kind.geburtsdatum) < 3\n",
        fixed="- id: u3_hinweis\n  type: info\n  visible_if: alter_am(kind.geburtsdatum, betreuung.beginn) < 3\n",
    ),
    ErrorCode(
        "EXPR_006",
        W,
        "Value is not a code of the choice field",
        "A choice field is compared with a text that is none of its codes, so the comparison can never "
        "be true. Compare with the code, not the label; the hint suggests the closest code.",
        wrong='- id: getrennt_lebend\n  type: boolean\n  visible_if: sorgerecht == "gemeinsm"\n',
        fixed='- id: getrennt_lebend\n  type: boolean\n  visible_if: sorgerecht == "gemeinsam"\n',
    ),
    ErrorCode(
        "EXPR_007",
        E,
        "Invalid date literal",
        'datum(...) needs a real calendar date written as year-month-day ("2025-08-01"). German '
        'notation such as "01.08.2025" or a day that does not exist ("2025-02-30") is rejected.',
        wrong='- id: frueh_hinweis\n  type: info\n  visible_if: betreuung.beginn < datum("01.08.2025")\n',
        fixed='- id: frueh_hinweis\n  type: info\n  visible_if: betreuung.beginn < datum("2025-08-01")\n',
    ),
    ErrorCode(
        "EXPR_008",
        E,
        "Condition is not true or false",
        "visible_if, required_if and validation rules must give true or false. A bare text, number or "
        "date field is not a condition: compare it with something, or test it with ausgefuellt(...).",
        wrong="- id: getrennt_seit\n  type: date\n  visible_if: sorgerecht\n",
        fixed='- id: getrennt_seit\n  type: date\n  visible_if: sorgerecht == "gemeinsam"\n',
    ),
    ErrorCode(
        "EXPR_009",
        W,
        "Comparison with null is always false",
        "Ordering comparisons (<, <=, >, >=) and in with null are never true, because a missing value "
        "is not smaller or larger than anything. Test whether a field is filled with ausgefuellt(x) "
        "or x == null.",
        wrong="- id: betreuung_ab\n  type: date\n  visible_if: kind.geburtsdatum > null\n",
        fixed="- id: betreuung_ab\n  type: date\n  visible_if: ausgefuellt(kind.geburtsdatum)\n",
    ),
]

"""The IBANs a SEPA direct debit can be drawn from: one entry per IBAN country code of the SEPA scheme
(EU and EEA states, Switzerland, the United Kingdom, Andorra, Gibraltar, Monaco, San Marino, Vatican
City; their territories use these codes: Åland FI, French overseas FR, Guernsey/Jersey/Isle of Man GB).

Source: the SWIFT IBAN Registry as shipped in schwifty 2026.10.1 (MIT licence,
``schwifty/iban_registry/generated.json``: every country with ``in_sepa_zone``; each BBAN format as the
registry writes it, ``n`` digits, ``a`` capital letters, ``c`` letters or digits). Checked against the
registry's own example IBANs in ``tests/core/test_iban.py``. When the EPC admits a country, add its line.

:data:`PATTERN` is the one regular expression the JSON Schema, the browser and the server use (a
country code, two check digits, the BBAN of that country, so the length is the country's); the mod-97
check (ISO 7064) comes on top in :func:`kitaforms.runtime.formats.iban_valid` and in ``checks.js``.
"""

from __future__ import annotations

import re

SEPA_BBAN: dict[str, str] = {
    "AD": "4!n4!n12!c", "AT": "5!n11!n", "BE": "3!n7!n2!n", "BG": "4!a4!n2!n8!c", "CH": "5!n12!c",
    "CY": "3!n5!n16!c", "CZ": "4!n6!n10!n", "DE": "8!n10!n", "DK": "4!n9!n1!n", "EE": "2!n2!n11!n1!n",
    "ES": "4!n4!n1!n1!n10!n", "FI": "3!n11!n", "FR": "5!n5!n11!c2!n", "GB": "4!a6!n8!n", "GI": "4!a15!c",
    "GR": "3!n4!n16!c", "HR": "7!n10!n", "HU": "3!n4!n1!n15!n1!n", "IE": "4!a6!n8!n", "IS": "4!n2!n6!n10!n",
    "IT": "1!a5!n5!n12!c", "LI": "5!n12!c", "LT": "5!n11!n", "LU": "3!n13!c", "LV": "4!a13!c", "MC": "5!n5!n11!c2!n",
    "MT": "4!a5!n18!c", "NL": "4!a10!n", "NO": "4!n6!n1!n", "PL": "8!n16!n", "PT": "4!n4!n11!n2!n", "RO": "4!a16!c",
    "SE": "3!n16!n1!n", "SI": "5!n8!n2!n", "SK": "4!n6!n10!n", "SM": "1!a5!n5!n12!c", "VA": "3!n15!n",
}
_CLASSES = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}


def _bban_regex(spec: str) -> str:
    """``"4!a6!n8!n"`` → ``[A-Z]{4}[0-9]{14}`` (runs of one class joined)."""
    runs: list[list[object]] = []
    for count, kind in re.findall(r"(\d+)!([nac])", spec):
        if runs and runs[-1][1] == kind:
            runs[-1][0] = int(runs[-1][0]) + int(count)  # type: ignore[call-overload]
        else:
            runs.append([int(count), kind])
    return "".join(f"{_CLASSES[str(kind)]}{{{count}}}" for count, kind in runs)


def length(country: str) -> int | None:
    """The length of an IBAN of ``country`` (None: not a SEPA country)."""
    spec = SEPA_BBAN.get(country)
    return 4 + sum(int(n) for n in re.findall(r"(\d+)!", spec)) if spec else None


PATTERN = "^(" + "|".join(code + _bban_regex("2!n" + spec) for code, spec in sorted(SEPA_BBAN.items())) + ")$"

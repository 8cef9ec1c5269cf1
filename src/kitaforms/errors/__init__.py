"""The error catalogue: every diagnostic code kitaforms can emit, with its explanation.

Each pipeline area keeps its codes in its own module (``form``, ``expr``, ``satzung`` …); this
package merges them into one :data:`CATALOGUE` that the reporter, the reference docs and the tests
read. Codes are stable: a code is never reused for a different problem.
"""

from __future__ import annotations

from kitaforms.errors import build as _build
from kitaforms.errors import expr as _expr
from kitaforms.errors import form as _form
from kitaforms.errors import gebiet as _gebiet
from kitaforms.errors import lint as _lint
from kitaforms.errors import satzung as _satzung
from kitaforms.errors import todo as _todo
from kitaforms.errors import vergabe as _vergabe
from kitaforms.errors import vertrag as _vertrag
from kitaforms.errors import yaml as _yaml
from kitaforms.errors._types import ErrorCode, Severity

CATALOGUE: dict[str, ErrorCode] = {}
for _module in (_yaml, _form, _gebiet, _expr, _satzung, _vergabe, _vertrag, _lint, _build, _todo):
    for _code in _module.CODES:
        if _code.code in CATALOGUE:
            raise RuntimeError(f"duplicate error code {_code.code}")
        CATALOGUE[_code.code] = _code

__all__ = ["CATALOGUE", "ErrorCode", "Severity"]

"""The stored text of the answers is the same text whichever way it is written.

``canonical`` writes straight from the parsed answers; what is stored (and hashed for idempotency
keys) must be exactly what writing a plain copy of them gave, for every shape a body can have.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kitaforms.export._json import plain
from kitaforms.serve.app import canonical, parse_json

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.text(max_size=8),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**12, max_value=10**12),
    st.dates(min_value=date(1900, 1, 1)),
)
answers = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                       max_leaves=20)


def written_from_a_copy(data: object) -> str:
    return json.dumps(plain(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@settings(max_examples=300, deadline=None)
@given(answers)
def test_canonical_is_the_text_of_a_plain_copy(data: object) -> None:
    assert canonical(data) == written_from_a_copy(data)


def test_amounts_dates_and_umlauts_as_stored() -> None:
    data = parse_json('{"b": "Müller", "a": [1234.56, 3, 0.1], "c": {"z": 1e2}}'.encode())
    data["d"] = date(2026, 8, 1)
    assert canonical(data) == '{"a":[1234.56,3,0.1],"b":"Müller","c":{"z":100},"d":"2026-08-01"}'
    assert isinstance(data["a"][0], Decimal)

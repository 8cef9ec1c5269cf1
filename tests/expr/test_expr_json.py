"""The JSON AST for the browser: format, folding of date literals, strict reading."""

from __future__ import annotations

import json

import pytest

from kitaforms.expr import from_json, parse, to_json


def test_format_of_a_typical_condition() -> None:
    assert to_json(parse('alter_am(kind.geburtsdatum, datum("2025-08-01")) < 3 and not x == "a b"')) == {
        "t": "op",
        "op": "and",
        "a": [
            {
                "t": "op",
                "op": "<",
                "a": [
                    {
                        "t": "call",
                        "f": "alter_am",
                        "a": [{"t": "ref", "p": ["kind", "geburtsdatum"]}, {"t": "date", "v": "2025-08-01"}],
                    },
                    {"t": "num", "v": "3"},
                ],
            },
            {
                "t": "op",
                "op": "not",
                "a": [{"t": "op", "op": "==", "a": [{"t": "ref", "p": ["x"]}, {"t": "str", "v": "a b"}]}],
            },
        ],
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1.50", {"t": "num", "v": "1.50"}),
        ("-2", {"t": "op", "op": "neg", "a": [{"t": "num", "v": "2"}]}),
        ("true", {"t": "bool", "v": True}),
        ("null", {"t": "null"}),
        ("'ä\\'ö'", {"t": "str", "v": "ä'ö"}),
        ("a not in b", {"t": "op", "op": "not in", "a": [{"t": "ref", "p": ["a"]}, {"t": "ref", "p": ["b"]}]}),
        ("heute()", {"t": "call", "f": "heute", "a": []}),
    ],
)
def test_node_formats(source: str, expected: dict[str, object]) -> None:
    assert to_json(parse(source)) == expected


def test_an_invalid_date_literal_stays_a_call() -> None:
    assert to_json(parse('datum("2025-02-30")')) == {"t": "call", "f": "datum", "a": [{"t": "str", "v": "2025-02-30"}]}


def test_the_folded_date_reads_back_as_a_date_literal() -> None:
    expr = from_json(to_json(parse('datum("2025-08-01")')))
    assert to_json(expr) == {"t": "date", "v": "2025-08-01"}


def test_json_is_compact_enough_for_the_browser() -> None:
    text = json.dumps(to_json(parse('sorgerecht == "gemeinsam" and getrennt_lebend')), separators=(",", ":"))
    assert len(text) < 150


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"t": "nope"},
        {"t": "num", "v": 1},
        {"t": "num", "v": "NaN"},
        {"t": "num", "v": "abc"},
        {"t": "bool", "v": "true"},
        {"t": "date", "v": "2025-02-30"},
        {"t": "ref", "p": []},
        {"t": "op", "op": "**", "a": [{"t": "null"}, {"t": "null"}]},
        {"t": "op", "op": "not", "a": [{"t": "null"}, {"t": "null"}]},
        {"t": "call", "f": 3, "a": []},
        [],
    ],
)
def test_from_json_rejects_anything_to_json_cannot_write(data: object) -> None:
    with pytest.raises(ValueError):
        from_json(data)  # type: ignore[arg-type]

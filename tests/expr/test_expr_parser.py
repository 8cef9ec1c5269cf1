"""Parser: precedence, positions, and syntax errors that point at the right place."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kitaforms.expr import Binary, Call, ExprSyntaxError, Literal, Ref, Unary, parse, references, to_source


def shape(source: str) -> str:
    """The parse with every operation in parentheses, to read precedence at a glance."""
    return _shape(parse(source))


def _shape(node: object) -> str:
    if isinstance(node, Binary):
        return f"({_shape(node.left)} {node.op} {_shape(node.right)})"
    if isinstance(node, Unary):
        return f"({node.op} {_shape(node.operand)})"
    if isinstance(node, Call):
        return f"{node.name}({', '.join(_shape(arg) for arg in node.args)})"
    assert isinstance(node, (Literal, Ref))
    return to_source(node)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a or b and c", "(a or (b and c))"),
        ("a and b or c", "((a and b) or c)"),
        ("not a and b", "((not a) and b)"),
        ("not a == b", "(not (a == b))"),
        ("a == b and c != d", "((a == b) and (c != d))"),
        ("a + b * c", "(a + (b * c))"),
        ("a - b - c", "((a - b) - c)"),
        ("a / b * c", "((a / b) * c)"),
        ("-a * b", "((- a) * b)"),
        ("- -a", "(- (- a))"),
        ("a + b < c * d", "((a + b) < (c * d))"),
        ("x in a.b", "(x in a.b)"),
        ("x not in y or z", "((x not in y) or z)"),
        ("not x in y", "(not (x in y))"),
        ("(a or b) and c", "((a or b) and c)"),
        ("f(a, b + 1)", "f(a, (b + 1))"),
        ("heute()", "heute()"),
    ],
)
def test_precedence(source: str, expected: str) -> None:
    assert shape(source) == expected


def test_literals() -> None:
    assert parse("3") == Literal(Decimal(3))
    assert parse("1.50").value == Decimal("1.50")  # type: ignore[union-attr]
    assert parse('"a\\"b"') == Literal('a"b')
    assert parse("'it\\'s'") == Literal("it's")
    assert parse("'\\\\'") == Literal("\\")
    assert [parse(word) for word in ("true", "false", "null")] == [Literal(True), Literal(False), Literal(None)]
    assert parse("-2") == Unary("-", Literal(Decimal(2)))


def test_identifiers_allow_umlauts_digits_and_underscores() -> None:
    assert parse("größe_2.maß") == Ref(("größe_2", "maß"))
    assert parse("Ärger") == Ref(("Ärger",))


def test_keywords_are_not_identifiers_but_may_start_one() -> None:
    assert parse("android or notfall") == Binary("or", Ref(("android",)), Ref(("notfall",)))
    assert parse("true_value") == Ref(("true_value",))


def test_positions_cover_each_node() -> None:
    source = 'sorgerecht == "gemeinsam" and  getrennt_lebend'
    tree = parse(source)
    assert isinstance(tree, Binary) and isinstance(tree.left, Binary)
    assert (tree.offset, tree.length) == (0, len(source))
    literal = tree.left.right
    assert source[literal.offset : literal.offset + literal.length] == '"gemeinsam"'
    assert source[tree.op_offset : tree.op_offset + 3] == "and"
    assert tree.right.offset == source.index("getrennt_lebend")


def test_parentheses_widen_the_span() -> None:
    tree = parse("(a + b) * 2")
    assert isinstance(tree, Binary)
    assert (tree.left.offset, tree.left.length) == (0, 7)


def test_call_span_runs_to_the_closing_parenthesis() -> None:
    tree = parse("x + alter_am(a, b)")
    assert isinstance(tree, Binary)
    assert (tree.right.offset, tree.right.length) == (4, 14)


def test_references_with_offsets_in_source_order() -> None:
    source = "alter_am(kind.geburtsdatum, betreuung.beginn) < 1 or b"
    assert references(parse(source)) == [
        (("kind", "geburtsdatum"), 9),
        (("betreuung", "beginn"), 28),
        (("b",), 53),
    ]


def syntax_error(source: str) -> ExprSyntaxError:
    with pytest.raises(ExprSyntaxError) as info:
        parse(source)
    return info.value


@pytest.mark.parametrize(
    ("source", "offset", "length", "hint_part"),
    [
        ("a ==", 4, 0, "missing"),
        ("a == ", 4, 0, "missing"),
        ("", 0, 0, "write a condition"),
        ("a = 1", 2, 1, '"=="'),
        ("a && b", 2, 1, '"and"'),
        ("a || b", 2, 1, '"or"'),
        ("!a", 0, 1, '"not"'),
        ("a < b < c", 6, 1, "chained"),
        ("a AND b", 2, 3, "lowercase"),
        ("a b", 2, 1, "operator is missing"),
        ('x == "abc', 5, 4, "end the string"),
        ('"a\\nb"', 2, 2, "escapes"),
        ("1,5", 1, 1, "decimals"),
        ("1.", 1, 1, "digits on both sides"),
        ("(a", 2, 0, '")"'),
        ("f(1,", 4, 0, "missing"),
        ("heute(", 6, 0, "add an argument or close"),
        ("a.1", 2, 1, "field name"),
        ("x == „ja“", 5, 1, "straight quotes"),
        ("))", 0, 1, "expected"),
    ],
)
def test_syntax_errors_point_at_the_offending_token(source: str, offset: int, length: int, hint_part: str) -> None:
    error = syntax_error(source)
    assert (error.offset, error.length) == (offset, length), error
    assert error.hint is not None and hint_part in error.hint, error
    assert error.code == "EXPR_001"


def test_syntax_error_messages_say_what_is_wrong() -> None:
    assert syntax_error("a ==").message.startswith("expression is incomplete")
    assert syntax_error("a = 1").message == "unexpected character '='"
    assert syntax_error("a b").message == "unexpected name 'b'"


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    assert parse("(" * 500 + "1" + ")" * 500) == Literal(Decimal(1))  # parentheses add no depth
    for source in ("-" * 500 + "1", "(a + " * 100 + "1" + ")" * 100, "not " * 100 + "a"):
        assert "nested" in syntax_error(source).message


def test_parse_is_cached_and_returns_immutable_trees() -> None:
    assert parse("a + 1") is parse("a + 1")


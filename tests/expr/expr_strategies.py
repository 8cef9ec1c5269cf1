"""Hypothesis strategies for expression ASTs (shared by the property tests)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from kitaforms.expr import FUNCTIONS, KEYWORDS, Binary, Call, Expr, Literal, Ref, Unary

BINARY_OPS = ["or", "and", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "+", "-", "*", "/"]

names = st.from_regex(r"[a-zäöüß_][a-z0-9äöüß_]{0,5}", fullmatch=True).filter(lambda n: n not in KEYWORDS)
numbers = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
texts = st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=8)


def literals(with_dates: bool = True) -> st.SearchStrategy[Literal]:
    values = st.one_of(numbers, texts, st.booleans(), st.none(), *([st.dates()] if with_dates else []))
    return values.map(Literal)


def refs(name_strategy: st.SearchStrategy[str] = names) -> st.SearchStrategy[Ref]:
    return st.lists(name_strategy, min_size=1, max_size=3).map(lambda parts: Ref(tuple(parts)))


def expressions(
    leaves: st.SearchStrategy[Expr], call_names: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Expr]:
    call_names = call_names or st.one_of(st.sampled_from(sorted(FUNCTIONS)), names)

    def extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        return st.one_of(
            st.builds(Unary, st.sampled_from(["-", "not"]), children),
            st.builds(Binary, st.sampled_from(BINARY_OPS), children, children),
            st.builds(Call, call_names, st.lists(children, max_size=3).map(tuple)),
        )

    return st.recursive(leaves, extend, max_leaves=12)


def source_asts() -> st.SearchStrategy[Expr]:
    """ASTs that :func:`to_source` writes exactly (no dates, no negative literals)."""
    return expressions(st.one_of(literals(with_dates=False), refs()))


def json_asts() -> st.SearchStrategy[Expr]:
    return expressions(st.one_of(literals(), refs()))


# Small, exact data for comparing the Python and the JavaScript evaluator on random ASTs.
FIELDS = ["a", "b", "c"]
small_numbers = st.decimals(min_value=-100, max_value=100, places=1, allow_nan=False, allow_infinity=False)
field_values = st.one_of(
    st.none(),
    st.booleans(),
    small_numbers.map(float),
    st.sampled_from(["", "ja", "nein", "2024-02-29", "2025-06-15"]),
    st.lists(st.one_of(st.none(), small_numbers.map(float), st.sampled_from(["ja", "2020-01-31"])), max_size=3),
)
agreement_leaves = st.one_of(
    small_numbers.filter(lambda n: n >= 0).map(Literal),
    st.sampled_from(["ja", "nein", "", "2024-02-29"]).map(Literal),
    st.booleans().map(Literal),
    st.just(Literal(None)),
    st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31)).map(Literal),
    st.sampled_from(FIELDS).map(lambda name: Ref((name,))),
)
AGREEMENT_OPS = [op for op in BINARY_OPS if op != "/"]  # binary floats cannot match decimal division


def agreement_asts() -> st.SearchStrategy[Expr]:
    def extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        return st.one_of(
            st.builds(Unary, st.sampled_from(["-", "not"]), children),
            st.builds(Binary, st.sampled_from(AGREEMENT_OPS), children, children),
            st.sampled_from(sorted(FUNCTIONS)).flatmap(
                lambda name: st.lists(
                    children, min_size=len(FUNCTIONS[name].params), max_size=len(FUNCTIONS[name].params)
                ).map(lambda args: Call(name, tuple(args)))
            ),
        )

    return st.recursive(agreement_leaves, extend, max_leaves=6)


def agreement_data() -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({}, optional={name: field_values for name in FIELDS})

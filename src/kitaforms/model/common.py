"""Building blocks shared by every definition model: strict base, multilingual text, ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"
IDENTIFIER_PATTERN = r"^[a-z][a-z0-9_]*$"


class StrictModel(BaseModel):
    """Every definition model rejects unknown keys and is immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            """An attribute the model's type lacks fails at once. The checks, the renderer and the rules
            check ask every element for fields only some types have (``getattr(element, "pattern", None)``);
            pydantic's own lookup looks for private and extra attributes first, which a StrictModel never
            has (extra keys are forbidden), and was 6 % of compiling a Kommune."""
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def _text_from_plain(value: Any) -> Any:
    return {"de": value} if isinstance(value, str) else value


Text = Annotated[
    dict[Annotated[str, Field(pattern=LANGUAGE_PATTERN)], str],
    BeforeValidator(_text_from_plain, json_schema_input_type=Union[str, dict[str, str]]),
    Field(
        description="Text in several languages: `de` (German) is required, `en` (English) expected. "
        "A plain string is taken as German.",
        json_schema_extra={"examples": [{"de": "Vorname", "en": "First name"}]},
    ),
]
"""Multilingual text, e.g. ``{de: Vorname, en: First name}``."""

Identifier = Annotated[
    str,
    Field(
        pattern=IDENTIFIER_PATTERN,
        max_length=64,
        description="A name made of lower-case letters a–z, digits and `_`, starting with a letter "
        "(write umlauts as ae, oe, ue, ss). It becomes the key in submissions.",
    ),
]

Expression = Annotated[
    str,
    Field(
        min_length=1,
        description="An expression in the kitaforms expression language, e.g. "
        '`sorgerecht == "gemeinsam" and getrennt_lebend`.',
        json_schema_extra={"format": "kitaforms-expression"},
    ),
]

SemVer = Annotated[
    str,
    Field(
        pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$",
        description="Semantic version MAJOR.MINOR.PATCH: raise MAJOR for changes that break imports.",
        json_schema_extra={"examples": ["1.0.0"]},
    ),
]

"""The form definition language: a form is steps of elements; elements are fields or containers.

These pydantic models are the single source of truth for what an editor may write: they validate
definitions, produce the editors' JSON Schema (autocompletion) and the reference documentation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Field

from kitaforms.model.common import Expression, Identifier, SemVer, StrictModel, Text

LeikaKey = Annotated[str, Field(pattern=r"^\d{14}$", description="14-digit Leika/LeiKa service key.")]
MimeType = Annotated[str, Field(pattern=r"^[a-z]+/[a-z0-9.+-]+$", examples=["application/pdf"])]


class SettingRef(StrictModel):
    """Takes the value from the form's `settings`, which a Kommune may change in its overlay."""

    setting: Identifier = Field(description="Name of an entry under the form's `settings`.")


IntOrSetting = Union[int, SettingRef]
BoolOrSetting = Union[bool, SettingRef]


class Option(StrictModel):
    """One entry of a code list: a stable code (what is submitted) and its label."""

    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$", max_length=64)] = Field(
        description="Stable code stored in submissions and schemas; never shown to citizens."
    )
    label: Text
    hint: Text | None = Field(None, description="Short explanation shown with the option.")


def _basis_from_plain(value: Any) -> Any:
    return {"norm": value} if isinstance(value, str) else value


class LegalBasis(StrictModel):
    """A legal basis (Rechtsbezug): the norm as it is cited, and where its text is published."""

    norm: str = Field(min_length=1, description="The norm as it is cited, e.g. `§ 24 Abs. 1 SGB VIII`.",
                      examples=["§ 24 Abs. 1 SGB VIII"])
    link: str | None = Field(None, pattern=r"^https://", description="Where the text of the norm is published (https).",
                             examples=["https://www.gesetze-im-internet.de/sgb_8/__24.html"])


Bezug = Annotated[
    list[Annotated[LegalBasis, BeforeValidator(_basis_from_plain, json_schema_input_type=Union[str, LegalBasis])]],
    Field(
        description="Legal bases (Rechtsbezug) of this part of the form: each the norm as cited "
        "(`§ 24 Abs. 1 SGB VIII`), or `{norm: …, link: https://…}`. Exported to XDatenfelder as `bezug`.",
        json_schema_extra={"examples": [["§ 24 Abs. 1 SGB VIII"]]},
    ),
]
"""Legal bases, e.g. ``["§ 5 KiBiz", {norm: § 24 Abs. 1 SGB VIII, link: https://…}]``."""


class Validation(StrictModel):
    """A rule the value must satisfy, with the message shown when it does not."""

    rule: Expression = Field(description="Must be true for valid input. The field's own value is `wert`.")
    message: Text
    severity: Literal["error", "warning"] = Field(
        "error", description="`warning` informs the citizen but does not block sending."
    )
    bezug: Bezug | None = Field(None, description="The legal bases of this rule, e.g. `[\"§ 24 Abs. 1 SGB VIII\"]`.")


class ElementBase(StrictModel):
    id: Identifier
    label: Text
    hint: Text | None = Field(None, description="Short help shown below the label.")
    help: Text | None = Field(None, description="Longer explanation, shown on request (Markdown subset).")
    visible_if: Expression | None = Field(None, description="Shown only when this is true.")
    fim_id: str | None = Field(None, description="FIM data field id (e.g. `F60000227`), if harmonised.")
    bezug: Bezug | None = Field(
        None,
        description="The legal bases this element is asked for, e.g. `[\"§ 24 Abs. 1 SGB VIII\"]`. "
        "Fields and groups without one take their group's; `[]` says there is none.",
    )


class FieldBase(ElementBase):
    required: bool = Field(False, description="The citizen must answer (see also `required_if`).")
    required_if: Expression | None = Field(None, description="Required only when this is true.")
    validations: list[Validation] = Field(default_factory=list, description="Further rules the answer must satisfy, each with its message.")
    autocomplete: str | None = Field(None, description="HTML autocomplete token (WCAG 1.3.5), e.g. `given-name`.")
    default: Any = Field(None, description="Value filled in at the start.")


class TextField(FieldBase):
    type: Literal["text"]
    min_length: int | None = Field(None, ge=0, description="Fewest characters allowed.")
    max_length: int | None = Field(200, ge=1, description="Most characters allowed.")
    pattern: str | None = Field(None, description="Regular expression the whole value must match.")


class TextareaField(FieldBase):
    type: Literal["textarea"]
    max_length: int | None = Field(2000, ge=1, description="Most characters allowed.")
    rows: int = Field(5, ge=2, le=30, description="Height of the input box in lines.")


class IntegerField(FieldBase):
    type: Literal["integer"]
    minimum: IntOrSetting | None = Field(None, description="Smallest number allowed.")
    maximum: IntOrSetting | None = Field(None, description="Largest number allowed.")
    unit: Text | None = Field(None, description="Unit shown after the input, e.g. Stunden.")


class DecimalField(FieldBase):
    type: Literal["decimal"]
    minimum: Decimal | None = Field(None, description="Smallest number allowed.")
    maximum: Decimal | None = Field(None, description="Largest number allowed.")
    decimals: int = Field(2, ge=0, le=6, description="Most digits after the decimal comma.")
    unit: Text | None = Field(None, description="Unit shown after the input, e.g. km.")


class MoneyField(FieldBase):
    """An amount in euros with cents; computed with Decimal, never float, and submitted as a decimal string (`"1234.56"`)."""

    type: Literal["money"]
    minimum: Decimal | None = Field(Decimal(0), description="Smallest amount allowed (default 0 €).")
    maximum: Decimal | None = Field(None, description="Largest amount allowed.")
    period: Literal["once", "month", "year"] = Field("once", description="What the amount is per.")


class DateField(FieldBase):
    type: Literal["date"]


class MonthField(FieldBase):
    type: Literal["month"]


class BooleanField(FieldBase):
    """A yes/no question (two radio buttons)."""

    type: Literal["boolean"]


class _ChoiceBase(FieldBase):
    code_list: Identifier | None = Field(None, description="Name of a code list of this form or NRW.")
    options: list[Option] | None = Field(None, description="Options written inline instead of a code list.")


class ChoiceField(_ChoiceBase):
    type: Literal["choice"]
    widget: Literal["radio", "select"] = Field("radio", description="`radio`: all options visible (best for up to about 7); `select`: a drop-down list.")


class MultiChoiceField(_ChoiceBase):
    type: Literal["multichoice"]
    min_items: int | None = Field(None, ge=0, description="Fewest options to tick.")
    max_items: int | None = Field(None, ge=1, description="Most options to tick.")


class EmailField(FieldBase):
    type: Literal["email"]


class TelField(FieldBase):
    type: Literal["tel"]


class PostalCodeField(FieldBase):
    """A German postal code (five digits)."""

    type: Literal["postal_code"]


class IbanField(FieldBase):
    """An IBAN, checked with its ISO 13616 check digits."""

    type: Literal["iban"]


class FileField(FieldBase):
    type: Literal["file"]
    accept: list[MimeType] = Field(
        default_factory=lambda: ["application/pdf", "image/jpeg", "image/png"],
        description="Accepted file types.",
    )
    max_size_mb: Decimal = Field(Decimal(10), gt=0, le=50, description="Largest size of one file in MB.")
    max_files: int = Field(1, ge=1, le=20, description="Most files for this field.")


class RankedChoiceField(FieldBase):
    """Ordered picks from a catalogue (e.g. wished facilities), without drag and drop."""

    type: Literal["ranked_choice"]
    catalogue: Literal["einrichtungen"] | None = Field(
        None, description="`einrichtungen`: the Kommune's facility catalogue."
    )
    code_list: Identifier | None = Field(None, description="Name of a code list to pick from (instead of `catalogue`).")
    min_picks: int = Field(1, ge=0, description="Fewest picks when the field is answered.")
    max_picks: IntOrSetting = Field(3, description="Most picks allowed, or `{setting: max_wuensche}`.")
    ranking: BoolOrSetting = Field(True, description="Whether the order of picks matters.")
    reasons: Identifier | None = Field(None, description="Code list of reasons a citizen may give per pick.")
    filter_care_type: Expression | None = Field(
        None, description="Only facilities offering this care type (expression giving a code)."
    )
    filter_birth_date: Expression | None = Field(
        None, description="Only facilities whose age range fits a child born on this date."
    )
    filter_start: Expression | None = Field(
        None, description="The child's age for `filter_birth_date` is taken on this date (a date or month, e.g. "
        "`beginn`, the start of care); without it, on the day of the check."
    )
    filter_hours: list[Expression] | None = Field(
        None, description="Only facilities offering these weekly hours: expressions giving a number or a code that is "
        "one; the first that is answered counts, e.g. `[umfang_kita, tagespflege_stunden]`."
    )


class ComputedField(ElementBase):
    """A value computed from other answers; shown read-only and submitted for the record."""

    type: Literal["computed"]
    expression: Expression
    value_type: Literal["number", "money", "text", "date", "boolean"] = Field("number", description="What the expression gives: `number`, `money`, `text`, `date` or `boolean`.")


class InfoBlock(ElementBase):
    """Text for the citizen, no input. `body` is Markdown: paragraphs, lists, bold, links."""

    type: Literal["info"]
    label: Text | None = Field(None, description="Optional heading above the text.")  # type: ignore[assignment]
    body: Text


class Declaration(ElementBase):
    """A statement the citizen confirms with a checkbox (consent, truthfulness)."""

    type: Literal["declaration"]
    body: Text | None = Field(None, description="The full text being declared (Markdown subset).")
    required: bool = Field(True, description="The citizen must tick the box (default: yes).")
    required_if: Expression | None = Field(None, description="Must be ticked only when this is true.")


class GroupElement(ElementBase):
    """Fields that belong together (fieldset with legend); its id prefixes their names."""

    type: Literal["group"]
    elements: list[Element] = Field(min_length=1, description="The fields of the group.")


class RepeatElement(ElementBase):
    """A group the citizen can add several times (siblings, household members, income items)."""

    type: Literal["repeat"]
    elements: list[Element] = Field(min_length=1, description="The fields of each entry.")
    min_items: IntOrSetting = Field(0, description="Fewest entries, or `{setting: …}`.")
    max_items: IntOrSetting = Field(10, description="Most entries, or `{setting: …}`.")
    item_label: Text | None = Field(None, description="Heading of each entry, e.g. `Kind`; numbered.")
    add_label: Text | None = Field(None, description="Text of the add button.")


Element = Annotated[
    TextField | TextareaField | IntegerField | DecimalField | MoneyField | DateField | MonthField | BooleanField | ChoiceField | MultiChoiceField | EmailField | TelField | PostalCodeField | IbanField | FileField | RankedChoiceField | ComputedField | InfoBlock | Declaration | GroupElement | RepeatElement,
    Field(discriminator="type"),
]

CONTAINER_TYPES = ("group", "repeat")
INPUT_FREE_TYPES = ("info", "computed", "group", "repeat")


class Step(StrictModel):
    """One page of the assistant: one topic, a few questions."""

    id: Identifier
    title: Text
    intro: Text | None = Field(None, description="Short text under the step heading (Markdown subset).")
    visible_if: Expression | None = Field(None, description="The step is shown only when this is true.")
    elements: list[Element] = Field(min_length=1, description="The questions and texts of the step, in order.")


SettingValue = Union[bool, int, Decimal, str]


class Form(StrictModel):
    """An NRW base form: metadata, settings a Kommune may change, code lists and steps."""

    id: Identifier
    version: SemVer
    released: date | None = Field(
        None,
        description="The day this `version` was released (`YYYY-MM-DD`); set it with every new version. "
        "Without it the version is a draft (XDatenfelder status Entwurf).",
    )
    title: Text
    description: Text | None = Field(None, description="What the form is for, shown on its start page.")
    leika: list[LeikaKey] = Field(default_factory=list, description="Leika service keys; the first is the service "
                                  "FIT-Connect files a submission under. In the manifest and the schema's `$comment`.")
    ozg_id: str | None = Field(None, description="OZG Leistungs-ID (e.g. `10019` Kindertagesbetreuung), as text.")
    bezug: Bezug = Field(
        default_factory=list,
        description="The legal bases of the whole form, e.g. `[\"§ 5 KiBiz\", \"§ 24 SGB VIII\"]`.",
    )
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(
        default_factory=lambda: ["de", "en"], description="Languages every text must have."
    )
    settings: dict[Identifier, SettingValue] = Field(
        default_factory=dict, description="Values a Kommune may change, e.g. `max_wuensche: 5`."
    )
    setting_values: dict[Identifier, list[SettingValue]] = Field(
        default_factory=dict,
        description="The only values a Kommune may give a setting, e.g. `elterngeld_regel: [voll, keine]`.",
    )
    code_lists: dict[Identifier, list[Option]] = Field(default_factory=dict, description="Code lists of this form by name (shared ones come from `codelisten.yaml`).")
    steps: list[Step] = Field(min_length=1, description="The pages of the assistant, in order.")


class CodeListFile(StrictModel):
    """Code lists shared by all forms in a folder (`codelisten.yaml`)."""

    code_lists: dict[Identifier, list[Option]] = Field(description="Code lists by name, each a list of options.")


GroupElement.model_rebuild()
RepeatElement.model_rebuild()
Step.model_rebuild()
Form.model_rebuild()

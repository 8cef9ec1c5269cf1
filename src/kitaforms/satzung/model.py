"""The Satzung language: one file per Jugendamt and validity period (``satzungen/<kommune>/*.yaml``).

A Satzung file states when it is valid, where its numbers come from, how the income is determined,
the fee tables (income brackets × age groups × weekly hours, or hourly rates), who is free of fees,
the sibling rule, indexation and rounding. The models here are the single source of the editors'
JSON Schema and the reference docs; :mod:`kitaforms.satzung.check` adds the checks a schema cannot
express (gaps, overlaps, missing cells, cross-references).

Every amount is EUR; incomes are per year, fees and meal money per month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, WithJsonSchema

from kitaforms.model.common import Identifier, StrictModel

CARE_TYPES = ("kita", "tagespflege", "ogs", "hort")
INCOME_KINDS = (
    "nichtselbstaendig", "selbstaendig", "gewerbe", "land_forst", "kapital", "vermietung", "sonstige",
    "unterhalt", "lohnersatz", "elterngeld", "kindergeld", "steuerfrei",
)
BENEFITS = ("buergergeld", "sozialhilfe", "asylblg", "wohngeld", "kinderzuschlag", "stadtpass")

CareType = Annotated[
    str,
    Field(
        description="Care type code: `kita` (Kindertageseinrichtung), `tagespflege` (Kindertagespflege), "
        "`ogs` (Offene Ganztagsschule), `hort`.",
        json_schema_extra={"enum": list(CARE_TYPES)},
    ),
]
IncomeKind = Literal[
    "nichtselbstaendig", "selbstaendig", "gewerbe", "land_forst", "kapital", "vermietung", "sonstige",
    "unterhalt", "lohnersatz", "elterngeld", "kindergeld", "steuerfrei",
]
Benefit = Literal["buergergeld", "sozialhilfe", "asylblg", "wohngeld", "kinderzuschlag", "stadtpass"]
Amount = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "description": "An amount in EUR, at most two decimals."}),
]
Percent = Annotated[
    Decimal,
    Field(ge=0, le=100, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "description": "A percentage, 0 to 100."}),
]
Hours = Annotated[
    Decimal,
    Field(gt=0, le=168, decimal_places=2),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 168}),
]
Paragraph = Annotated[
    str,
    Field(
        min_length=1,
        description="Where the rule stands, as the explanation will cite it: `§ 4 Abs. 4`, `Anlage 1`, "
        "`§ 50 Abs. 1 KiBiz`. If the source names no paragraph, name the table or page it comes from.",
        examples=["§ 4 Abs. 1"],
    ),
]
MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", description="MM-DD")]
Fraction = Annotated[
    str,
    Field(
        pattern=r"^[1-9]\d{0,3}(/[1-9]\d{0,3})?$",
        description="A whole number or a fraction of whole numbers, e.g. `52/12`.",
    ),
]


class Source(StrictModel):
    """Where the numbers and rules of this file come from. Every file names at least one source."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$", description="Short id that tables cite, e.g. `S1`.")
    url: str = Field(pattern=r"^https?://", description="Address of the statute, page or file read.")
    title: str | None = Field(None, description="Title of the document, e.g. the Satzung's full name.")
    reliability: Literal["primary", "secondary", "tertiary"] = Field(
        description="`primary`: the statute or an official page; `secondary`: a copy by a provider or a "
        "third-party calculator; `tertiary`: press or party pages."
    )
    note: str | None = Field(None, description="What was read there, and its date (`Stand`) if given.")


class PerHour(StrictModel):
    """The table holds hourly rates: each column is a band of weekly hours with its own rate per hour.

    The weekly sum (hours in each band × the band's rate) times ``monthly_factor`` is the monthly fee.
    """

    monthly_factor: Fraction | None = Field(
        description="Turns the weekly sum into the monthly fee, e.g. `52/12`. `null` when the Satzung "
        "(as read) does not say; the engine then cannot compute a monthly fee and says so."
    )
    note: str | None = Field(None, description="Why the factor is not known, or where it is stated.")


Cell = Amount | None


def _cells_kind(value: Any) -> str:
    return "List" if isinstance(value, list) else "Null" if value is None else "One"


Cells = Annotated[
    Annotated[list[Cell], Tag("List")] | Annotated[Amount, Tag("One")] | Annotated[None, Tag("Null")],
    Discriminator(_cells_kind),
    Field(
        description="The fees of one age group (or of a row without age groups): a list with one fee per hour "
        "column (`null` for a column the source does not give), one fee when the table has no hour columns, or "
        "`null` when the source gives none of them."
    ),
]
"""One fee, a list of fees (one per hour column), or null (not known). Only the matching form is checked, so
an error names the one problem."""


class FeeRow(StrictModel):
    """One income bracket (Einkommensstufe) with its fees."""

    stufe: int | None = Field(None, ge=0, description="The bracket's number as the Satzung prints it.")
    from_: Amount | None = Field(
        None,
        alias="from",
        description="Lower bound of the bracket's income (EUR per year), read with the table's `boundaries`. "
        "Leave it out on the first row; on later rows it may be left out, then it is the previous `to`.",
    )
    to: Amount | None = Field(description="Upper bound of the bracket's income; `null` on the last, open row.")
    fees: dict[str, Cells] | None = Field(
        None,
        description="For tables with age groups: age group → one fee per hour column (a list), or one fee "
        "when the table has no hour columns. `null` where the source does not give it (explain in `note`).",
    )
    fee: Cells = Field(
        None, description="For tables without age groups: one fee per hour column, or a single fee."
    )
    note: str | None = Field(None, description="Remarks on this row, e.g. why a value is `null`.")


class FeeTable(StrictModel):
    """A fee table (Beitragstabelle) for one care type: income brackets × age groups × weekly hours."""

    id: Identifier = Field(description="Name of the table, e.g. `kita`; cited in the explanation.")
    care_type: CareType
    purpose: Literal["fee", "meal_money"] = Field(
        "fee", description="`fee`: the Elternbeitrag; `meal_money`: Essensgeld charged besides the fee."
    )
    title: str | None = Field(None, description="Heading of the table as printed, for the fee table page.")
    paragraph: Paragraph
    source: str = Field(description="Id of the source (under `sources`) the values come from.")
    boundaries: Literal["upper_inclusive", "lower_inclusive", "whole_euros"] = Field(
        description="How `from` and `to` are read. `upper_inclusive` (\"bis X\"): a bracket covers "
        "from < income <= to, the next starts at the same number. `lower_inclusive` (\"ab X\", \"unter Y\"): "
        "from <= income < to. `whole_euros` (\"von 24.543 bis 36.813\"): from <= income <= to in whole "
        "euros, the next row starts one euro higher; cent amounts above `to` belong to the next bracket."
    )
    age_groups: list[Identifier] | None = Field(
        None,
        description="The age groups (ids from `age_groups.groups`) the rows give fees for, as keys of "
        "`fees`. Leave it out when the fee does not depend on age (then rows use `fee`).",
    )
    hours: list[Hours | None] | None = Field(
        None,
        description="Hour columns: the upper bound (booked hours per week, inclusive) of each column in "
        "ascending order, e.g. `[25, 35, 45]`; the last may be `null` for \"more than the previous\". Leave "
        "it out when the fee does not depend on hours. With `per_hour` the columns are hour bands.",
    )
    per_hour: PerHour | None = Field(
        None, description="Set when the cells are rates per hour instead of monthly fees."
    )
    rows: list[FeeRow] = Field(min_length=1, description="The income brackets, lowest first.")


class AgeGroup(StrictModel):
    """An age group of the fee tables, by completed years of age."""

    id: Identifier = Field(description="Key used in the tables, e.g. `u2`, `age2_to_u3`, `ue3`.")
    label: str = Field(description="Name as the Satzung prints it, e.g. `unter 2 Jahre`.")
    from_years: int = Field(0, ge=0, le=18, description="First age (in years) of the group.")
    below_years: int | None = Field(
        None, ge=1, le=18, description="The group ends before this age; leave it out on the last group."
    )


class AgeGroups(StrictModel):
    """Age groups and when a child moves into the next one."""

    paragraph: Paragraph
    switch: Literal["on_birthday", "birthday_month", "month_after_birthday", "unknown"] = Field(
        description="When the group changes: `on_birthday` (from the birthday), `birthday_month` (for the "
        "whole month of the birthday), `month_after_birthday` (from the first day of the following month). "
        "`unknown` when the Satzung (as read) does not say: the engine then declines to decide in the one "
        "month where the rules differ."
    )
    groups: list[AgeGroup] = Field(min_length=1, description="The groups from the youngest; they must cover every age.")


class BeamteAddition(StrictModel):
    """Addition for Beamte (and Richter, Soldaten): they pay no pension contributions of their own."""

    paragraph: Paragraph
    percent: Percent = Field(description="The addition in percent of the income kinds in `of`.")
    of: list[IncomeKind] = Field(
        description="Income kinds of a custodian who is Beamter that the percentage is taken from."
    )
    note: str | None = Field(None, description="Remarks, e.g. what the Satzung (as read) leaves open.")


class ChildDeduction(StrictModel):
    """A fixed deduction from the income per child (e.g. Kinderfreibetrag from the 3rd child)."""

    paragraph: Paragraph
    amount: Amount = Field(description="Deduction per counted child, EUR per year.")
    from_child: int = Field(1, ge=1, le=10, description="The first child that counts (3 = from the 3rd child).")


class ElterngeldAllowance(StrictModel):
    """Part of the Elterngeld that does not count as income, per month of receipt."""

    paragraph: Paragraph
    basis_monthly: Amount = Field(description="Free amount per month of Basiselterngeld.")
    plus_monthly: Amount = Field(description="Free amount per month of ElterngeldPlus.")


class SpecialPayments(StrictModel):
    """Urlaubs- and Weihnachtsgeld: what is assumed when a monthly salary is declared without them."""

    paragraph: Paragraph
    assume_thirteenth_salary: bool = Field(
        description="True: without a statement of special payments a 13th monthly salary is assumed."
    )


class WorkExpenses(StrictModel):
    """Werbungskosten on income from employment (`nichtselbstaendig`): the Satzung counts the receipts less
    the Werbungskosten ("Bruttoeinnahmen abzüglich Werbungskosten").

    A parent's stated Werbungskosten are deducted from that parent's employment income; with
    `flat_allowance` at least the Arbeitnehmer-Pauschbetrag of § 9a Satz 1 Nr. 1 Buchst. a EStG for the
    income's year (the amounts by year, with their sources, are kept once in `kitaforms/satzung/estg.py`). The
    deduction never makes the employment income negative. Other income kinds are stated net (the forms ask for
    them so).
    """

    paragraph: Paragraph
    flat_allowance: bool = Field(
        True,
        description="True: a parent who states no (or lower) Werbungskosten gets the Arbeitnehmer-Pauschbetrag of "
        "§ 9a EStG deducted, as the income tax law does. False: only stated Werbungskosten are deducted.",
    )
    note: str | None = Field(None, description="Remarks, e.g. where the Satzung says so.")


class Consequence(StrictModel):
    """What follows when the parents make no income statement."""

    paragraph: Paragraph
    consequence: Literal["highest_fee"] = Field(description="`highest_fee`: the fee of the highest bracket.")


class Settlement(StrictModel):
    """A provisional fee from the parents' self-assessment, settled later against the proven income."""

    paragraph: Paragraph
    settled_by: Literal["income_tax_assessment", "income_proof"] = Field(
        description="What the final fee is based on: the income tax assessment of the year, or proofs."
    )


class IncomeRules(StrictModel):
    """How the income that decides the bracket is determined (maßgebliches Einkommen)."""

    paragraph: Paragraph
    summary: str = Field(description="The Satzung's definition in one sentence, shown in explanations.")
    counted: list[IncomeKind] = Field(description="Income kinds that count.")
    not_counted: list[IncomeKind] = Field(
        default_factory=list,
        description="Income kinds the Satzung excludes (e.g. `kindergeld`). For kinds in neither list the "
        "treatment is not known: the engine declines households that give such income one by one.",
    )
    loss_offset: bool = Field(
        False,
        description="False (\"positive Einkünfte\"): a negative amount (a loss) counts as 0 and does not "
        "reduce other income. True: losses are offset.",
    )
    reference_year: Literal["previous_year", "fee_year"] | None = Field(
        None,
        description="Whose year's income counts: `previous_year` (the calendar year before) or `fee_year` "
        "(the calendar year of the fee, estimated first and settled later). `null` when not stated.",
    )
    work_expenses: WorkExpenses | None = Field(
        None,
        description="Werbungskosten deducted from income from employment (at least the Arbeitnehmer-Pauschbetrag). "
        "Leave it out when the Satzung does not say; the engine then declines households that state Werbungskosten.",
    )
    beamte_addition: BeamteAddition | None = Field(None, description="Addition for Beamte, Richter, Soldaten.")
    child_deduction: ChildDeduction | None = Field(None, description="Deduction from the income per child.")
    elterngeld_allowance: ElterngeldAllowance | None = Field(
        None, description="The part of the Elterngeld that does not count, per month."
    )
    special_payments: SpecialPayments | None = Field(
        None, description="What is assumed about Urlaubs- and Weihnachtsgeld when a monthly salary is declared."
    )
    no_statement: Consequence | None = Field(None, description="What applies when the parents make no statement.")
    settlement: Settlement | None = Field(
        None, description="A provisional fee from the self-assessment, settled later against proof."
    )


class Kibiz50(StrictModel):
    """KiBiz § 50: fee-free from 1 August of the year in which the child completes its 4th year by 30
    September, until school entry.

    "Completes its 4th year" follows §§ 187, 188 BGB: a child born on 1 October completes it on 30 September.
    """

    paragraph: Paragraph = "§ 50 Abs. 1 KiBiz"
    care_types: list[CareType] = Field(description="Care types the rule applies to (e.g. kita, tagespflege).")
    age_completed: int = Field(4, ge=1, le=6, description="The year of life that must be completed.")
    completed_by: MonthDay = Field("09-30", description="Day (MM-DD) by which it must be completed.")
    free_from: MonthDay = Field("08-01", description="Day (MM-DD) of that year from which care is free.")
    applies_from: date | None = Field(
        None, description="First day the rule applies (KiBiz two-year rule: 2020-08-01); empty: always."
    )


class FreeAgeGroup(StrictModel):
    """An age group that is free of fees in some care types, whatever the income."""

    paragraph: Paragraph
    age_group: Identifier = Field(description="The free age group (an id from `age_groups.groups`).")
    care_types: list[CareType] = Field(description="Care types in which it is free.")


class FreeIncome(StrictModel):
    """No fee up to an income threshold (Freigrenze): "bis X" (`up_to`, X itself is free) or "unter X"
    (`below`, X itself pays). Write exactly one of the two."""

    paragraph: Paragraph
    up_to: Amount | None = Field(
        None, description="\"bis X\": incomes up to and including this amount pay no fee.", examples=[37000]
    )
    below: Amount | None = Field(
        None, description="\"unter X\": incomes below this amount pay no fee; an income of exactly X pays.",
        examples=[25000],
    )
    care_types: list[CareType] = Field(description="Care types the threshold applies to.")


class BenefitRule(StrictModel):
    """Families receiving certain benefits (or holding a city pass) are free or put in the lowest bracket."""

    paragraph: Paragraph
    benefits: list[Benefit] = Field(description="The benefits (or `stadtpass`) the rule names.")
    effect: Literal["free", "lowest_bracket"] = Field(
        description="`free`: no fee; `lowest_bracket`: the fee of the first bracket."
    )


class FeeFree(StrictModel):
    """Who pays no fee."""

    kibiz_50: Kibiz50 | None = Field(None, description="KiBiz § 50: the last two years before school are free.")
    age_groups: list[FreeAgeGroup] = Field(default_factory=list, description="Age groups that pay no fee.")
    income_up_to: list[FreeIncome] = Field(default_factory=list, description="Income thresholds below which no fee is due.")
    benefits: BenefitRule | None = Field(
        None, description="Families receiving benefits (or holding a city pass): free or the lowest bracket."
    )


class SiblingRule(StrictModel):
    """Siblings in care at the same time: who pays how much.

    The children in `care_types` are ranked: first by `care_type_rank` (lower first), then by fee, highest
    first. Position 1 pays `shares[0]` percent of its own fee, position 2 `shares[1]` …; the last share
    repeats. "Only the highest fee is paid" is `shares: [100, 0]`.
    """

    paragraph: Paragraph
    care_types: list[CareType] = Field(description="Children in these care types count as siblings together.")
    shares: list[Percent] = Field(min_length=1, description="Percent of its own fee each position pays.")
    cap: Amount | None = Field(None, description="The most a child from position 2 on pays per month.")
    max_paying_children: int | None = Field(
        None, ge=1, description="Children after this position pay nothing (cap on the number of payers)."
    )
    free_child_counts: bool = Field(
        False,
        description="True: a child free under KiBiz § 50 takes position 1 as if it paid, so every paying "
        "sibling counts as a further child.",
    )
    care_type_rank: dict[CareType, int] = Field(
        default_factory=dict,
        description="Rank care types before the fee, e.g. `{kita: 1, tagespflege: 1, ogs: 2}`: an OGS child "
        "is only first when no Kita or Tagespflege child pays.",
    )
    also_counts: list[CareType] = Field(
        default_factory=list,
        description="Care types of another rule whose children count as siblings here without this rule "
        "changing their fees: they take the first positions. `also_counts: [kita, tagespflege]` on the OGS rule "
        "says \"Kita children lower the OGS fee, not the other way round\".",
        examples=[["kita", "tagespflege"]],
    )


def _siblings_kind(value: Any) -> str:
    return "List" if isinstance(value, list) else "One"


SiblingRules = Annotated[
    Annotated[SiblingRule, Tag("One")] | Annotated[list[SiblingRule], Tag("List")],
    Discriminator(_siblings_kind),
    Field(
        description="One sibling rule (a mapping), or a list of rules, each for its own care types (e.g. one "
        "for Kita and Tagespflege, one for OGS). A care type belongs to at most one rule."
    ),
]


class MaxPaidFees(StrictModel):
    """A cap on the number of fees a family pays, counted after the sibling reductions: of the remaining fees
    of children in `care_types` only the `count` highest are charged (equal fees: the child named first)."""

    paragraph: Paragraph
    count: int = Field(ge=1, le=10, description="How many fees are charged at most, e.g. `2`.", examples=[2])
    care_types: list[CareType] = Field(description="Care types whose fees count together, e.g. `[kita, ogs]`.")


class NotComputed(StrictModel):
    """A case the Satzung leaves to the Jugendamt's decision in the single case (\"setzt das Jugendamt im
    Einzelfall fest\"). A child matches when every condition given holds; the engine then declines with this
    entry's paragraph, text and place in the file instead of computing a fee. At least one condition."""

    paragraph: Paragraph
    text: str = Field(
        description="What the Satzung says, in its words, shown in the message (e.g. `Über 45 Wochenstunden "
        "entscheidet das Jugendamt im Einzelfall.`).",
        examples=["Über 45 Wochenstunden setzt das Jugendamt den Beitrag im Einzelfall fest."],
    )
    care_types: list[CareType] | None = Field(None, description="Only children in these care types.")
    age_groups: list[Identifier] | None = Field(
        None, description="Only children in these age groups (ids from `age_groups.groups`).", examples=[["u2"]]
    )
    hours_above: Hours | None = Field(
        None, description="Only children booked for more weekly hours than this.", examples=[45]
    )
    income_above: Amount | None = Field(
        None,
        description="Only households with a higher income (EUR per year); a household without income "
        "statement counts as above.",
        examples=[150000],
    )
    children_from: int | None = Field(
        None,
        ge=2,
        le=10,
        description="Only when the household has at least this many children in care (in `care_types`, if "
        "given), e.g. `3` for \"ab dem dritten Kind\".",
    )
    benefits: list[Benefit] | None = Field(
        None, description="Only households receiving one of these benefits (or holding the city pass)."
    )


class AlternatingResidence(StrictModel):
    """Wechselmodell: the child lives with both separated parents in turn."""

    paragraph: Paragraph
    mode: Literal["separate_half", "combined"] = Field(
        description="`separate_half`: each parent is assessed on their own income and pays half the fee; "
        "`combined`: both incomes count as one household."
    )


class YearlyPercent(StrictModel):
    """Dynamisierung: the fees rise by a percentage every year on the same day."""

    type: Literal["yearly_percent"] = Field(description="`yearly_percent`: a rise by a percentage every year.")
    paragraph: Paragraph
    percent: Annotated[
        Decimal, Field(ge=-50, le=50, decimal_places=2), WithJsonSchema({"type": "number", "minimum": -50, "maximum": 50})
    ] = Field(description="Percent per year, e.g. `1.5`.")
    first: date = Field(description="The day of the first rise; it repeats every year on that day.")
    last: date | None = Field(
        None,
        description="The day of the last rise; empty: every year. A rate that changes every year (the KiBiz "
        "rate of Kreis Coesfeld) is one rule per year with `first` = `last`.",
    )
    care_types: list[CareType] | None = Field(None, description="Tables it applies to; empty: all fee tables.")


class ScaleStep(StrictModel):
    """One step of a `scale` rule: from this day the table's values count at this percentage."""

    from_: date = Field(alias="from", description="First day of this step.")
    percent: Annotated[
        Decimal, Field(gt=0, le=1000, decimal_places=2), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
    ] = Field(
        description="Percent of the table's values that apply from this day."
    )


class Scale(StrictModel):
    """The whole table scaled to a percentage from given days (e.g. 100 % → 75 % → 50 %)."""

    type: Literal["scale"] = Field(description="`scale`: the table at a percentage from given days.")
    paragraph: Paragraph
    steps: list[ScaleStep] = Field(min_length=1, description="The steps in date order.")
    care_types: list[CareType] | None = Field(None, description="Tables it applies to; empty: all fee tables.")


Indexation = Annotated[YearlyPercent | Scale, Field(discriminator="type")]


class Rounding(StrictModel):
    """How computed amounts (percentages, halves, hourly sums) are rounded. Table values stay as written."""

    unit: Literal["0.01", "0.05", "0.10", "0.50", "1.00"] = Field("0.01", description="Round to this EUR unit.")
    mode: Literal["half_up", "down", "up"] = Field("half_up", description="`half_up`: kaufmännisch.")
    paragraph: Paragraph | None = Field(None, description="Where the Satzung states its rounding, if it does.")


class Satzung(StrictModel):
    """One Elternbeitragssatzung of a Jugendamt for one validity period (``satzungen/<kommune>/*.yaml``).

    Only rules and numbers read in a listed source belong here; what the sources lack is listed under
    `notes` and left out, and the engine says so when a fee needs it.
    """

    title: str = Field(description="Full title of the Satzung, e.g. `Satzung über die Erhebung von …`.")
    jugendamt: str = Field(description="Name of the Jugendamt, e.g. `Stadt Köln`.")
    valid_from: date | None = Field(description="First day of validity; `null` when not known (open start).")
    valid_until: date | None = Field(None, description="Last day of validity; empty while in force.")
    sources: list[Source] = Field(min_length=1, description="Where the rules and numbers come from (at least one).")
    notes: list[str] = Field(
        default_factory=list, description="What the sources lack or leave uncertain; shown on the fee page."
    )
    income: IncomeRules | None = Field(
        None, description="Income rules; without them only a declared total income can be used."
    )
    age_groups: AgeGroups | None = Field(
        None, description="Age groups of the tables and when a child moves into the next one."
    )
    tables: list[FeeTable] = Field(
        default_factory=list, description="Fee tables, at most one per care type and purpose (fee, meal money)."
    )
    fee_free: FeeFree = Field(default_factory=FeeFree, description="Who pays no fee.")
    siblings: SiblingRules | None = Field(
        None,
        description="The sibling rule, or a list of rules each for its care types. Leave it out when not known: "
        "the engine then declines families where more than one child would pay. `shares: [100]` means every "
        "child pays in full.",
    )
    max_paid_fees: MaxPaidFees | None = Field(
        None,
        description="A cap on the number of fees a family pays, counted after the sibling reductions (e.g. "
        "only the two highest remaining fees across Kita and OGS).",
    )
    not_computed: list[NotComputed] = Field(
        default_factory=list,
        description="Cases the Jugendamt decides in the single case: the engine declines them with the "
        "entry's paragraph and text instead of computing a fee.",
    )
    alternating_residence: AlternatingResidence | None = Field(
        None, description="Wechselmodell: how the fee is set when the child lives with both parents in turn."
    )
    indexation: list[Indexation] = Field(
        default_factory=list, description="Dynamisierung or scaling of the tables over time, applied in this order."
    )
    rounding: Rounding = Field(
        default_factory=Rounding, description="How computed amounts are rounded (default: to the cent, half up)."
    )

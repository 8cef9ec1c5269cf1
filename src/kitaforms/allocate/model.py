"""The allocation files of a Kommune: criteria (``vergabe.yaml``) and places (``kapazitaeten.yaml``).

The criteria say how a facility ranks the children who wish for it: rules written in the expression
language over the answers of the registration form, compared in order (lexicographically) or summed
as points, facility-specific extras, the tie-break, whether siblings are kept together and how many
days a family has to answer an offer. The capacities say how many places each facility has per start
month, care type, age band and band of weekly hours.

These models are the single source of the editors' JSON Schemas and the reference docs;
:mod:`kitaforms.allocate.check` adds the checks a schema cannot express.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kitaforms.model.common import Expression, Identifier, StrictModel, Text
from kitaforms.model.kommune import CareType

OFFER_FORM = "platzangebot"
"""The NRW base form a family answers an offer with (``forms/nrw/platzangebot.yaml``, reached through the
offer's secret link): every Kommune with criteria gets it. Its field ``antwort`` says the answer."""
OFFER_ANSWER_FIELD = "antwort"
OFFER_ANSWERS = {"annehmen": "accepted", "ablehnen": "declined"}  # code of `antwort` → the offer's new status

FacilityId = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9_-]+$", description="A facility id from the Kommune's `einrichtungen.yaml`.",
          examples=["k-kita-01"]),
]
Month = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="A month as `YYYY-MM`, e.g. `2026-08`.", examples=["2026-08"]),
]
FieldName = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$",
        description="The dotted name of a field of the registration form, e.g. `umfang_kita_weitere`.",
        examples=["umfang_kita_weitere"],
    ),
]


# --- criteria (vergabe.yaml) -------------------------------------------------------------------------


class Rule(StrictModel):
    """One priority rule: a condition over the registration's answers that gives a child priority.

    Besides the form's fields (`kind.geburtsdatum`, `familiensituation`, `erwerb1.status` …) a condition
    may read the wish it is evaluated for: `wunsch.rang` (1 for the first wish), `wunsch.gruende` (the
    reasons the family gave for this wish, e.g. `geschwister`), and the facility: `einrichtung.id`,
    `einrichtung.traeger`, `einrichtung.plz`, `einrichtung.ort`. `heute()` is the day of the round.
    """

    id: Identifier = Field(
        description="Stable name of the rule; offers name the rule that gave the priority by it.", examples=["geschwister"]
    )
    label: Text = Field(
        description="What the rule means, as clerks and parents read it in the output.",
        examples=[{"de": "Ein Geschwisterkind besucht die Einrichtung", "en": "A sibling attends the facility"}],
    )
    condition: Expression = Field(
        description="When the rule holds, e.g. `familiensituation == \"ein_elternteil\"`; a missing answer "
        "makes it false.",
        examples=['"geschwister" in wunsch.gruende'],
    )
    points: int | None = Field(
        None, ge=-1000, le=1000, description="Points the rule gives when it holds (only with `method: points`).",
        examples=[10],
    )
    paragraph: str | None = Field(
        None, description="Where the rule stands in the Kommune's Richtlinie or Satzung, e.g. `Nr. 3.1`.",
        examples=["Nr. 3.1"],
    )


class FacilityRules(StrictModel):
    """Extras of one facility (e.g. a parish Kita that gives priority to its parish)."""

    facility: FacilityId = Field(description="The facility these extras are for.")
    rules: list[Rule] = Field(
        default_factory=list, description="Rules only this facility applies, besides the common ones."
    )
    order: list[Identifier] | None = Field(
        None,
        description="With `method: order`: the order in which this facility compares all its rules (every "
        "common rule and every own rule once). Without it the own rules come after the common ones.",
        examples=[["geschwister", "gemeinde", "rechtsanspruch"]],
    )


class TieBreak(StrictModel):
    """How children with equal priority are ordered."""

    method: Literal["received_at", "lottery"] = Field(
        description="`received_at`: the earlier registration first; `lottery`: a draw that anyone can repeat "
        "from the published `seed` (one number per child, the same at every facility).",
    )
    seed: str | None = Field(
        None, min_length=1, description="The published seed of the lottery, e.g. `koeln-2026-08-runde-1`.",
        examples=["koeln-2026-08-runde-1"],
    )


class Siblings(StrictModel):
    """Children of one family registered for the same round."""

    together: bool = Field(
        True,
        description="`true`: siblings get offers only together, in one facility all of them wished for; the "
        "family counts with the priority of its best-placed child.",
    )
    family: list[Expression] = Field(
        default_factory=lambda: ["person1.email"],
        description="Expressions whose values, all filled and equal, make registrations one family.",
        examples=[["person1.email"]],
    )
    split_if_needed: bool = Field(
        False,
        description="With `together`: siblings who cannot be placed together are afterwards placed one by one "
        "in the places that are left.",
    )


class Criteria(StrictModel):
    """`vergabe.yaml`: how a Kommune ranks the children who wish for a facility."""

    sample_data: bool = Field(description="True when the criteria are invented sample data, not the Kommune's own.")
    source: str = Field(
        description="Where the criteria come from (Richtlinie, Satzung, decision), or why they are sample data.",
        examples=["Richtlinie zur Vergabe der Kitaplätze, Stand 2025-11"],
    )
    form: Identifier = Field(
        "anmeldung", description="The registration form whose answers the rules read.", examples=["anmeldung"]
    )
    method: Literal["order", "points"] = Field(
        description="`order`: the first rule that tells two children apart decides (lexicographic); "
        "`points`: the sum of the points of the rules that hold decides.",
    )
    rules: list[Rule] = Field(description="The common rules of every facility, most important first.")
    facilities: list[FacilityRules] = Field(default_factory=list, description="Facility-specific extras.")
    tie_break: TieBreak = Field(description="How children with equal priority are ordered.")
    siblings: Siblings = Field(default_factory=Siblings, description="Siblings registered for the same round.")
    answer_days: int = Field(
        14, ge=1, le=90, description="Days a family has to accept an offer; afterwards the place goes to the next child.",
        examples=[14],
    )
    hours_alternatives: FieldName | None = Field(
        None,
        description="A field of the form with further weekly hours the family would accept, in order "
        "(Münster: `umfang_kita_weitere`). Without it only the booked hours are offered.",
    )


# --- capacities (kapazitaeten.yaml) ------------------------------------------------------------------


class AgeBand(StrictModel):
    """A band of ages at the start of care, in completed months (e.g. under 3, from 3)."""

    id: Identifier = Field(description="Name the rows of `places` use, e.g. `u3`.", examples=["u3"])
    label: Text = Field(description="What the band is, e.g. `unter 3 Jahre`.", examples=[{"de": "unter 3 Jahre", "en": "under 3"}])
    from_months: int = Field(0, ge=0, le=216, description="Youngest age in the band, in completed months.", examples=[36])
    below_months: int | None = Field(
        None, ge=1, le=216, description="Age in months from which a child is in the next band; empty for the last band.",
        examples=[36],
    )


class Places(StrictModel):
    """Free places of one facility for one start month, care type, age band and hours band."""

    facility: FacilityId = Field(description="The facility, by its id in the catalogue.")
    start: Month = Field(description="The month the places are free from; children who want to start then fit.")
    care_type: CareType | None = Field(
        None, description="Care type of the places; may be left out when the facility offers only one."
    )
    age_band: Identifier = Field(description="The age band of the places (one of `age_bands`).", examples=["u3"])
    hours: int | None = Field(
        None, description="The hours band of the places (one of `hours_bands`); empty: any weekly hours.", examples=[45]
    )
    places: int = Field(ge=0, le=10000, description="How many places are free.", examples=[4])


class Capacities(StrictModel):
    """`kapazitaeten.yaml`: the free places of the Kommune's facilities for the allocation."""

    sample_data: bool = Field(description="True when the numbers are invented sample data.")
    source: str = Field(description="Where the numbers come from (e.g. the Träger's reports), or why they are sample data.")
    age_bands: list[AgeBand] = Field(min_length=1, description="The age bands, youngest first.")
    hours_bands: list[int] = Field(
        default_factory=lambda: [25, 35, 45],
        description="Upper bounds (inclusive) of the bands of weekly hours, ascending (KiBiz: 25, 35, 45).",
        examples=[[25, 35, 45]],
    )
    places: list[Places] = Field(description="The free places, one row per facility, month, age band and hours band.")

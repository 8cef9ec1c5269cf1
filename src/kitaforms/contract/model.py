"""``forms/<kommune>/vertrag.yaml``: the care contract (Betreuungsvertrag) of a Kommune and its Träger.

The file holds the texts of the contract a family concludes for an accepted offer: its title, an
introduction and its sections (``§ 1 …``), each a text of the definition language (German, and
English where the Kommune offers the contract in English) with placeholders in braces that take the
child's, the parents' and the place's data (:data:`PLACEHOLDERS`: ``{kind.vorname}``,
``{platz.beginn}`` …). It also says how the contract is concluded (``signature``): ``online`` — the
parents accept it through the link of their offer (their consent is recorded with the time, the
reference and the sha256 of the document); ``handwritten`` or ``eid`` — the document says so and the
contract waits for the signature. A Träger with its own contract gets an entry under ``traeger``
(by the name its facilities carry in ``einrichtungen.yaml``); what it leaves out is the Kommune's.

These models are the single source of the editors' JSON Schema and the reference docs;
:mod:`kitaforms.contract.check` adds the checks a schema cannot express.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kitaforms.model.common import Identifier, StrictModel, Text

Signature = Literal["online", "handwritten", "eid"]
ONLINE = "online"

# Placeholder → what it stands for (the reference docs list them; kitaforms.contract.fill fills them).
PLACEHOLDERS: dict[str, str] = {
    "kind.vorname": "the child's first name(s)",
    "kind.nachname": "the child's surname",
    "kind.name": "the child's first name(s) and surname",
    "kind.geburtsdatum": "the child's date of birth (`1. März 2024`)",
    "kind.anschrift": "the child's address (street, postcode and town)",
    "eltern": "the names of the parents who registered the child (`Anna Muster und Ben Muster`)",
    "person1.name": "the name of person 1 of the registration",
    "person2.name": "the name of person 2 of the registration (empty when there is none)",
    "eltern.anschrift": "the address of person 1 (the child's when person 1 lives with the child)",
    "einrichtung.name": "the facility's name",
    "einrichtung.anschrift": "the facility's address",
    "traeger": "the facility's operator (Träger), the other party of the contract",
    "platz.beginn": "the first day of care (`1. August 2026`)",
    "platz.betreuungsart": "the care type (`Kindertageseinrichtung (Kita)`)",
    "platz.stunden": "the weekly hours of the place (`35`)",
    "angebot.nummer": "the offer's id (`PA-1-7K3F-9QXD`), which is also the contract's number",
    "anmeldung.vorgang": "the reference of the registration (`KF-7H3K-9QXD-2M4P`)",
    "kommune.name": "the Kommune's name (`Stadt Köln`)",
    "jugendamt.name": "the Jugendamt's name from `kommune.yaml`",
    "vertrag.datum": "the day the contract document is made",
}


class Section(StrictModel):
    """One part of the contract: a heading and its text."""

    id: Identifier = Field(description="Stable name of the section, e.g. `gegenstand`.", examples=["gegenstand"])
    title: Text = Field(
        description="The heading, e.g. `§ 1 Gegenstand des Vertrags`.",
        examples=[{"de": "§ 1 Gegenstand des Vertrags", "en": "§ 1 Subject of the contract"}],
    )
    text: Text = Field(
        description="The text; a blank line starts a new paragraph. Placeholders in braces take the data of the "
        "offer, e.g. `{kind.name}` or `{platz.beginn}` (every placeholder: reference docs); `{{` and `}}` "
        "write a brace.",
        examples=[{"de": "{traeger} nimmt {kind.name} ab dem {platz.beginn} in die Einrichtung "
                         "{einrichtung.name} auf."}],
    )


class TraegerContract(StrictModel):
    """The own contract of one or more Träger; what it leaves out is taken from the Kommune's contract."""

    traeger: list[str] = Field(
        min_length=1,
        description="The Träger, by the name their facilities carry under `traeger` in `einrichtungen.yaml`.",
        examples=[["Evangelischer Kirchenverband Köln und Region"]],
    )
    title: Text | None = Field(None, description="The contract's title; default: the Kommune's.",
                               examples=[{"de": "Betreuungsvertrag der Kita", "en": "Care contract of the Kita"}])
    intro: Text | None = Field(None, description="The introduction; default: the Kommune's.",
                               examples=[{"de": "Zwischen {traeger} und {eltern} wird folgender Vertrag geschlossen."}])
    sections: list[Section] | None = Field(None, description="The sections; default: the Kommune's.")
    signature: Signature | None = Field(None, description="How the contract is concluded; default: the Kommune's.",
                                        examples=["handwritten"])
    signature_note: Text | None = Field(
        None, description="What the parents do to sign (where to send the signed copy, which eID service); "
        "default: the Kommune's.",
        examples=[{"de": "Bitte geben Sie den unterschriebenen Vertrag in der Einrichtung ab."}],
    )


class ContractFile(StrictModel):
    """`vertrag.yaml`: the care contract a family concludes for an accepted offer of a place."""

    sample_data: bool = Field(description="True when the texts are invented sample texts, not a real contract.")
    source: str = Field(
        description="Where the texts come from (the Kommune's or Träger's contract, its date), or why they are "
        "sample texts.",
        examples=["Betreuungsvertrag der städtischen Kitas, Stand 2025-11"],
    )
    title: Text = Field(
        description="The contract's title.", examples=[{"de": "Betreuungsvertrag", "en": "Care contract"}],
    )
    intro: Text | None = Field(
        None, description="Text before the sections, e.g. who concludes the contract with whom.",
        examples=[{"de": "Zwischen {traeger} und {eltern} wird folgender Vertrag geschlossen."}],
    )
    sections: list[Section] = Field(min_length=1, description="The sections of the contract, in order.")
    signature: Signature = Field(
        ONLINE,
        description="How the contract is concluded: `online` — the parents accept it through the link of their "
        "offer (kept: time, reference, sha256 of the document); `handwritten` — printed and signed by hand; "
        "`eid` — signed with the online ID function (eID) or a qualified electronic signature. With "
        "`handwritten` and `eid` the document says so and the contract stays `awaiting_signature`.",
    )
    signature_note: Text | None = Field(
        None,
        description="What the parents do to sign (where to send the signed copy, which eID service); shown in "
        "the document and on the offer page.",
        examples=[{"de": "Bitte senden Sie den unterschriebenen Vertrag an die Einrichtung."}],
    )
    traeger: list[TraegerContract] = Field(
        default_factory=list, description="Träger with their own contract (texts or way of signing).",
        examples=[[{"traeger": ["Evangelische Kirchengemeinde"], "signature": "handwritten"}]],
    )

"""A Kommune (Jugendamt): contacts, theme and its facility catalogue."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kitaforms.model.common import Identifier, StrictModel, Text

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#005ca9"])]
PostalCode = Annotated[str, Field(pattern=r"^\d{5}$")]
CareType = Literal["kita", "tagespflege", "ogs", "hort"]


class Address(StrictModel):
    street: str = Field(description="Street and house number.")
    postal_code: PostalCode
    city: str


class Contact(StrictModel):
    name: str
    address: Address | None = None
    phone: str | None = None
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    website: str | None = Field(None, pattern=r"^https://")


class Theme(StrictModel):
    """Colours of the Kommune's assistant; text must keep a contrast of at least 4.5:1."""

    primary: Colour = "#005ca9"
    primary_text: Colour = "#ffffff"
    accent: Colour = "#1d70b8"
    logo_text: str | None = Field(None, description="Short name shown in the header.")


class Kommune(StrictModel):
    """`kommune.yaml`: who runs the Jugendamt and how to reach them."""

    id: Identifier
    name: str = Field(description="Official name, e.g. `Stadt Köln`.")
    ags: Annotated[str, Field(pattern=r"^\d{8}$", description="Amtlicher Gemeindeschlüssel (8 digits).")]
    jugendamt: Contact
    datenschutz: Contact = Field(description="Data-protection officer (DSGVO Art. 13).")
    barrierefreiheit: Contact | None = Field(
        None, description="Feedback contact for the accessibility statement; defaults to the Jugendamt."
    )
    theme: Theme = Field(default_factory=Theme)
    forms: list[Identifier] = Field(
        default_factory=lambda: ["anmeldung", "einkommen", "beitragsbefreiung"],
        description="The NRW base forms this Kommune offers.",
    )
    leichte_sprache: Text | None = Field(None, description="Short explanation in Leichte Sprache.")


class Facility(StrictModel):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")]
    name: str
    traeger: str = Field(description="Operator (Träger) of the facility.")
    address: Address
    care_types: list[CareType] = Field(min_length=1)
    age_from_months: int = Field(ge=0, le=216)
    age_to_months: int = Field(ge=1, le=216)
    weekly_hours: list[int] = Field(default_factory=list, description="Weekly hours offered, e.g. [25, 35, 45].")


class FacilityCatalogue(StrictModel):
    """`einrichtungen.yaml`: the facilities citizens can wish for."""

    sample_data: bool = Field(description="True when the entries are invented sample data.")
    source: str = Field(description="Where the data comes from, or why it is sample data.")
    facilities: list[Facility] = Field(min_length=1)

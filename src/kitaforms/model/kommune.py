"""A Kommune (Jugendamt): contacts, theme, the towns it serves and its facility catalogue."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from kitaforms.model.common import Identifier, StrictModel, Text

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#005ca9"])]
PostalCode = Annotated[str, Field(pattern=r"^\d{5}$")]
AGS = Annotated[str, Field(pattern=r"^\d{8}$")]
CareType = Literal["kita", "tagespflege", "ogs", "hort"]


class Address(StrictModel):
    street: str = Field(description="Street and house number.")
    postal_code: PostalCode = Field(description="Five-digit German postal code, in quotes (`\"50667\"`).")
    city: str = Field(description="Town or city, e.g. `Köln`.")


class Contact(StrictModel):
    name: str = Field(description="Name of the office or person, as citizens should read it.")
    address: Address | None = Field(None, description="Postal address.")
    phone: str | None = Field(None, description="Phone number as it should be shown, e.g. `0221 221-0`.")
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", description="E-mail address.")
    website: str | None = Field(None, pattern=r"^https://", description="Web page (https only).")


class Theme(StrictModel):
    """Colours of the Kommune's assistant; text must keep a contrast of at least 4.5:1."""

    primary: Colour = Field("#005ca9", description="Main colour (header, buttons), `#rrggbb`.")
    primary_text: Colour = Field("#ffffff", description="Text colour on the main colour; contrast at least 4.5:1.")
    accent: Colour = Field("#1d70b8", description="Colour of links and focus marks; contrast at least 4.5:1 on white.")
    logo_text: str | None = Field(None, description="Short name shown in the header.")


class Bescheid(StrictModel):
    """The Jugendamt's fixed texts of its fee notices (vorläufiger and endgültiger Bescheid, `kitaforms bescheid`)."""

    rechtsbehelfsbelehrung: Text = Field(
        examples=[{"de": "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim "
                         "Verwaltungsgericht … erhoben werden.",
                   "en": "Within one month of notification, an action against this notice may be brought before "
                         "the administrative court …"}],
        description="The Rechtsbehelfsbelehrung printed at the end of every fee notice (Widerspruch or Klage, "
        "deadline, where to file), German and English, exactly as the Jugendamt's legal office worded it.",
    )
    aktenzeichen_muster: str = Field(
        "{kommune}/{jahr}/{referenz}", pattern=r"^[^{}]*(\{(kommune|jahr|referenz)\}[^{}]*)+$",
        examples=["51-EB/{jahr}/{referenz}"],
        description="How a notice's file number (Aktenzeichen) is made: `{kommune}` (the Kommune's id), `{jahr}` "
        "(the year the notice is issued), `{referenz}` (the submission's reference) in your own frame.",
    )
    unterschrift: str = Field(
        examples=["Im Auftrag, Amt für Kinder, Jugend und Familie"],
        description="The signature block under the notice, e.g. `Im Auftrag\\nAmt für Kinder, Jugend und Familie`; "
        "line breaks as `\\n`. Notices made by machine carry no handwritten signature (§ 37 Abs. 5 VwVfG NRW).",
    )
    kontakt: Contact | None = Field(None, description="Who answers questions about the notice; defaults to the Jugendamt.")


class Gemeinde(StrictModel):
    """A town (Gemeinde) and its postcodes."""

    ags: AGS = Field(description="Amtlicher Gemeindeschlüssel of the town, 8 digits in quotes (`\"05974052\"`).")
    name: str = Field(min_length=1, description="The town's name as parents write it, e.g. `Werl`.")
    postleitzahlen: list[PostalCode] = Field(
        min_length=1, description="Every postcode of the town, 5 digits each in quotes; a postcode several towns share "
        "is listed with each of them (the Zuständigkeitsfinder then asks for the town).",
    )


class EigenesJugendamt(Gemeinde):
    """A town inside the Kommune's area that has its own Jugendamt: the Kommune does not serve it."""

    jugendamt: str = Field(
        min_length=1, description="Who is responsible instead, as parents should read it, e.g. `Jugendamt der Stadt "
        "Lippstadt`. Only a name: the finder shows no contact details that are not on this portal.",
    )
    kommune: Identifier | None = Field(
        None, description="That Jugendamt's Kommune id, when it is on this portal too (the finder links to it).",
    )


class Nachbarort(StrictModel):
    """A town outside the Kommune's area that shares one of its postcodes."""

    name: str = Field(min_length=1, description="The town's name, e.g. `Bergisch Gladbach`.")
    postleitzahlen: list[PostalCode] = Field(min_length=1, description="The shared postcodes.")


class Zustaendigkeit(StrictModel):
    """Where the Jugendamt is responsible, for the Zuständigkeitsfinder on the portal's entry page (`/`)."""

    quelle: str = Field(
        min_length=1, description="Where the towns, AGS and postcodes come from: data source, version, licence "
        "(e.g. written by `tools/zustaendigkeit.py`).",
    )
    beispieldaten: bool = Field(
        False, description="True while the assignment is not verified by the Kommune: the finder says so next to "
        "every answer it gives from this declaration.",
    )
    hinweis: Text | None = Field(
        None, description="What is not verified, shown with the answer (e.g. which towns have their own Jugendamt).",
    )
    gemeinden: list[Gemeinde] = Field(min_length=1, description="The towns this Jugendamt serves.")
    eigene_jugendaemter: list[EigenesJugendamt] = Field(
        default_factory=list, description="Towns inside the Kommune (a Kreis) with their own Jugendamt.",
    )
    nachbarorte: list[Nachbarort] = Field(
        default_factory=list, description="Towns outside the area that share a postcode with one of its towns.",
    )


class Kommune(StrictModel):
    """`kommune.yaml`: who runs the Jugendamt and how to reach them."""

    id: Identifier
    name: str = Field(description="Official name, e.g. `Stadt Köln`.")
    ags: Annotated[str, Field(pattern=r"^\d{8}$", description="Amtlicher Gemeindeschlüssel (8 digits).")]
    jugendamt: Contact = Field(description="The Jugendamt citizens contact about the forms.")
    datenschutz: Contact = Field(description="Data-protection officer (DSGVO Art. 13).")
    barrierefreiheit: Contact | None = Field(
        None, description="Feedback contact for the accessibility statement; defaults to the Jugendamt."
    )
    barrierefreiheit_stand: date | None = Field(
        None,
        description="Date the accessibility statement was made or last reviewed (its `Stand`); review at "
        "least once a year and after every change of the forms.",
    )
    theme: Theme = Field(default_factory=Theme, description="Colours of the Kommune's assistant.")
    forms: list[Identifier] = Field(
        default_factory=lambda: ["anmeldung", "einkommen", "beitragsbefreiung"],
        description="The NRW base forms this Kommune offers.",
    )
    leichte_sprache: Text | None = Field(None, description="Short explanation in Leichte Sprache.")
    aufbewahrung_tage: int | None = Field(
        None, ge=1, le=3650, examples=[90],
        description="Retention on the form server: days a submission is kept after the back office retrieved it "
        "(status `retrieved`, `accepted` or `rejected`); then the server deletes it with its files. A submission "
        "that was never retrieved is never deleted. Default: 30 days (`kitaforms.serve.retention.DEFAULT_DAYS`); "
        "set it to what your deletion concept (Löschkonzept) says. Changing it needs no new form version.",
    )
    bescheid: Bescheid | None = Field(
        None, description="Fixed texts of the fee notices (Rechtsbehelfsbelehrung, file number, signature). "
        "Without them `kitaforms bescheid` prints clearly marked sample texts (Beispieltext) that must not be sent.",
    )
    zustaendigkeit: Zustaendigkeit | None = Field(
        None, description="The towns (AGS, name, postcodes) this Jugendamt serves, and those of its area it does not; "
        "the portal's Zuständigkeitsfinder leads parents here with it. Not part of the forms: changing it needs no new "
        "form version.",
    )


class Facility(StrictModel):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")] = Field(description="Stable id of the facility, e.g. `k-kita-01`; stored in submissions.")
    name: str = Field(description="Name of the facility as citizens know it.")
    traeger: str = Field(description="Operator (Träger) of the facility.")
    address: Address = Field(description="Where the facility is.")
    district: str | None = Field(
        None, description="The district (Stadtteil or Stadtbezirk) parents search by, e.g. `Ehrenfeld`.",
    )
    care_types: list[CareType] = Field(min_length=1, description="Care it offers: `kita`, `tagespflege`, `ogs`, `hort`.")
    age_from_months: int = Field(ge=0, le=216, description="Youngest age of the children it takes, in months.")
    age_to_months: int = Field(ge=1, le=216, description="Age in months from which children no longer attend.")
    weekly_hours: list[int] = Field(default_factory=list, description="Weekly hours offered, e.g. [25, 35, 45].")


class FacilityCatalogue(StrictModel):
    """`einrichtungen.yaml`: the facilities citizens can wish for."""

    sample_data: bool = Field(description="True when the entries are invented sample data.")
    source: str = Field(description="Where the data comes from, or why it is sample data.")
    facilities: list[Facility] = Field(min_length=1, description="The facilities, one entry each.")

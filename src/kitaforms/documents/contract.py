"""The care contract (Betreuungsvertrag) as PDF/UA, from its data (:func:`kitaforms.contract.document.contract_data`).

The words of the document's frame are :data:`LABELS` (German and English); the contract's own texts come from
the Kommune's or Träger's ``vertrag.yaml``, already filled in. The theme's ``documents/vertrag.html`` lays
them out; :func:`kitaforms.documents.html_to_pdf` prints them. How the contract is concluded is said in the
document itself: accepted online through the offer's link, or to be signed by hand or with the eID.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kitaforms.documents.pdf import html_to_pdf

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "sample": "Beispieltext: Dieser Vertrag enthält Beispieltexte und Beispieldaten. Er darf so nicht "
                  "geschlossen werden.",
        "number": "Vertragsnummer (Platzangebot)", "reference": "Vorgangsnummer der Anmeldung", "issued": "Erstellt am",
        "parties": "Vertragspartner", "traeger": "Träger", "parents": "Personensorgeberechtigte",
        "child": "Kind", "name": "Name", "born": "Geburtsdatum", "address": "Anschrift",
        "place": "Betreuungsplatz", "facility": "Einrichtung", "care": "Betreuungsart", "start": "Beginn der Betreuung",
        "hours": "Wochenstunden", "conclusion": "Abschluss des Vertrags",
        "online": "Dieser Vertrag wird online geschlossen: Die Personensorgeberechtigten stimmen ihm über den Link "
                  "ihres Platzangebots zu. Gespeichert werden der Zeitpunkt der Zustimmung, die Vertragsnummer und "
                  "die Prüfsumme (SHA-256) genau dieses Dokuments. Eine Unterschrift ist nicht nötig.",
        "handwritten": "Dieser Vertrag muss handschriftlich unterschrieben werden. Er ist erst geschlossen, wenn "
                       "er von den Personensorgeberechtigten und vom Träger unterschrieben ist; eine Zustimmung "
                       "über das Internet genügt nicht.",
        "eid": "Dieser Vertrag muss elektronisch unterschrieben werden: mit der Online-Ausweisfunktion (eID) oder "
               "einer qualifizierten elektronischen Signatur. Er ist erst mit dieser Unterschrift geschlossen; eine "
               "Zustimmung über das Internet genügt nicht.",
        "place_date": "Ort, Datum", "signature_parents": "Unterschrift der Personensorgeberechtigten",
        "signature_traeger": "Unterschrift des Trägers",
    },
    "en": {
        "sample": "Beispieltext (sample text): this contract contains sample texts and sample data. It must not be "
                  "concluded as it is.",
        "number": "Contract number (offer)", "reference": "Reference of the registration", "issued": "Made on",
        "parties": "Parties", "traeger": "Operator (Träger)", "parents": "Persons with parental responsibility",
        "child": "Child", "name": "Name", "born": "Date of birth", "address": "Address",
        "place": "Place", "facility": "Facility", "care": "Type of care", "start": "Start of care",
        "hours": "Hours a week", "conclusion": "Concluding the contract",
        "online": "This contract is concluded online: the persons with parental responsibility consent to it "
                  "through the link of their offer. Kept are the time of the consent, the contract number and the "
                  "checksum (SHA-256) of exactly this document. No signature is needed.",
        "handwritten": "This contract must be signed by hand. It is concluded only when the persons with parental "
                       "responsibility and the operator have signed it; consenting on the internet is not enough.",
        "eid": "This contract must be signed electronically: with the online ID function (eID) or a qualified "
               "electronic signature. It is concluded only with this signature; consenting on the internet is not "
               "enough.",
        "place_date": "Place, date", "signature_parents": "Signature of the persons with parental responsibility",
        "signature_traeger": "Signature of the operator",
    },
}


def contract_pdf(contract: Mapping[str, Any]) -> bytes:
    """The PDF/UA of a contract (its language is the contract's ``lang``)."""
    from kitaforms.render._receipt import document_css

    return html_to_pdf(contract_html(contract), [document_css()])


def contract_html(contract: Mapping[str, Any]) -> str:
    from kitaforms.render._theme import environment

    lang = contract["lang"] if contract.get("lang") in LABELS else "de"
    t = LABELS[lang]
    return environment(lang).get_template("documents/vertrag.html").render(
        lang=lang, c=contract, t=t, issued=_day(contract["issued"], lang), conclusion=t[contract["signature"]],
        signed_by_hand=contract["signature"] == "handwritten",
    )


def _day(text: str, lang: str) -> str:
    year, month, day = text.split("-")
    return f"{day}.{month}.{year}" if lang == "de" else text

"""Codes for the care contract of a Kommune: ``forms/<kommune>/vertrag.yaml``.

VERTRAG_001-003 come from the schema (pydantic); the others from :mod:`kitaforms.contract.check`.
"""

from kitaforms.errors._types import ErrorCode, Severity

E, W = Severity.ERROR, Severity.WARNING

_SECTION = "sections:\n  - id: gegenstand\n    title: § 1 Gegenstand\n"

CODES = [
    ErrorCode(
        "VERTRAG_001", E, "Unknown key",
        "The key is not part of the contract file at this place. Often a typo; the hint suggests the closest "
        "allowed key. `kitaforms schema` writes the JSON Schema your editor uses for autocompletion.",
        wrong="signatur: handwritten\n",
        fixed="signature: handwritten\n",
    ),
    ErrorCode(
        "VERTRAG_002", E, "Required key missing",
        "A contract file needs `sample_data`, `source`, `title` and `sections`; every section needs `id`, "
        "`title` and `text`; every entry under `traeger` needs the Träger's names.",
        wrong=_SECTION,
        fixed=_SECTION + "    text: '{traeger} nimmt {kind.name} ab dem {platz.beginn} auf.'\n",
    ),
    ErrorCode(
        "VERTRAG_003", E, "Wrong value",
        "The value has the wrong type or is not one of the allowed values, e.g. a way of signing other than "
        "`online`, `handwritten` or `eid`.",
        wrong="signature: paper\n",
        fixed="signature: handwritten\n",
    ),
    ErrorCode(
        "VERTRAG_004", E, "Unknown placeholder",
        "A text names a placeholder in braces that the contract cannot fill. The placeholders are the child's, "
        "the parents' and the place's data listed in the reference docs (`{kind.name}`, `{platz.beginn}`, "
        "`{einrichtung.name}` …); write `{{` and `}}` for a brace itself.",
        wrong="text: '{kind.vornamen} wird ab dem {platz.beginn} betreut.'\n",
        fixed="text: '{kind.vorname} wird ab dem {platz.beginn} betreut.'\n",
    ),
    ErrorCode(
        "VERTRAG_005", E, "Brace without its pair",
        "A placeholder starts with `{` and ends with `}`. A brace without its pair is a typo, or a brace meant as "
        "text: write it twice (`{{`, `}}`).",
        wrong="text: 'Beginn: {platz.beginn'\n",
        fixed="text: 'Beginn: {platz.beginn}'\n",
    ),
    ErrorCode(
        "VERTRAG_006", E, "Unknown Träger",
        "An entry under `traeger` names a Träger that no facility of the Kommune's catalogue "
        "(`einrichtungen.yaml`, key `traeger`) has, or one that another entry names already. The contract of a "
        "facility is chosen by its Träger's name exactly as the catalogue writes it.",
        wrong="traeger:\n  - traeger: [Ev. Kirchenverband]\n    signature: handwritten\n",
        fixed="traeger:\n  - traeger: [Evangelischer Kirchenverband Köln und Region]\n    signature: handwritten\n",
    ),
    ErrorCode(
        "VERTRAG_007", E, "Duplicate section id",
        "Two sections of one contract share an id. Each section needs its own.",
        wrong=_SECTION + "    text: …\n  - id: gegenstand\n    title: § 2 Beginn\n    text: …\n",
        fixed=_SECTION + "    text: …\n  - id: beginn\n    title: § 2 Beginn\n    text: …\n",
    ),
    ErrorCode(
        "VERTRAG_008", E, "Text without German",
        "Every text of the contract needs its German wording (`de`): the contract is made in German, and in "
        "another language only where every text has it.",
        wrong="title: {en: Care contract}\n",
        fixed="title: {de: Betreuungsvertrag, en: Care contract}\n",
    ),
    ErrorCode(
        "VERTRAG_009", W, "Contract without offers",
        "The Kommune has a contract but no allocation criteria (`vergabe.yaml`): contracts are made for "
        "accepted offers, and without criteria no offer is ever made.",
        wrong="# forms/musterstadt/: kommune.yaml, vertrag.yaml\n",
        fixed="# forms/musterstadt/: kommune.yaml, vergabe.yaml, kapazitaeten.yaml, vertrag.yaml\n",
    ),
]

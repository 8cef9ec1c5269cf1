"""The built-in messages of submission checks, in every language the assistants offer.

The browser runtime receives the same table (as JSON in the page), so the citizen reads the same
sentence whether JavaScript caught the mistake or the server did. ``{label}``, ``{limit}`` are
filled in by both.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "required": {"de": "Bitte füllen Sie „{label}“ aus.", "en": "Please fill in “{label}”."},
    "required_choice": {"de": "Bitte wählen Sie bei „{label}“ eine Antwort aus.", "en": "Please choose an answer for “{label}”."},
    "required_declaration": {"de": "Bitte bestätigen Sie: „{label}“.", "en": "Please confirm: “{label}”."},
    "required_file": {"de": "Bitte wählen Sie bei „{label}“ eine Datei aus.", "en": "Please choose a file for “{label}”."},
    "invalid_date": {"de": "„{label}“ muss ein gültiges Datum sein, z. B. 27.03.2024.", "en": "“{label}” must be a real date, for example 27 03 2024."},
    "invalid_month": {"de": "„{label}“ muss Monat und Jahr enthalten, z. B. 08 2026.", "en": "“{label}” must include a month and year, for example 08 2026."},
    "invalid_number": {"de": "„{label}“ muss eine Zahl sein.", "en": "“{label}” must be a number."},
    "invalid_integer": {"de": "„{label}“ muss eine ganze Zahl sein.", "en": "“{label}” must be a whole number."},
    "invalid_money": {"de": "„{label}“ muss ein Betrag in Euro sein, z. B. 1250,50.", "en": "“{label}” must be an amount in euros, for example 1250.50."},
    "too_small": {"de": "„{label}“ muss mindestens {limit} sein.", "en": "“{label}” must be {limit} or more."},
    "too_large": {"de": "„{label}“ darf höchstens {limit} sein.", "en": "“{label}” must be {limit} or less."},
    "too_short": {"de": "„{label}“ muss mindestens {limit} Zeichen haben.", "en": "“{label}” must be at least {limit} characters."},
    "invalid_characters": {"de": "„{label}“ enthält Steuerzeichen für die Schreibrichtung. Bitte geben Sie den Text ohne sie ein.", "en": "“{label}” contains text-direction control characters. Please enter it without them."},
    "too_long": {"de": "„{label}“ darf höchstens {limit} Zeichen haben.", "en": "“{label}” must be {limit} characters or fewer."},
    "invalid_pattern": {"de": "„{label}“ hat nicht das erwartete Format.", "en": "“{label}” is not in the expected format."},
    "invalid_email": {"de": "Bitte geben Sie bei „{label}“ eine E-Mail-Adresse wie name@beispiel.de an.", "en": "Enter an email address in the correct format, like name@example.com, for “{label}”."},
    "invalid_tel": {"de": "Bitte geben Sie bei „{label}“ eine Telefonnummer an, z. B. 0221 12345678.", "en": "Enter a telephone number, like 0221 12345678, for “{label}”."},
    "invalid_postal_code": {"de": "„{label}“ muss eine Postleitzahl mit 5 Ziffern sein.", "en": "“{label}” must be a 5-digit postal code."},
    "invalid_iban": {"de": "„{label}“ ist keine gültige IBAN eines Kontos im SEPA-Raum. Bitte prüfen Sie die Eingabe.", "en": "“{label}” is not a valid IBAN of an account in the SEPA area. Please check it."},
    "invalid_choice": {"de": "Die Auswahl bei „{label}“ ist nicht zulässig.", "en": "The choice for “{label}” is not allowed."},
    "facility_care_type": {"de": "„{name}“ passt nicht zur gewählten Betreuungsart „{care}“. Bitte wählen Sie bei „{label}“ eine andere Einrichtung.", "en": "“{name}” does not offer the type of care you chose, “{care}”. Please choose another facility for “{label}”."},
    "facility_age": {"de": "„{name}“ betreut Kinder im Alter von {von} bis unter {bis}. Ihr Kind ist zum Beginn {alter} alt. Bitte wählen Sie bei „{label}“ eine andere Einrichtung.", "en": "“{name}” cares for children aged {von} to under {bis}. Your child will be {alter} old at the start. Please choose another facility for “{label}”."},
    "facility_hours": {"de": "„{name}“ bietet {angebot} Stunden pro Woche an, nicht {stunden}. Bitte wählen Sie bei „{label}“ eine andere Einrichtung oder einen anderen Betreuungsumfang.", "en": "“{name}” offers {angebot} hours a week, not {stunden}. Please choose another facility for “{label}” or other weekly hours."},
    "too_few_items": {"de": "Bitte wählen oder ergänzen Sie bei „{label}“ mindestens {limit}.", "en": "Choose or add at least {limit} for “{label}”."},
    "too_many_items": {"de": "Bei „{label}“ sind höchstens {limit} möglich.", "en": "At most {limit} are possible for “{label}”."},
    "duplicate_pick": {"de": "Jede Auswahl bei „{label}“ darf nur einmal vorkommen.", "en": "Each choice for “{label}” may appear only once."},
    "invalid_file_type": {"de": "Die Datei bei „{label}“ hat einen nicht erlaubten Typ.", "en": "The file for “{label}” is of a type that is not allowed."},
    "file_too_large": {"de": "Die Datei bei „{label}“ ist größer als {limit} MB.", "en": "The file for “{label}” is larger than {limit} MB."},
    "file_not_sent": {"de": "Die Datei bei „{label}“ ist nicht angekommen. Bitte wählen Sie sie noch einmal aus und senden Sie erneut.", "en": "The file for “{label}” did not arrive. Please choose it again and send the form again."},
    "unknown_field": {"de": "Die Angabe „{label}“ gehört nicht zu diesem Formular.", "en": "“{label}” is not part of this form."},
    "invalid_value": {"de": "Die Angabe bei „{label}“ hat den falschen Typ.", "en": "The answer for “{label}” has the wrong type."},
}


def message(code: str, label: dict[str, str], per_language: dict[str, dict[str, str]] | None = None,
            **values: object) -> dict[str, str]:
    """The message ``code`` in every language, with the field's label in that language (and ``per_language``
    values, such as an age written in that language)."""
    texts = MESSAGES[code]
    return {lang: text.format(label=label.get(lang) or label.get("de", ""), **values, **(per_language or {}).get(lang, {}))
            for lang, text in texts.items()}

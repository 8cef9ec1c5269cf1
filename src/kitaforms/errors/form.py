"""Codes for form definitions, overlays, Kommune files and facility catalogues."""

from kitaforms.errors._types import ErrorCode, Severity

E = Severity.ERROR
W = Severity.WARNING

CODES = [
    ErrorCode(
        "FORM_001", E, "Unknown key",
        "The key is not part of the definition language at this place. Often a typo; the hint suggests "
        "the closest allowed key.",
        wrong="- id: vorname\n  type: text\n  lable: {de: Vorname, en: First name}\n",
        fixed="- id: vorname\n  type: text\n  label: {de: Vorname, en: First name}\n",
    ),
    ErrorCode(
        "FORM_002", E, "Required key missing",
        "Every element needs at least `id`, `type` and `label`; forms need `id`, `version`, `title` and `steps`.",
        wrong="- id: vorname\n  type: text\n",
        fixed="- id: vorname\n  type: text\n  label: {de: Vorname, en: First name}\n",
    ),
    ErrorCode(
        "FORM_003", E, "Wrong value",
        "The value has the wrong type or format for this key (e.g. text where a number is expected, an id "
        "with capital letters, a version that is not MAJOR.MINOR.PATCH).",
        wrong="- id: Vorname\n  type: text\n  label: {de: Vorname, en: First name}\n",
        fixed="- id: vorname\n  type: text\n  label: {de: Vorname, en: First name}\n",
    ),
    ErrorCode(
        "FORM_004", E, "Duplicate id",
        "Two elements in the same group (or two steps) share an id. Ids become the keys of submitted data, "
        "so they must be unique within their group.",
        wrong="- id: name\n  type: text\n  label: Name\n- id: name\n  type: text\n  label: Vorname\n",
        fixed="- id: nachname\n  type: text\n  label: Name\n- id: vorname\n  type: text\n  label: Vorname\n",
    ),
    ErrorCode(
        "FORM_005", E, "Unknown element type",
        "`type` names an element type that does not exist.",
        wrong="- id: beginn\n  type: datum\n  label: Beginn\n",
        fixed="- id: beginn\n  type: date\n  label: Beginn\n",
    ),
    ErrorCode(
        "FORM_006", E, "German text missing",
        "Every text shown to citizens needs a German version (`de`); it is the legally binding language.",
        wrong="label: {en: First name}\n",
        fixed="label: {de: Vorname, en: First name}\n",
    ),
    ErrorCode(
        "FORM_007", W, "Translation missing",
        "A language the form declares under `languages` (English by default) has no text here; citizens "
        "using that language would see German.",
        wrong="label: {de: Vorname}\n",
        fixed="label: {de: Vorname, en: First name}\n",
    ),
    ErrorCode(
        "FORM_008", E, "Unknown code list",
        "A choice field names a code list that neither the form nor the shared NRW code lists define.",
        wrong="- id: sorgerecht\n  type: choice\n  code_list: sorgerechte\n  label: Sorgerecht\n",
        fixed="- id: sorgerecht\n  type: choice\n  code_list: sorgerecht\n  label: Sorgerecht\n",
    ),
    ErrorCode(
        "FORM_009", E, "Duplicate code",
        "A code list contains the same code twice, so submissions could not tell the options apart.",
        wrong="sorgerecht:\n  - {code: gemeinsam, label: Gemeinsam}\n  - {code: gemeinsam, label: Allein}\n",
        fixed="sorgerecht:\n  - {code: gemeinsam, label: Gemeinsam}\n  - {code: allein, label: Allein}\n",
    ),
    ErrorCode(
        "FORM_010", E, "Cyclic conditions",
        "Conditions depend on each other in a circle (A is shown when B is filled, B when A is filled), "
        "so neither can ever be decided.",
        wrong="- id: a\n  visible_if: ausgefuellt(b)\n- id: b\n  visible_if: ausgefuellt(a)\n",
        fixed="- id: a\n- id: b\n  visible_if: ausgefuellt(a)\n",
    ),
    ErrorCode(
        "FORM_011", E, "Overlay target not found",
        "An overlay change names an element or step that the base form does not have (or that an earlier "
        "change removed). Paths go through group ids: `kind.geburtsdatum`.",
        wrong="changes:\n  - remove: kind.staatsangehörigkeit\n",
        fixed="changes:\n  - remove: kind.staatsangehoerigkeit\n",
    ),
    ErrorCode(
        "FORM_012", E, "Unknown base form",
        "`extends` names a base form that does not exist under `forms/nrw/`.",
        wrong="extends: anmeldungen\n",
        fixed="extends: anmeldung\n",
    ),
    ErrorCode(
        "FORM_013", E, "Unknown setting",
        "A `{setting: …}` reference or an overlay names a setting the base form does not declare.",
        wrong="settings:\n  max_wunsch: 5\n",
        fixed="settings:\n  max_wuensche: 5\n",
    ),
    ErrorCode(
        "FORM_014", E, "Setting has a wrong value",
        "An overlay gives a setting a value of another type than the base form's default "
        "(e.g. text where a number is expected), or a value outside the base form's `setting_values`.",
        wrong="settings:\n  max_wuensche: fünf\n",
        fixed="settings:\n  max_wuensche: 5\n",
    ),
    ErrorCode(
        "FORM_015", E, "Invalid default",
        "The `default` does not fit the field: not one of its codes, or not of its type.",
        wrong="- id: kontaktweg\n  type: choice\n  code_list: kontaktweg\n  default: mail\n",
        fixed="- id: kontaktweg\n  type: choice\n  code_list: kontaktweg\n  default: email\n",
    ),
    ErrorCode(
        "FORM_016", E, "Contradictory limits",
        "A lower limit is above the upper one (`minimum` > `maximum`, `min_items` > `max_items`, …), so "
        "no answer could ever be valid.",
        wrong="type: integer\nminimum: 60\nmaximum: 10\n",
        fixed="type: integer\nminimum: 10\nmaximum: 60\n",
    ),
    ErrorCode(
        "FORM_017", E, "Markdown not allowed",
        "Info texts accept a small Markdown subset (paragraphs, lists, bold, italic, https/mailto links). "
        "Raw HTML, images and other link schemes are refused so that nothing unsafe reaches citizens.",
        wrong="body: {de: 'Siehe <a href=\"javascript:alert(1)\">hier</a>'}\n",
        fixed="body: {de: 'Siehe [Website](https://www.stadt-koeln.de)'}\n",
    ),
    ErrorCode(
        "FORM_018", E, "Invalid pattern",
        "`pattern` is not a valid regular expression.",
        wrong="pattern: '[0-9'\n",
        fixed="pattern: '[0-9]+'\n",
    ),
    ErrorCode(
        "FORM_019", E, "Choice without options",
        "A choice, multichoice or ranked choice needs exactly one source of options: `code_list`, "
        "`options` or (ranked choice) `catalogue`.",
        wrong="- id: anrede\n  type: choice\n  label: Anrede\n",
        fixed="- id: anrede\n  type: choice\n  label: Anrede\n  code_list: anrede\n",
    ),
    ErrorCode(
        "FORM_020", E, "Kommune folder incomplete",
        "A folder under `forms/` other than `nrw` is a Kommune and needs a `kommune.yaml`; a form it "
        "offers with a facility catalogue field needs `einrichtungen.yaml`.",
        wrong="forms/musterstadt/anmeldung.yaml   # but no kommune.yaml\n",
        fixed="forms/musterstadt/kommune.yaml\nforms/musterstadt/anmeldung.yaml\n",
    ),
    ErrorCode(
        "FORM_021", E, "Facility catalogue problem",
        "A facility id appears twice or its age range is empty (`age_from_months` ≥ `age_to_months`).",
        wrong="- id: kita-1\n  age_from_months: 36\n  age_to_months: 12\n",
        fixed="- id: kita-1\n  age_from_months: 12\n  age_to_months: 72\n",
    ),
    ErrorCode(
        "FORM_022", E, "Contrast too low",
        "A theme colour pair gives text a contrast below 4.5:1 (WCAG 2.1 SC 1.4.3, required by BITV 2.0).",
        wrong="theme:\n  primary: '#ffcc00'\n  primary_text: '#ffffff'\n",
        fixed="theme:\n  primary: '#005ca9'\n  primary_text: '#ffffff'\n",
    ),
    ErrorCode(
        "FORM_024", E, "Duplicate form",
        "Two files define the same form id (or one Kommune has two overlays of one form).",
        wrong="forms/nrw/anmeldung.yaml: id: anmeldung\nforms/nrw/anmeldung2.yaml: id: anmeldung\n",
        fixed="forms/nrw/anmeldung.yaml: id: anmeldung\n",
    ),
    ErrorCode(
        "FORM_026", E, "Overlay change not applicable",
        "The change cannot be applied to its target: e.g. setting an unknown property, inserting steps "
        "next to an element or elements next to a step.",
        wrong="changes:\n  - set: kind.vorname\n    properties: {requird: false}\n",
        fixed="changes:\n  - set: kind.vorname\n    properties: {required: false}\n",
    ),
    ErrorCode(
        "FORM_027", W, "Accessibility statement without date",
        "The Erklärung zur Barrierefreiheit must say when it was made or last reviewed (EU model "
        "statement, Durchführungsbeschluss (EU) 2018/1523). The build cannot take today's date: it would "
        "no longer be reproducible. Enter the date of your last review in `kommune.yaml`.",
        wrong="id: musterstadt\nname: Stadt Musterstadt\n",
        fixed="id: musterstadt\nname: Stadt Musterstadt\nbarrierefreiheit_stand: 2026-11-23\n",
    ),
    ErrorCode(
        "FORM_028", E, "Number in German format",
        "A setting or a money field's `minimum`/`maximum` is written as in a German text: `25.000` (YAML "
        "reads 25) or `1.500,50` (YAML reads text). The form would silently use a number a thousand times "
        "too small. Write whole euros without points and cents after a decimal point; the hint gives the "
        "number probably meant.",
        wrong="settings:\n  beitragsfrei_bis: 25.000\n",
        fixed="settings:\n  beitragsfrei_bis: 25000\n",
    ),
    ErrorCode(
        "FORM_029", E, "Form and Satzung disagree",
        "The form states a number that the Kommune's Satzung also states, and the two differ: the form would "
        "tell parents something the fee rules do not do. Checked: the setting `beitragsfrei_bis` against the "
        "Satzung's fee-free income (`fee_free.income_up_to`, or the lowest brackets whose fees are all 0), "
        "and the Kita hours parents can book (code list `betreuungsumfang_kita`) against the hour columns of "
        "the Satzung's Kita table. The note points to the Satzung's line. Correct whichever is wrong; the "
        "Satzung that starts last (the one in force now or next) is compared.",
        wrong="# satzungen/musterstadt/2025-08.yaml\nincome_up_to:\n  - {paragraph: § 5, up_to: 37000}\n"
        "# forms/musterstadt/einkommen.yaml\nsettings:\n  beitragsfrei_bis: 35000\n",
        fixed="# satzungen/musterstadt/2025-08.yaml\nincome_up_to:\n  - {paragraph: § 5, up_to: 37000}\n"
        "# forms/musterstadt/einkommen.yaml\nsettings:\n  beitragsfrei_bis: 37000\n",
    ),
]

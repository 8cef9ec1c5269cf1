"""Codes for reading a YAML file (before any meaning is checked)."""

from kitaforms.errors._types import ErrorCode, Severity

E = Severity.ERROR

CODES = [
    ErrorCode(
        "YAML_001", E, "YAML syntax error",
        "The file is not valid YAML, so nothing in it can be checked. The location points at the first "
        "character the reader could not make sense of.",
        wrong="label:\n  de: Vorname\n en: First name\n",
        fixed="label:\n  de: Vorname\n  en: First name\n",
    ),
    ErrorCode(
        "YAML_002", E, "Duplicate key",
        "A mapping names the same key twice. YAML readers would silently keep only one of the values, "
        "so kitaforms refuses the file.",
        wrong="id: vorname\nlabel: {de: Vorname}\nid: nachname\n",
        fixed="id: vorname\nlabel: {de: Vorname}\n",
    ),
    ErrorCode(
        "YAML_003", E, "Tag not allowed",
        "YAML tags (`!something`, `!!python/object`) can make a reader build program objects. Definitions "
        "are plain data, so every tag is refused.",
        wrong="default: !!python/object/apply:os.system ['ls']\n",
        fixed="default: ls\n",
    ),
    ErrorCode(
        "YAML_004", E, "File too large",
        "Definition files are limited in size so that a broken or hostile file cannot exhaust memory.",
        wrong="# a 5 MB facility catalogue in one file\n",
        fixed="# split the catalogue: one file per district\n",
    ),
    ErrorCode(
        "YAML_005", E, "Nesting too deep",
        "The structure is nested deeper than any definition needs; such files are refused to keep loading "
        "fast and safe.",
        wrong="a: [[[[[[[[[[[[...]]]]]]]]]]]]\n",
        fixed="a: [1, 2, 3]\n",
    ),
    ErrorCode(
        "YAML_006", E, "Alias expansion too large",
        "Anchors and aliases (`&a`, `*a`) that repeat each other can expand a small file into billions of "
        "values (\"billion laughs\"). kitaforms stops when the expanded file would be too large.",
        wrong="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n",
        fixed="a: [x, x, x]\n",
    ),
    ErrorCode(
        "YAML_007", E, "File cannot be read",
        "The file could not be opened or is not UTF-8 text.",
        wrong="# file saved as Windows-1252 with an umlaut: Gr\\xfc\\xdfe\n",
        fixed="# file saved as UTF-8: Grüße\n",
    ),
    ErrorCode(
        "YAML_008", E, "Not a definition",
        "A definition file must hold a mapping of keys at its top level.",
        wrong="- id: vorname\n",
        fixed="id: anmeldung\n",
    ),
    ErrorCode(
        "YAML_009", E, "Several documents in one file",
        "A definition file holds exactly one YAML document; `---` separators would hide parts of it.",
        wrong="id: a\n---\nid: b\n",
        fixed="id: a\n",
    ),
]

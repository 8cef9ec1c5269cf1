"""Typical mistakes of a German editor get a located message with a hint that says the right fix.

Each case is an overlay (or Kommune file) with one mistake; the test asserts the code, `file:line:col`, the
message and the hint, in English (`--lang en`, the words of the core) and in German (the default).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from editor_support import mini_project, run

from kitaforms.contrast import _oklch, contrast_ratio, nearest_passing
from kitaforms.errors.wording import HINTS, MESSAGES, WORDED, translate

OVERLAY = "forms/musterstadt/anmeldung.yaml"
KOMMUNE = "forms/musterstadt/kommune.yaml"


def insert(*element_lines: str) -> str:
    """An overlay inserting one info block after `kind.geburtsdatum` (its keys at 8 spaces, from line 5)."""
    body = "\n".join(f"        {line}" for line in element_lines)
    return ("extends: anmeldung\nchanges:\n  - insert_after: kind.geburtsdatum\n    elements:\n"
            f"      - id: hinweis\n        type: info\n{body}\n")


def problems(tmp_path: Path, files: dict[str, str], lang: str = "en") -> list[dict[str, object]]:
    root = mini_project(tmp_path / lang, files)
    result = run(["validate", "--lang", lang, "--format", "json", "forms/musterstadt"], root)
    return json.loads(result.output)["diagnostics"]


def one(tmp_path: Path, files: dict[str, str], lang: str = "en") -> tuple[str, str, int, int, str, str]:
    found = problems(tmp_path, files, lang)
    assert len(found) == 1, found
    d = found[0]
    return str(d["code"]), str(d["file"]), int(d["line"]), int(d["column"]), str(d["message"]), str(d["hint"])  # type: ignore[call-overload]


# --- a date compared with a number ---------------------------------------------------------------------


def test_a_date_compared_with_an_age_suggests_alter_am(tmp_path: Path) -> None:
    files = {OVERLAY: insert("body: {de: Text, en: Text}", "visible_if: kind.geburtsdatum < 3")}
    code, file, line, col, message, hint = one(tmp_path, files)
    assert (code, file, line, col) == ("EXPR_003", OVERLAY, 8, 41)
    assert message == '"<" needs a date, but 3 is a number'
    assert hint == ("a date is not a number: for an age in years write `alter_am(kind.geburtsdatum, beginn) < 3` "
                    "(age on the start of care) or `alter(kind.geburtsdatum) < 3` (today); for a day write "
                    '`kind.geburtsdatum < datum("2025-08-01")`')
    german = one(tmp_path, files, "de")
    assert german[4] == '"<" braucht ein Datum, aber 3 ist eine Zahl'
    assert german[5].startswith("ein Datum ist keine Zahl: für ein Alter in Jahren schreiben Sie "
                                "`alter_am(kind.geburtsdatum, beginn) < 3`")


def test_a_date_compared_with_a_year_suggests_jahr_and_the_mirrored_comparison(tmp_path: Path) -> None:
    files = {OVERLAY: insert("body: {de: Text, en: Text}", "visible_if: 2020 <= kind.geburtsdatum")}
    code, _, line, col, message, hint = one(tmp_path, files)
    assert (code, line, col) == ("EXPR_003", 8, 29)
    assert message == '"<=" needs a number, but kind.geburtsdatum is a date'
    assert hint == ('a date is not a number: compare its year, `jahr(kind.geburtsdatum) >= 2020`, or a day, '
                    '`kind.geburtsdatum >= datum("2025-08-01")`')


# --- texts that need quotes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "col", "fix"),
    [
        (["label:", "  de: Achtung: Frist bis 31.1.", "  en: Note", "body: {de: Text, en: Text}"], 22,
         '`de: "Achtung: Frist bis 31.1."`'),
        (["body: {de: Achtung: Frist beachten, en: Note}"], 27, '`de: "Achtung: Frist beachten"`'),
        (["label: Hinweis: bitte lesen", "body: {de: Text, en: Text}"], 23, '`label: "Hinweis: bitte lesen"`'),
    ],
    ids=["block", "flow", "plain label"],
)
def test_an_unquoted_colon_in_a_text_asks_for_quotes(tmp_path: Path, lines: list[str], col: int, fix: str) -> None:
    files = {OVERLAY: insert(*lines)}
    code, file, line, column, message, hint = one(tmp_path, files)
    assert (code, file, line, column) == ("YAML_001", OVERLAY, 7 + (lines[0] == "label:"), col)
    assert message == "YAML syntax error: a text with `: ` (colon and space) must be in quotes"
    assert hint == f"put the text in quotes: {fix}"
    german = one(tmp_path, files, "de")
    assert german[4] == "YAML-Syntaxfehler: ein Text mit `: ` (Doppelpunkt und Leerzeichen) muss in Anführungszeichen stehen"
    assert german[5] == f"den Text in Anführungszeichen setzen: {fix}"


def test_a_wrongly_indented_key_still_gets_the_indentation_hint(tmp_path: Path) -> None:
    files = {OVERLAY: insert("label:", "  de: Achtung", "   en: Note", "body: {de: Text, en: Text}")}
    code, _, _, _, message, hint = one(tmp_path, files)
    assert code == "YAML_001" and "mapping values are not allowed" in message
    assert hint == "check the indentation and that every `key:` is followed by a space"


def test_an_unquoted_comma_in_a_text_asks_for_quotes(tmp_path: Path) -> None:
    files = {OVERLAY: insert("label: {de: Arbeit, Ausbildung, en: Work}", "body: {de: Text, en: Text}")}
    code, file, line, col, message, hint = one(tmp_path, files)
    assert (code, file, line, col) == ("FORM_003", OVERLAY, 7, 29)
    assert message == "the text `Arbeit` ends at a comma: `Ausbildung` is read as a key without a value"
    assert hint == 'inside `{…}` a comma ends a text that is not in quotes: write `de: "Arbeit, Ausbildung"`'
    german = one(tmp_path, files, "de")
    assert german[4] == "der Text `Arbeit` endet an einem Komma: `Ausbildung` wird als Schlüssel ohne Wert gelesen"
    assert german[5] == 'in `{…}` beendet ein Komma einen Text ohne Anführungszeichen: `de: "Arbeit, Ausbildung"` schreiben'


# --- a step in an overlay path -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "hint"),
    [
        ("eltern.sorgerecht", "steps are not part of a path: write `sorgerecht` (the step itself is `eltern`)"),
        ("kind_step.kind.vorname", "steps are not part of a path: write `kind.vorname` (the step itself is `kind_step`)"),
    ],
)
def test_set_with_the_step_in_the_path_names_the_right_path(tmp_path: Path, target: str, hint: str) -> None:
    files = {OVERLAY: f"extends: anmeldung\nchanges:\n  - set: {target}\n    properties:\n      hint: {{de: x, en: x}}\n"}
    code, file, line, col, message, found_hint = one(tmp_path, files)
    assert (code, file, line, col) == ("FORM_011", OVERLAY, 3, 10)
    assert message == f"the base form has no element or step `{target}`"
    assert found_hint == hint
    assert one(tmp_path, files, "de")[5].startswith("Schritte gehören nicht in den Pfad: ")


# --- a refused colour ----------------------------------------------------------------------------------


def test_a_refused_colour_suggests_the_nearest_that_passes(tmp_path: Path) -> None:
    kommune = (mini_project(tmp_path / "k") / KOMMUNE).read_text(encoding="utf-8")
    files = {KOMMUNE: kommune + 'theme:\n  primary: "#005ca9"\n  primary_text: "#ffffff"\n  accent: "#7fb0e0"\n'}
    code, file, line, col, message, hint = one(tmp_path, files)
    assert (code, file, line, col) == ("FORM_022", KOMMUNE, 15, 11)
    assert message == "text in #7fb0e0 on #ffffff has a contrast of 2.29:1; at least 4.5:1 is required"
    assert hint == "the nearest darker colour of the same hue that passes is `#4b7aa7` (4.52:1 with #ffffff)"
    assert one(tmp_path, files, "de")[5] == (
        "die nächste dunklere Farbe desselben Farbtons, die genügt, ist `#4b7aa7` (4.52:1 mit #ffffff)")


@pytest.mark.parametrize(
    ("colour", "others"),
    [("#ffcc00", ["#ffffff"]), ("#777777", ["#ffffff"]), ("#e30613", ["#ffffff"]), ("#00a0e0", ["#ffffff", "#ffffff"]),
     ("#1a1a60", ["#000000"]), ("#808080", ["#ffffff", "#000000"])],
)
def test_the_suggested_colour_passes_keeps_the_hue_and_is_near(colour: str, others: list[str]) -> None:
    better = nearest_passing(colour, others, 4.5)
    assert better is not None
    assert all(contrast_ratio(better, other) >= 4.5 for other in others)
    lightness, chroma, hue = _oklch(colour)
    new_lightness, new_chroma, new_hue = _oklch(better)
    if chroma > 0.05 and new_chroma > 0.05:
        assert abs(new_hue - hue) < 0.15  # radians: the same hue
    one_step_less = lightness + (new_lightness - lightness) * 0.9  # a little less change would not pass
    assert abs(new_lightness - lightness) > abs(one_step_less - lightness)


def test_no_colour_is_suggested_when_none_of_the_same_hue_can_pass() -> None:
    assert nearest_passing("#808080", ["#ffffff", "#0b0c0c"], 4.5) is None  # grey between white and near-black


# --- German by default, English on request -------------------------------------------------------------


def test_messages_are_german_by_default_and_english_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KITAFORMS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    root = mini_project(tmp_path / "p", {OVERLAY: "extends: anmeldung\nchanges:\n  - set: kind.vorname\n"
                                                  "    properties:\n      lable: {de: x, en: x}\n"})
    german = run(["validate", "forms/musterstadt"], root).output.splitlines()
    assert german[0] == "forms/musterstadt/anmeldung.yaml:5:7: error FORM_001: unbekannter Schlüssel `lable` in `vorname`"
    assert german[3] == "   = Hinweis: meinten Sie `label`?"
    assert german[-1] == "1 Fehler, 0 Warnungen."
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert run(["validate", "forms/musterstadt"], root).output.splitlines()[-1] == "1 error, 0 warnings."
    monkeypatch.setenv("KITAFORMS_LANG", "de")
    assert run(["validate", "forms/musterstadt"], root).output.splitlines()[-1] == "1 Fehler, 0 Warnungen."
    assert run(["validate", "--lang", "en", "forms/musterstadt"], root).output.splitlines()[-1] == "1 error, 0 warnings."
    valid = run(["validate", "--lang", "de", "forms/nrw"], root).output.splitlines()
    assert valid[0] == "Alle Definitionen sind gültig." and valid[1].startswith("Geprüft: ")


def test_an_unknown_key_reads_german(tmp_path: Path) -> None:
    files = {OVERLAY: insert("lable: {de: Hinweis, en: Note}", "body: {de: Text, en: Text}")}
    code, _, line, col, message, hint = one(tmp_path, files, "de")
    assert (code, line, col, message, hint) == (
        "FORM_001", 7, 9, "unbekannter Schlüssel `lable` in `hinweis`", "meinten Sie `label`?")


# --- the catalogue ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("english", "german"), MESSAGES + HINTS, ids=[e for e, _ in MESSAGES + HINTS])
def test_every_catalogue_entry_matches_its_english_and_gives_its_german(english: str, german: str) -> None:
    def example(template: str) -> str:
        text = re.sub(r"(?<!\{)\{(\w+)\}(?!\})", lambda m: "ZZ" if m.group(1) in WORDED else "x", template)
        return text.replace("{{", "{").replace("}}", "}")

    catalogue = MESSAGES if (english, german) in MESSAGES else HINTS
    assert translate(example(english), catalogue) == example(german), english

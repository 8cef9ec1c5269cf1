"""The wording of diagnostics in the editor's language: German by default, English as written in the core.

The core words every message and hint in English (it is what tests, the JSON report and the code read).
The reporter shows them in German through this catalogue: each entry pairs an English template with its
German one; ``{name}`` stands for a part that varies (a key, a path, a value), ``{{`` and ``}}`` for literal
braces. A varying part is translated too when it is itself a catalogue entry or a word of :data:`WORDS`;
hints joined with ``; `` are translated part by part. A message without an entry stays English: the
catalogue covers the messages editors meet most (reading YAML, keys and values, ids, texts, overlay
targets, settings, colours, expressions, to-dos, overlay effects); see ``tests/editor/test_wording.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from string import Formatter

from kitaforms.diagnostics import Diagnostic, Note

# English template → German template, most specific first.
MESSAGES: list[tuple[str, str]] = [
    # what an overlay causes in the base form (kitaforms.blame)
    ("{message} (in {file}, caused by this line)", "{message} (in {file}, verursacht durch diese Zeile)"),
    ("shows here in the NRW form", "zeigt sich hier im NRW-Formular"),
    # reading the file
    ("YAML syntax error: {problem}", "YAML-Syntaxfehler: {problem}"),
    ("a text with `: ` (colon and space) must be in quotes",
     "ein Text mit `: ` (Doppelpunkt und Leerzeichen) muss in Anführungszeichen stehen"),
    ("mapping values are not allowed in this context", "hier ist kein `Schlüssel: Wert` erlaubt"),
    ("the `{opener}` opened here (line {line}) is never closed ({problem})",
     "das hier (Zeile {line}) geöffnete `{opener}` wird nie geschlossen ({problem})"),
    ("a tab character cannot be used here", "ein Tabulatorzeichen ist hier nicht erlaubt"),
    ("the key `{key}` appears twice in the same mapping (first at line {line})",
     "der Schlüssel `{key}` steht zweimal in derselben Zuordnung (zuerst in Zeile {line})"),
    ("the file is empty", "die Datei ist leer"),
    ("the top level of a definition must be a mapping of keys to values",
     "die oberste Ebene einer Definition muss aus `Schlüssel: Wert`-Zeilen bestehen"),
    # keys and values
    ("unknown key `{key}` in `{owner}`", "unbekannter Schlüssel `{key}` in `{owner}`"),
    ("unknown key `{key}`", "unbekannter Schlüssel `{key}`"),
    ("the required key `{key}` is missing in `{owner}`", "der Pflichtschlüssel `{key}` fehlt in `{owner}`"),
    ("the required key `{key}` is missing", "der Pflichtschlüssel `{key}` fehlt"),
    ("the element has no `type`", "das Element hat keinen `type`"),
    ("unknown element type `{type}`", "unbekannter Elementtyp `{type}`"),
    ("the text `{text}` ends at a comma: `{key}` is read as a key without a value",
     "der Text `{text}` endet an einem Komma: `{key}` wird als Schlüssel ohne Wert gelesen"),
    ("`{key}` has no value", "`{key}` hat keinen Wert"),
    ("`{key}` does not have the expected format{found}", "`{key}` hat nicht das erwartete Format{found}"),
    ("`{key}` must be a list{found}", "`{key}` muss eine Liste sein{found}"),
    ("`{key}` must be a mapping of `key: value` lines{found}",
     "`{key}` muss aus `Schlüssel: Wert`-Zeilen bestehen{found}"),
    ("`{key}` should be {expected} (found `{value}`)", "`{key}` muss {expected} sein (gefunden: `{value}`)"),
    ("`{key}` should be {expected}", "`{key}` muss {expected} sein"),
    (" (found `{value}`)", " (gefunden: `{value}`)"),
    (" (found a list)", " (gefunden: eine Liste)"),
    (" (found a mapping)", " (gefunden: `Schlüssel: Wert`-Zeilen)"),
    # forms, overlays, Kommunen
    ("the id `{id}` is used twice in `{scope}` (first at {first})",
     "die Id `{id}` kommt in `{scope}` zweimal vor (zuerst bei {first})"),
    ("the id `{id}` is used twice (first at {first})", "die Id `{id}` kommt zweimal vor (zuerst bei {first})"),
    ("the id `{id}` is used twice in `{scope}`", "die Id `{id}` kommt in `{scope}` zweimal vor"),
    ("the id `{id}` is used twice", "die Id `{id}` kommt zweimal vor"),
    ("`{key}` has no German text", "`{key}` hat keinen deutschen Text"),
    ("`{key}` has no `{language}` text for „{text}“", "`{key}` hat keinen Text in `{language}` zu „{text}“"),
    ("`{key}` has no `{language}` text", "`{key}` hat keinen Text in `{language}`"),
    ("there is no code list `{name}`", "es gibt keine Codeliste `{name}`"),
    ("the base form has no element or step `{target}`",
     "das NRW-Formular hat kein Element und keinen Schritt `{target}`"),
    ("there is no NRW base form `{form}`", "es gibt kein NRW-Formular `{form}`"),
    ("an overlay cannot change `{key}` with `set`", "ein Overlay kann `{key}` nicht mit `set` ändern"),
    ("the form has no setting `{name}`", "das Formular hat keine Einstellung `{name}`"),
    ("the setting `{name}` takes {kind}, not {given}", "die Einstellung `{name}` nimmt {kind}, nicht {given}"),
    ("`{value}` is not an allowed value of the setting `{name}`",
     "`{value}` ist kein erlaubter Wert der Einstellung `{name}`"),
    ("the Kommune folder `{folder}` has no {file}", "der Kommunen-Ordner `{folder}` hat keine {file}"),
    ("text in {fore} on {back} has a contrast of {ratio}:1; at least {minimum}:1 is required",
     "Text in {fore} auf {back} hat einen Kontrast von {ratio}:1; nötig sind mindestens {minimum}:1"),
    ("the accessibility statement has no date (`barrierefreiheit_stand`)",
     "die Erklärung zur Barrierefreiheit hat kein Datum (`barrierefreiheit_stand`)"),
    ("the code `{code}` appears twice in the code list `{name}`", "der Code `{code}` steht zweimal in der Codeliste `{name}`"),
    ("the default `{value}` is not a code of `{field}`", "der Vorgabewert `{value}` ist kein Code von `{field}`"),
    ("the default `{value}` does not fit the {type} field `{field}`",
     "der Vorgabewert `{value}` passt nicht zum Feld `{field}` ({type})"),
    ("`{field}` needs exactly one of `code_list`, `options` or `catalogue`",
     "`{field}` braucht genau eines von `code_list`, `options` oder `catalogue`"),
    ("`{field}` needs exactly one of `code_list`, `options`", "`{field}` braucht genau eines von `code_list`, `options`"),
    ("conditions depend on each other in a circle: {chain}", "Bedingungen hängen im Kreis voneinander ab: {chain}"),
    ("the facility id `{id}` appears twice", "die Einrichtungs-Id `{id}` kommt zweimal vor"),
    # the towns a Kommune serves (zustaendigkeit)
    ("the AGS {ags} is not a town of {kommune}: {problem}", "der AGS {ags} ist kein Ort von {kommune}: {problem}"),
    ("{land} is no Land (01–16)", "{land} ist kein Land (01–16)"),
    ("it lies in the Kreis {kreis}, not in the Kommune's {own} (its `ags` {ags})",
     "er liegt im Kreis {kreis}, nicht in dem der Kommune, {own} (ihr `ags` {ags})"),
    ("it is the key of a Kreis, not of a town", "es ist der Schlüssel eines Kreises, nicht der eines Orts"),
    ("{code} is not a German postcode (01001–99998)", "{code} ist keine deutsche Postleitzahl (01001–99998)"),
    ("the postcode {code} is listed twice for this town", "die Postleitzahl {code} steht für diesen Ort zweimal da"),
    ("there is no Kommune `{kommune}` on this portal", "auf diesem Portal gibt es keine Kommune `{kommune}`"),
    ("the town {ags} ({town}) is already served by {where}", "der Ort {ags} ({town}) wird schon von {where} betreut"),
    ("the postcode {code} of {town} is already claimed by {where}",
     "die Postleitzahl {code} von {town} nimmt schon {where} für sich in Anspruch"),
    ("`{id}`: the age range {range} months is empty", "`{id}`: der Altersbereich {range} Monate ist leer"),
    ("the form `{form}` is already defined in {file}", "das Formular `{form}` ist schon in {file} definiert"),
    ("`pattern` is not a valid regular expression: {problem}", "`pattern` ist kein gültiger regulärer Ausdruck: {problem}"),
    ("`{low}` ({low_value}) is greater than `{high}` ({high_value}) in `{field}`",
     "`{low}` ({low_value}) ist größer als `{high}` ({high_value}) in `{field}`"),
    ("`{key}` ({language}): {problem}", "`{key}` ({language}): {problem}"),
    ("raw HTML is not allowed; use Markdown (`**bold**`, `[text](https://…)`)",
     "HTML ist nicht erlaubt; Markdown verwenden (`**fett**`, `[Text](https://…)`)"),
    ("the link `{link}` must start with https:, mailto: or tel:",
     "der Link `{link}` muss mit https:, mailto: oder tel: beginnen"),
    ("`{wrong}` cannot be inserted next to {target}", "`{wrong}` kann nicht neben {target} eingefügt werden"),
    ("nesting deeper than {depth} levels", "Verschachtelung tiefer als {depth} Ebenen"),
    ("the file holds more than one YAML document", "die Datei enthält mehr als ein YAML-Dokument"),
    ("the tag `{tag}` is not allowed in a definition", "das Tag `{tag}` ist in einer Definition nicht erlaubt"),
    # expressions
    ("syntax error in the expression: {problem}", "Syntaxfehler im Ausdruck: {problem}"),
    ('"{text}" is not a date in the form YYYY-MM-DD', '"{text}" ist kein Datum der Form JJJJ-MM-TT'),
    ("{function}() takes {count} arguments, but got {given}", "{function}() nimmt {count} Argumente, bekommen: {given}"),
    ("{function}() takes {count} argument, but got {given}", "{function}() nimmt {count} Argument, bekommen: {given}"),
    ("unknown field {name}", "unbekanntes Feld {name}"),
    ("unknown function {name}()", "unbekannte Funktion {name}()"),
    ("{where} needs {wanted}, but {expression} is {actual}", "{where} braucht {wanted}, aber {expression} ist {actual}"),
    ("cannot compare {left} ({left_type}) with {right} ({right_type})",
     "{left} ({left_type}) kann nicht mit {right} ({right_type}) verglichen werden"),
    ('"{value}" is not a code of {field}', '"{value}" ist kein Code von {field}'),
    ("a condition must be true or false, but {expression} is {actual}",
     "eine Bedingung muss wahr oder falsch sein, aber {expression} ist {actual}"),
    ('"{op}" with null is always false', '"{op}" mit null ist immer falsch'),
    # to-dos
    ("to do: {text}", "zu erledigen: {text}"),
    # numbers as written, and numbers the form and the Satzung both state
    ("`{token}` is written in German number format", "`{token}` ist im deutschen Zahlenformat geschrieben"),
    ("the setting `{name}` is written in German number format: `{token}`",
     "die Einstellung `{name}` ist im deutschen Zahlenformat geschrieben: `{token}`"),
    ("`{key}` of `{field}` is written in German number format: `{token}`",
     "`{key}` von `{field}` ist im deutschen Zahlenformat geschrieben: `{token}`"),
    ("the bound {value} is not in whole euros, but the table counts in whole euros (`boundaries: whole_euros`)",
     "die Grenze {value} ist kein ganzer Euro-Betrag, die Tabelle rechnet aber in ganzen Euro "
     "(`boundaries: whole_euros`)"),
    ("the setting `{name}` is {value}, but the Satzung charges no fee up to {said}",
     "die Einstellung `{name}` ist {value}, die Satzung erhebt aber keinen Beitrag bis {said}"),
    ("the code list `{name}` offers {code} hours, but the Satzung's Kita table has no such hour column ({columns})",
     "die Codeliste `{name}` bietet {code} Stunden an, die Kita-Tabelle der Satzung hat aber keine solche "
     "Stundenspalte ({columns})"),
    ("the Satzung states it here ({what})", "die Satzung sagt es hier ({what})"),
    # reading the file: aliases, size, encoding
    ("the alias `*{name}` refers to the structure it stands in",
     "der Alias `*{name}` verweist auf die Struktur, in der er steht"),
    ("the alias `*{name}` has no anchor before it", "vor dem Alias `*{name}` steht kein Anker `&{name}`"),
    ("an alias cannot be a mapping key", "ein Alias kann kein Schlüssel sein"),
    ("merge keys (`<<`) are not supported in definitions", "Merge-Schlüssel (`<<`) gibt es in Definitionen nicht"),
    ("the file expands to more than {count} values (aliases repeated too often)",
     "die Datei wächst auf mehr als {count} Werte an (Aliase zu oft wiederholt)"),
    ("a mapping key must be a plain name", "ein Schlüssel muss ein einfacher Name sein"),
    ("the text is larger than a definition may be", "der Text ist größer, als eine Definition sein darf"),
    ("the file is {size} bytes; definition files may have at most {limit}",
     "die Datei hat {size} Bytes; Definitionsdateien dürfen höchstens {limit} haben"),
    ("cannot read the file: {problem}", "die Datei kann nicht gelesen werden: {problem}"),
    ("the YAML cannot be read: {problem}", "das YAML kann nicht gelesen werden: {problem}"),
    # a published version would change (kitaforms build)
    ("version {version} of `{form}` for {kommune} is already published (exports/{folder}); this build would change "
     "it: {kind} ({change})",
     "Version {version} von `{form}` für {kommune} ist schon veröffentlicht (exports/{folder}); dieser Build würde "
     "sie ändern: {kind} ({change})"),
    ("version {version} of `{form}` for {kommune} is already published (exports/{folder}); this build would change "
     "it: {kind}",
     "Version {version} von `{form}` für {kommune} ist schon veröffentlicht (exports/{folder}); dieser Build würde "
     "sie ändern: {kind}"),
    # lint (path analysis)
    ("the step `{name}` is never shown: `{condition}` is false on every path",
     "der Schritt `{name}` wird nie gezeigt: `{condition}` ist auf jedem Weg falsch"),
    ("the condition of the step `{name}` is true on every path",
     "die Bedingung des Schritts `{name}` ist auf jedem Weg wahr"),
    ("the step `{name}` can be shown with none of its elements, e.g. when {shown}",
     "der Schritt `{name}` kann ohne eines seiner Elemente gezeigt werden, z. B. wenn {shown}"),
    ("the step `{name}` can be shown with none of its elements",
     "der Schritt `{name}` kann ohne eines seiner Elemente gezeigt werden"),
    ("`{name}` is never shown: `{condition}` is false whenever its step and groups are shown (it is required, but "
     "a hidden field is never asked for)",
     "`{name}` wird nie gezeigt: `{condition}` ist immer falsch, wenn Schritt und Gruppen gezeigt werden (es ist "
     "Pflicht, aber nach einem ausgeblendeten Feld wird nie gefragt)"),
    ("`{name}` is never shown: `{condition}` is false whenever its step and groups are shown",
     "`{name}` wird nie gezeigt: `{condition}` ist immer falsch, wenn Schritt und Gruppen gezeigt werden"),
    ("`{name}` is never shown: `{condition}` is false on every path (it is required, but a hidden field is never "
     "asked for)",
     "`{name}` wird nie gezeigt: `{condition}` ist auf jedem Weg falsch (es ist Pflicht, aber nach einem "
     "ausgeblendeten Feld wird nie gefragt)"),
    ("`{name}` is never shown: `{condition}` is false on every path",
     "`{name}` wird nie gezeigt: `{condition}` ist auf jedem Weg falsch"),
    ("the condition of `{name}` is true on every path", "die Bedingung von `{name}` ist auf jedem Weg wahr"),
    ("`{name}` is never required: `{condition}` is false on every path",
     "`{name}` ist nie Pflicht: `{condition}` ist auf jedem Weg falsch"),
    ("`{name}` is required only where it is hidden: `{condition}` is never true while it is shown",
     "`{name}` ist nur dort Pflicht, wo es ausgeblendet ist: `{condition}` ist nie wahr, solange es gezeigt wird"),
    ("`required_if` of `{name}` is true on every path", "`required_if` von `{name}` ist auf jedem Weg wahr"),
    ("the validation of `{name}` rejects every answer: `{condition}` is never true",
     "die Prüfung von `{name}` weist jede Antwort zurück: `{condition}` ist nie wahr"),
    ("the validation of `{name}` can never fail: `{condition}` is always true",
     "die Prüfung von `{name}` schlägt nie fehl: `{condition}` ist immer wahr"),
    ("the code list `{name}` is not used by any field", "die Codeliste `{name}` wird von keinem Feld verwendet"),
    ("`{key}` a change needs one of the keys set, insert_before, insert_after, remove{found}",
     "`{key}`: eine Änderung braucht einen der Schlüssel set, insert_before, insert_after oder remove{found}"),
    ("the file is not valid UTF-8 (byte {offset})", "die Datei ist kein gültiges UTF-8 (Byte {offset})"),
    ("{message} (in {form})", "{message} (in {form})"),  # a lint finding and the resolved form it is in: last
    # the care contract (vertrag.yaml, kitaforms.contract.check)
    ("the Kommune `{id}` has a contract but no allocation criteria",
     "die Kommune `{id}` hat einen Vertrag, aber keine Vergabekriterien"),
    ("this text has no German wording", "dieser Text hat keine deutsche Fassung"),
    ("the brace `{brace}` has no pair", "die Klammer `{brace}` hat kein Gegenstück"),
    ("the contract has no placeholder `{{{name}}}`", "der Vertrag kennt keinen Platzhalter `{{{name}}}`"),
    ("the section id `{id}` is used twice", "die Abschnitts-Id `{id}` kommt zweimal vor"),
    ("the Träger `{name}` has two contracts", "der Träger `{name}` hat zwei Verträge"),
    ("no facility of the catalogue has the Träger `{name}`",
     "keine Einrichtung des Katalogs hat den Träger `{name}`"),
]

HINTS: list[tuple[str, str]] = [
    ("copy the AGS from the official Gemeindeverzeichnis", "den AGS aus dem amtlichen Gemeindeverzeichnis übernehmen"),
    ("check the digits", "die Ziffern prüfen"),
    ("list every postcode once", "jede Postleitzahl einmal nennen"),
    ("leave `kommune` out: the finder then says that this Jugendamt is not on this portal",
     "`kommune` weglassen: der Finder sagt dann, dass dieses Jugendamt nicht auf diesem Portal ist"),
    ("only one Jugendamt serves a town: remove one entry, or move the town to `eigene_jugendaemter`",
     "nur ein Jugendamt betreut einen Ort: einen Eintrag löschen oder den Ort unter `eigene_jugendaemter` führen"),
    ("the finder could not tell who is responsible: keep the postcode with one town only, or name the towns apart",
     "der Finder könnte nicht sagen, wer zuständig ist: die Postleitzahl nur bei einem Ort nennen oder die Orte "
     "unterscheidbar benennen"),
    ("did you mean `{number}`? amounts are written without thousands points, cents after a point (`1500.50`)",
     "meinten Sie `{number}`? Beträge ohne Tausenderpunkte schreiben, Cent nach einem Punkt (`1500.50`)"),
    ("write whole euros, e.g. `{number}`, or change `boundaries`",
     "ganze Euro schreiben, z. B. `{number}`, oder `boundaries` ändern"),
    ("write `{key}: {value}`, or correct the Satzung ({file})",
     "`{key}: {value}` schreiben oder die Satzung berichtigen ({file})"),
    ("offer the Satzung's hours ({hours}): replace the code list `{name}` in the overlay, or correct the Satzung "
     "({file})",
     "die Stunden der Satzung anbieten ({hours}): die Codeliste `{name}` im Overlay ersetzen oder die Satzung "
     "berichtigen ({file})"),
    ("did you mean `{name}`?", "meinten Sie `{name}`?"),
    ("did you mean {names}?", "meinten Sie {names}?"),
    ("allowed keys here: {keys}", "hier erlaubte Schlüssel: {keys}"),
    ("remove this key", "diesen Schlüssel entfernen"),
    ("add `{key}:` here", "hier `{key}:` ergänzen"),
    ("add `type:` with one of: {types}", "`type:` mit einem dieser Werte ergänzen: {types}"),
    ("use one of: {values}", "einen dieser Werte verwenden: {values}"),
    ("check the indentation and that every `key:` is followed by a space",
     "die Einrückung prüfen, und dass nach jedem `Schlüssel:` ein Leerzeichen steht"),
    ("add the closing `{closer}`", "das schließende `{closer}` ergänzen"),
    ("indent with spaces, not tabs", "mit Leerzeichen einrücken, nicht mit Tabulatoren"),
    ("put the text in quotes: {example}", "den Text in Anführungszeichen setzen: {example}"),
    ("remove one of them or merge their contents", "einen davon entfernen oder die Inhalte zusammenführen"),
    ("inside `{{…}}` a comma ends a text that is not in quotes: write {example}",
     "in `{{…}}` beendet ein Komma einen Text ohne Anführungszeichen: {example} schreiben"),
    ("write the value as text; put it in quotes if it looks like a number",
     "den Wert als Text schreiben; in Anführungszeichen, wenn er wie eine Zahl aussieht"),
    ("see `kitaforms schema` or docs/reference for the allowed values",
     "die erlaubten Werte stehen in docs/reference (oder `kitaforms schema`)"),
    ("write the colour as `#rrggbb`, e.g. `#005ca9`, in quotes",
     "die Farbe als `#rrggbb` in Anführungszeichen schreiben, z. B. `#005ca9`"),
    ("use lower-case letters a–z, digits and `_`, starting with a letter (ä → ae)",
     "Kleinbuchstaben a–z, Ziffern und `_` verwenden, am Anfang ein Buchstabe (ä → ae)"),
    ("write ä, ö, ü, ß as ae, oe, ue, ss: {example}", "ä, ö, ü, ß als ae, oe, ue, ss schreiben: {example}"),
    ("give each step, and each element in a group, its own id",
     "jedem Schritt und jedem Element einer Gruppe eine eigene Id geben"),
    ("give the element you insert another id: the NRW form has one with this id (see the note)",
     "dem eingefügten Element eine andere Id geben: das NRW-Formular hat eines mit dieser Id (siehe Anmerkung)"),
    ("add `de: …` — German is required", "`de: …` ergänzen – Deutsch ist Pflicht"),
    ("add `{language}: …` next to `de:`", "`{language}: …` neben `de:` ergänzen"),
    ("name a step id or a dotted element path", "eine Schritt-Id oder einen Elementpfad mit Punkten angeben"),
    ("steps are not part of a path: write `{path}` (the step itself is `{step}`)",
     "Schritte gehören nicht in den Pfad: `{path}` schreiben (der Schritt selbst heißt `{step}`)"),
    ("steps are not part of a path: name the element as `group.field` without `{step}.`, or the step as `{name}`",
     "Schritte gehören nicht in den Pfad: das Element als `gruppe.feld` ohne `{step}.` angeben, den Schritt als `{name}`"),
    ("remove the element and insert a new one instead", "stattdessen das Element entfernen und ein neues einfügen"),
    ("the base form's value is `{value}`", "der Wert im NRW-Formular ist `{value}`"),
    ("settings of this form: {names}", "Einstellungen dieses Formulars: {names}"),
    ("allowed: {values}", "erlaubt: {values}"),
    ("the nearest {direction} colour of the same hue that passes is `{colour}` ({ratios})",
     "die nächste {direction} Farbe desselben Farbtons, die genügt, ist `{colour}` ({ratios})"),
    ("{ratio}:1 with {colour}", "{ratio}:1 mit {colour}"),
    ("choose a darker colour (check it with a contrast checker)",
     "eine dunklere Farbe wählen (mit einem Kontrastprüfer nachprüfen)"),
    ("add `barrierefreiheit_stand: YYYY-MM-DD`, the day you last reviewed the statement",
     "`barrierefreiheit_stand: JJJJ-MM-TT` ergänzen: der Tag, an dem Sie die Erklärung zuletzt geprüft haben"),
    ("check the spelling of the field id", "die Schreibweise der Feld-Id prüfen"),
    ("give every option its own code", "jeder Option einen eigenen Code geben"),
    ("name a code list, e.g. `code_list: ja_nein`", "eine Codeliste nennen, z. B. `code_list: ja_nein`"),
    ("make one of these conditions depend only on earlier questions",
     "eine dieser Bedingungen nur von früheren Fragen abhängig machen"),
    ("give every facility its own id", "jeder Einrichtung eine eigene Id geben"),
    ("`age_from_months` must be below `age_to_months`", "`age_from_months` muss kleiner als `age_to_months` sein"),
    ("a Leika key has 14 digits, e.g. `99041004034000`; put it in quotes",
     "ein Leika-Schlüssel hat 14 Ziffern, z. B. `99041004034000`; in Anführungszeichen setzen"),
    ("write the version as MAJOR.MINOR.PATCH, e.g. `1.0.0`", "die Version als MAJOR.MINOR.PATCH schreiben, z. B. `1.0.0`"),
    ("the AGS has 8 digits, e.g. `05315000`; put it in quotes",
     "der AGS hat 8 Ziffern, z. B. `05315000`; in Anführungszeichen setzen"),
    ("a postal code has 5 digits; put it in quotes, e.g. `\"50667\"`",
     "eine Postleitzahl hat 5 Ziffern; in Anführungszeichen setzen, z. B. `\"50667\"`"),
    ("write `{key}:` on a line of its own and its keys indented below it, or `{key}: {{key: value, …}}`",
     "`{key}:` in eine eigene Zeile schreiben und seine Schlüssel eingerückt darunter, oder `{key}: {{key: value, …}}`"),
    ("`{key}` takes a list: one `- item` per line, or `[a, b]`",
     "`{key}` nimmt eine Liste: ein `- Eintrag` pro Zeile, oder `[a, b]`"),
    ("give this form another id, or merge the two files", "diesem Formular eine andere Id geben oder die beiden Dateien zusammenführen"),
    ("check brackets and escape special characters with `\\`",
     "Klammern prüfen und Sonderzeichen mit `\\` schützen"),
    ("make `{low}` at most `{high}`", "`{low}` höchstens so groß wie `{high}` machen"),
    ("use paragraphs, lists, **bold**, *italic* and [links](https://…) only",
     "nur Absätze, Listen, **fett**, *kursiv* und [Links](https://…) verwenden"),
    ("use `elements:` here, or target a step", "hier `elements:` verwenden oder einen Schritt als Ziel nennen"),
    ("use `steps:` here, or target an element", "hier `steps:` verwenden oder ein Element als Ziel nennen"),
    ('compare with "==" (a single "=" is not an operator)', 'mit "==" vergleichen (ein einzelnes "=" ist kein Operator)'),
    ("give a value the field accepts ({problem})", "einen Wert angeben, den das Feld annimmt ({problem})"),
    ("definitions need far fewer than {depth} levels; flatten the structure",
     "Definitionen brauchen weit weniger als {depth} Ebenen; die Struktur flacher machen"),
    ("start with the keys of a definition, e.g. `id:`", "mit den Schlüsseln einer Definition beginnen, z. B. `id:`"),
    ("write `key: value` lines at the top level", "auf der obersten Ebene `Schlüssel: Wert`-Zeilen schreiben"),
    ("remove the `---` separators; put each definition in its own file",
     "die `---`-Trenner entfernen; jede Definition in eine eigene Datei"),
    ("compare it with a code, e.g. {example}", "mit einem Code vergleichen, z. B. {example}"),
    ("compare it, e.g. {example}", "vergleichen, z. B. {example}"),
    ("the NRW form still uses `{target}`: instead of removing it, hide it: {example}",
     "das NRW-Formular verwendet `{target}` noch: statt es zu entfernen, blenden Sie es aus: {example}"),
    ("a date is not a number: compare its year, {year}, or a day, {day}",
     "ein Datum ist keine Zahl: vergleichen Sie das Jahr, {year}, oder einen Tag, {day}"),
    ("a date is not a number: for an age in years write {age} (age on the start of care) or {today} (today); "
     "for a day write {day}",
     "ein Datum ist keine Zahl: für ein Alter in Jahren schreiben Sie {age} (Alter bei Betreuungsbeginn) oder "
     "{today} (heute), für einen Tag {day}"),
    ('write a date as datum("2025-08-01")', 'ein Datum als datum("2025-08-01") schreiben'),
    ("write numbers without quotes, e.g. 3 or 1.5", "Zahlen ohne Anführungszeichen schreiben, z. B. 3 oder 1.5"),
    ("write true or false without quotes", "true oder false ohne Anführungszeichen schreiben"),
    ("test for a value with ausgefuellt(x) or x == null", "ob ein Wert da ist, prüft ausgefuellt(x) oder x == null"),
    # to-dos (kitaforms.check.todos)
    ("do what the mark says, then delete this line", "erledigen, was die Markierung sagt, dann diese Zeile löschen"),
    ("enter the real contact (name, e-mail, address) of the Jugendamt and of the data-protection officer, then "
     "delete this line",
     "die echten Kontaktdaten (Name, E-Mail, Anschrift) des Jugendamts und der/des Datenschutzbeauftragten "
     "eintragen, dann diese Zeile löschen"),
    ("replace the sample facilities by your real catalogue and set `sample_data: false`, then delete this line",
     "die Beispiel-Einrichtungen durch Ihren echten Katalog ersetzen und `sample_data: false` setzen, dann diese "
     "Zeile löschen"),
    ("check every setting against your own rules and change what differs, then delete this line",
     "jede Einstellung mit Ihren Regeln vergleichen und ändern, was abweicht, dann diese Zeile löschen"),
    ("write your own list, or delete it to use the NRW list",
     "eine eigene Liste eintragen, oder sie löschen, um die NRW-Liste zu verwenden"),
    ("rewrite the texts for your Kommune or delete the change",
     "die Texte für Ihre Kommune umschreiben oder die Änderung löschen"),
    ("write your own postcodes into the rule or delete the change",
     "Ihre eigenen Postleitzahlen in die Regel schreiben oder die Änderung löschen"),
    ("reword the declaration for your Kommune or delete the change",
     "die Erklärung für Ihre Kommune umformulieren oder die Änderung löschen"),
    ("name your own Satzung (norm and link), then delete this line",
     "Ihre eigene Satzung nennen (Norm und Link), dann diese Zeile löschen"),
    ("keep the change only if it holds for your Kommune, else delete it",
     "die Änderung nur behalten, wenn sie auch für Ihre Kommune gilt, sonst löschen"),
    ("enter your own Satzung (title, validity, income rules, tables, every number with its source), then delete "
     "this line",
     "Ihre eigene Satzung eintragen (Titel, Gültigkeit, Einkommensregeln, Tabellen, jede Zahl mit Quelle), dann "
     "diese Zeile löschen"),
    ("then delete this line", "dann diese Zeile löschen"),
    # reading the file
    ("a value cannot contain itself; write the repeated part out",
     "ein Wert kann sich nicht selbst enthalten; den wiederholten Teil ausschreiben"),
    ("define `&{name}` on a value above this line, or remove the `*`",
     "`&{name}` an einem Wert über dieser Zeile setzen oder den `*` entfernen"),
    ("use fewer `*alias` references; write repeated parts out or use a code list",
     "weniger `*alias`-Verweise verwenden; wiederholte Teile ausschreiben oder eine Codeliste verwenden"),
    ("remove the `!tag`; definitions hold plain text, numbers, lists and mappings",
     "das `!tag` entfernen; Definitionen enthalten nur Text, Zahlen, Listen und `Schlüssel: Wert`-Zeilen"),
    ("split the definition into several files (code lists, facility catalogue)",
     "die Definition auf mehrere Dateien aufteilen (Codelisten, Einrichtungskatalog)"),
    ("save the file as UTF-8", "die Datei als UTF-8 speichern"),
    ("remove the control character (it is often pasted in by accident)",
     "das Steuerzeichen entfernen (es wird oft versehentlich mit eingefügt)"),
    ("add forms/{kommune}/{file} (name, ags, jugendamt, datenschutz), or run `kitaforms init {kommune} --ags <AGS>`",
     "forms/{kommune}/{file} anlegen (name, ags, jugendamt, datenschutz) oder `kitaforms init {kommune} --ags <AGS>` "
     "ausführen"),
    # a published version would change (kitaforms build)
    ("set at least `version: {version}` ({bump}, by the rules of `kitaforms diff`) here; or undo the change",
     "mindestens `version: {version}` setzen ({bump}, nach den Regeln von `kitaforms diff`), hier; oder die Änderung "
     "zurücknehmen"),
    ("set at least `version: {version}` ({bump}, by the rules of `kitaforms diff`) in {file} for this Kommune alone, "
     "or here for every Kommune; or undo the change",
     "mindestens `version: {version}` setzen ({bump}, nach den Regeln von `kitaforms diff`), in {file} nur für diese "
     "Kommune oder hier für jede Kommune; oder die Änderung zurücknehmen"),
    # expressions
    ("unknown function {name}()", "unbekannte Funktion {name}()"),
    ("use a multiple choice field or a text", "ein Mehrfachauswahl-Feld oder einen Text verwenden"),
    # lint (path analysis)
    ("give the step a `visible_if` that matches its elements, or add an element that is always shown",
     "dem Schritt ein `visible_if` geben, das zu seinen Elementen passt, oder ein Element ergänzen, das immer "
     "gezeigt wird"),
    ("remove `visible_if`, or check whether another condition was meant",
     "`visible_if` entfernen oder prüfen, ob eine andere Bedingung gemeint war"),
    ("hidden fields are never required; make `visible_if` and `required_if` agree",
     "ausgeblendete Felder sind nie Pflicht; `visible_if` und `required_if` aufeinander abstimmen"),
    ("write `required: true` instead of `required_if`", "`required: true` statt `required_if` schreiben"),
    ("check the rule: it must be true for the answers you accept",
     "die Regel prüfen: sie muss für die Antworten wahr sein, die Sie annehmen"),
    ("remove the validation, or check whether another rule was meant",
     "die Prüfung entfernen oder prüfen, ob eine andere Regel gemeint war"),
    ("name it under `code_list:` (or `reasons:`) of a field, or remove it",
     "sie unter `code_list:` (oder `reasons:`) eines Feldes nennen oder entfernen"),
    # the care contract (vertrag.yaml, kitaforms.contract.check)
    ("add forms/{id}/vergabe.yaml, or remove vertrag.yaml", "forms/{id}/vergabe.yaml anlegen oder vertrag.yaml löschen"),
    ("add `de:` (the contract is made in German)", "`de:` ergänzen (der Vertrag wird auf Deutsch erstellt)"),
    ("close the placeholder, or write `{twice}` for a brace itself",
     "den Platzhalter schließen, oder `{twice}` für die Klammer selbst schreiben"),
    ("give each section its own id", "jedem Abschnitt eine eigene Id geben"),
    ("merge the two entries", "die beiden Einträge zusammenführen"),
    ("Träger of the catalogue: {names}", "Träger des Katalogs: {names}"),
    ("placeholders: {names}", "Platzhalter: {names}"),
    ("write {example}", "{example} schreiben"),  # the most general last
]

WORDS: dict[str, str] = {
    "a number": "eine Zahl", "a string": "ein Text", "a date": "ein Datum", "a boolean": "wahr oder falsch",
    "number": "Zahl", "string": "Text", "date": "Datum", "boolean": "wahr/falsch", "the expression": "der Ausdruck",
    "a whole number": "eine ganze Zahl", "text": "Text", "yes/no (true or false)": "ja/nein (true oder false)",
    "a valid integer": "eine ganze Zahl", "a valid number": "eine Zahl", "a valid boolean": "true oder false",
    "a valid string": "ein Text", "a valid date": "ein Datum (JJJJ-MM-TT)", "a valid decimal": "eine Zahl",
    "a valid date or datetime": "ein Datum (JJJJ-MM-TT)", "a valid list": "eine Liste", "darker": "dunklere",
    "lighter": "hellere", "an element": "einem Element", "a step": "einem Schritt",
    "unterminated character set": "nicht geschlossene Zeichenklasse `[`", "too large": "zu groß",
    "too small": "zu klein",
    "a breaking change": "eine inkompatible Änderung", "a compatible change": "eine kompatible Änderung",
    "a change of texts only": "eine reine Textänderung",
    "a change of the generated content with no change of meaning":
        "eine Änderung des erzeugten Inhalts ohne Änderung der Bedeutung",
}

# The varying parts that are words or messages themselves; every other part (keys, ids, paths, values,
# expressions) is shown as written.
WORDED = frozenset({"message", "problem", "found", "ratios", "wanted", "actual", "kind", "given", "expected",
                    "left_type", "right_type", "direction", "where", "target"})

LABELS = {"de": {"hint": "Hinweis", "note": "Anmerkung"}, "en": {"hint": "hint", "note": "note"}}


def localized(diagnostic: Diagnostic, lang: str) -> Diagnostic:
    """``diagnostic`` with message, hint and notes in ``lang`` (``en``: as written)."""
    if lang != "de":
        return diagnostic
    notes = tuple(Note(note.location, translate(note.message, MESSAGES)) for note in diagnostic.notes)
    hint = translate_hint(diagnostic.hint) if diagnostic.hint else None
    return replace(diagnostic, message=translate(diagnostic.message, MESSAGES), hint=hint, notes=notes)


def translate_hint(hint: str) -> str:
    whole = _translated(hint, HINTS, 2)
    if whole is not None:
        return whole
    return "; ".join(translate(part, HINTS) for part in hint.split("; "))


def translate(text: str, catalogue: list[tuple[str, str]]) -> str:
    """``text`` in German when an entry of ``catalogue`` (or :data:`WORDS`) matches, else unchanged."""
    return _translated(text, catalogue, 2) or text


def _translated(text: str, catalogue: list[tuple[str, str]], depth: int) -> str | None:
    for pattern, german in _compiled(catalogue):
        found = pattern.fullmatch(text)
        if found is not None:
            parts = {name: _part(value, depth) if name in WORDED else value for name, value in found.groupdict().items()}
            return german.format(**parts)
    return None


def _part(value: str, depth: int) -> str:
    if depth <= 0 or value in WORDS:
        return WORDS.get(value, value)
    if ", " in value:  # a list of phrases, e.g. "4.51:1 with #ffffff, 5.00:1 with #000000"
        parts = [_translated(part, HINTS, depth - 1) for part in value.split(", ")]
        if all(parts):
            return ", ".join(part for part in parts if part)
    for catalogue in (MESSAGES, HINTS):
        found = _translated(value, catalogue, depth - 1)
        if found is not None:
            return found
    head = value.split(", ", 1)[0]
    if value.startswith("a valid ") and head in WORDS:  # pydantic: "a valid integer, unable to parse …"
        return WORDS[head]
    if ", " in value:
        return ", ".join(WORDS.get(part) or _translated(part, HINTS, 0) or part for part in value.split(", "))
    return value


_COMPILED: dict[int, list[tuple[re.Pattern[str], str]]] = {}


def _compiled(catalogue: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    if id(catalogue) not in _COMPILED:
        _COMPILED[id(catalogue)] = [(_pattern(english), german) for english, german in catalogue]
    return _COMPILED[id(catalogue)]


def _pattern(template: str) -> re.Pattern[str]:
    regex, named = [], set()
    for literal, name, _, _ in Formatter().parse(template):
        regex.append(re.escape(literal))
        if name is not None:
            regex.append(f"(?P={name})" if name in named else f"(?P<{name}>.*?)")
            named.add(name)
    return re.compile("".join(regex), re.DOTALL)


def german_of(text: str, hint: bool = False) -> str | None:
    """The German wording of a message (or, with ``hint``, of a hint), or None when the catalogue has none."""
    if not hint:
        return _translated(text, MESSAGES, 2)
    whole = _translated(text, HINTS, 2)
    if whole is not None:
        return whole
    parts = [_translated(part, HINTS, 2) for part in text.split("; ")]
    return "; ".join(p for p in parts if p) if all(parts) else None

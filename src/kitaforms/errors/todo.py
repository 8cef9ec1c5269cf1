"""Codes for open to-dos: content that is not yet the Kommune's own.

``kitaforms init`` marks what it could not know (placeholder contacts, a sample facility catalogue) and,
with ``--from``, everything it took over from the other Kommune that is local to it (its settings, code
lists, legal bases, changes, fee rules). A mark is a comment on the line above the item::

    # kitaforms: todo TODO_007 – Postleitzahl-Regel von Köln: durch die eigene ersetzen oder löschen

Editors may write their own (``TODO_001``). Each mark is a warning, so the preview keeps working and
``kitaforms validate --strict`` (and CI) fails until the editor has replaced the item and deleted the mark.
"""

from kitaforms.errors._types import ErrorCode, Severity

W = Severity.WARNING

_MARK = "# kitaforms: todo"

CODES = [
    ErrorCode(
        "TODO_001", W, "Open to-do",
        "A to-do mark an editor wrote (or one whose code kitaforms does not know). It fails "
        "`validate --strict` until the work is done and the mark deleted.",
        wrong=f"{_MARK} TODO_001 – Frist mit dem Amt klären\nsettings:\n  max_wuensche: 5\n",
        fixed="settings:\n  max_wuensche: 5\n",
    ),
    ErrorCode(
        "TODO_002", W, "Placeholder contact",
        "`kitaforms init` wrote invented contacts for the Jugendamt or the data-protection officer "
        "(`….example` addresses). Citizens must see the real ones (DSGVO Art. 13).",
        wrong=f"jugendamt:\n  {_MARK} TODO_002 – Platzhalter\n  name: Jugendamt Musterhausen\n"
        "  email: jugendamt@musterhausen.example\n",
        fixed="jugendamt:\n  name: Jugendamt Musterhausen\n  email: jugendamt@musterhausen.de\n",
    ),
    ErrorCode(
        "TODO_003", W, "Sample facilities",
        "The facility catalogue is the invented example of `kitaforms init` (`sample_data: true`). Replace it "
        "by the real list and set `sample_data: false`.",
        wrong=f"{_MARK} TODO_003 – Beispielkatalog\nsample_data: true\nfacilities:\n  - id: beispiel-kita\n",
        fixed="sample_data: false\nfacilities:\n  - id: mh-kita-1\n",
    ),
    ErrorCode(
        "TODO_004", W, "Copied settings",
        "`kitaforms init --from` took over the other Kommune's settings (number of wishes, fee-free income "
        "limit …). Check every value against your own rules.",
        wrong=f"{_MARK} TODO_004 – Einstellungen von Köln\nsettings:\n  beitragsfrei_bis: 24542\n",
        fixed="settings:\n  beitragsfrei_bis: 30000\n",
    ),
    ErrorCode(
        "TODO_005", W, "Copied code list",
        "A code list the other Kommune replaced (e.g. its income bands) was taken over. Write your own "
        "list, or delete it to use the NRW list.",
        wrong=f"code_lists:\n  {_MARK} TODO_005 – Einkommensstufen von Köln\n  einkommensstufen:\n",
        fixed="code_lists:\n  einkommensstufen:\n",
    ),
    ErrorCode(
        "TODO_006", W, "Copied text naming the other Kommune",
        "A change taken over from the other Kommune has texts that name it (its name, its town). Rewrite "
        "them for your Kommune or delete the change.",
        wrong=f"changes:\n  {_MARK} TODO_006 – nennt Köln\n  - set: wuensche\n    properties:\n"
        "      hint: {de: In Köln …}\n",
        fixed="changes:\n  - set: wuensche\n    properties:\n      hint: {de: In Musterhausen …}\n",
    ),
    ErrorCode(
        "TODO_007", W, "Copied postcode rule",
        "A rule on postcodes was taken over: it checks the other Kommune's postcodes, so it would warn or "
        "refuse every family of yours. Write your own postcodes or delete the change.",
        wrong=f"changes:\n  {_MARK} TODO_007 – Postleitzahlen von Köln\n  - set: kind.plz\n    properties:\n"
        "      validations:\n        - rule: wert >= \"50667\" and wert <= \"51149\"\n",
        fixed="changes:\n  - set: kind.plz\n    properties:\n      validations:\n"
        "        - rule: wert >= \"59999\" and wert <= \"59999\"\n",
    ),
    ErrorCode(
        "TODO_008", W, "Copied declaration",
        "A declaration parents must confirm was taken over from the other Kommune (e.g. that the child "
        "lives there). Reword it for your Kommune or delete it.",
        wrong=f"changes:\n  {_MARK} TODO_008 – Erklärung von Köln\n  - insert_after: kind.ort\n    elements:\n"
        "      - id: wohnsitz_koeln\n        type: declaration\n        label: Mein Kind wohnt in Köln.\n",
        fixed="changes:\n  - insert_after: kind.ort\n    elements:\n      - id: wohnsitz\n        type: declaration\n"
        "        label: Mein Kind wohnt in Musterhausen.\n",
    ),
    ErrorCode(
        "TODO_009", W, "Copied legal basis",
        "The form names the other Kommune's legal bases (its Elternbeitragssatzung) under `bezug`. Name your "
        "own Satzung.",
        wrong=f"{_MARK} TODO_009 – Satzung von Köln\nbezug:\n  - norm: Elternbeitragssatzung der Stadt Köln\n",
        fixed="bezug:\n  - norm: Elternbeitragssatzung der Gemeinde Musterhausen\n",
    ),
    ErrorCode(
        "TODO_010", W, "Copied change",
        "A change of the other Kommune's form was taken over. Keep it only if the same holds for your "
        "Kommune; then delete the mark.",
        wrong=f"changes:\n  {_MARK} TODO_010 – von Köln übernommen\n  - remove: kind.familiensprache\n",
        fixed="changes:\n  - remove: kind.familiensprache\n",
    ),
    ErrorCode(
        "TODO_011", W, "Copied Satzung",
        "The fee rules were taken over from the other Kommune as a template: validity, income rules, "
        "tables and sources are still its own. Enter your Satzung, every number with its source.",
        wrong=f"{_MARK} TODO_011 – Satzung von Köln als Vorlage\ntitle: Entwurf\nvalid_from: 2025-08-01\n",
        fixed="title: Elternbeitragssatzung der Gemeinde Musterhausen\nvalid_from: 2026-08-01\n",
    ),
]

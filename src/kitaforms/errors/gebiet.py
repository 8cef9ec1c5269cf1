"""Codes for the towns and postcodes a Kommune serves (`zustaendigkeit:` in kommune.yaml)."""

from kitaforms.errors._types import ErrorCode, Severity

E = Severity.ERROR

CODES = [
    ErrorCode(
        "GEBIET_001", E, "Postcode claimed twice without a distinguishing town",
        "Two entries claim the same postcode for the same town (in one Kommune, or in two Kommunen of the project): "
        "the Zuständigkeitsfinder could not tell which Jugendamt is responsible. A postcode several towns share is "
        "fine: list it with each town, the finder asks for the town. A town with its own Jugendamt belongs under "
        "`eigene_jugendaemter` of the Kreis, not under its `gemeinden`.",
        wrong="# forms/kreis_soest/kommune.yaml\n  gemeinden:\n    - {ags: \"05974028\", name: Lippstadt, "
        "postleitzahlen: [\"59555\"]}\n# forms/lippstadt/kommune.yaml\n  gemeinden:\n    - {ags: \"05974028\", "
        "name: Lippstadt, postleitzahlen: [\"59555\"]}\n",
        fixed="# forms/kreis_soest/kommune.yaml\n  eigene_jugendaemter:\n    - {ags: \"05974028\", name: Lippstadt, "
        "postleitzahlen: [\"59555\"], jugendamt: Jugendamt der Stadt Lippstadt, kommune: lippstadt}\n",
    ),
    ErrorCode(
        "GEBIET_002", E, "Town claimed twice",
        "Two entries of `gemeinden` (in one Kommune, or in two Kommunen) have the same AGS: only one Jugendamt can "
        "serve a town.",
        wrong="  gemeinden:\n    - {ags: \"05974052\", name: Werl, postleitzahlen: [\"59457\"]}\n"
        "    - {ags: \"05974052\", name: Werl-Büderich, postleitzahlen: [\"59457\"]}\n",
        fixed="  gemeinden:\n    - {ags: \"05974052\", name: Werl, postleitzahlen: [\"59457\"]}\n",
    ),
    ErrorCode(
        "GEBIET_003", E, "Invalid AGS",
        "The Amtlicher Gemeindeschlüssel is not one of this Kommune's towns: its first two digits are no Land "
        "(01–16), its first five digits are not the Kommune's Kreis (those of the Kommune's own `ags`), or it ends "
        "in 000 (the key of a Kreis) although the Kommune is a Kreis. Copy the AGS from the official Gemeindeverzeichnis.",
        wrong="ags: \"05974000\"\nzustaendigkeit:\n  gemeinden:\n    - {ags: \"05978052\", name: Werl, "
        "postleitzahlen: [\"59457\"]}\n",
        fixed="ags: \"05974000\"\nzustaendigkeit:\n  gemeinden:\n    - {ags: \"05974052\", name: Werl, "
        "postleitzahlen: [\"59457\"]}\n",
    ),
    ErrorCode(
        "GEBIET_004", E, "Invalid postcode",
        "A postcode is not a German postcode (01001–99998) or is listed twice for the same town.",
        wrong="    - {ags: \"05974052\", name: Werl, postleitzahlen: [\"00457\", \"59457\", \"59457\"]}\n",
        fixed="    - {ags: \"05974052\", name: Werl, postleitzahlen: [\"59457\"]}\n",
    ),
    ErrorCode(
        "GEBIET_005", E, "Unknown Kommune",
        "`eigene_jugendaemter` names a Kommune id (`kommune:`) that has no folder under `forms/`. Leave `kommune` "
        "out when that Jugendamt is not on this portal: the finder then says so.",
        wrong="    - {ags: \"05974028\", name: Lippstadt, postleitzahlen: [\"59555\"], jugendamt: Jugendamt der Stadt "
        "Lippstadt, kommune: lipstadt}\n",
        fixed="    - {ags: \"05974028\", name: Lippstadt, postleitzahlen: [\"59555\"], jugendamt: Jugendamt der Stadt "
        "Lippstadt}\n",
    ),
]

"""Resolving: the NRW base form + a Kommune overlay, and where problems in the merged form are reported."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from core_support import BASE_FORM, OVERLAY, compile_with, summary, where

from kitaforms.compiler import CompileResult
from kitaforms.model.walk import fields_by_name
from kitaforms.resolve import ResolvedForm

MUSTERSTADT = "musterstadt/anmeldung"
NRW = "nrw/anmeldung"


STEP_CHANGES_LOST = (
    "BUG (regression from 0fe06f2): find_target returns a Slot into a filtered *copy* of the steps list, so "
    "remove/insert_before/insert_after on a step change the copy and are silently lost, with no diagnostic"
)


def overlay(changes: str = "", head: str = "") -> str:
    """An overlay of the fixture's base form: ``head`` (settings, code lists) and ``changes``."""
    text = "extends: anmeldung\n" + textwrap.dedent(head)
    if changes:
        text += "changes:\n" + textwrap.indent(textwrap.dedent(changes), "  ")
    return text


def resolved(project: Path, overlay_text: str, *, key: str = MUSTERSTADT) -> ResolvedForm:
    result = compile_with(project, {OVERLAY: overlay_text})
    assert [d for d in result.diagnostics if d.is_error] == [], summary(result)
    return result.forms[key]


def ids(elements: list[Any]) -> list[str]:
    return [element.id for element in elements]


def element(form: ResolvedForm, name: str) -> Any:
    return fields_by_name(form.form)[name].element


def errors_at(result: CompileResult) -> list[str]:
    return [where(d) for d in result.diagnostics.sorted() if d.is_error]


# --- the fixture overlay ----------------------------------------------------------------------------


def test_fixture_project_is_valid(project: Path) -> None:
    result = compile_with(project)
    assert summary(result) == []
    assert sorted(result.forms) == [MUSTERSTADT, NRW]


def test_fixture_overlay_inserts_after_and_sets_a_property(project: Path) -> None:
    result = compile_with(project)
    base, local = result.forms[NRW], result.forms[MUSTERSTADT]
    assert ids(element(base, "kind").elements) == ["vorname", "geburtsdatum"]
    assert ids(element(local, "kind").elements) == ["vorname", "geburtsdatum", "staatsangehoerigkeit"]
    assert element(local, "kind.vorname").hint == {"de": "Wie im Ausweis", "en": "As in the passport"}
    assert element(base, "kind.vorname").hint is None  # the base form itself is untouched


def test_setting_of_the_overlay_becomes_max_picks(project: Path) -> None:
    result = compile_with(project)
    assert element(result.forms[NRW], "wuensche").max_picks == 3
    assert element(result.forms[MUSTERSTADT], "wuensche").max_picks == 5
    assert result.forms[MUSTERSTADT].form.settings == {"max_wuensche": 5}


def test_resolved_form_knows_its_kommune_and_facilities(project: Path) -> None:
    local = compile_with(project).forms[MUSTERSTADT]
    assert (local.key, local.kommune.ags) == (MUSTERSTADT, "05999000")
    assert [f.id for f in local.facilities.facilities] == ["kita-a"]


# --- each kind of change -------------------------------------------------------------------------------


def test_the_services_come_from_the_base_form_unless_the_overlay_names_its_own(project: Path) -> None:
    base = resolved(project, overlay())
    nrw = compile_with(project).forms[NRW]
    assert (base.form.leika, base.form.ozg_id) == (nrw.form.leika, nrw.form.ozg_id)
    own = resolved(project, overlay(head='leika: ["99107007149000"]\nozg_id: "10040"\n'))
    assert (own.form.leika, own.form.ozg_id) == (["99107007149000"], "10040")
    assert own.source.origin(("leika",))[0].file.endswith("musterstadt/anmeldung.yaml"), "errors point at the overlay"


def test_insert_before_an_element(project: Path) -> None:
    form = resolved(
        project,
        overlay("""\
        - insert_before: kind.vorname
          elements:
            - {id: anrede, type: text, label: {de: Anrede, en: Salutation}}
            - {id: titel, type: text, label: {de: Titel, en: Title}}
        """),
    )
    assert ids(element(form, "kind").elements) == ["anrede", "titel", "vorname", "geburtsdatum"]


def test_insert_after_the_last_element_of_a_step(project: Path) -> None:
    form = resolved(
        project,
        overlay("""\
        - insert_after: anzahl_geschwister
          elements:
            - {id: bemerkung, type: textarea, label: {de: Bemerkung, en: Remark}}
        """),
    )
    assert ids(form.form.steps[1].elements)[-2:] == ["anzahl_geschwister", "bemerkung"]


def test_insert_into_a_repeat(project: Path) -> None:
    form = resolved(
        project,
        overlay("""\
        - insert_after: geschwister.name
          elements:
            - {id: schule, type: text, label: {de: Schule, en: School}}
        """),
    )
    assert ids(element(form, "geschwister").elements) == ["name", "schule", "geburtsdatum"]
    assert fields_by_name(form.form)["geschwister.schule"].repeats == ("geschwister",)


def test_remove_elements(project: Path) -> None:
    form = resolved(
        project,
        overlay("""\
        - remove: geschwister
        - remove: anzahl_geschwister
        - remove: kind.vorname
        """),
    )
    assert ids(form.form.steps[1].elements) == ["sorgerecht", "getrennt_lebend", "einverstaendnis"]
    assert ids(element(form, "kind").elements) == ["geburtsdatum"]


def test_remove_a_step(project: Path) -> None:
    form = resolved(project, overlay("- remove: wuensche_step\n"))
    assert ids(form.form.steps) == ["kind_step", "eltern"]


def test_insert_steps_before_and_after_a_step(project: Path) -> None:
    form = resolved(
        project,
        overlay("""\
        - insert_before: kind_step
          steps:
            - id: start
              title: {de: Start, en: Start}
              elements:
                - {id: hinweis, type: info, body: {de: Willkommen, en: Welcome}}
        - insert_after: wuensche_step
          steps:
            - id: abschluss
              title: {de: Abschluss, en: Finish}
              elements:
                - {id: richtig, type: declaration, label: {de: Alles richtig., en: All true.}}
        """),
    )
    assert ids(form.form.steps) == ["start", "kind_step", "eltern", "wuensche_step", "abschluss"]


def test_set_properties_of_a_step_and_of_a_field(project: Path) -> None:
    form = resolved(
        project,
        overlay("""\
        - set: eltern
          properties:
            title: {de: Eltern und Sorgerecht, en: Parents and custody}
        - set: geschwister
          properties: {max_items: 2, min_items: 1}
        - set: kind.vorname
          properties: {required: false, max_length: 50}
        """),
    )
    assert form.form.steps[1].title == {"de": "Eltern und Sorgerecht", "en": "Parents and custody"}
    assert (element(form, "geschwister").min_items, element(form, "geschwister").max_items) == (1, 2)
    vorname = element(form, "kind.vorname")
    assert (vorname.required, vorname.max_length) == (False, 50)


def test_changes_apply_in_order(project: Path) -> None:
    form = resolved(
        project,
        overlay("""\
        - insert_after: kind.vorname
          elements:
            - {id: rufname, type: text, label: {de: Rufname, en: Called name}}
        - insert_after: kind.rufname
          elements:
            - {id: spitzname, type: text, label: {de: Spitzname, en: Nickname}}
        - remove: kind.vorname
        """),
    )
    assert ids(element(form, "kind").elements) == ["rufname", "spitzname", "geburtsdatum"]


def test_a_removed_element_cannot_be_changed_later(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - remove: kind.vorname
        - set: kind.vorname
          properties: {required: false}
        """)
        },
    )
    assert errors_at(result) == ["FORM_011 forms/musterstadt/anmeldung.yaml:4:10"]


def test_code_list_replacement(project: Path) -> None:
    form = resolved(
        project,
        overlay(
            head="""\
        code_lists:
          sorgerecht:
            - {code: gemeinsam, label: {de: Gemeinsam, en: Joint}}
            - {code: allein, label: {de: Allein, en: Sole}}
            - {code: vormund, label: {de: Vormundschaft, en: Guardianship}}
        """
        ),
    )
    assert [o.code for o in form.form.code_lists["sorgerecht"]] == ["gemeinsam", "allein", "vormund"]
    assert form.source.locate(("code_lists", "sorgerecht", 2, "code")).file == OVERLAY


def test_shared_code_lists_are_merged_and_can_be_replaced(project: Path) -> None:
    shared = "code_lists:\n  ja_nein:\n    - {code: ja, label: {de: Ja, en: Yes}}\n    - {code: nein, label: {de: Nein, en: No}}\n"
    result = compile_with(
        project,
        {
            "forms/nrw/codelisten.yaml": shared,
            OVERLAY: overlay(head="code_lists:\n  ja_nein:\n    - {code: ja, label: {de: Jawohl, en: Yes}}\n"),
        },
    )
    assert summary(result) == []
    assert [o.code for o in result.forms[NRW].form.code_lists["ja_nein"]] == ["ja", "nein"]
    assert [o.label["de"] for o in result.forms[MUSTERSTADT].form.code_lists["ja_nein"]] == ["Jawohl"]


def test_overlay_version_overrides_the_base_version(project: Path) -> None:
    result = compile_with(project, {OVERLAY: overlay(head="version: 1.1.0\n")})
    assert (result.forms[NRW].form.version, result.forms[MUSTERSTADT].form.version) == ("1.0.0", "1.1.0")


def test_setting_references_in_inserted_elements_are_substituted(project: Path) -> None:
    form = resolved(
        project,
        overlay(
            head="settings:\n  max_wuensche: 4\n",
            changes="""\
        - set: geschwister
          properties:
            max_items: {setting: max_wuensche}
        """,
        ),
    )
    assert element(form, "geschwister").max_items == 4
    assert element(form, "wuensche").max_picks == 4


def test_settings_are_readable_in_expressions(project: Path) -> None:
    form = resolved(
        project,
        overlay(
            """\
        - insert_after: wuensche
          elements:
            - id: viele_wuensche
              type: info
              visible_if: anzahl(wuensche) > einstellungen.max_wuensche - 1
              body: {de: Das sind viele Wünsche., en: That is a lot of wishes.}
        """,
            head="settings:\n  max_wuensche: 5\n",
        ),
    )
    assert element(form, "viele_wuensche").visible_if.startswith("anzahl")


# --- problems inside overlay content point into the overlay ---------------------------------------------


def test_schema_error_in_an_inserted_element_points_into_the_overlay(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - insert_after: kind.geburtsdatum
          elements:
            - {id: a, type: text, label: {de: A, en: A}, lable: x}
        """)
        },
    )
    assert errors_at(result) == ["FORM_001 forms/musterstadt/anmeldung.yaml:5:52"]
    assert result.diagnostics.errors[0].hint == "did you mean `label`?"


def test_schema_error_in_set_properties_points_into_the_overlay(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - set: getrennt_lebend
          properties:
            required: vielleicht
        """)
        },
    )
    assert errors_at(result) == ["FORM_003 forms/musterstadt/anmeldung.yaml:5:17"]


def test_schema_errors_in_inserted_steps_point_into_the_overlay(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - insert_before: eltern
          steps:
            - id: Extra
              title: {de: E, en: E}
              elements:
                - {id: b, type: text, label: {de: B, en: B}, lable: x}
        """)
        },
    )
    assert errors_at(result) == [
        "FORM_003 forms/musterstadt/anmeldung.yaml:5:13",
        "FORM_001 forms/musterstadt/anmeldung.yaml:8:56",
    ]


def test_all_errors_of_an_overlay_are_reported_in_one_run(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - insert_after: kind.geburtsdatum
          elements:
            - {id: a, type: text, label: {de: A, en: A}, lable: x}
        - set: getrennt_lebend
          properties:
            required: vielleicht
        """)
        },
    )
    assert errors_at(result) == [
        "FORM_001 forms/musterstadt/anmeldung.yaml:5:52",
        "FORM_003 forms/musterstadt/anmeldung.yaml:8:17",
    ]


def test_a_bad_inserted_step_hides_no_other_error_and_is_reported_once(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - insert_after: eltern
          steps:
            - {id: extra, title: {de: Extra, en: Extra}, elements: [], farbe: rot}
        - remove: gibt_es_nicht
        """)
        },
    )
    assert errors_at(result) == [
        "FORM_003 forms/musterstadt/anmeldung.yaml:5:62",
        "FORM_001 forms/musterstadt/anmeldung.yaml:5:66",
        "FORM_011 forms/musterstadt/anmeldung.yaml:6:13",
    ]


def test_a_bad_element_inserted_at_a_missing_target_is_still_reported(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - insert_after: kind.gibt_es_nicht
          elements:
            - {id: a, type: txt, label: {de: A, en: A}}
        """)
        },
    )
    codes = [where.split()[0] for where in errors_at(result)]
    assert "FORM_011" in codes and len(codes) == 2, errors_at(result)


def test_check_errors_in_overlay_content_point_into_the_overlay(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - insert_after: kind.geburtsdatum
          elements:
            - {id: vorname, type: text, label: {de: V, en: V}}
        - set: getrennt_lebend
          properties:
            visible_if: sorgerecht = "gemeinsam"
        - set: eltern
          properties:
            title: {de: Eltern und Sorgerecht}
        """)
        },
    )
    assert [(where(d), d.severity.value) for d in result.diagnostics.sorted()] == [
        ("FORM_004 forms/musterstadt/anmeldung.yaml:5:14", "error"),
        ("EXPR_001 forms/musterstadt/anmeldung.yaml:8:30", "error"),
        ("FORM_007 forms/musterstadt/anmeldung.yaml:11:14", "warning"),
    ]


def test_errors_of_the_base_form_are_reported_once(project: Path) -> None:
    base = (project / BASE_FORM).read_text(encoding="utf-8")
    broken = base.replace('visible_if: sorgerecht == "gemeinsam"', 'visible_if: sorgerecht == "gemeinsm"')
    result = compile_with(project, {BASE_FORM: broken})
    assert [where(d) for d in result.diagnostics] == ["EXPR_006 forms/nrw/anmeldung.yaml:42:35"]


def test_an_unknown_setting_reference_in_the_base_form(project: Path) -> None:
    base = (project / BASE_FORM).read_text(encoding="utf-8")
    result = compile_with(project, {BASE_FORM: base.replace("{setting: max_wuensche}", "{setting: max_wunsch}")})
    assert errors_at(result) == ["FORM_013 forms/nrw/anmeldung.yaml:75:30"]
    assert result.diagnostics.errors[0].hint == "did you mean `max_wuensche`?"


def test_duplicate_id_names_the_file_of_the_first_occurrence(project: Path) -> None:
    result = compile_with(
        project,
        {
            OVERLAY: overlay("""\
        - insert_after: kind.geburtsdatum
          elements:
            - {id: vorname, type: text, label: {de: V, en: V}}
        """)
        },
    )
    (duplicate,) = result.diagnostics.errors
    assert "forms/nrw/anmeldung.yaml" in duplicate.message


def test_removing_a_referenced_field_is_blamed_on_the_overlay(project: Path) -> None:
    result = compile_with(project, {OVERLAY: overlay("- remove: sorgerecht\n")})
    assert result.diagnostics.errors
    for diagnostic in result.diagnostics.errors:
        assert diagnostic.location.file == OVERLAY or "musterstadt" in diagnostic.message, where(diagnostic)


def test_a_broken_base_form_does_not_cascade_into_the_kommune(project: Path) -> None:
    base = (project / BASE_FORM).read_text(encoding="utf-8")
    result = compile_with(project, {BASE_FORM: base.replace("version: 1.0.0", "version: [1.0.0")})
    assert {d.location.file for d in result.diagnostics} == {BASE_FORM}, summary(result)


def test_the_nrw_base_is_compiled_once_per_content_and_an_edit_of_it_is_seen(project: Path) -> None:
    """A build's tasks (and a long-running `kitaforms serve --dev`) compile the NRW base once, until it changes."""
    first = compile_with(project)
    assert compile_with(project).forms[NRW] is first.forms[NRW]
    assert compile_with(project).forms[MUSTERSTADT] is not first.forms[MUSTERSTADT]

    base = project / BASE_FORM
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("\nsteps:", "\nbroken: [\nsteps:", 1), encoding="utf-8")
    broken = compile_with(project)
    assert NRW not in broken.forms and any(d.is_error and d.location.file == BASE_FORM for d in broken.diagnostics)

    base.write_text(text, encoding="utf-8")
    mended = compile_with(project)
    assert summary(mended) == [] and mended.forms[NRW] is not first.forms[NRW]

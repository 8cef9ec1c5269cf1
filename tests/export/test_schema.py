"""schema.json: valid 2020-12, self-describing, closed objects, codes in enums, conditions as if/then,
standard keywords only (what the definition says beyond that is in form.json)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kitaforms.export._decimal_pattern import decimal_pattern
from kitaforms.export._json import dumps, loads
from kitaforms.export.schema import CATALOGUE_CODE, DRAFT, form_schema, service_keys
from kitaforms.export.validation import SubmissionValidator
from kitaforms.runtime import check_submission

TODAY = date(2026, 2, 2)


def _objects(schema: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every sub-schema that describes submission objects (not the if-predicates)."""
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append((path, schema))
        for key, value in schema.get("properties", {}).items():
            found += _objects(value, f"{path}/properties/{key}")
        if "items" in schema:
            found += _objects(schema["items"], f"{path}/items")
    return found


def test_every_schema_is_valid_against_the_2020_12_meta_schema(bundle_sets) -> None:
    assert bundle_sets
    for bundle in bundle_sets:
        Draft202012Validator.check_schema(bundle.json("schema.json"))


def test_every_schema_names_itself_and_its_service(current_bundles) -> None:
    for bundle in current_bundles:
        schema, manifest = bundle.json("schema.json"), bundle.json("manifest.json")
        kommune, form, version = manifest["kommune"]["id"], manifest["form"]["id"], manifest["form"]["version"]
        assert schema["$schema"] == DRAFT
        assert schema["$id"].endswith(f"/{kommune}/{form}/{version}/schema.json"), bundle
        assert schema["$id"] == manifest["schema"]["$id"]
        assert schema["title"] == manifest["form"]["title"]["de"]
        services = service_keys(schema)
        assert services == {"leika": manifest["leika"], "ozg": manifest["ozg_id"]}, bundle
        assert all(urn.startswith("urn:de:fim:leika:leistung:99") for urn in services["leika"])


def test_every_object_is_closed(bundle_sets) -> None:
    for bundle in bundle_sets:
        for path, obj in _objects(bundle.json("schema.json")):
            assert obj.get("additionalProperties") is False, f"{bundle} {path}"


def test_base_url_goes_into_the_id(compiled) -> None:
    resolved = compiled["mini"].forms["musterstadt/anmeldung"]
    schema = form_schema(resolved, "https://formulare.example.org/kita/")
    assert schema["$id"] == "https://formulare.example.org/kita/musterstadt/anmeldung/1.0.0/schema.json"


def test_enums_hold_codes_and_labels_are_in_form_json(allfields) -> None:
    schema = allfields.json("schema.json")
    art = schema["properties"]["art"]
    assert art == {"title": "Art der Anmeldung", "type": "string", "enum": ["neu", "wechsel"], "minLength": 1}
    labels = allfields.json("form.json")["form"]["code_lists"]["art"]
    assert labels[1]["label"] == {"de": "Wechsel", "en": "Change"}
    assert schema["properties"]["zusatz"]["items"]["enum"] == ["frueh", "mittag", "spaet"]
    picks = schema["properties"]["wuensche"]["items"]
    assert picks["properties"]["code"] == CATALOGUE_CODE, "a facility id: data the server checks, no enum"
    assert picks["properties"]["reasons"]["items"]["enum"] == ["naehe", "geschwister"]


def test_titles_descriptions_and_fim_ids(allfields) -> None:
    schema = allfields.json("schema.json")
    assert schema["description"].startswith("Prüft die Exporte")
    assert schema["$comment"] == "kitaforms-service leika=urn:de:fim:leika:leistung:99041004034000 ozg=10019"
    vorname = schema["properties"]["kind"]["properties"]["vorname"]
    assert vorname["title"] == "Vorname"
    form = allfields.json("form.json")["form"]
    assert form["steps"][1]["elements"][0]["elements"][0]["label"] == {"de": "Vorname", "en": "First name"}
    (aktenzeichen,) = [e for e in form["steps"][0]["elements"] if e["id"] == "aktenzeichen"]
    assert aktenzeichen["fim_id"] == "F60000227"
    assert "hinweis" not in schema["properties"], "info blocks are not data"


def _keys(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [*node, *(key for value in node.values() for key in _keys(value))]
    if isinstance(node, list):
        return [key for value in node for key in _keys(value)]
    return []


def test_only_standard_keywords(current_bundles) -> None:
    """No `x-` annotation, no `format`: what a validator in strict mode cannot compile (ajv)."""
    for bundle in current_bundles:
        keys = set(_keys(bundle.json("schema.json")))
        assert not {key for key in keys if key.startswith("x-")} and "format" not in keys, bundle
        assert "multipleOf" not in keys, bundle


def test_types_and_formats(allfields) -> None:
    props = allfields.json("schema.json")["properties"]
    kind = props["kind"]["properties"]
    assert kind["geburtsdatum"]["pattern"] == "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
    assert kind["beginn"]["pattern"] == "^[0-9]{4}-(0[1-9]|1[0-2])$"
    assert (kind["stunden"]["type"], kind["stunden"]["minimum"], kind["stunden"]["maximum"]) == ("integer", 25, 45)
    assert props["einkommen"] == {"title": "Monatliches Einkommen", "type": "string",
                                  "pattern": decimal_pattern(Decimal(0), None, 2)}, "money: a decimal string, min 0 €"
    assert props["betreuungszeit"]["type"] == "string"
    assert props["betreuungszeit"]["pattern"] == decimal_pattern(Decimal(0), Decimal(12), 1)
    assert props["aktenzeichen"]["pattern"] == "^(?:[A-Z]{2}-[0-9]{4})$"
    assert props["nachweis"]["properties"]["type"]["enum"] == ["application/pdf", "image/png"]
    assert props["nachweis"]["properties"]["size"]["maximum"] == 1024 * 1024
    assert props["anzahl_wuensche"]["readOnly"] is True
    assert props["geschwister"]["maxItems"] == 3
    assert props["wuensche"]["maxItems"] == 2, "the setting is resolved"


def test_unconditional_requirements_are_required(allfields) -> None:
    schema = allfields.json("schema.json")
    assert set(schema["required"]) == {"art", "kind", "email", "plz", "alleinerziehend"}
    assert set(schema["properties"]["kind"]["required"]) == {"vorname", "geburtsdatum", "beginn", "stunden"}
    assert schema["properties"]["kind"]["properties"]["vorname"]["minLength"] == 1
    assert schema["properties"]["geschwister"]["items"]["required"] == ["name"]


def test_rules_the_schema_cannot_say_are_left_to_the_server(allfields) -> None:
    """A condition on dates relative to today, or a validation rule: not in schema.json (no `x-`
    annotation), but in form.json, from which the server checks them."""
    schema = allfields.json("schema.json")
    assert "u1_grund" not in schema["properties"]["kind"]["required"]
    assert "u1_grund" not in dumps(schema.get("allOf", [])).decode()
    child = allfields.json("form.json")["form"]["steps"][1]["elements"][0]["elements"]
    by_id = {element["id"]: element for element in child}
    assert "alter_am" in by_id["u1_grund"]["required_if"]
    assert by_id["geburtsdatum"]["validations"][0]["rule"] == "wert <= heute()"


def _validator(bundle) -> Draft202012Validator:  # type: ignore[no-untyped-def]
    return Draft202012Validator(bundle.json("schema.json"))


def _full(bundle) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return loads(bundle.files["examples/valid/02-full.json"])


@pytest.mark.parametrize(("change", "required"), [
    ({"art": "wechsel"}, "bisherige_einrichtung"),
    ({"alleinerziehend": False}, "einkommen"),
    ({"zusatz": ["mittag"]}, "nachweis"),
])
def test_conditional_requirements_are_if_then(allfields, change: dict[str, Any], required: str) -> None:
    data = {**_full(allfields), **change}
    data.pop(required, None)
    errors = list(_validator(allfields).iter_errors(data))
    assert any(e.validator == "required" and required in e.validator_value for e in errors), [e.message for e in errors]


def test_a_requirement_inside_a_repeat_uses_the_entry(allfields) -> None:
    data = _full(allfields)
    data["geschwister"] = [{"name": "Ben", "in_kita": True}, {"name": "Lea", "in_kita": False}]
    errors = list(_validator(allfields).iter_errors(data))
    assert [list(e.absolute_path) for e in errors if e.validator == "required"] == [["geschwister", 0]]


def test_a_root_condition_reaches_into_repeat_entries(allfields) -> None:
    data = {**_full(allfields), "art": "wechsel", "bisherige_einrichtung": "Kita Alt"}
    data["geschwister"] = [{"name": "Ben"}]
    errors = list(_validator(allfields).iter_errors(data))
    assert [(list(e.absolute_path), e.validator_value) for e in errors] == [(["geschwister", 0], ["gleiche_kita"])]


def test_hidden_fields_are_not_required(allfields) -> None:
    data = {**_full(allfields), "alleinerziehend": True}
    data.pop("einkommen", None)
    data.pop("iban", None)
    assert not list(_validator(allfields).iter_errors(data))


def test_schema_and_rules_agree_on_requirements(allfields, compiled) -> None:
    """For many answer combinations: the schema requires a field exactly when the server does."""
    resolved = compiled["allfields"].forms["teststadt/antrag"]
    validator = SubmissionValidator(resolved, loads(allfields.files["schema.json"]))
    base = _full(allfields)
    expressed = ["bisherige_einrichtung", "einkommen", "iban", "nachweis", "wuensche", "zustimmung"]
    for art in ("neu", "wechsel"):
        for alleinerziehend in (True, False):
            for einkommen in ("1500.00", "1999.99", "2000", "2000.00", "2000.01", "2500.5"):
                for zusatz in ([], ["mittag"], ["frueh"]):
                    data = {**base, "art": art, "alleinerziehend": alleinerziehend, "einkommen": einkommen, "zusatz": zusatz}
                    if not zusatz:
                        data.pop("zusatz")
                    required = check_submission(resolved, data, TODAY).required
                    for name in expressed:
                        probe = {k: v for k, v in data.items() if k != name}
                        by_schema = any(e.code.startswith("required") and e.path == name for e in validator.schema_errors(probe))
                        assert by_schema == (name in required), (name, art, alleinerziehend, einkommen, zusatz)


def test_schema_bytes_are_stable(compiled) -> None:
    resolved = compiled["allfields"].forms["teststadt/antrag"]
    assert dumps(form_schema(resolved, "https://a")) == dumps(form_schema(resolved, "https://a"))

"""examples/: per bundle ≥ 3 valid submissions on different branches and ≥ 5 invalid ones,
each invalid one failing with its stated error in jsonschema and in the server-side rules."""

from __future__ import annotations

from datetime import date

from jsonschema import Draft202012Validator

from kitaforms.export._json import loads
from kitaforms.export._legacy import LegacyAmounts
from kitaforms.export.formdata import resolved_from_data
from kitaforms.export.validation import SubmissionValidator
from kitaforms.runtime import check_submission


def _index(bundle):  # type: ignore[no-untyped-def]
    return bundle.json("examples/index.json")


def _rules(bundle, resolved, data, today):  # type: ignore[no-untyped-def]
    """The rule check as the server runs it: amounts of an archived 1.x release read as decimal strings."""
    return check_submission(resolved, LegacyAmounts(resolved, bundle.json("schema.json")).as_strings(data), today)


def test_every_bundle_has_enough_examples(bundle_sets) -> None:
    for bundle in bundle_sets:
        index = _index(bundle)
        assert len(index["valid"]) >= 3, bundle
        assert len(index["invalid"]) >= 5, bundle
        for entry in index["valid"] + index["invalid"]:
            assert f"examples/{entry['file']}" in bundle.files


def test_valid_examples_pass_the_schema_and_the_rules(bundle_sets) -> None:
    for bundle in bundle_sets:
        index = _index(bundle)
        today = date.fromisoformat(index["today"])
        schema = Draft202012Validator(bundle.json("schema.json"), format_checker=Draft202012Validator.FORMAT_CHECKER)
        resolved = resolved_from_data(bundle.json("form.json"))
        for entry in index["valid"]:
            data = loads(bundle.files[f"examples/{entry['file']}"])
            assert not [e.message for e in schema.iter_errors(data)], (bundle, entry["file"])
            result = _rules(bundle, resolved, data, today)
            assert result.ok, (bundle, entry["file"], result.codes())


def test_invalid_examples_fail_with_their_stated_error_in_both(bundle_sets) -> None:
    for bundle in bundle_sets:
        index = _index(bundle)
        today = date.fromisoformat(index["today"])
        resolved = resolved_from_data(bundle.json("form.json"))
        validator = SubmissionValidator(resolved, bundle.json("schema.json"))
        for entry in index["invalid"]:
            data = loads(bundle.files[f"examples/{entry['file']}"])
            stated = (entry["error"]["path"], entry["error"]["code"])
            assert stated in {(e.path, e.code) for e in _rules(bundle, resolved, data, today).errors}, (bundle, entry)
            raw = list(validator.validator.iter_errors(data))
            assert raw, (bundle, entry["file"], "jsonschema accepts it")
            assert set(entry["schema_keywords"]) <= {str(e.validator) for e in raw}, (bundle, entry)
            assert stated in {(e.path, e.code) for e in validator.schema_errors(data)}, (bundle, entry)


def test_valid_examples_take_different_branches(bundle_sets) -> None:
    for bundle in bundle_sets:
        index = _index(bundle)
        resolved = resolved_from_data(bundle.json("form.json"))
        today = date.fromisoformat(index["today"])
        shown = set()
        for entry in index["valid"]:
            result = _rules(bundle, resolved, loads(bundle.files[f"examples/{entry['file']}"]), today)
            shown.add((frozenset(result.visible), frozenset(result.required)))
        assert len(shown) >= 2, bundle


def test_invalid_examples_cover_different_mistakes(bundle_sets) -> None:
    for bundle in bundle_sets:
        codes = {entry["error"]["code"] for entry in _index(bundle)["invalid"]}
        assert len(codes) >= 4, (bundle, codes)
        assert "unknown_field" in codes


def test_the_messages_are_in_every_language(allfields) -> None:
    for entry in _index(allfields)["invalid"]:
        assert set(entry["error"]["message"]) >= {"de", "en"}


def test_file_examples_ship_their_files(allfields) -> None:
    import hashlib

    for entry in _index(allfields)["valid"]:
        data = loads(allfields.files[f"examples/{entry['file']}"])
        if "nachweis" in data:
            described = data["nachweis"]
            content = allfields.files[f"examples/files/{described['name']}"]
            assert hashlib.sha256(content).hexdigest() == described["sha256"]
            assert len(content) == described["size"]


def test_the_fast_validator_agrees_with_jsonschema(bundle_sets) -> None:
    """jsonschema-rs answers first; it must never accept what jsonschema refuses (nor the reverse here)."""
    for bundle in bundle_sets:
        index = _index(bundle)
        validator = SubmissionValidator(resolved_from_data(bundle.json("form.json")), bundle.json("schema.json"))
        assert validator.fast is not None
        for entry in index["valid"] + index["invalid"]:
            data = loads(bundle.files[f"examples/{entry['file']}"])
            authority = not list(validator.validator.iter_errors(data))
            assert validator.fast_valid(data) == authority, (bundle, entry["file"])

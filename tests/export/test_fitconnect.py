"""FIT-Connect: metadata valid against the official schema 1.0.0; JWE round trip; `fitconnect pack`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from joserfc.jwk import RSAKey
from jsonschema import Draft202012Validator

from kitaforms.cli import cli
from kitaforms.export import fitconnect
from kitaforms.export._json import loads

from .conftest import ROOT, STANDARDS


@pytest.fixture(scope="module")
def key() -> RSAKey:
    return RSAKey.generate_key(4096, private=True)  # FIT-Connect requires ≥ 4096 bits


def _public(key: RSAKey) -> dict:
    return {**key.as_dict(private=False), "kid": "dest-key-1", "alg": "RSA-OAEP-256", "use": "enc"}


def _official() -> Draft202012Validator:
    schema = json.loads((STANDARDS / "fit-connect-metadata-1.0.0.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_shipped_schema_is_the_official_copy() -> None:
    shared = ROOT.parent / "shared" / "reference" / "standards" / "fit-connect-metadata-1.0.0.schema.json"
    if not shared.is_file():
        pytest.skip("shared/ is not beside the repository")
    assert (STANDARDS / shared.name).read_bytes() == shared.read_bytes()


def test_metadata_validates_against_the_official_schema(allfields) -> None:
    manifest = allfields.json("manifest.json")
    data = loads(allfields.files["examples/valid/02-full.json"])
    attachment = fitconnect.Attachment("nachweis.pdf", "application/pdf", b"%PDF-1.4 test")
    packed = fitconnect.pack(manifest, data, [attachment], reply_email="eltern@example.org", sender_reference="KF-1")
    meta = packed.metadata
    assert not list(_official().iter_errors(meta))
    assert fitconnect.validate_metadata(meta) == []
    content = meta["contentStructure"]
    assert content["data"]["hash"] == {"type": "sha512", "content": hashlib.sha512(packed.data).hexdigest()}
    assert content["data"]["submissionSchema"] == {"schemaUri": manifest["schema"]["$id"], "mimeType": "application/json"}
    assert meta["publicServiceType"]["identifier"] == "urn:de:fim:leika:leistung:99041004034000"
    (entry,) = content["attachments"]
    assert entry["hash"]["content"] == hashlib.sha512(b"%PDF-1.4 test").hexdigest()
    assert entry["purpose"] == "attachment" and entry["mimeType"] == "application/pdf"
    assert json.loads(packed.data) == json.loads(json.dumps(data, default=float))


def test_metadata_for_every_bundle(bundle_sets) -> None:
    validator = _official()
    for bundle in bundle_sets:
        data = loads(bundle.files["examples/valid/01-minimal.json"])
        meta = fitconnect.pack(bundle.json("manifest.json"), data).metadata
        assert not list(validator.iter_errors(meta)), bundle


def test_broken_metadata_is_noticed() -> None:
    assert fitconnect.validate_metadata({"contentStructure": {"data": {"hash": {"type": "md5", "content": "x"}}}})


def test_jwe_round_trip(key: RSAKey) -> None:
    token = fitconnect.encrypt(b'{"kind":{"vorname":"Mia"}}', _public(key))
    assert token.count(".") == 4, "compact serialisation"
    header, plaintext = fitconnect.decrypt(token, key.as_dict(private=True))
    assert header == {"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "application/json", "kid": "dest-key-1"}
    assert plaintext == b'{"kind":{"vorname":"Mia"}}'


def test_jwe_needs_an_rsa_key() -> None:
    with pytest.raises(ValueError):
        fitconnect.encrypt(b"x", {"kty": "oct", "k": "AAAA"})


def _bundle_dir(tmp_path: Path, allfields) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "exports" / allfields.folder
    for path, content in allfields.files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    return folder


def test_pack_command_with_key(tmp_path: Path, allfields, key: RSAKey) -> None:
    bundle = _bundle_dir(tmp_path, allfields)
    submission = bundle / "examples" / "valid" / "02-full.json"
    key_file = tmp_path / "key.jwk"
    key_file.write_text(json.dumps(_public(key)), "utf-8")
    attachment = tmp_path / "nachweis.pdf"
    attachment.write_bytes(b"%PDF-1.4 proof")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["fitconnect", "pack", str(submission), "--bundle", str(bundle), "--key", str(key_file),
                                      "--attachment", str(attachment), "--out", str(out), "--date", "2026-02-02"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "metadata.json").read_text("utf-8"))
    assert not list(_official().iter_errors(meta))
    assert meta["contentStructure"]["data"]["hash"]["content"] == hashlib.sha512((out / "data.json").read_bytes()).hexdigest()
    private = key.as_dict(private=True)
    _, data = fitconnect.decrypt((out / "data.jwe").read_text().strip(), private)
    assert data == (out / "data.json").read_bytes()
    _, decrypted_meta = fitconnect.decrypt((out / "metadata.jwe").read_text().strip(), private)
    assert json.loads(decrypted_meta) == meta
    (token,) = (out / "attachments").glob("*.jwe")
    header, content = fitconnect.decrypt(token.read_text().strip(), private)
    assert content == b"%PDF-1.4 proof" and header["cty"] == "application/pdf"


def test_pack_refuses_an_invalid_submission(tmp_path: Path, allfields) -> None:
    bundle = _bundle_dir(tmp_path, allfields)
    submission = bundle / "examples" / "invalid" / "01-missing-required.json"
    result = CliRunner().invoke(cli, ["fitconnect", "pack", str(submission), "--bundle", str(bundle), "--date", "2026-02-02"])
    assert result.exit_code == 1
    assert "required" in result.output


def test_pack_without_key_writes_plain_parts(tmp_path: Path, allfields) -> None:
    bundle = _bundle_dir(tmp_path, allfields)
    submission = bundle / "examples" / "valid" / "01-minimal.json"
    result = CliRunner().invoke(cli, ["fitconnect", "pack", str(submission), "--bundle", str(bundle), "--date", "2026-02-02"])
    assert result.exit_code == 0, result.output
    out = submission.with_name("01-minimal.fitconnect")
    assert sorted(p.name for p in out.iterdir()) == ["data.json", "metadata.json"]

"""FIT-Connect `pack`, tested from the outside, as a receiver (Fachverfahren) would see its output.

The destination key is made with ``cryptography`` (4096-bit RSA) and published as FIT-Connect
publishes destination keys (``alg RSA-OAEP-256``, ``use enc``, ``key_ops ["wrapKey"]``, a ``kid``).
Every JWE is decrypted with ``joserfc``, a JOSE library independent of the one kitaforms encrypts
with (jwcrypto). The bundles come from a copy of the real project (NRW base + Köln) built in a
temporary folder, with ``leika`` keys added to the base forms that ship without them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwe as independent_jwe
from joserfc.jwk import RSAKey
from jsonschema import Draft202012Validator

import kitaforms.compiler  # noqa: F401 - the pipeline's import order
from kitaforms.cli import cli
from kitaforms.compiler import compile_project
from kitaforms.export import fitconnect
from kitaforms.export._json import dumps, loads
from kitaforms.export.bundle import build_bundles
from kitaforms.export.schema import file_answers

from .conftest import ROOT, STANDARDS

COMPACT_JWE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
PUBLISHED_AT = "https://formulare.musterstadt.de/kitaforms"
KOELN = "05315000-koeln"
SERVICES = {  # the NRW seed's LeiKa list, put into the copied base forms (the first is the default)
    "anmeldung": ["99041004034000"],
    "einkommen": ["99071007002000"],
    "beitragsbefreiung": ["99107007010000", "99107007149000", "99071007068000"],
}
DAY = "2026-02-02"


# --- the destination key and the bundles ---------------------------------------------------


def _b64(number: int) -> str:
    return base64.urlsafe_b64encode(number.to_bytes((number.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()


def _public_jwk(private: rsa.RSAPrivateKey, **extra: object) -> dict:
    numbers = private.public_key().public_numbers()
    return {"kty": "RSA", "n": _b64(numbers.n), "e": _b64(numbers.e), "kid": "dest-key-1", "alg": "RSA-OAEP-256",
            "use": "enc", "key_ops": ["wrapKey"], **extra}


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=4096)


@pytest.fixture(scope="module")
def receiver_key(private_key: rsa.RSAPrivateKey) -> RSAKey:
    """The destination's private key, as the receiver loads it into the independent library."""
    pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    return RSAKey.import_key(pem)


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory, private_key: rsa.RSAPrivateKey) -> Path:
    path = tmp_path_factory.mktemp("key") / "destination.jwk"
    path.write_text(json.dumps(_public_jwk(private_key)), "utf-8")
    return path


def _build(folder: Path, services: dict[str, list[str]], base_url: str | None) -> Path:
    """Build the NRW base + Köln from a copy of the project, with ``services`` as the forms' ``leika``."""
    for part in ("forms/nrw", "forms/koeln", "satzungen/koeln"):
        shutil.copytree(ROOT / part, folder / part)
    for form, keys in services.items():
        path = folder / "forms" / "nrw" / f"{form}.yaml"
        text, count = re.subn(r"(?m)^leika:.*$", "leika: " + json.dumps(keys), path.read_text("utf-8"), count=1)
        assert count == 1, path
        path.write_text(text, "utf-8")
    result = compile_project(folder, ["koeln"])
    assert result.ok(), [str(d) for d in result.diagnostics]
    exports = folder / "exports"
    for path, content in (build_bundles(result, base_url) if base_url else build_bundles(result)).items():
        (exports / path).parent.mkdir(parents=True, exist_ok=True)
        (exports / path).write_bytes(content)
    return exports


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bundles built for production: every form with its LeiKa keys, schemas at a real address."""
    return _build(tmp_path_factory.mktemp("published"), SERVICES, PUBLISHED_AT)


@pytest.fixture(scope="module")
def as_shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bundles built as the repository ships them, at the default address, but with the LeiKa key of
    the income form taken out (every shipped form has one: the refusal needs a form without)."""
    return _build(tmp_path_factory.mktemp("shipped"), {"einkommen": []}, None)


def _bundle(exports: Path, form: str) -> Path:
    (folder,) = (exports / KOELN / form).iterdir()
    return folder


def _png() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x80\x00")) + chunk(b"IEND", b""))


def _described(name: str, media_type: str, content: bytes) -> dict:
    return {"name": name, "type": media_type, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


@pytest.fixture
def two_files(tmp_path: Path, published: Path) -> tuple[Path, Path, Path, Path]:
    """A real example submission (Köln Anmeldung, full) naming two real files, and those files.

    The example names ``nachweis.pdf`` in four answers; the last two now name a photo instead.
    """
    bundle = _bundle(published, "anmeldung")
    data = loads((bundle / "examples" / "valid" / "02-full.json").read_bytes())
    schema = loads((bundle / "schema.json").read_bytes())
    answers = [answer.path for answer in file_answers(schema, data)]
    assert len(answers) == 4
    photo = _png()
    for path in answers[2:]:
        field, index = path.rsplit(".", 1)
        data[field][int(index)] = _described("foto.png", "image/png", photo)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "antrag.json").write_bytes(dumps(data))
    shutil.copy(bundle / "examples" / "files" / "nachweis.pdf", folder / "nachweis.pdf")
    (folder / "foto.png").write_bytes(photo)
    return bundle, folder / "antrag.json", folder / "nachweis.pdf", folder / "foto.png"


def _its_files(bundle: Path, submission: Path) -> list[object]:
    """``--attachment`` for each example file the submission names."""
    schema = loads((bundle / "schema.json").read_bytes())
    named = {answer.value["name"] for answer in file_answers(schema, loads(submission.read_bytes()))}
    return [arg for name in sorted(named) for arg in ("--attachment", bundle / "examples" / "files" / name)]


def _pack(*args: object) -> object:
    return CliRunner().invoke(cli, ["fitconnect", "pack", *map(str, args), "--date", DAY])


def _official() -> Draft202012Validator:
    schema = json.loads((STANDARDS / "fit-connect-metadata-1.0.0.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _open(token: bytes, key: RSAKey) -> tuple[dict, bytes]:
    """What a receiver does with a JWE file: the independent library, strict compact form."""
    text = token.decode("ascii")
    assert COMPACT_JWE.fullmatch(text), "compact serialisation, nothing before or after it"
    result = independent_jwe.decrypt_compact(text, key, algorithms=["RSA-OAEP-256", "A256GCM"])
    return dict(result.protected), result.plaintext or b""


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --- a submission a receiver accepts -------------------------------------------------------


def test_the_shipped_schema_is_the_official_copy() -> None:
    shared = ROOT.parent / "shared" / "reference" / "standards" / "fit-connect-metadata-1.0.0.schema.json"
    if not shared.is_file():
        pytest.skip("shared/ is not beside the repository")
    assert (STANDARDS / shared.name).read_bytes() == shared.read_bytes()


def test_pack_as_a_receiver_sees_it(tmp_path: Path, two_files, key_file: Path, receiver_key: RSAKey) -> None:
    bundle, submission, pdf, photo = two_files
    out = tmp_path / "out"
    result = _pack(submission, "--bundle", bundle, "--key", key_file, "--attachment", pdf, "--attachment", photo,
                   "--out", out, "--reply-email", "eltern@example.org", "--reference", "KF-2026-0001")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output

    header, data = _open((out / "data.jwe").read_bytes(), receiver_key)
    assert header == {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": "dest-key-1", "cty": "application/json"}
    assert data == submission.read_bytes(), "the Fachdaten are the submission, byte for byte"
    schema = json.loads((bundle / "schema.json").read_bytes())
    assert not list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
                    .iter_errors(json.loads(data)))

    header, meta_bytes = _open((out / "metadata.jwe").read_bytes(), receiver_key)
    assert header["cty"] == "application/json" and "zip" not in header
    meta = json.loads(meta_bytes)
    assert not list(_official().iter_errors(meta))
    assert meta_bytes == (out / "metadata.json").read_bytes()
    content = meta["contentStructure"]
    assert content["data"] == {
        "hash": {"type": "sha512", "content": hashlib.sha512(submission.read_bytes()).hexdigest()},
        "submissionSchema": {"schemaUri": f"{PUBLISHED_AT}/koeln/anmeldung/{bundle.name}/schema.json",
                             "mimeType": "application/json"},
    }
    assert content["data"]["submissionSchema"]["schemaUri"] == schema["$id"]
    assert meta["publicServiceType"]["identifier"] == "urn:de:fim:leika:leistung:99041004034000"
    assert meta["replyChannel"] == {"eMail": {"address": "eltern@example.org"}}
    assert meta["additionalReferenceInfo"] == {"senderReference": "KF-2026-0001", "applicationDate": DAY}

    files = {pdf.name: (pdf.read_bytes(), "application/pdf"), photo.name: (photo.read_bytes(), "image/png")}
    assert sorted(entry["filename"] for entry in content["attachments"]) == sorted(files)
    for entry in content["attachments"]:
        plain, media_type = files[entry["filename"]]
        assert entry["purpose"] == "attachment" and entry["mimeType"] == media_type
        assert entry["hash"] == {"type": "sha512", "content": hashlib.sha512(plain).hexdigest()}
        header, decrypted = _open((out / "attachments" / f"{entry['attachmentId']}.jwe").read_bytes(), receiver_key)
        assert decrypted == plain and header["cty"] == media_type and header["kid"] == "dest-key-1"
    ids = sorted(entry["attachmentId"] for entry in content["attachments"])
    assert sorted(p.stem for p in (out / "attachments").iterdir()) == ids

    request = json.loads((out / "submission-request.json").read_bytes())
    assert sorted(request["announcedAttachments"]) == ids
    assert request["serviceType"] == meta["publicServiceType"]
    for jwe_file in out.rglob("*.jwe"):
        assert not jwe_file.read_bytes().endswith((b"\n", b"\r", b" ")), jwe_file


@pytest.mark.parametrize("form", sorted(SERVICES))
def test_every_form_names_its_service(tmp_path: Path, published: Path, form: str) -> None:
    bundle = _bundle(published, form)
    submission = bundle / "examples" / "valid" / "02-full.json"
    result = _pack(submission, "--bundle", bundle, "--out", tmp_path / "out", *_its_files(bundle, submission))
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "out" / "metadata.json").read_bytes())
    assert not list(_official().iter_errors(meta))
    assert meta["publicServiceType"]["identifier"] == "urn:de:fim:leika:leistung:" + SERVICES[form][0]
    assert sorted((tmp_path / "out").iterdir()) == [tmp_path / "out" / n for n in
                                                   ("data.json", "metadata.json", "submission-request.json")]


def test_leika_picks_one_of_the_forms_services(tmp_path: Path, published: Path) -> None:
    bundle = _bundle(published, "beitragsbefreiung")
    submission = bundle / "examples" / "valid" / "01-minimal.json"
    files = _its_files(bundle, submission)
    result = _pack(submission, "--bundle", bundle, "--out", tmp_path / "a", "--leika", "99071007068000", *files)
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "a" / "metadata.json").read_bytes())
    assert meta["publicServiceType"]["identifier"] == "urn:de:fim:leika:leistung:99071007068000"
    result = _pack(submission, "--bundle", bundle, "--out", tmp_path / "b", "--leika", "99041004034000", *files)
    assert result.exit_code == 2 and "--leika" in result.output and not (tmp_path / "b").exists()


def test_a_pdf_of_the_application_goes_as_form(tmp_path: Path, published: Path) -> None:
    bundle = _bundle(published, "anmeldung")
    pdf = tmp_path / "antrag.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% the whole application\n%%EOF\n")
    result = _pack(bundle / "examples" / "valid" / "01-minimal.json", "--bundle", bundle, "--form-pdf", pdf,
                   "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "out" / "metadata.json").read_bytes())
    (entry,) = meta["contentStructure"]["attachments"]
    assert entry["purpose"] == "form" and entry["mimeType"] == "application/pdf" and entry["filename"] == "antrag.pdf"


def test_placeholder_schema_address_warns_and_strict_refuses(tmp_path: Path, as_shipped: Path) -> None:
    bundle = _bundle(as_shipped, "anmeldung")
    submission = bundle / "examples" / "valid" / "01-minimal.json"
    result = _pack(submission, "--bundle", bundle, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "kitaforms.example" in result.output and "--base-url" in result.output
    result = _pack(submission, "--bundle", bundle, "--out", tmp_path / "strict", "--strict")
    assert result.exit_code == 2 and "kitaforms.example" in result.output
    assert not (tmp_path / "strict").exists()


@pytest.mark.parametrize(("uri", "problem"), [
    ("https://kitaforms.example/formulare/koeln/anmeldung/1.0.0/schema.json", "placeholder"),
    ("http://127.0.0.1:8000/koeln/anmeldung/1.0.0/schema.json", "https"),
    ("https://localhost/k/schema.json", "placeholder"),
    ("https://10.0.0.5/k/schema.json", "local"),
    ("https://www.example.org/k/schema.json", "placeholder"),
    (f"{PUBLISHED_AT}/koeln/anmeldung/1.0.0/schema.json", None),
])
def test_schema_address_problem(uri: str, problem: str | None) -> None:
    found = fitconnect.schema_address_problem(uri)
    assert (found is None) if problem is None else (problem in str(found))


# --- refusals: clear, located, and nothing written ------------------------------------------


def _refused(result, tmp_path: Path, before: list[str], code: int, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    for needle in needles:
        assert needle in result.output, (needle, result.output)
    assert _tree(tmp_path) == before, "nothing written, no temporary folder left"


def test_a_form_without_leika_is_refused(tmp_path: Path, as_shipped: Path, key_file: Path) -> None:
    bundle = _bundle(as_shipped, "einkommen")
    before = _tree(tmp_path)
    result = _pack(bundle / "examples" / "valid" / "01-minimal.json", "--bundle", bundle, "--key", key_file,
                   "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 2, "manifest.json: leika", "no LeiKa service key", "forms/nrw/einkommen.yaml")


def test_named_files_that_were_not_given_are_refused(tmp_path: Path, two_files, key_file: Path) -> None:
    bundle, submission, pdf, _ = two_files
    before = _tree(tmp_path)
    result = _pack(submission, "--bundle", bundle, "--key", key_file, "--attachment", pdf, "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 1, "'foto.png'", "which was not given")
    assert result.output.count("which was not given") == 2, "each answer is named"
    assert f"{submission}: " in result.output
    result = _pack(submission, "--bundle", bundle, "--key", key_file, "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 1, "'nachweis.pdf'", "'foto.png'")
    assert result.output.count("which was not given") == 4


def test_a_file_no_answer_names_is_refused(tmp_path: Path, two_files, key_file: Path) -> None:
    bundle, submission, pdf, photo = two_files
    other = tmp_path / "in" / "urlaub.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0 not part of this application")
    before = _tree(tmp_path)
    result = _pack(submission, "--bundle", bundle, "--key", key_file, "--attachment", pdf, "--attachment", photo,
                   "--attachment", other, "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 1, f"{other}: no answer of the submission names this file")


def test_a_file_under_another_name_is_refused(tmp_path: Path, two_files) -> None:
    bundle, submission, pdf, photo = two_files
    renamed = tmp_path / "in" / "scan.png"
    renamed.write_bytes(photo.read_bytes())
    before = _tree(tmp_path)
    result = _pack(submission, "--bundle", bundle, "--attachment", pdf, "--attachment", renamed, "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 1, "give it under the name the answer uses", f"{renamed}: no answer")


@pytest.mark.parametrize(("change", "needle"), [
    ({"key_ops": ["encrypt"]}, "wrapKey"),
    ({"alg": "RSA1_5"}, "RSA-OAEP-256"),
    ({"use": "sig"}, "not an encryption key"),
    ({"kid": None}, "kid"),
    ({"kty": "EC"}, "kty"),
    ({"d": "AQAB"}, "private"),
])
def test_keys_that_are_not_destination_keys_are_refused(tmp_path: Path, two_files, private_key, change, needle) -> None:  # type: ignore[no-untyped-def]
    bundle, submission, pdf, photo = two_files
    jwk = {key: value for key, value in {**_public_jwk(private_key), **change}.items() if value is not None}
    key = tmp_path / "bad.jwk"
    key.write_text(json.dumps(jwk), "utf-8")
    before = _tree(tmp_path)
    result = _pack(submission, "--bundle", bundle, "--key", key, "--attachment", pdf, "--attachment", photo,
                   "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 2, f"{key}: ", needle)


def test_a_small_key_is_refused(tmp_path: Path, two_files) -> None:
    bundle, submission, pdf, photo = two_files
    key = tmp_path / "small.jwk"
    key.write_text(json.dumps(_public_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048))), "utf-8")
    before = _tree(tmp_path)
    result = _pack(submission, "--bundle", bundle, "--key", key, "--attachment", pdf, "--attachment", photo,
                   "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 2, "2048 bits", "4096")


def test_an_invalid_submission_is_refused(tmp_path: Path, published: Path) -> None:
    bundle = _bundle(published, "anmeldung")
    before = _tree(tmp_path)
    result = _pack(bundle / "examples" / "invalid" / "01-missing-required.json", "--bundle", bundle,
                   "--out", tmp_path / "out")
    _refused(result, tmp_path, before, 1, "anmeldungstyp", "required")


def test_an_existing_out_folder_needs_force(tmp_path: Path, published: Path) -> None:
    bundle = _bundle(published, "anmeldung")
    submission = bundle / "examples" / "valid" / "01-minimal.json"
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.jwe").write_bytes(b"old")
    before = _tree(tmp_path)
    _refused(_pack(submission, "--bundle", bundle, "--out", out), tmp_path, before, 2, "--force")
    result = _pack(submission, "--bundle", bundle, "--out", out, "--force")
    assert result.exit_code == 0, result.output
    assert _tree(out) == ["data.json", "metadata.json", "submission-request.json"]
    assert _tree(tmp_path) == ["out", "out/data.json", "out/metadata.json", "out/submission-request.json"]


def test_the_bundle_is_never_written_into(published: Path) -> None:
    bundle = _bundle(published, "anmeldung")
    before = _tree(bundle)
    result = _pack(bundle / "examples" / "valid" / "01-minimal.json", "--bundle", bundle)
    assert result.exit_code == 2 and "inside the bundle" in result.output, result.output
    assert _tree(bundle) == before


def test_a_failure_while_writing_leaves_nothing(tmp_path: Path, published: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kitaforms.cli.fitconnect as command

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(command.os, "replace", broken)
    bundle = _bundle(published, "anmeldung")
    before = _tree(tmp_path)
    result = _pack(bundle / "examples" / "valid" / "01-minimal.json", "--bundle", bundle, "--out", tmp_path / "a" / "out")
    assert result.exit_code != 0
    assert _tree(tmp_path) == before


# --- the library ---------------------------------------------------------------------------


def test_metadata_for_every_bundle(bundle_sets) -> None:  # type: ignore[no-untyped-def]
    """Every bundle with a LeiKa key packs to valid metadata; one without is refused, naming `leika`."""
    validator = _official()
    for bundle in bundle_sets:
        raw = bundle.files["examples/valid/01-minimal.json"]
        data, schema = loads(raw), bundle.json("schema.json")
        given = [fitconnect.File(value["name"], bundle.files[f"examples/files/{value['name']}"])
                 for value in (answer.value for answer in file_answers(schema, data))]
        manifest = bundle.json("manifest.json")
        if not manifest.get("leika"):
            with pytest.raises(fitconnect.PackError, match="leika"):
                fitconnect.pack(manifest, schema, raw, data, given)
            continue
        packed = fitconnect.pack(manifest, schema, raw, data, given)
        assert not list(validator.iter_errors(packed.metadata)), bundle
        assert packed.data == raw


def test_service_falls_back_to_form_json() -> None:
    manifest = {"form": {"id": "einkommen", "title": {"de": "Einkommen"}}}
    found = fitconnect.service(manifest, {"form": {"leika": ["99071007002000"]}})
    assert found == fitconnect.Service("urn:de:fim:leika:leistung:99071007002000", "Einkommen")
    with pytest.raises(fitconnect.PackError, match="form.leika"):
        fitconnect.service(manifest, {"form": {}})


def test_broken_metadata_is_noticed() -> None:
    assert fitconnect.validate_metadata({"contentStructure": {"data": {"hash": {"type": "md5", "content": "x"}}}})


def test_jwe_round_trip(private_key, receiver_key: RSAKey) -> None:  # type: ignore[no-untyped-def]
    token = fitconnect.encrypt(b'{"kind":{"vorname":"Mia"}}', _public_jwk(private_key))
    assert COMPACT_JWE.fullmatch(token)
    header, plaintext = _open(token.encode("ascii"), receiver_key)
    assert header == {"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "application/json", "kid": "dest-key-1"}
    assert plaintext == b'{"kind":{"vorname":"Mia"}}'
    private = {**_public_jwk(private_key, key_ops=["unwrapKey"]),
               **{name: _b64(value) for name, value in (
                   ("d", private_key.private_numbers().d), ("p", private_key.private_numbers().p),
                   ("q", private_key.private_numbers().q), ("dp", private_key.private_numbers().dmp1),
                   ("dq", private_key.private_numbers().dmq1), ("qi", private_key.private_numbers().iqmp))}}
    assert fitconnect.decrypt(token, private)[1] == plaintext


def test_jwe_needs_a_destination_key() -> None:
    with pytest.raises(fitconnect.PackError, match="RSA"):
        fitconnect.encrypt(b"x", {"kty": "oct", "k": "AAAA"})

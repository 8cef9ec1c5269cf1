"""The server serves what the bundles hold, at the agreed URLs, with security headers everywhere."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from kitaforms.serve.http import CSP


@pytest.mark.parametrize(("url", "media"), [
    ("/", "text/html"),
    ("/musterstadt/", "text/html"),
    ("/musterstadt/barrierefreiheit.html", "text/html"),
    ("/musterstadt/en/", "text/html"),
    ("/musterstadt/anmeldung/", "text/html"),
    ("/musterstadt/anmeldung/en/", "text/html"),
    ("/musterstadt/anmeldung/1.0.0/", "text/html"),
    ("/musterstadt/anmeldung/assets/kitaforms.js", "text/javascript"),
    ("/musterstadt/anmeldung/assets/kitaforms.css", "text/css"),
    ("/musterstadt/anmeldung/schema.json", "application/schema+json"),
    ("/musterstadt/anmeldung/1.0.0/schema.json", "application/schema+json"),
    ("/teststadt/antrag/2.1.0/manifest.json", "application/json"),
    ("/teststadt/antrag/2.1.0/xdf3.xml", "application/xml"),
    ("/teststadt/antrag/2.1.0/xdf3-dokumentsteckbrief.xml", "application/xml"),
    ("/teststadt/antrag/2.1.0/xdf3-mapping.json", "application/json"),
    ("/api/openapi.json", "application/json"),
    ("/api/health", "application/json"),
])
def test_urls(client: TestClient, url: str, media: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)


def test_the_index_lists_kommunen_and_forms(client: TestClient) -> None:
    page = client.get("/").text
    assert 'href="/musterstadt/"' in page and 'href="/musterstadt/anmeldung/"' in page
    assert 'href="/teststadt/antrag/"' in page and "Version 2.1.0" in page


def test_the_assistant_is_the_bundles(client: TestClient, exports) -> None:  # type: ignore[no-untyped-def]
    served = client.get("/teststadt/antrag/").content
    assert served == (exports / "05999001-teststadt/antrag/2.1.0/assistant/index.html").read_bytes()
    assert b'action="submit"' in served


@pytest.mark.parametrize(("url", "location"), [
    ("/musterstadt", "/musterstadt/"),
    ("/musterstadt/anmeldung", "/musterstadt/anmeldung/"),
    ("/musterstadt/anmeldung/1.0.0", "/musterstadt/anmeldung/1.0.0/"),
    ("/musterstadt/anmeldung/en", "/musterstadt/anmeldung/en/"),
])
def test_folders_redirect_to_their_slash(client: TestClient, url: str, location: str) -> None:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == location


@pytest.mark.parametrize("url", ["/nirgendwo/", "/musterstadt/gibtsnicht.html", "/musterstadt/anmeldung/9.9.9/x",
                                 "/musterstadt/anmeldung/assets/nope.js", "/teststadt/antrag/form.yaml"])
def test_unknown_urls_are_404_problems(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.parametrize(("method", "url"), [
    ("GET", "/"), ("GET", "/musterstadt/anmeldung/"), ("GET", "/nirgendwo/x"), ("POST", "/musterstadt/anmeldung/submit"),
    ("GET", "/api/admin/submissions"), ("DELETE", "/api/health"),
])
def test_security_headers_on_every_response(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_wrong_method_is_a_problem(client: TestClient) -> None:
    response = client.delete("/api/health")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"


def test_health_lists_bundles(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert "musterstadt/anmeldung/1.0.0" in body["bundles"] and "teststadt/antrag/2.1.0" in body["bundles"]


def test_tampered_bundles_are_not_imported(exports) -> None:  # type: ignore[no-untyped-def]
    from kitaforms.serve.catalogue import load_catalogue, read_tree

    files = read_tree(exports)
    files["05999001-teststadt/antrag/2.1.0/schema.json"] = b"{}"
    catalogue = load_catalogue(files)
    assert catalogue.bundle("teststadt", "antrag") is None
    assert any("schema.json" in problem for problem in catalogue.problems)
    assert catalogue.bundle("musterstadt", "anmeldung") is not None


def test_the_newest_version_is_served(exports) -> None:  # type: ignore[no-untyped-def]
    from kitaforms.serve.catalogue import load_catalogue, read_tree

    files = read_tree(exports)
    older = {p.replace("/2.1.0/", "/2.0.10/"): c for p, c in files.items() if "/2.1.0/" in p}
    # a copy under another folder name describes 2.1.0 in its manifest: refused, the real one served
    catalogue = load_catalogue({**files, **older})
    assert catalogue.bundle("teststadt", "antrag").version == "2.1.0"
    assert any("2.0.10" in problem for problem in catalogue.problems)


def test_pages_and_assets_travel_compressed_to_clients_that_accept_it(client: TestClient, exports) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/teststadt/antrag/", headers={"accept-encoding": "gzip"})
    assert page.headers.get("content-encoding") == "gzip" and page.headers["content-security-policy"] == CSP
    bundle = exports / "05999001-teststadt/antrag/2.1.0/assistant"
    assert page.content == (bundle / "index.html").read_bytes(), "the same bytes, decompressed"
    script = client.get("/teststadt/antrag/assets/kitaforms.js", headers={"accept-encoding": "gzip"})
    assert script.headers.get("content-encoding") == "gzip"
    plain = client.get("/teststadt/antrag/", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == page.content


def test_compression_follows_accept_encoding(client: TestClient) -> None:
    refused = client.get("/teststadt/antrag/", headers={"accept-encoding": "br, gzip;q=0"})
    assert "content-encoding" not in refused.headers and refused.headers["vary"] == "Accept-Encoding"
    small = client.get("/teststadt/antrag/assets/theme.css", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers, "tiny files are not worth it"

"""The wish list at real scale: without JavaScript a server-side search narrows the selects to the places that
fit the child; with JavaScript the catalogue is a file loaded on demand, not part of the first view."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.render import render_assistant, render_page_with_errors, wish_search_pressed
from kitaforms.render._client import client_data
from kitaforms.render._wishes import MOST_OPTIONS, SMALL_CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 2, 2)
THREE = {"betreuungsart": "kita", "kind": {"geburtsdatum": "2023-05-14"}, "beginn": "2026-08", "umfang_kita": "35"}


@lru_cache(maxsize=1)
def project() -> CompileResult:
    return compile_project(ROOT, ["koeln", "muenster"])


def form(kommune: str) -> Any:
    return project().forms[f"{kommune}/anmeldung"]


def selects(html: str) -> list[list[str]]:
    """The option values of every wish select (the empty "Keine Auswahl" left out)."""
    found = re.findall(r'<select class="kf-select" id="f-wuensche(?:--s\d+)?" name="wuensche\.\d+\.code"[^>]*>(.*?)</select>', html, re.S)
    return [[v for v in re.findall(r'<option value="([^"]*)"', body) if v] for body in found]


def search(kommune: str, data: dict[str, Any], words: str = "", traeger: str = "", pressed: bool = True) -> str:
    post = [("_suche.wuensche", words), ("_traeger.wuensche", traeger)] + ([("_suchen", "wuensche")] if pressed else [])
    return render_page_with_errors(form(kommune), "de", data, [], post=post, today=TODAY).decode("utf-8")


def test_a_fresh_page_of_a_big_catalogue_offers_a_search_not_700_options() -> None:
    html = render_assistant(form("koeln"))["index.html"].decode("utf-8")
    assert len(form("koeln").facilities.facilities) > SMALL_CATALOGUE
    assert selects(html) and all(options == [] for options in selects(html))
    assert '<input class="kf-input kf-w20" id="f-wuensche--q" name="_suche.wuensche" type="text"' in html
    assert 'name="_suchen" value="wuensche" formnovalidate formaction="submit#q-wuensche">Passende Einrichtungen suchen' in html
    assert "Beispieldaten: Die Einrichtungen in dieser Liste sind erfunden." in html, "sample data says so"


def test_a_small_catalogue_is_offered_whole_on_a_fresh_page() -> None:
    html = render_assistant(form("muenster"))["index.html"].decode("utf-8")
    count = len(form("muenster").facilities.facilities)
    assert count <= SMALL_CATALOGUE and [len(options) for options in selects(html)] == [count] * len(selects(html))


def test_the_search_offers_only_places_that_fit_a_three_year_old() -> None:
    html = search("koeln", THREE)
    offered = selects(html)[0]
    assert 0 < len(offered) <= MOST_OPTIONS
    by_id = {f.id: f for f in form("koeln").facilities.facilities}
    assert all(by_id[code].care_types == ["kita"] for code in offered), "no Hort, OGS or Tagespflege"
    assert all(by_id[code].age_from_months <= 38 < by_id[code].age_to_months for code in offered), "no place outside the age range"
    assert all(min(by_id[code].weekly_hours) <= 35 <= max(by_id[code].weekly_hours) for code in offered)
    assert "passende Einrichtungen für: Kindertageseinrichtung (Kita), 3 Jahre und 2 Monate alt zum Beginn, 35 Stunden pro Woche." in html
    assert "Zur Auswahl stehen die ersten 50. Grenzen Sie die Suche mit Stadtteil, Postleitzahl oder Träger ein." in html


def test_the_search_narrows_by_district_postcode_and_traeger() -> None:
    by_id = {f.id: f for f in form("koeln").facilities.facilities}
    sulz = selects(search("koeln", THREE, "Sülz"))[0]
    assert sulz and all(by_id[c].district == "Sülz" or "sülz" in by_id[c].name.casefold() for c in sulz)
    postcode = selects(search("koeln", THREE, "50937"))[0]
    assert postcode and all(by_id[c].address.postal_code == "50937" for c in postcode)
    city = selects(search("koeln", THREE, "", "Städtischer Träger"))[0]
    assert city and all(by_id[c].traeger == "Städtischer Träger" for c in city)
    html = search("koeln", THREE, "", "Städtischer Träger")
    assert "<option selected>Städtischer Träger</option>" in html, "the search is kept"


def test_without_the_child_s_answers_the_search_says_what_is_missing() -> None:
    html = search("koeln", {"betreuungsart": "kita"})
    assert "Beantworten Sie zuerst die Fragen zur Betreuungsart, zum Geburtsdatum Ihres Kindes und zum Beginn." in html
    assert all(options == [] for options in selects(html))


def test_a_pick_stays_selectable_whatever_the_search() -> None:
    html = search("koeln", {**THREE, "wuensche": [{"code": "k-hort-01", "reasons": []}]}, "Porz")
    first = selects(html)[0]
    assert first[0] == "k-hort-01" and '<option value="k-hort-01" selected>' in html


def test_the_page_again_for_errors_keeps_the_search() -> None:
    post = [("_suche.wuensche", "Sülz"), ("_traeger.wuensche", "")]
    html = render_page_with_errors(form("koeln"), "de", THREE, [], post=post, today=TODAY).decode("utf-8")
    assert selects(html)[0] and 'value="Sülz"' in html


def test_the_search_button_is_no_submission() -> None:
    assert wish_search_pressed([("_suchen", "wuensche"), ("_suche.wuensche", "")]) == "wuensche"
    assert wish_search_pressed([("_suche.wuensche", "Sülz")]) is None


def test_the_catalogue_is_a_file_loaded_on_demand() -> None:
    bundle = render_assistant(form("koeln"))
    document = json.loads(bundle["assets/einrichtungen.json"])
    assert document["sample"] is True and len(document["f"]) == len(form("koeln").facilities.facilities)
    first = document["f"][0]
    assert len(first) == 10 and isinstance(first[4], list) and isinstance(first[8], list)
    data = client_data(form("koeln"), "de", facilities="assets/einrichtungen.json")
    assert data["facs"] == "assets/einrichtungen.json" and "fac" not in data, "no catalogue in the first view"
    html = bundle["index.html"].decode("utf-8")
    assert '"facs":"assets/einrichtungen.json"' in html and '"facs":"../assets/einrichtungen.json"' in bundle["en/index.html"].decode()
    assert "k-kita-300" not in html


def test_the_wish_list_data_carries_every_filter() -> None:
    data = client_data(form("koeln"), "de", facilities="assets/einrichtungen.json")
    step = next(s for s in data["steps"] if s["id"] == "wuensche_schritt")
    wishes = next(e for e in step["els"] if e["id"] == "wuensche")
    assert (wishes["fc"], wishes["fb"], wishes["fs"], wishes["fh"]) == (
        "betreuungsart", "kind.geburtsdatum", "beginn", ["umfang_kita", "tagespflege_stunden"])
    assert data["units"]["y"] == ["Jahr", "Jahre", "Jahren"]

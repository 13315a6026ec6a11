"""The search index: identifiers, accents, substrings, misspellings, ranking, filters."""

from __future__ import annotations

import pytest

from graphmodel.search import SearchIndex

pytestmark = pytest.mark.unit

RECORDS = [
    {"id": "CN", "label": "Country", "name": "China"},
    {"id": "FR", "label": "Country", "name": "France"},
    {"id": "o-ga-cn1", "label": "Organisation", "name": "Redvale Gallium Refining Co.",
     "country": "CN", "kind": "company", "lei": "529900REDVALE0000001", "cage": "R1234"},
    {"id": "o-galley", "label": "Organisation", "name": "Galley Foods", "country": "FR"},
    {"id": "o-societe", "label": "Organisation", "name": "Société Générale d'Usinage",
     "country": "FR"},
    {"id": "f-ga-cn1", "label": "Facility", "name": "Redvale Gallium Refinery", "country": "CN"},
    {"id": "mat-gallium", "label": "Item", "name": "Gallium", "kind": "material",
     "nsn": "9999-00-123-4567"},
    {"id": "c-gan-mmic", "label": "Item", "name": "GaN MMIC", "kind": "component"},
    {"id": "x", "label": "SanctionsList", "name": "Gallium list"},
]  # fmt: skip


@pytest.fixture(scope="module")
def ix() -> SearchIndex:
    return SearchIndex(RECORDS)


def ids(ix: SearchIndex, q: str, **kw: object) -> list[str]:
    return [h.id for h in ix.search(q, **kw)]  # type: ignore[arg-type]


def test_whole_name_first_then_longer_names(ix: SearchIndex) -> None:
    got = ids(ix, "gallium")
    assert got[0] == "mat-gallium"
    assert set(got[1:3]) == {"o-ga-cn1", "f-ga-cn1"}
    assert "x" not in got  # sanctions lists are not searchable nodes


def test_substring_inside_a_name(ix: SearchIndex) -> None:
    assert "o-ga-cn1" in ids(ix, "Refining")
    assert "o-ga-cn1" in ids(ix, "efinin")


def test_case_and_accents_do_not_matter(ix: SearchIndex) -> None:
    assert ids(ix, "SOCIETE generale")[0] == "o-societe"
    assert ids(ix, "usinage")[0] == "o-societe"


def test_misspelt_names_are_found(ix: SearchIndex) -> None:
    assert ids(ix, "galium")[0] == "mat-gallium"
    assert "o-ga-cn1" in ids(ix, "redvail gallium")


@pytest.mark.parametrize(
    ("q", "node", "field"),
    [
        ("529900redvale0000001", "o-ga-cn1", "lei"),
        ("R1234", "o-ga-cn1", "cage"),
        ("9999-00-123-4567", "mat-gallium", "nsn"),
        ("9999 00 123 4567", "mat-gallium", "nsn"),
        ("o-ga-cn1", "o-ga-cn1", "id"),
        ("cn", "CN", "id"),
    ],
)
def test_identifiers_match_whole_and_rank_first(
    ix: SearchIndex, q: str, node: str, field: str
) -> None:
    hit = ix.search(q)[0]
    assert (hit.id, hit.matched) == (node, field)


def test_a_country_query_finds_what_is_there(ix: SearchIndex) -> None:
    got = ix.search("china")
    assert got[0].id == "CN"
    assert {h.id for h in got if h.matched == "country"} == {"o-ga-cn1", "f-ga-cn1"}


def test_filters(ix: SearchIndex) -> None:
    assert ids(ix, "gallium", kinds=["facility"]) == ["f-ga-cn1"]
    assert ids(ix, "redvale", country="FR") == []
    assert ids(ix, "g", limit=2) == ids(ix, "g")[:2]
    assert ix.search("   ") == []

"""GET /v1/search on the real store: ranking, names, kinds, filters, auth."""

from __future__ import annotations

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


def test_search_ranks_names_and_ids(api_env: ApiEnv) -> None:
    c, h = api_env.client, api_env.auth("viewer")
    r = c.get("/v1/search", params={"q": "alpha"}, headers=h)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert {i["id"] for i in items} == {"O1", "F1"}
    assert all(i["matched"] == "name" for i in items)
    o1 = next(i for i in items if i["id"] == "O1")
    assert (o1["name"], o1["kind"], o1["country"]) == ("Alpha Fabrication", "organisation", "FR")
    # Substring, any case, and a misspelling.
    assert c.get("/v1/search", params={"q": "FABRIC"}, headers=h).json()["items"][0]["id"] == "O1"
    fuzzy = c.get("/v1/search", params={"q": "gamma metls"}, headers=h).json()["items"]
    assert fuzzy[0]["id"] == "O3"
    # A whole id first, ahead of any name match.
    first = c.get("/v1/search", params={"q": "m1"}, headers=h).json()["items"][0]
    assert (first["id"], first["matched"]) == ("M1", "id")


def test_search_filters_by_kind_and_country(api_env: ApiEnv) -> None:
    c, h = api_env.client, api_env.auth("viewer")
    got = c.get("/v1/search", params={"q": "alpha", "kind": "facility"}, headers=h).json()
    assert [i["id"] for i in got["items"]] == ["F1"]
    got = c.get("/v1/search", params={"q": "germany"}, headers=h).json()["items"]
    assert got[0]["id"] == "DE" and "O2" in [i["id"] for i in got]
    got = c.get("/v1/search", params={"q": "a", "country": "CN"}, headers=h).json()["items"]
    assert {i["id"] for i in got} <= {"O3", "CN"}


def test_search_needs_a_key_and_a_query(api_env: ApiEnv) -> None:
    c = api_env.client
    assert c.get("/v1/search", params={"q": "alpha"}).status_code == 401
    assert c.get("/v1/search", headers=api_env.auth("viewer")).status_code == 422


def test_search_reads_rows_not_the_graph(api_env: ApiEnv) -> None:
    # The index is built from the store's search rows: the NetworkX graph (minutes to
    # read at a million nodes) stays unread, and the index is kept for the next search.
    c, h = api_env.client, api_env.auth("viewer")
    api_env.state.snapshots.invalidate()
    assert c.get("/v1/search", params={"q": "alpha"}, headers=h).status_code == 200
    snap = api_env.state.snapshots.get()
    index = snap.built_search_index()
    assert index is not None and not snap.has_graph()
    assert c.get("/v1/search", params={"q": "gamma"}, headers=h).status_code == 200
    assert api_env.state.snapshots.get().built_search_index() is index
